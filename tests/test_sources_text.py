"""Text tools on hand-written English and Arabic strings and on the real articles."""

from __future__ import annotations

import pytest

from treatylens.io.sources import load_annotations, load_article
from treatylens.text import (
    attributions,
    boilerplate_candidates,
    normalise,
    remove_spans,
    sentence_spans,
    split_sentences,
)

# --- normalise ----------------------------------------------------------------------------


def test_normalise_arabic_digits_tatweel_diacritics_and_quotes() -> None:
    assert normalise("عام ١٩٦٣") == "عام 1963"
    assert normalise("۱۲۳") == "123"  # Eastern Arabic-Indic (Persian) digits too
    assert normalise("الألغـــام") == "الألغام"  # tatweel
    assert normalise("مُتَحَدِّثًا") == "متحدثا"  # harakat, shadda, tanween
    assert normalise("«لا» “no” ‘yes’") == "\"لا\" \"no\" 'yes'"


def test_normalise_folds_compatibility_characters() -> None:
    assert normalise("to\u00a0aid") == "to aid"  # no-break space, as in article 003
    assert normalise("ﻻ") == "لا"  # presentation form of lam-alef
    assert normalise("plain text") == "plain text"


def test_normalise_real_articles() -> None:
    assert "\u00a0" not in normalise(load_article("003"))
    arabic = normalise(load_article("004"))
    assert "\u064b" not in arabic and "«" not in arabic and "“" not in arabic
    assert "وفقا للتقارير" in arabic  # "وفقًا" lost its tanween


# --- sentences ----------------------------------------------------------------------------


def test_english_sentences_survive_abbreviations() -> None:
    text = "The U.S. sent mines on Nov. 20. Russia objected."
    assert split_sentences(text, "en") == ["The U.S. sent mines on Nov. 20.", "Russia objected."]


def test_arabic_sentences_split_at_full_stop_and_question_mark_not_comma() -> None:
    text = "قال المسؤول، إن القرار صعب. هل سترد روسيا؟ لا نعرف"
    expected = ["قال المسؤول، إن القرار صعب.", "هل سترد روسيا؟", "لا نعرف"]
    assert split_sentences(text, "ar") == expected


def test_closing_quote_stays_with_its_sentence() -> None:
    assert split_sentences("قال: “لا”. ثم غادر.", "ar") == ["قال: “لا”.", "ثم غادر."]


def test_lines_without_full_stop_are_their_own_sentence() -> None:
    sentences = split_sentences(load_article("000"), "en")
    assert "for the first time" in sentences and "ban their use" in sentences


def test_real_arabic_article_sentences() -> None:
    sentences = split_sentences(load_article("004"), "ar")
    assert len(sentences) == 21  # 16 lines; five carry two sentences (some MT fragments)
    assert "عدم الكشف عن هويته." in sentences  # the stranded "anonymity" of line 5


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'en' or 'ar'"):
        split_sentences("Bonjour.", "fr")


def test_sentence_spans_point_into_the_text() -> None:
    text = load_article("001")
    for row in sentence_spans(text, "en").itertuples():
        assert text[row.start:row.end] == row.sentence


# --- attributions -------------------------------------------------------------------------


def test_attributions_on_hand_written_english() -> None:
    text = "The sky is blue. Officials told Reuters the mines are inactive. TASS reported it."
    table = attributions(text)
    assert table["sentence_no"].tolist() == [2, 3]
    assert table.iloc[0]["sources"] == "Reuters; officials"
    assert table.iloc[0]["cues"] == "told"
    assert table.iloc[1]["sources"] == "TASS"


def test_attributions_on_hand_written_arabic() -> None:
    text = ("السماء زرقاء. قال مسؤول أمريكي لوكالة رويترز إن الألغام مؤقتة. "
            "وقال الكرملين إن الخط معطل.")
    table = attributions(text, "ar")
    assert table["sentence_no"].tolist() == [2, 3]
    assert table.iloc[0]["sources"] == "Reuters; officials"
    assert table.iloc[1]["sources"] == "Kremlin"


def test_attributions_do_not_mistake_irresponsible_for_an_official() -> None:
    table = attributions("وصفتها بأنها غير مسؤولة.", "ar")
    assert table.empty or "officials" not in table.iloc[0]["sources"]


def test_attributions_in_the_real_articles() -> None:
    found = {
        article: set("; ".join(attributions(load_article(article), language)["sources"])
                     .split("; "))
        for article, language in [("000", "en"), ("001", "en"), ("003", "en"), ("004", "ar")]
    }
    assert "TASS" in found["000"]
    assert "The Washington Post" in found["001"] and "officials" in found["001"]
    assert {"The Washington Post", "Pentagon"} <= found["003"]
    assert {"Reuters", "The Washington Post", "Kremlin"} <= found["004"]


# --- boilerplate helpers ------------------------------------------------------------------


def test_boilerplate_candidates_agree_with_the_hand_annotation_on_comment_forms() -> None:
    annotated = load_annotations("boilerplate")
    for article in ["000", "001"]:
        found = boilerplate_candidates(load_article(article))
        forms = annotated[(annotated["article"] == article)
                          & (annotated["kind"] == "comment-form")].iloc[0]
        inside = found[(found["start"] >= forms["start"]) & (found["end"] <= forms["end"])]
        assert len(inside) >= 2, article


def test_boilerplate_candidates_miss_the_duplicated_caption() -> None:
    # A rule cannot know that a sentence printed twice is a photo caption: that is why the
    # course annotates boilerplate by hand.
    found = boilerplate_candidates(load_article("003"))
    assert not found["quote"].str.contains("breakthrough").any()
    assert "copyright" in set(found["kind"]) and "reproduction-notice" in set(found["kind"])


def test_remove_spans_merges_overlaps_and_closes_blank_lines() -> None:
    text = "Keep.\n\nDrop this.\n\nKeep too."
    assert remove_spans(text, [(7, 17), (12, 18)]) == "Keep.\n\nKeep too."
    with pytest.raises(ValueError, match="outside"):
        remove_spans(text, [(0, 99)])
