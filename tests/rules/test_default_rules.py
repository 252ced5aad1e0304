"""The default rule set encodes the clinical brief's table, and every rule in it is tested both ways."""

import pytest

from intake.models import Rule

from . import (
    test_client,
    test_conditions,
    test_intake,
    test_medications,
    test_procedures,
    test_scheduling,
    test_treatment,
)
from .builders import FACE, SCALP

C, CAUTION, ADVICE = "contraindicated", "caution", "advice"
# code: (level, treatments the rule is limited to, intensity cap), from the table in domain.md
TABLE = {
    "ECZ-ACTIVE": (C, set(), None),
    "ECZ-CONTROLLED": (CAUTION, set(), "gentle"),
    "ECZ-AFTERCARE": (ADVICE, set(), None),
    "SENSITIVE-SKIN": (CAUTION, set(), "gentle"),
    "PSO-ACTIVE": (C, set(), None),
    "PSO-CONTROLLED": (CAUTION, set(), None),
    "ROS-ACTIVE": (C, {FACE}, None),
    "ACNE-ACTIVE": (C, {FACE}, None),
    "SEB-ACTIVE": (CAUTION, set(), None),
    "INFECTION-SITE": (C, set(), None),
    "HSV-ACTIVE": (C, {FACE}, None),
    "HSV-HISTORY": (CAUTION, {FACE}, None),
    "LESION-SITE": (C, set(), None),
    "SUNBURN-SITE": (C, set(), None),
    "BROKEN-SKIN-SITE": (C, set(), None),
    "ISO-WINDOW": (C, set(), None),
    "RETINOID-AHA-WINDOW": (CAUTION, set(), None),
    "ANTICOAG-CURRENT": (CAUTION, set(), None),
    "STEROID-IMMUNO-CURRENT": (CAUTION, set(), None),
    "DIABETES": (CAUTION, set(), None),
    "PEEL-WINDOW": (C, set(), None),
    "LASER-WINDOW": (C, set(), None),
    "WAX-WINDOW": (C, set(), None),
    "INJECT-WINDOW": (C, set(), None),
    "HAIR-CHEM-WINDOW": (CAUTION, {SCALP}, None),
    "TRANSPLANT-WINDOW": (C, {SCALP}, None),
    "MINOXIDIL": (CAUTION, {SCALP}, None),
    "PREG-BF": (CAUTION, set(), None),
    "KELOID": (CAUTION, set(), None),
    "ALU-CRYSTAL": (C, set(), None),
    "MINOR-CONSENT": (C, set(), None),
    "INTAKE-MISSING": (C, set(), None),
    "INTAKE-EXPIRED": (C, set(), None),
    "INTAKE-STALE": (CAUTION, set(), None),
    "FREQUENCY": (CAUTION, set(), None),
    "CONSULT-FIRST": (CAUTION, {SCALP}, None),
    "ADVICE-SCALP": (ADVICE, {SCALP}, None),
    "ADVICE-FACE": (ADVICE, {FACE}, None),
    "INTENSITY-CAP": (CAUTION, set(), None),
}
CASES = [
    param.values[0]
    for module in (
        test_client,
        test_conditions,
        test_intake,
        test_medications,
        test_procedures,
        test_scheduling,
        test_treatment,
    )
    for param in module.CASES
]


@pytest.mark.django_db
def test_the_default_rule_set_is_the_table_of_the_clinical_brief():
    rules = Rule.objects.prefetch_related("treatments").select_related("max_intensity")

    assert {
        rule.code: (
            rule.level,
            {treatment.code for treatment in rule.treatments.all()},
            rule.max_intensity.code if rule.max_intensity else None,
        )
        for rule in rules
    } == TABLE


@pytest.mark.django_db
def test_every_default_rule_is_valid_and_enabled():
    for rule in Rule.objects.all():
        rule.full_clean()
        assert rule.enabled and not rule.retired, rule.code


@pytest.mark.parametrize("code", sorted(TABLE))
def test_every_default_rule_has_a_positive_and_a_negative_test(code):
    assert {case.found for case in CASES if case.code == code} == {True, False}


def test_every_case_names_a_default_rule():
    assert {case.code for case in CASES} <= set(TABLE)
