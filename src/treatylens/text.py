"""Text tools for reading the articles: normalising, sentences and attributions.

Everything here is a pure function of strings, so it works on the five articles and on any
text a student pastes in. The rules are deliberately simple regular expressions: students can
read them, and their misses (a speaker named one paragraph later, a number written as a word)
are part of the lesson. Offsets returned by these functions point into the string passed in;
`normalise` changes lengths, so offsets into a normalised text do not fit the verbatim one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
TATWEEL = "\u0640"
# Harakat, tanween, shadda, sukun, maddah/hamza marks, superscript alef and Quranic marks.
ARABIC_DIACRITICS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
)
QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Make texts comparable: NFKC, ASCII digits, no tatweel or diacritics, plain quotes.

    Why each step: NFKC folds look-alike code points (the no-break spaces in article 003, Arabic
    presentation forms); Arabic-Indic digits become 0-9 so "١٩٦٣" and "1963" match; tatweel
    (a stretching stroke) and diacritics are optional in Arabic print and would split one word
    into several spellings; curly, angle and straight quotes are unified because the articles
    mix them («…” in article 004).
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(ARABIC_DIGITS).replace(TATWEEL, "")
    text = ARABIC_DIACRITICS.sub("", text)
    return text.translate(QUOTES)


@lru_cache(maxsize=1)
def _english_segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


ARABIC_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"'”»]?\s+")


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of `text`, paragraph by paragraph, stripped and without empty ones.

    English uses pysbd, which knows "U.S." and "Nov." are not sentence ends. Arabic uses a
    regular expression on . ! ? and the Arabic question mark ؟, because pysbd also splits at
    the Arabic comma "،". Lines are split first, so a crosshead without a full stop ("for the
    first time" in article 000) stays a sentence of its own.
    """
    if language not in {"en", "ar"}:
        raise ValueError(f"language must be 'en' or 'ar', not {language!r}")
    sentences: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = _english_segmenter().segment(line) if language == "en" else _split_arabic(line)
        sentences.extend(part.strip() for part in parts if part.strip())
    return sentences


def _split_arabic(line: str) -> list[str]:
    """Split after . ! ? ؟ (keeping a closing quotation mark with its sentence)."""
    parts, start = [], 0
    for match in ARABIC_SENTENCE_END.finditer(line):
        end = match.start() + len(match.group(0).rstrip())
        parts.append(line[start:end])
        start = match.end()
    parts.append(line[start:])
    return parts


def sentence_spans(text: str, language: str) -> pd.DataFrame:
    """Sentences with their character offsets in `text`, so a sentence can be traced back."""
    rows, cursor = [], 0
    for number, sentence in enumerate(split_sentences(text, language), start=1):
        start = text.find(sentence, cursor)
        if start < 0:  # cannot happen for stripped substrings, but never guess an offset
            raise ValueError(f"sentence {number} not found in the text: {sentence[:40]!r}")
        cursor = start + len(sentence)
        rows.append({"sentence_no": number, "start": start, "end": cursor, "sentence": sentence})
    return pd.DataFrame(rows, columns=["sentence_no", "start", "end", "sentence"])


# Reporting verbs and phrases ("said", "according to", "قال" …) that signal a source.
REPORTING_CUES = re.compile(
    r"\b(?:says?|said|told|tells?|reports?|reported|according to|citing|cites?|cited|quoted|"
    r"stated|stressed|notes?|noted|adds?|added|claimed|claims|asserted|emphasi[sz]ed|"
    r"pointed out|revealed|declared|confirmed|warned|accused|clarified|indicated|mentioned|"
    r"announced|reportedly)\b"
    r"|(?:و?قال(?:ت)?|يقول|صرح|و?أضاف|وفق(?:ًا|ا)? ل(?!ذلك)|حسبما|نقلا عن|ذكرت?"
    r"|أعلن(?:ت)?|حذر(?:ت)?|قيل)",
    re.IGNORECASE,
)

# Sources the course traces, each with its English and Arabic spellings.
KNOWN_SOURCES: dict[str, str] = {
    "TASS": r"\bTASS\b|تاس\b",
    "The Washington Post": r"Washington Post|واشنطن بوست",
    "Reuters": r"\bReuters\b|رويترز",
    "Pentagon": r"\bPentagon\b|البنتاغون|البنتاجون",
    "Kremlin": r"\bKremlin\b|الكرملين",
    "White House": r"\bWhite House\b|البيت الأبيض",
    "Ministry": r"\bMinistry\b|وزارة",
    "officials": r"\bofficials?\b|\badministration representative\b|مسؤول(?:ون|ين|و)?\b",
    "unnamed sources": r"\bsources?\b(?! *:)",
}


def attributions(text: str, language: str = "en",
                 sources: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Sentences that attribute something: reporting cues and the known sources they name.

    One row per sentence with at least one cue or source, with offsets into `text`. It is a
    first pass for a sourcing table ("who is cited, via whom"), not a speaker detector: it
    does not resolve "he" or a speaker named in another sentence. `sources` maps a label to a
    regular expression and replaces `KNOWN_SOURCES`.
    """
    patterns = {
        label: re.compile(rx, re.IGNORECASE) for label, rx in (sources or KNOWN_SOURCES).items()
    }
    rows = []
    for row in sentence_spans(text, language).itertuples(index=False):
        cues = [m.group(0).lower() for m in REPORTING_CUES.finditer(row.sentence)]
        named = [label for label, rx in patterns.items() if rx.search(row.sentence)]
        if cues or named:
            rows.append({"sentence_no": row.sentence_no, "start": row.start, "end": row.end,
                         "sentence": row.sentence, "cues": "; ".join(dict.fromkeys(cues)),
                         "sources": "; ".join(named)})
    return pd.DataFrame(
        rows, columns=["sentence_no", "start", "end", "sentence", "cues", "sources"]
    )


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


# Page furniture seen on news sites; used to *suggest* boilerplate in unseen text.
BOILERPLATE_PATTERNS: dict[str, str] = {
    "comment-form": r"(?im)^(?:leave a reply|please enter your (?:comment|name here)!?|"
                    r"your email address will not be published.*)$",
    "navigation": r"(?im)^(?:back to top button|home latest news .*|·)$",
    "related-content": r"(?im)^related content$",
    "copyright": r"(?im)^©\s*\S.*$",
    "image-credit": r"(?im)^images? source:.*$",
    "reproduction-notice": r"(?im)^downloading, reproduction.*$",
    "share-counts": r"(?m)^\d+\n\d+$",
}


def boilerplate_candidates(text: str) -> pd.DataFrame:
    """Spans that look like site boilerplate, found by `BOILERPLATE_PATTERNS`.

    A fallback for text that has no hand-made boilerplate annotation. It only suggests: a
    rule that removes "Related content" will not know a duplicated photo caption.
    """
    rows = []
    for kind, rx in BOILERPLATE_PATTERNS.items():
        for m in re.finditer(rx, text):
            rows.append({"start": m.start(), "end": m.end(), "quote": m.group(0), "kind": kind})
    table = pd.DataFrame(rows, columns=["start", "end", "quote", "kind"])
    return table.sort_values("start", ignore_index=True)


def remove_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without the given (start, end) spans, blank-line runs closed up.

    Overlapping spans are merged, so two annotations covering the same words do not cut
    twice. Whitespace left at line ends is trimmed and more than one blank line becomes one.
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span ({start}, {end}) is outside a text of {len(text)} characters")
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, cursor = [], 0
    for start, end in merged:
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    kept = "".join(pieces)
    kept = re.sub(r"[ \t\u00a0]+\n", "\n", kept)
    return re.sub(r"\n{3,}", "\n\n", kept).strip()
