"""Lesson 04 exercises: the worked solutions pass, placeholders and typical mistakes get hints."""

from __future__ import annotations

import pytest

from treatylens import coverage
from treatylens.exercises import check, exercise_names
from treatylens.io.sources import clean_articles, load_articles, load_claims, load_metadata

NAMES = ["04-claims-all-mines", "04-claims-only-004", "04-signed-vs-ratified",
         "04-stopwords-cross-event", "04-cleaning-gain-001-003", "04-confirm-alignment-001",
         "04-reuse-meaning"]


@pytest.fixture(scope="module")
def mines():
    metadata = load_metadata().set_index("id")
    ids = list(metadata.index[metadata["event"] == "mines-2024"])
    matrix = coverage.claims_matrix(load_claims(), list(metadata.index))
    return matrix.loc[matrix[ids].any(axis=1), ids]


@pytest.fixture(scope="module")
def events():
    return load_metadata().set_index("id")["event"].to_dict()


def test_all_registered() -> None:
    assert set(NAMES) <= set(exercise_names())


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_is_not_yet_with_a_hint(name) -> None:
    feedback = check(name, ...)
    assert not feedback.correct and "replace the `...`" in feedback.message


def test_shared_core(mines) -> None:
    solution = list(mines.index[mines.all(axis=1)])
    assert check("04-claims-all-mines", solution).correct
    assert check("04-claims-all-mines", [c.upper() + "." for c in solution]).correct
    partial = check("04-claims-all-mines", solution[:-1])
    assert not partial.correct and "missing" in partial.message


def test_only_004(mines) -> None:
    solution = list(mines.index[mines["004"] & ~mines["001"] & ~mines["003"]])
    assert check("04-claims-only-004", solution).correct
    wrong = check("04-claims-only-004", list(mines.index[mines["004"]]))
    assert not wrong.correct and "do not belong" in wrong.message


@pytest.mark.parametrize("name", ["04-signed-vs-ratified", "04-reuse-meaning"])
def test_choices(name) -> None:
    assert check(name, "b").correct
    wrong = check(name, "a")
    assert not wrong.correct and len(wrong.message) > 40


def test_stop_words(events) -> None:
    english = {k: v for k, v in clean_articles().items() if k != "004"}
    with_stop = coverage.pairs(coverage.tfidf_similarity(english, stop_words=None), events)
    reference = with_stop.loc[(with_stop["a"] == "000") & (with_stop["b"] == "002"),
                              "score"].item()
    solution = int(((~with_stop["same_group"]) & (with_stop["score"] > reference)).sum())
    assert solution >= 1  # the lesson's point: a cross-event pair beats a same-event pair
    assert check("04-stopwords-cross-event", solution).correct
    assert not check("04-stopwords-cross-event", solution + 1).correct


def test_cleaning_gain(events) -> None:
    effect = coverage.cleaning_effect(load_articles(), clean_articles(), events)
    row = effect[(effect["a"] == "001") & (effect["b"] == "003")].iloc[0]
    gain = row["word_clean"] - row["word_raw"]
    assert gain > 0
    assert check("04-cleaning-gain-001-003", gain).correct
    reversed_sign = check("04-cleaning-gain-001-003", -gain)
    assert not reversed_sign.correct and "subtract" in reversed_sign.message


def test_confirm_alignment_solution_and_hints_that_do_not_give_it_away() -> None:
    reviewed = coverage.review_alignment(coverage.align_articles("004", "001"), "004", "001")
    solution = list(reviewed.loc[reviewed["verdict"] == "right", "source_no"])
    assert check("04-confirm-alignment-001", solution).correct
    wrong_ones = list(reviewed.loc[reviewed["verdict"] == "wrong", "source_no"])
    assert wrong_ones
    # Issue 9, item 22: listing every proposal must not reveal which are wrong or why.
    everything = check("04-confirm-alignment-001", list(reviewed["source_no"]))
    assert not everything.correct
    assert f"{len(wrong_ones)} of the pairs" in everything.message
    for number in wrong_ones:
        assert str(number) not in everything.message.replace(str(len(wrong_ones)) + " of", "")
    for reason in reviewed["reason"]:
        assert reason[:30] not in everything.message
    short = check("04-confirm-alignment-001", solution[:-1])
    assert not short.correct and "1 pair(s)" in short.message and "same fact" in short.message
    not_proposed = check("04-confirm-alignment-001", [*solution, 999])
    assert not not_proposed.correct and "no proposed match" in not_proposed.message
    assert not check("04-confirm-alignment-001", "1, 2").correct
    assert not check("04-confirm-alignment-001", ["x"]).correct
