"""An intake's entries read in one query, as uniform rows: for screening, as its document lists them
(`EntryLists`) with the client's visits (`visits_from`), and for the summary the client page, the
intake page and the printout show (`Summary`).

Prefetching the entries instead takes eight queries: conditions and their sites, procedures and their
sites, medications, prior treatments, sunburnt and broken-skin sites.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import BooleanField, Case, CharField, DateField, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import get_language

from clinic.compiled import CompiledRead, union_of

from .documents import EntryLists, condition_entry, medication_entry, procedure_entry
from .models import (
    Appointment,
    AppointmentStatus,
    Clearance,
    Intake,
    IntakeCondition,
    IntakeMedication,
    IntakePriorTreatment,
    IntakeProcedure,
)
from .templatetags.choices import choice_labels

ANSWER_SITES = ("sunburn_sites", "broken_skin_sites")
# The rows of the intakes' clients rather than of the intakes: the clinic's own fulfilled
# appointments ("given") and the dermatologist clearances recorded in the review queue.
GIVEN, CLEARANCE = "given", "clearance"


class EntryRow(NamedTuple):
    """One entry, or one site of an entry with sites, or one of the client's visits. `intake` is the
    client's id in a visit's row. `detail` is a condition's status or a visit's kind (a session, a
    consultation, or a clearance); `date` a procedure's or visit's date, or when a medication was
    last taken. `code` is a visit's treatment (a consultation's, the treatment it prepares)."""

    intake: int
    part: str
    entry: int
    code: str
    detail: str
    current: bool
    date: datetime.date | None
    site: str | None
    name: str
    site_name: str | None


def entry_rows(intakes: list[Intake]) -> list[EntryRow]:
    """The entries of the intakes as rows in entry order, and their clients' visits, in one query."""
    if not intakes:
        return []
    rows = ENTRIES.rows([intake.pk for intake in intakes], [intake.client_id for intake in intakes])
    return sorted((EntryRow(*row) for row in rows), key=lambda row: row.entry)


def entry_union(intake_ids: list[int], clients: list[int]) -> QuerySet:
    """The query behind `entry_rows`. Medications come first: a union's values are converted by the
    first query's column types (booleans and dates on SQLite)."""
    text = CharField()
    blank, no, none = Value("", text), Value(False, BooleanField()), Value(None, text)
    undated = Value(None, DateField())
    # Each part's table, then its columns after (intake, part, entry), as EntryRow names them.
    # fmt: off
    parts = {
        "medications": (IntakeMedication, "medication__code", blank, "current", "last_taken", none,
                        "medication__name", none),
        "conditions": (IntakeCondition, "condition__code", "status", no, undated, "sites__code",
                       "condition__name", "sites__name"),
        "procedures": (IntakeProcedure, "procedure__code", blank, no, "date", "sites__code",
                       "procedure__name", "sites__name"),
        **{part: (getattr(Intake, part).through, blank, blank, no, undated, "bodysite__code",
                  blank, "bodysite__name") for part in ANSWER_SITES},
        "prior_treatments": (IntakePriorTreatment, "treatment__code", "kind", no, "date", none,
                             "treatment__name", none),
    }
    # fmt: on
    entries = [
        table.objects.filter(intake__in=intake_ids)
        .values_list("intake_id", Value(part, text), "pk", *columns)
        .order_by()
        for part, (table, *columns) in parts.items()
    ]
    return union_of([*entries, *visit_parts(clients)])


def visit_parts(clients: list[int]) -> list[QuerySet]:
    """The parts of `entry_union` that are the clients' own: their fulfilled appointments (a
    consultation counts for the treatment it prepares) and their clearances, as `EntryRow`s."""
    text = CharField()
    no, none = Value(False, BooleanField()), Value(None, text)
    unsited = (none, Value("", text), none)  # no site, no name (the code names the treatment)
    kind = Case(
        When(treatment__consultation_for__isnull=False, then=Value(IntakePriorTreatment.Kind.CONSULTATION)),
        default=Value(IntakePriorTreatment.Kind.SESSION),
    )
    given = (
        Appointment.objects.filter(client__in=clients, status=AppointmentStatus.FULFILLED)
        .annotate(
            kind=kind,
            visit_treatment=Coalesce("treatment__consultation_for__code", "treatment__code"),
            day=TruncDate("start"),
        )
        .values_list("client_id", Value(GIVEN, text), "pk", "visit_treatment", "kind", no, "day", *unsited)
    )
    clearance = Value(CLEARANCE, text)
    cleared = Clearance.objects.filter(client__in=clients).values_list(
        "client_id", clearance, "pk", Value("", text), clearance, no, "date", *unsited
    )
    return [given.order_by(), cleared.order_by()]


ENTRIES = CompiledRead(entry_union)


def entry_lists_from(rows: list[EntryRow]) -> defaultdict[int, EntryLists]:
    """The entry lists of the intakes in `rows`, by intake id (the sites as sorted codes)."""
    lists = defaultdict(EntryLists)
    # (intake id, part): {entry id: (code, status of a condition or date of a procedure, site codes)}
    sited = defaultdict(dict)
    for row in rows:
        if row.part == "medications":
            lists[row.intake].medications.append(medication_entry(row.code, row.current, row.date))
        elif row.part in ANSWER_SITES:
            getattr(lists[row.intake], row.part).append(row.site)
        elif row.part in ("conditions", "procedures"):
            detail = row.detail if row.part == "conditions" else row.date
            entry = sited[row.intake, row.part].setdefault(row.entry, (row.code, detail, []))
            if row.site:
                entry[2].append(row.site)
    for (intake_id, part), entries in sited.items():
        build = condition_entry if part == "conditions" else procedure_entry
        getattr(lists[intake_id], part).extend(build(*entry) for entry in entries.values())
    for entries in lists.values():
        entries.sunburn_sites.sort()
        entries.broken_skin_sites.sort()
    return lists


def visits_from(rows: list[EntryRow], intakes: list[Intake]) -> defaultdict[int, list[tuple]]:
    """By client id, (kind, treatment code, date) of each visit in `rows` (of these intakes): the
    sessions and consultations an intake reports, the clinic's fulfilled appointments (a
    consultation counts for the treatment it prepares), and the clearances (kind "clearance", no
    treatment)."""
    clients = {intake.pk: intake.client_id for intake in intakes}
    visits = defaultdict(list)
    for row in rows:
        if row.part == "prior_treatments":
            visits[clients[row.intake]].append((row.detail, row.code, row.date))
        elif row.part in (GIVEN, CLEARANCE):
            visits[row.intake].append((row.detail, row.code, row.date))
    return visits


def entries_load(intakes: list[Intake]) -> list[EntryRow]:
    """Give each intake the `entry_lists` its document lists and its client's `visits`
    (`visits_from`), read in one query; the rows read."""
    rows = entry_rows(intakes)
    lists, visits = entry_lists_from(rows), visits_from(rows, intakes)
    for intake in intakes:
        intake.entry_lists, intake.visits = lists[intake.pk], visits[intake.client_id]
    return rows


@dataclass
class Entry:
    """One entry as the summary shows it: its name, its status (a condition's) or kind (a prior
    treatment's) in words, whether taken now and the date (a medication's), and its sites' names."""

    name: str
    detail: str = ""
    current: bool = False
    date: datetime.date | None = None
    sites: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """An intake's entries as its summary shows them, in the order they were entered."""

    conditions: list[Entry] = field(default_factory=list)
    medications: list[Entry] = field(default_factory=list)
    procedures: list[Entry] = field(default_factory=list)
    prior_treatments: list[Entry] = field(default_factory=list)
    sunburn_sites: list[str] = field(default_factory=list)
    broken_skin_sites: list[str] = field(default_factory=list)


def summary_from(rows: list[EntryRow]) -> Summary:
    """The summary of the one intake in `rows` (its client's visits left out), its sites sorted by name
    as the catalogue sorts them."""
    summary, entries = Summary(), {}
    language = get_language()
    words = {
        "conditions": choice_labels(IntakeCondition, "status", language),
        "prior_treatments": choice_labels(IntakePriorTreatment, "kind", language),
    }
    for row in rows:
        if row.part in (GIVEN, CLEARANCE):
            continue
        if row.part in ANSWER_SITES:
            getattr(summary, row.part).append(row.site_name)
            continue
        key = row.part, row.entry
        if key not in entries:
            detail = words.get(row.part, {}).get(row.detail, row.detail)
            entries[key] = Entry(row.name, detail, row.current, row.date)
            getattr(summary, row.part).append(entries[key])
        if row.site_name:
            entries[key].sites.append(row.site_name)
    for entry in entries.values():
        entry.sites.sort()
    summary.sunburn_sites.sort()
    summary.broken_skin_sites.sort()
    return summary


def intake_summarized(intake: Intake) -> Intake:
    """`intake` with its `summary` to show and the `entry_lists` and `visits` screening needs, read in
    one query (`entries_load`)."""
    intake.summary = summary_from(entries_load([intake]))
    return intake
