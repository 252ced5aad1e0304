"""Rules on the client's answers: sensitivity, pregnancy, keloids, aluminium, skin now, age, consent."""

import pytest

from .builders import SCALP, case, check

SUNBURN_FACE = {"answers": {"sunburn_sites": ["face"]}}

CASES = [
    case("SENSITIVE-SKIN", True, "self-reported", {"skin": {"sensitive": True}}),
    case("SENSITIVE-SKIN", False, "not sensitive", {"skin": {"sensitive": False}}),
    case("PREG-BF", True, "pregnant", {"answers": {"pregnant": True}}),
    case("PREG-BF", True, "breastfeeding", {"answers": {"breastfeeding": True}}),
    case("PREG-BF", False, "neither", {"answers": {"pregnant": False, "breastfeeding": False}}),
    case("KELOID", True, "keloid scarring", {"answers": {"keloid_scarring": True}}),
    case("KELOID", False, "none", {"answers": {"keloid_scarring": False}}),
    case("ALU-CRYSTAL", True, "crystal booked", {"answers": {"aluminium_allergy": True}}, method="crystal"),
    case("ALU-CRYSTAL", True, "method not chosen yet", {"answers": {"aluminium_allergy": True}}),
    case("ALU-CRYSTAL", False, "diamond tip", {"answers": {"aluminium_allergy": True}}, method="diamond-tip"),
    case("ALU-CRYSTAL", False, "no allergy", {"answers": {"aluminium_allergy": False}}, method="crystal"),
    case("SUNBURN-SITE", True, "at the face", SUNBURN_FACE),
    case("SUNBURN-SITE", False, "face only: scalp booked", SUNBURN_FACE, treatment=SCALP),
    case("SUNBURN-SITE", True, "at the scalp", {"answers": {"sunburn_sites": ["scalp"]}}, treatment=SCALP),
    case("BROKEN-SKIN-SITE", True, "at the face", {"answers": {"broken_skin_sites": ["face", "hands"]}}),
    case("BROKEN-SKIN-SITE", False, "on the hands", {"answers": {"broken_skin_sites": ["hands"]}}),
    case("MINOR-CONSENT", True, "the day before turning 18", born="2008-12-02"),
    case("MINOR-CONSENT", False, "18 on the appointment day", born="2008-12-01"),
    case(
        "MINOR-CONSENT",
        False,
        "a guardian consented",
        {"client": {"guardian_consent": True}},
        born="2012-01-01",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_client_rules(rules, case):
    check(rules, case)
