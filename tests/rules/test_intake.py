"""Rules on the intake itself: one must be on file, and not too old on the appointment date."""

import datetime

import pytest

from intake.rules.snapshot import snapshot_from_document

from .builders import APPOINTMENT, case, check, document, no_intake_case, screen_snapshot


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


@pytest.mark.parametrize(("code", "limit"), [("INTAKE-STALE", 90), ("INTAKE-EXPIRED", 365)])
def test_an_old_intake_finding_cites_its_date_and_reads_the_same_the_next_day(rules, code, limit):
    snapshot = snapshot_from_document(document(intake_date=aged(400)))
    today, tomorrow = (
        next(
            finding for finding in screen_snapshot(rules, snapshot, date=day).findings if finding.code == code
        )
        for day in (APPOINTMENT, APPOINTMENT + datetime.timedelta(days=1))
    )

    assert today == tomorrow
    assert today.evidence_text == (
        f"intake filled in more than {limit} days before the appointment date (intake v3, 27 Oct 2025)"
    )
