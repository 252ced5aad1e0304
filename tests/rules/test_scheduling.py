"""Rules on sessions and consultations: frequency, and a consultation before the first scalp session."""

import pytest

from .builders import FACE, SCALP, case, check, days_before


def sessions(treatment: str, *days: int) -> dict:
    """The `previous_sessions` section: sessions of a treatment `days` before the appointment."""
    return {"previous_sessions": [{"treatment": treatment, "date": days_before(n)} for n in days]}


def consultation(treatment: str, days: int) -> dict:
    """The `consultations` section with one consultation `days` before the appointment."""
    return {"consultations": [{"treatment": treatment, "date": days_before(days)}]}


CASES = [
    case("FREQUENCY", True, "last day inside: 13 days", sessions(FACE, 13)),
    case("FREQUENCY", False, "first day outside: 14 days", sessions(FACE, 14, 60)),
    case("FREQUENCY", False, "another treatment", sessions(SCALP, 3)),
    case("FREQUENCY", True, "a session 5 days after", sessions(FACE, -5)),
    case("CONSULT-FIRST", True, "first scalp session, nothing on file", treatment=SCALP),
    case(
        "CONSULT-FIRST", True, "consultation after the appointment", consultation(SCALP, -2), treatment=SCALP
    ),
    case("CONSULT-FIRST", True, "only a facial consultation", consultation(FACE, 30), treatment=SCALP),
    case("CONSULT-FIRST", False, "consultation on file", consultation(SCALP, 30), treatment=SCALP),
    case("CONSULT-FIRST", False, "consultation the same day", consultation(SCALP, 0), treatment=SCALP),
    case("CONSULT-FIRST", False, "had this treatment before", sessions(SCALP, 40), treatment=SCALP),
    case("CONSULT-FIRST", False, "scalp only: face booked", treatment=FACE),
]


@pytest.mark.parametrize("case", CASES)
def test_scheduling_rules(rules, case):
    check(rules, case)
