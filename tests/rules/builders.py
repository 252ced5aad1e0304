"""Builders for the rules tests: intake documents, bookings, and one case per rule expectation."""

import datetime
from dataclasses import dataclass, field

import pytest

from intake.rules.engine import RuleSet, ScreeningResult, screen
from intake.rules.snapshot import Snapshot, snapshot_from_document

APPOINTMENT = datetime.date(2026, 12, 1)
FACE, SCALP = "microdermabrasion-face", "microdermabrasion-scalp"
SITES = {FACE: "face", SCALP: "scalp"}


def days_before(days: int, day: datetime.date = APPOINTMENT) -> str:
    """The ISO date `days` days before `day` (the appointment by default; negative: after it)."""
    return (day - datetime.timedelta(days=days)).isoformat()


def document(intake_date: datetime.date = APPOINTMENT, born: str = "1990-04-01", **sections) -> dict:
    """An intake document, version 3, filled in on `intake_date` with only the given sections."""
    client = sections.pop("client", {})
    return {
        "intake_date": intake_date.isoformat(),
        "intake_version": 3,
        "client": {"date_of_birth": born, **client},
        **sections,
    }


def condition(code: str, status: str, *sites: str) -> dict:
    """The `conditions` section with one condition."""
    return {"conditions": [{"code": code, "status": status, "sites": list(sites)}]}


def medication(code: str, *, current: bool = False, days: int | None = None) -> dict:
    """The `medications` section with one medication, taken now or last taken `days` before."""
    return {
        "medications": [
            {"code": code, "current": current, "last_taken": days_before(days) if days is not None else None}
        ]
    }


def procedure(code: str, days: int, *sites: str) -> dict:
    """The `procedures` section with one procedure `days` before the appointment."""
    return {"procedures": [{"code": code, "date": days_before(days), "sites": list(sites)}]}


def screen_snapshot(
    rules: RuleSet,
    snapshot: Snapshot,
    treatment: str = FACE,
    *,
    date: datetime.date = APPOINTMENT,
    site: str | None = None,
    method: str | None = None,
    intensity: str | None = None,
) -> ScreeningResult:
    """Screen a snapshot for a booking (at the treatment's own site unless told otherwise)."""
    return screen(
        snapshot,
        treatment=treatment,
        site=site or SITES[treatment],
        date=date,
        rules=rules,
        method=method,
        intensity=intensity,
    )


def screen_document(rules: RuleSet, data: dict, treatment: str = FACE, **booking) -> ScreeningResult:
    """Screen an intake document for a booking."""
    return screen_snapshot(rules, snapshot_from_document(data), treatment, **booking)


def codes(result: ScreeningResult) -> list[str]:
    """The codes found, in the order reported."""
    return [finding.code for finding in result.findings]


@dataclass(frozen=True)
class Case:
    """One expectation about one rule: found (or not) for this history and booking."""

    code: str
    found: bool
    snapshot: Snapshot
    treatment: str = FACE
    booking: dict = field(default_factory=dict)


def case(code: str, found: bool, why: str, sections: dict | None = None, *, treatment: str = FACE, **options):
    """A test case as a pytest parameter; `intake_date`/`born` go to the document, the rest to the booking."""
    document_options = {name: options.pop(name) for name in ("intake_date", "born") if name in options}
    snapshot = snapshot_from_document(document(**document_options, **(sections or {})))
    return pytest.param(
        Case(code, found, snapshot, treatment, options), id=f"{code} {'+' if found else '-'} {why}"
    )


def no_intake_case(code: str, found: bool, why: str, *, treatment: str = FACE):
    """A test case for a client with no intake on file."""
    snapshot = Snapshot(date_of_birth=datetime.date(1990, 4, 1))
    return pytest.param(Case(code, found, snapshot, treatment), id=f"{code} {'+' if found else '-'} {why}")


def check(rules: RuleSet, case: Case) -> None:
    """Assert the case's rule is found, or not, as the case expects."""
    result = screen_snapshot(rules, case.snapshot, case.treatment, **case.booking)
    assert (case.code in codes(result)) is case.found, result.as_dict()
