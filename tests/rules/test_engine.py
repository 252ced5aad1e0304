"""screen(): every finding, most severe first, site scoping, windows from the appointment date, no DB."""

import datetime

import pytest
from django.utils import timezone

from intake.rules import registry
from intake.rules.engine import RuleSet, RuleSpec, UnknownCode, screen
from intake.rules.findings import Level
from intake.rules.snapshot import Snapshot

from .builders import APPOINTMENT, FACE, SCALP, codes, condition, document, procedure, screen_document

EVERYTHING = document(
    skin={"sensitive": True},
    answers={"pregnant": True, "aluminium_allergy": True},
    **condition("eczema", "active", "face"),
    medications=[{"code": "isotretinoin", "current": True}, {"code": "anticoagulant", "current": True}],
)


def spec(**fields) -> RuleSpec:
    """A rule spec with sensible defaults for the fields not given."""
    values = {
        "code": "TEST-RULE",
        "kind": "condition",
        "params": {"conditions": ["rosacea"], "statuses": ["active"]},
        "level": "caution",
        "any_site": False,
        "message": "Test",
        "hint": "",
    }
    return RuleSpec.build(**{**values, **fields})


def test_every_finding_is_reported_most_severe_first_then_by_code(rules):
    result = screen_document(rules, EVERYTHING, intensity="standard")

    assert codes(result) == [
        "ALU-CRYSTAL",
        "ECZ-ACTIVE",
        "ISO-WINDOW",
        "ANTICOAG-CURRENT",
        "INTENSITY-CAP",
        "PREG-BF",
        "SENSITIVE-SKIN",
        "ADVICE-FACE",
    ]
    assert result.worst is Level.CONTRAINDICATED


def test_the_result_is_exactly_the_json_of_the_screen_command(rules):
    result = screen_document(rules, document(skin={"sensitive": True}), date=datetime.date(2026, 12, 1))

    assert result.as_dict() == {
        "treatment": FACE,
        "date": "2026-12-01",
        "worst": "caution",
        "max_intensity": "gentle",
        "findings": [
            {
                "code": "SENSITIVE-SKIN",
                "level": "caution",
                "message": "Self-reported sensitive skin",
                "hint": "Consult before treating; treat at gentle intensity at most.",
                "evidence": "sensitive skin (self-reported): yes (intake v3, 1 Dec 2026)",
            },
            {
                "code": "ADVICE-FACE",
                "level": "advice",
                "message": "Facial aftercare",
                "hint": "Gentle skincare, a moisturiser and sunscreen.",
                "evidence": "microdermabrasion-face booked (intake v3, 1 Dec 2026)",
            },
        ],
    }


def test_nothing_found_is_worst_none_and_no_cap(rules):
    without_advice = RuleSet(
        tuple(rule for rule in rules.rules if rule.code != "ADVICE-FACE"), rules.intensities
    )

    result = screen_document(without_advice, document())

    assert result.as_dict()["worst"] == "none"
    assert (result.findings, result.max_intensity, result.worst) == ((), None, None)


@pytest.mark.parametrize(
    ("sections", "treatment", "found"),
    [
        (condition("psoriasis", "active", "scalp"), SCALP, True),
        (condition("psoriasis", "active", "scalp"), FACE, False),
        (procedure("laser", 3, "face"), FACE, True),
        (procedure("laser", 3, "face"), SCALP, False),
        ({"answers": {"broken_skin_sites": ["scalp"]}}, SCALP, True),
        ({"answers": {"broken_skin_sites": ["scalp"]}}, FACE, False),
    ],
)
def test_a_contraindication_at_one_site_does_not_block_another(rules, sections, treatment, found):
    result = screen_document(rules, document(**sections), treatment)

    assert (result.worst is Level.CONTRAINDICATED) is found


def test_an_any_site_rule_blocks_every_site(rules):
    data = document(**condition("eczema", "active", "hands"))

    assert "ECZ-ACTIVE" in codes(screen_document(rules, data, FACE))
    assert "ECZ-ACTIVE" in codes(screen_document(rules, data, SCALP))


def test_the_site_booked_decides_not_the_treatments_usual_site(rules):
    data = document(**condition("psoriasis", "active", "neck"))

    assert "PSO-ACTIVE" in codes(screen_document(rules, data, FACE, site="neck"))
    assert "PSO-ACTIVE" not in codes(screen_document(rules, data, FACE))


def test_windows_count_back_from_the_appointment_date_not_from_today(rules):
    today = timezone.localdate()
    peel_days_ago = {"procedures": [{"code": "chemical-peel", "date": today.isoformat(), "sites": ["face"]}]}
    data = document(intake_date=today, **peel_days_ago)

    assert "PEEL-WINDOW" in codes(screen_document(rules, data, date=today + datetime.timedelta(days=14)))
    assert "PEEL-WINDOW" not in codes(screen_document(rules, data, date=today + datetime.timedelta(days=15)))
    far_future = datetime.date(2031, 6, 1)
    later_peel = {"procedures": [{"code": "chemical-peel", "date": "2031-05-25", "sites": ["face"]}]}
    assert "PEEL-WINDOW" in codes(
        screen_document(rules, document(intake_date=far_future, **later_peel), date=far_future)
    )


def test_a_fact_dated_after_the_appointment_counts_as_inside_the_window(rules):
    data = document(**procedure("waxing", -3, "face"))

    assert "WAX-WINDOW" in codes(screen_document(rules, data))


def test_an_unknown_intensity_is_an_error_not_a_clean_result(rules):
    with pytest.raises(UnknownCode, match="extreme"):
        screen_document(rules, document(), intensity="extreme")


def test_a_rule_of_an_unknown_kind_cannot_be_built():
    with pytest.raises(registry.UnknownKind):
        spec(kind="horoscope")


def test_a_rule_with_parameters_that_break_the_schema_cannot_be_built():
    with pytest.raises(registry.InvalidParams) as error:
        spec(kind="procedure", params={"procedures": ["laser"], "within_days": -1})

    assert error.value.field == "within_days"


def test_a_missing_parameter_is_named():
    with pytest.raises(registry.InvalidParams) as error:
        spec(kind="procedure", params={"procedures": ["laser"]})

    assert error.value.field == "within_days"


def test_a_message_cites_its_parameters(rules):
    iso = next(rule for rule in rules.rules if rule.code == "ISO-WINDOW")

    assert iso.message == "Isotretinoin taken within the last 184 days"


def test_a_new_rule_applies_with_no_code_change(rules):
    changed = rules.with_rule(spec(level="contraindicated"))
    data = document(**condition("rosacea", "active", "scalp"))

    assert "TEST-RULE" in codes(screen_document(changed, data, SCALP))
    assert "TEST-RULE" not in codes(screen_document(rules, data, SCALP))
    assert "TEST-RULE" not in codes(screen_document(changed.with_rule(spec(), enabled=False), data, SCALP))


def test_a_clearance_on_file_waives_a_rule_that_allows_it(rules):
    waivable = spec(params={"conditions": ["eczema"], "statuses": ["inactive"], "unless_cleared": True})
    changed = rules.with_rule(waivable)
    sections = condition("eczema", "inactive", "face")
    cleared_on = {"dermatologist_clearance": {"date": APPOINTMENT.isoformat()}}

    assert "TEST-RULE" in codes(screen_document(changed, document(**sections)))
    assert "TEST-RULE" not in codes(screen_document(changed, document(**sections, **cleared_on)))
    assert "ECZ-CONTROLLED" in codes(screen_document(changed, document(**sections, **cleared_on)))
    later = {"dermatologist_clearance": {"date": "2027-01-10"}}
    assert "TEST-RULE" in codes(screen_document(changed, document(**sections, **later)))


def test_screening_touches_no_database(rules, django_assert_num_queries):
    snapshot = Snapshot(date_of_birth=datetime.date(2000, 1, 1))

    with django_assert_num_queries(0):
        screen(snapshot, treatment=FACE, site="face", date=APPOINTMENT, rules=rules, intensity="intense")
