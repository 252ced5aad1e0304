"""Rules on the booking itself: aftercare advice, and an intensity above a caution's cap."""

import pytest

from .builders import FACE, SCALP, case, check, codes, condition, document, screen_document

SENSITIVE = {"skin": {"sensitive": True}}

CASES = [
    case("ADVICE-SCALP", True, "scalp booked", treatment=SCALP),
    case("ADVICE-SCALP", False, "face booked", treatment=FACE),
    case("ADVICE-FACE", True, "face booked", treatment=FACE),
    case("ADVICE-FACE", False, "scalp booked", treatment=SCALP),
    case("INTENSITY-CAP", True, "standard above a gentle cap", SENSITIVE, intensity="standard"),
    case(
        "INTENSITY-CAP", True, "intense above a gentle cap", SENSITIVE, intensity="intense", treatment=SCALP
    ),
    case("INTENSITY-CAP", False, "at the cap", SENSITIVE, intensity="gentle"),
    case("INTENSITY-CAP", False, "no cap", intensity="intense"),
    case("INTENSITY-CAP", False, "intensity not chosen yet", SENSITIVE),
]


@pytest.mark.parametrize("case", CASES)
def test_treatment_rules(rules, case):
    check(rules, case)


def test_an_intensity_above_the_cap_is_a_caution_of_its_own_naming_the_rules_that_set_it(rules):
    data = document(**SENSITIVE, **condition("eczema", "inactive", "face"))

    result = screen_document(rules, data, intensity="intense")

    finding = next(finding for finding in result.findings if finding.code == "INTENSITY-CAP")
    assert finding.level.slug == "caution"
    assert finding.evidence_text.startswith(
        "intense intensity booked; ECZ-CONTROLLED, SENSITIVE-SKIN cap it at gentle"
    )
    assert "INTENSITY-CAP" not in codes(screen_document(rules, data, intensity="gentle"))
