"""Rules on the intake itself: one must be on file, and not too old on the appointment date."""

import datetime

import pytest

from .builders import APPOINTMENT, case, check, no_intake_case


def aged(days: int) -> datetime.date:
    """An intake date `days` days before the appointment."""
    return APPOINTMENT - datetime.timedelta(days=days)


CASES = [
    no_intake_case("INTAKE-MISSING", True, "no intake on file"),
    case("INTAKE-MISSING", False, "an intake on file"),
    case("INTAKE-EXPIRED", True, "first day outside: 366 days", intake_date=aged(366)),
    case("INTAKE-EXPIRED", False, "last day inside: 365 days", intake_date=aged(365)),
    case("INTAKE-STALE", True, "first day outside: 91 days", intake_date=aged(91)),
    case("INTAKE-STALE", False, "last day inside: 90 days", intake_date=aged(90)),
    no_intake_case("INTAKE-STALE", False, "no intake: nothing to be stale"),
]


@pytest.mark.parametrize("case", CASES)
def test_intake_rules(rules, case):
    check(rules, case)
