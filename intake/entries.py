"""An intake's entries read in one query, as uniform rows: for screening, as its document lists them
(`EntryLists`), and for the summary the client page, the intake page and the printout show (`Summary`).

Prefetching the entries instead takes eight queries: conditions and their sites, procedures and their
sites, medications, prior treatments, sunburnt and broken-skin sites.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.db.models import BooleanField, CharField, DateField, QuerySet, Value
from django.utils.translation import get_language

from clinic.compiled import CompiledRead, union_of

from .documents import EntryLists, condition_entry, medication_entry, procedure_entry
from .models import Intake, IntakeCondition, IntakeMedication, IntakePriorTreatment, IntakeProcedure
from .templatetags.choices import choice_labels

ANSWER_SITES = ("sunburn_sites", "broken_skin_sites")


class EntryRow(NamedTuple):
    """One entry, or one site of an entry with sites. `detail` is a condition's status or a prior
    treatment's kind; `date` a procedure's or prior treatment's date, or when a medication was last
    taken."""

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


def entry_rows(intake_ids: list[int], *, prior_treatments: bool = False) -> list[EntryRow]:
    """The entries of the intakes as rows in entry order, prior treatments too when asked (screening
    reads those with the client's own appointments)."""
    if not intake_ids:
        return []
    read = ENTRIES_AND_PRIOR_TREATMENTS if prior_treatments else ENTRIES
    return sorted((EntryRow(*row) for row in read.rows(intake_ids)), key=lambda row: row.entry)


def entry_union(intake_ids: list[int], *, prior_treatments: bool) -> QuerySet:
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
    }
    if prior_treatments:
        parts["prior_treatments"] = (IntakePriorTreatment, "treatment__code", "kind", no, "date", none,
                                     "treatment__name", none)
    # fmt: on
    return union_of(
        [
            table.objects.filter(intake__in=intake_ids)
            .values_list("intake_id", Value(part, text), "pk", *columns)
            .order_by()
            for part, (table, *columns) in parts.items()
        ]
    )


ENTRIES = CompiledRead(partial(entry_union, prior_treatments=False))
ENTRIES_AND_PRIOR_TREATMENTS = CompiledRead(partial(entry_union, prior_treatments=True))


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


def entry_lists_read(intake_ids: list[int]) -> defaultdict[int, EntryLists]:
    """The entries of several intakes as their documents list them, by intake id, in one query."""
    return entry_lists_from(entry_rows(intake_ids))


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
    """The summary of the one intake in `rows`, its sites sorted by name as the catalogue sorts them."""
    summary, entries = Summary(), {}
    language = get_language()
    words = {
        "conditions": choice_labels(IntakeCondition, "status", language),
        "prior_treatments": choice_labels(IntakePriorTreatment, "kind", language),
    }
    for row in rows:
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
    """`intake` with its `summary` to show and the `entry_lists` screening needs, read in one query."""
    rows = entry_rows([intake.pk], prior_treatments=True)
    intake.summary = summary_from(rows)
    intake.entry_lists = entry_lists_from(rows)[intake.pk]
    return intake
