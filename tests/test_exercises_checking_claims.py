"""Lesson 05 exercises: right answers pass, placeholders and typical mistakes get specific hints.

The right answers are typed here from sources outside the code, so that a wrong answer key
fails: the CCM had 111 States Parties on 2023-07-11 (its implementation support unit: Nigeria
became State Party no. 111 on 28 February 2023), and the UN Treaty Collection page for the
Ottawa Convention lists 133 signatures.
"""

from treatylens.exercises import check


def test_right_answers_pass() -> None:
    assert check("05-ccm-parties-2023", 111).correct
    assert check("05-ottawa-ever-signed", 133).correct
    assert check("05-dozens-verdict", "understated").correct
    assert check("05-ratified-verdict", "right number, loose verb").correct
    assert check("05-same-words-later", "no").correct


def test_near_misses_do_not_pass() -> None:
    assert not check("05-ccm-parties-2023", 110).correct  # the in-force count, not parties
    assert not check("05-ottawa-ever-signed", 164).correct
    assert not check("05-ratified-verdict", "accurate").correct


def test_placeholders_do_not_pass() -> None:
    for name in ("05-ccm-parties-2023", "05-ottawa-ever-signed", "05-dozens-verdict",
                 "05-ratified-verdict", "05-same-words-later"):
        feedback = check(name, ...)
        assert not feedback.correct and "`...`" in feedback.message


def test_typical_mistakes_get_specific_hints() -> None:
    # parties + signatories (111 + 12), a common slip
    feedback = check("05-ccm-parties-2023", 123)
    assert not feedback.correct and "only signed are not parties" in feedback.message
    # the States Parties count instead of the signatures
    feedback = check("05-ottawa-ever-signed", 164)
    assert not feedback.correct and "accession" in feedback.message
    assert "24 to 99" in check("05-dozens-verdict", "accurate").message
    assert "of which by ratification" in check("05-ratified-verdict", "accurate").message
    assert "hedge" in check("05-ratified-verdict", "accurate, imprecise").message
    assert "withdrawals" in check("05-same-words-later", "yes").message
