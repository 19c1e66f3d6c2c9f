"""Lesson 05 exercises: solutions pass, placeholders and typical mistakes get specific hints."""

from treatylens import claims, treaties
from treatylens.exercises import check


def test_solutions_pass() -> None:
    assert check("05-ccm-parties-2023", treaties.counts("ccm", "2023-07-11")["party"]).correct
    signed = claims.measures("ottawa", "2024-11-20").set_index("measure")["states"]
    assert check("05-ottawa-ever-signed", signed["states that ever signed"]).correct
    assert check("05-dozens-verdict", "understated").correct
    assert check("05-same-words-later", "no").correct


def test_placeholders_do_not_pass() -> None:
    for name in ("05-ccm-parties-2023", "05-ottawa-ever-signed", "05-dozens-verdict",
                 "05-same-words-later"):
        feedback = check(name, ...)
        assert not feedback.correct and "`...`" in feedback.message


def test_typical_mistakes_get_specific_hints() -> None:
    # parties + signatories, a common slip
    both = treaties.counts("ccm", "2023-07-11")
    feedback = check("05-ccm-parties-2023", both["party"] + both["signatory"])
    assert not feedback.correct and "only signed are not parties" in feedback.message
    # the States Parties count instead of the signatures
    feedback = check("05-ottawa-ever-signed", 164)
    assert not feedback.correct and "accession" in feedback.message
    assert "Count the CCM" in check("05-dozens-verdict", "accurate").message
    assert "withdrawals" in check("05-same-words-later", "yes").message
