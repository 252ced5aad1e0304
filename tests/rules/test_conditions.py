"""Rules of the `condition` kind: eczema, psoriasis, rosacea, acne, infections, cold sores, lesions..."""

import datetime

import pytest

from intake.rules.engine import screen
from intake.rules.snapshot import snapshot_from_document

from .builders import APPOINTMENT, FACE, SCALP, case, check, codes, condition, document

CASES = [
    case("ECZ-ACTIVE", True, "flare on the hands blocks the face", condition("eczema", "active", "hands")),
    case(
        "ECZ-ACTIVE",
        True,
        "relapse blocks the scalp",
        condition("eczema", "relapse", "face"),
        treatment=SCALP,
    ),
    case("ECZ-ACTIVE", True, "recurrence", condition("eczema", "recurrence", "face")),
    case("ECZ-ACTIVE", False, "inactive eczema", condition("eczema", "inactive", "face")),
    case("ECZ-ACTIVE", False, "another condition", condition("psoriasis", "active", "face")),
    case("ECZ-CONTROLLED", True, "in remission elsewhere", condition("eczema", "remission", "scalp")),
    case("ECZ-CONTROLLED", True, "history only", condition("eczema", "resolved")),
    case("ECZ-CONTROLLED", True, "inactive, scalp", condition("eczema", "inactive", "face"), treatment=SCALP),
    case("ECZ-CONTROLLED", False, "active flare", condition("eczema", "active", "face")),
    case("ECZ-AFTERCARE", True, "controlled eczema", condition("eczema", "inactive", "hands")),
    case("ECZ-AFTERCARE", False, "no eczema"),
    case("PSO-ACTIVE", True, "at the face", condition("psoriasis", "active", "face")),
    case("PSO-ACTIVE", True, "scalp psoriasis", condition("psoriasis", "active", "scalp"), treatment=SCALP),
    case("PSO-ACTIVE", True, "no sites recorded counts everywhere", condition("psoriasis", "relapse")),
    case("PSO-ACTIVE", False, "at the scalp, face booked", condition("psoriasis", "active", "scalp")),
    case("PSO-ACTIVE", False, "controlled at the face", condition("psoriasis", "remission", "face")),
    case("PSO-CONTROLLED", True, "controlled, any site", condition("psoriasis", "inactive", "body")),
    case("PSO-CONTROLLED", True, "remission", condition("psoriasis", "remission", "scalp"), treatment=SCALP),
    case("PSO-CONTROLLED", False, "active", condition("psoriasis", "active", "body")),
    case("PSO-CONTROLLED", False, "resolved", condition("psoriasis", "resolved", "face")),
    case("ROS-ACTIVE", True, "at the face", condition("rosacea", "active", "face")),
    case(
        "ROS-ACTIVE",
        False,
        "face only: scalp booked",
        condition("rosacea", "active", "face", "scalp"),
        treatment=SCALP,
    ),
    case("ROS-ACTIVE", False, "at another site", condition("rosacea", "active", "neck")),
    case("ROS-ACTIVE", False, "controlled", condition("rosacea", "inactive", "face")),
    case("ACNE-ACTIVE", True, "inflamed at the face", condition("acne", "active", "face")),
    case("ACNE-ACTIVE", False, "on the back", condition("acne", "active", "back")),
    case("ACNE-ACTIVE", False, "in remission", condition("acne", "remission", "face")),
    case(
        "SEB-ACTIVE",
        True,
        "at the scalp",
        condition("seborrheic-dermatitis", "active", "scalp"),
        treatment=SCALP,
    ),
    case(
        "SEB-ACTIVE",
        False,
        "at the face, scalp booked",
        condition("seborrheic-dermatitis", "active", "face"),
        treatment=SCALP,
    ),
    case(
        "SEB-ACTIVE",
        False,
        "controlled",
        condition("seborrheic-dermatitis", "inactive", "scalp"),
        treatment=SCALP,
    ),
    case(
        "INFECTION-SITE",
        True,
        "folliculitis on the scalp",
        condition("folliculitis", "active", "scalp"),
        treatment=SCALP,
    ),
    case(
        "INFECTION-SITE", True, "infection under treatment", condition("skin-infection", "inactive", "face")
    ),
    case("INFECTION-SITE", False, "cleared", condition("skin-infection", "resolved", "face")),
    case("INFECTION-SITE", False, "at another site", condition("folliculitis", "active", "back")),
    case("HSV-ACTIVE", True, "cold sore now", condition("herpes-simplex", "active", "face")),
    case(
        "HSV-ACTIVE",
        False,
        "face only: scalp booked",
        condition("herpes-simplex", "active", "face"),
        treatment=SCALP,
    ),
    case("HSV-ACTIVE", False, "history only", condition("herpes-simplex", "resolved", "face")),
    case("HSV-HISTORY", True, "history", condition("herpes-simplex", "resolved", "face")),
    case("HSV-HISTORY", True, "inactive", condition("herpes-simplex", "inactive")),
    case("HSV-HISTORY", False, "active instead", condition("herpes-simplex", "active", "face")),
    case(
        "HSV-HISTORY", False, "scalp booked", condition("herpes-simplex", "resolved", "face"), treatment=SCALP
    ),
    case("LESION-SITE", True, "at the face", condition("suspicious-lesion", "active", "face")),
    case("LESION-SITE", True, "being watched", condition("suspicious-lesion", "inactive", "face")),
    case("LESION-SITE", False, "resolved", condition("suspicious-lesion", "resolved", "face")),
    case("LESION-SITE", False, "on the back", condition("suspicious-lesion", "active", "back")),
    case("DIABETES", True, "diabetes", condition("diabetes", "active")),
    case("DIABETES", True, "controlled diabetes", condition("diabetes", "inactive")),
    case("DIABETES", False, "resolved", condition("diabetes", "resolved")),
]


@pytest.mark.parametrize("case", CASES)
def test_condition_rules(rules, case):
    check(rules, case)


def test_a_flare_up_cites_the_answer_the_intake_version_and_its_date(rules):
    data = document(intake_date=datetime.date(2026, 11, 20), **condition("eczema", "active", "face", "hands"))
    result = screen(snapshot_from_document(data), treatment=FACE, site="face", date=APPOINTMENT, rules=rules)

    finding = result.findings[0]
    assert (finding.code, finding.message, finding.hint) == (
        "ECZ-ACTIVE",
        "Active eczema flare-up",
        "Wait until the flare-up subsides: a flare-up means reactive skin at every site.",
    )
    assert finding.evidence_text == "eczema, active at face, hands (intake v3, 20 Nov 2026)"


def test_controlled_eczema_caps_the_intensity_at_gentle(rules):
    result = screen(
        snapshot_from_document(document(**condition("eczema", "remission", "face"))),
        treatment=FACE,
        site="face",
        date=APPOINTMENT,
        rules=rules,
    )

    assert result.max_intensity == "gentle"
    assert codes(result) == ["ECZ-CONTROLLED", "ADVICE-FACE", "ECZ-AFTERCARE"]
