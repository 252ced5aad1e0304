"""A client's history as screening reads it: frozen values built from an intake document.

The loader (from the database) and the `screen` command (from a JSON file) both go through
`snapshot_from_document`, so a rule sees the same facts whichever way the history arrives.
Entries are kept in a canonical order, so a finding never depends on the order of the answers.
"""

import datetime
from dataclasses import dataclass

from .findings import Evidence

__all__ = [
    "ConditionEntry",
    "MedicationEntry",
    "ProcedureEntry",
    "Snapshot",
    "Visit",
    "YES_NO_ANSWERS",
    "SITE_ANSWERS",
    "snapshot_from_document",
]

# Yes/no answers a rule may read, and where each sits in the intake document.
YES_NO_ANSWERS = {
    "sensitive": ("skin", "sensitive"),
    "pregnant": ("answers", "pregnant"),
    "breastfeeding": ("answers", "breastfeeding"),
    "aluminium_allergy": ("answers", "aluminium_allergy"),
    "keloid_scarring": ("answers", "keloid_scarring"),
}
# Answers that list the body sites where something is the case now.
SITE_ANSWERS = ("sunburn_sites", "broken_skin_sites")


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    """A reported condition: its code, clinical status and the sites it affects (none recorded: unknown)."""

    code: str
    status: str
    sites: frozenset[str]

    def sort_key(self) -> tuple:
        """Order by every field, so equal entries and only they sort together."""
        return self.code, self.status, sorted(self.sites)


@dataclass(frozen=True, slots=True)
class MedicationEntry:
    """A reported medication: taken now, or when it was last taken (None: not given)."""

    code: str
    current: bool
    last_taken: datetime.date | None

    def sort_key(self) -> tuple:
        """Order by every field, an unknown date before any date."""
        return self.code, self.current, self.last_taken is not None, self.last_taken or datetime.date.min


@dataclass(frozen=True, slots=True)
class ProcedureEntry:
    """A recent procedure: its code, date and the sites it was done at (none recorded: unknown)."""

    code: str
    date: datetime.date
    sites: frozenset[str]

    def sort_key(self) -> tuple:
        """Order by every field, so equal entries and only they sort together."""
        return self.code, self.date, sorted(self.sites)


@dataclass(frozen=True, slots=True)
class Visit:
    """A treatment session or consultation the client had, by treatment code and date."""

    treatment: str
    date: datetime.date

    def sort_key(self) -> tuple:
        """Order by treatment, then date."""
        return self.treatment, self.date


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything screening knows about one client; `intake_date` is None when no intake is on file."""

    date_of_birth: datetime.date
    intake_date: datetime.date | None = None
    intake_version: int | None = None
    guardian_consent: bool = False
    yes_answers: frozenset[str] = frozenset()
    sunburn_sites: frozenset[str] = frozenset()
    broken_skin_sites: frozenset[str] = frozenset()
    conditions: tuple[ConditionEntry, ...] = ()
    medications: tuple[MedicationEntry, ...] = ()
    procedures: tuple[ProcedureEntry, ...] = ()
    sessions: tuple[Visit, ...] = ()
    consultations: tuple[Visit, ...] = ()
    clearance_date: datetime.date | None = None

    def cite(self, text: str, date: datetime.date | None = None, **values) -> Evidence:
        """Evidence from this snapshot's intake: a message naming the answer, its values and its date."""
        return Evidence(text, values, date, self.intake_version, self.intake_date)


def parse_date(value: str | None) -> datetime.date | None:
    """An ISO 8601 date of the document (None stays None)."""
    return datetime.date.fromisoformat(value) if value else None


def sites(entry: dict, key: str = "sites") -> frozenset[str]:
    """The site codes listed under `key`."""
    return frozenset(entry.get(key) or ())


def snapshot_from_document(document: dict, *, intake_version: int | None = None) -> Snapshot:
    """The snapshot of a validated intake document (validate it first: this trusts its shape).

    `intake_version` defaults to the document's own `intake_version`, when it has one.
    """
    answers = document.get("answers") or {}
    clearance = document.get("dermatologist_clearance") or {}
    return Snapshot(
        date_of_birth=parse_date(document["client"]["date_of_birth"]),
        intake_date=parse_date(document["intake_date"]),
        intake_version=intake_version or document.get("intake_version"),
        guardian_consent=bool(document["client"].get("guardian_consent")),
        yes_answers=frozenset(
            name for name, (section, key) in YES_NO_ANSWERS.items() if (document.get(section) or {}).get(key)
        ),
        sunburn_sites=sites(answers, "sunburn_sites"),
        broken_skin_sites=sites(answers, "broken_skin_sites"),
        conditions=canonical(
            ConditionEntry(entry["code"], entry["status"], sites(entry))
            for entry in document.get("conditions") or ()
        ),
        medications=canonical(
            MedicationEntry(entry["code"], bool(entry.get("current")), parse_date(entry.get("last_taken")))
            for entry in document.get("medications") or ()
        ),
        procedures=canonical(
            ProcedureEntry(entry["code"], parse_date(entry["date"]), sites(entry))
            for entry in document.get("procedures") or ()
        ),
        sessions=canonical(
            Visit(entry["treatment"], parse_date(entry["date"]))
            for entry in document.get("previous_sessions") or ()
        ),
        consultations=canonical(
            Visit(entry["treatment"], parse_date(entry["date"]))
            for entry in document.get("consultations") or ()
        ),
        clearance_date=parse_date(clearance.get("date")),
    )


def canonical(entries) -> tuple:
    """Entries in one fixed order, whatever order the document listed them in."""
    return tuple(sorted(entries, key=lambda entry: entry.sort_key()))
