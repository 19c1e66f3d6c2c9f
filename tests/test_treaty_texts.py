"""The quoted treaty texts (data/treaties/treaty_texts.csv), their loader, and the data rows
that issue 9 corrected (items 1, 2, 5 and 6): assisting is banned by both treaties, the CCM's
armed-conflict withdrawal clause is sourced, and every CCM obligation names its article."""

from __future__ import annotations

import re

import pytest

from treatylens import risk, treaties
from treatylens.errors import DataFileError
from treatylens.io.treaty_texts import COLUMNS, article_text, load_treaty_texts, quote

HEADER = ",".join(COLUMNS)
GOOD = ('ccm,Art. 1,General obligations,"1. Each State Party undertakes ...",'
        "a source,where it was read,2008-05-30,")


def test_every_row_is_sourced_and_dated():
    table = load_treaty_texts()
    assert len(table) >= 2
    for column in ("text", "source", "read_at", "as_of"):
        assert (table[column].str.strip() != "").all(), column


@pytest.mark.parametrize("treaty", ["ottawa", "ccm"])
def test_both_treaties_ban_assisting_encouraging_inducing(treaty):
    text = article_text(treaty, "Art. 1")
    # paragraph 1(c) of each treaty, not only the CCM's
    paragraph_c = re.search(r"c\) (.*?)(?= \d\. |$)", text).group(1)
    assert re.search(r"assist, encourage or induce", paragraph_c, re.IGNORECASE)


def test_ccm_withdrawal_in_armed_conflict_is_quoted_and_verified():
    text = article_text("ccm", "Art. 20(3)")
    assert "engaged in an armed conflict" in text
    assert "shall not take effect before the end of the armed conflict" in text
    row = risk.load_obligations().set_index(["treaty", "obligation"]).loc[
        ("ccm", "withdrawal_during_armed_conflict")]
    assert row["status"] != "U"
    assert "treaty_texts.csv" in row["note"]


def test_every_ccm_obligation_names_an_article_the_texts_quote():
    obligations = risk.load_obligations()
    ccm = obligations[obligations["treaty"] == "ccm"]
    quoted = set(load_treaty_texts().query("treaty == 'ccm'")["article"])
    for article in ccm["article"]:
        assert article, "a CCM obligation without an article"
        assert any(q == article or q.startswith(article + "(") or article.startswith(q)
                   for q in quoted), article


def test_obligations_live_with_the_treaty_data():
    from treatylens.paths import data_path

    assert data_path("treaties", "treaty_obligations.csv").is_file()
    assert not data_path("risk", "treaty_obligations.csv").exists()


def test_missing_article_is_a_clear_error():
    with pytest.raises(KeyError, match=r"ccm Art\. 99.*ccm Art\. 1"):
        article_text("ccm", "Art. 99")


@pytest.mark.parametrize("row, problem", [
    (GOOD.replace("ccm,", "cwc,", 1), "unknown treaty"),
    (GOOD.replace("Art. 1,", "Article 1,", 1), "is not written like"),
    (GOOD.replace("a source,", ",", 1), "source is empty"),
    (GOOD.replace("2008-05-30", "30 May 2008"), "not a YYYY-MM-DD date"),
    (GOOD.replace("2008-05-30", "2008-02-30"), "not a real date"),
    (GOOD + ",extra", "fields where the header has"),
])
def test_bad_rows_name_file_line_and_problem(tmp_path, row, problem):
    path = tmp_path / "treaty_texts.csv"
    path.write_text(f"{HEADER}\n{GOOD.replace('Art. 1', 'Art. 2')}\n{row}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as error:
        load_treaty_texts(path)
    assert error.value.line == 3 and error.value.path == path


def test_duplicate_article_is_refused(tmp_path):
    path = tmp_path / "treaty_texts.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{GOOD}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="appears twice"):
        load_treaty_texts(path)


# --------------------------------------------------------------------------- events.csv rows


def test_ukraine_notice_of_18_july_2025_is_a_sourced_note_that_changes_nothing():
    notes = treaties.notes("UKR", "ottawa")
    notice = notes[notes["date"] == "2025-07-18"]
    assert len(notice) == 1
    assert "hrw.org" in notice.iloc[0]["source"]
    for day in ("2025-07-17", "2025-07-19", treaties.data_as_of("ottawa").isoformat()):
        assert treaties.standing(["UKR"], day).iloc[0]["ottawa"] == "party", day


def test_poland_rows_no_longer_contradict_each_other():
    events = treaties.load_events()
    poland = events[(events["iso3"] == "POL") & (events["treaty"] == "ottawa")]
    notified = poland[poland["action"] == "withdrawal_notified"].iloc[0]
    effective = poland[poland["action"] == "withdrawal_effective"].iloc[0]
    assert "not recorded as effective" not in notified["note"]
    # the fact that it took effect rests on the ICBL, the weaker sites only corroborate
    source = effective["source"]
    assert source.index("icblcmc.org") < source.index("corroboration only")
    assert source.index("clashreport.com") > source.index("corroboration only")


def test_quote_keeps_every_word_of_the_text_and_its_source():
    block = quote("ccm", "Art. 1", width=60)
    words = block.split()
    for word in article_text("ccm", "Art. 1").split():
        assert word in words, word  # no word cut by wrapping
    row = load_treaty_texts().set_index(["treaty", "article"]).loc[("ccm", "Art. 1")]
    for url_or_word in row["read_at"].split():
        assert url_or_word in words
    assert max(len(line) for line in block.splitlines() if "http" not in line) <= 60
