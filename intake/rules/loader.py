"""Reads for screening: the rule set (cached per process on the version stamp), the active treatments,
and a client's snapshot, in a fixed, small number of queries whatever the size of the history.

Several processes serve the app. Each keeps the rules it read in memory, keyed on the token of
`RuleSetVersion`; every screening reads that token (with the intensity ranks and the active
treatments, in one query), so a rule saved through any process is in force everywhere by the next
screening.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BigIntegerField, CharField, QuerySet, Value
from django.utils import timezone

from clinic.compiled import CompiledRead

from ..documents import intake_to_document
from ..entries import CLEARANCE, entries_load
from ..models import (
    Client,
    Intake,
    Intensity,
    Rule,
    RuleSetVersion,
    SiteScope,
    Treatment,
)
from ..selectors import current_intakes_of
from . import registry
from .engine import RuleSet, RuleSpec, ScreeningResult, screen
from .snapshot import Snapshot, snapshot_from_document

__all__ = [
    "ScreeningContext",
    "TreatmentRef",
    "client_screenings",
    "intake_load",
    "intakes_load",
    "rule_spec",
    "screening_context",
    "snapshot_of",
    "snapshots_of",
]


@dataclass(frozen=True)
class TreatmentRef:
    """An active treatment as screening shows it: id, code, name and the site it is given at."""

    id: int
    code: str
    name: str
    site: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ScreeningContext:
    """The rule set in force and the active treatments, read together at the start of a screening."""

    rules: RuleSet
    treatments: tuple[TreatmentRef, ...]

    def treatment(self, code: str) -> TreatmentRef | None:
        """The active treatment with this code, or None."""
        return next((treatment for treatment in self.treatments if treatment.code == code), None)

    def screen_treatments(
        self, snapshot: Snapshot, *, on: datetime.date, rules: RuleSet | None = None
    ) -> list[tuple[TreatmentRef, ScreeningResult]]:
        """A snapshot screened for every active treatment at its site on a day, nothing else chosen yet.

        By the rules in force, or by `rules` when given (a rule change being tried).
        """
        return [
            (
                treatment,
                screen(
                    snapshot,
                    treatment=treatment.code,
                    site=treatment.site,
                    date=on,
                    rules=rules or self.rules,
                ),
            )
            for treatment in self.treatments
        ]


class RuleSetError(ImproperlyConfigured):
    """A stored rule the engine cannot run (unknown kind, bad parameters): screening stops, loudly."""


_cache: tuple[tuple, RuleSet] | None = None


def screening_context() -> ScreeningContext:
    """The rules (re-read only when the version stamp changed), intensity ranks and active treatments."""
    token, intensities, treatments = "", {}, []
    for row_kind, code, number, site, name in CATALOGUE_ROWS.rows():
        if row_kind == "stamp":
            token = code
        elif row_kind == "intensity":
            intensities[code] = number
        else:
            treatments.append(TreatmentRef(number, code, name, site))
    return ScreeningContext(
        cached_rule_set(token, intensities),
        tuple(sorted(treatments, key=lambda treatment: (treatment.name, treatment.code))),
    )


def catalogue_union() -> QuerySet:
    """One query: the version stamp, every intensity's rank and the active treatments, as uniform rows.

    Consultations are treatments too, but no rule screens them.
    """
    text, number = CharField(), BigIntegerField()
    stamp = RuleSetVersion.objects.order_by().values_list(
        Value("stamp", text), "token", Value(0, number), Value("", text), Value("", text)
    )
    intensities = Intensity.objects.order_by().values_list(
        Value("intensity", text), "code", "rank", Value("", text), "name"
    )
    treatments = (
        Treatment.objects.filter(active=True, consultation_for__isnull=True)
        .order_by()
        .values_list(Value("treatment", text), "code", "id", "site__code", "name")
    )
    return stamp.union(intensities, treatments, all=True)


CATALOGUE_ROWS = CompiledRead(catalogue_union)


def cached_rule_set(token: str, intensities: dict[str, int]) -> RuleSet:
    """The rule set from this process's memory while the stamp and the intensity ranks are unchanged."""
    global _cache
    key = (token, tuple(sorted(intensities.items())))
    if _cache is None or _cache[0] != key:
        _cache = (key, RuleSet(load_rule_specs(), MappingProxyType(intensities)))
    return _cache[1]


def load_rule_specs() -> tuple[RuleSpec, ...]:
    """Every enabled, unretired rule as a spec, in one query; RuleSetError for a rule that cannot run."""
    rows = (
        Rule.objects.filter(enabled=True, retired_at__isnull=True)
        .order_by("code")
        .values_list(
            "code",
            "kind",
            "params",
            "level",
            "site_scope",
            "message",
            "hint",
            "max_intensity__code",
            "treatments__code",
        )
    )
    specs = []
    for (code, kind, params, level, scope, message, hint, cap), group in groupby(
        rows, key=lambda row: row[:8]
    ):
        treatments = [row[8] for row in group if row[8]]
        try:
            specs.append(
                RuleSpec.build(
                    code=code,
                    kind=kind,
                    params=params,
                    level=level,
                    treatments=treatments,
                    any_site=scope == SiteScope.ANY,
                    message=message,
                    hint=hint,
                    max_intensity=cap,
                )
            )
        except (registry.UnknownKind, registry.InvalidParams, KeyError, ValueError) as error:
            raise RuleSetError(f"rule {code} cannot run: {error!r}") from error
    return tuple(specs)


def rule_spec(rule: Rule, treatments) -> RuleSpec:
    """The spec of a rule instance, saved or not, applying to `treatments` (as a rule form holds it)."""
    return RuleSpec.build(
        code=rule.code,
        kind=rule.kind,
        params=rule.params,
        level=rule.level,
        treatments=[treatment.code for treatment in treatments],
        any_site=rule.site_scope == SiteScope.ANY,
        message=rule.message,
        hint=rule.hint,
        max_intensity=rule.max_intensity.code if rule.max_intensity else None,
    )


def intake_load(client: Client) -> Intake | None:
    """The client's current intake with the entries and visits its snapshot needs (two queries), or
    None."""
    return next(iter(intakes_load([client]).values()), None)


def intakes_load(clients: list[Client]) -> dict[int, Intake]:
    """The current intakes of several clients with the entries and visits their snapshots need (two
    queries in all), by client id: each intake's `entry_lists` and `visits` (`entries_load`)."""
    intakes = current_intakes_of(clients)
    entries_load(list(intakes.values()))
    return intakes


def snapshot_of(client: Client, intake: Intake | None) -> Snapshot:
    """The snapshot of the client's current intake (loaded by `intake_load` or
    `entries.intake_summarized`); no intake, no answers."""
    if intake is None:
        return Snapshot(date_of_birth=client.date_of_birth)
    return snapshot_with_history(intake)


def snapshots_of(intakes: list[Intake]) -> dict[int, Snapshot]:
    """The snapshots of several clients' current intakes (loaded by `intakes_load`), by client id."""
    return {intake.client_id: snapshot_with_history(intake) for intake in intakes}


def snapshot_with_history(intake: Intake) -> Snapshot:
    """The snapshot of an intake loaded with its entries and its client's visits (`entries_load`).

    Sessions and consultations the clinic itself gave (fulfilled appointments) join those the
    client reported elsewhere, and a dermatologist's clearance recorded in the review queue counts
    like one noted on the intake (the later one wins).
    """
    visits = [row for row in intake.visits if row[0] != CLEARANCE]
    document = intake_to_document(intake, visits=visits, entries=intake.entry_lists)
    clearances = [day for kind, _, day in intake.visits if kind == CLEARANCE]
    noted = document["dermatologist_clearance"]
    if clearances:
        latest = max(clearances + ([datetime.date.fromisoformat(noted["date"])] if noted else []))
        document["dermatologist_clearance"] = {"date": latest.isoformat()}
    return snapshot_from_document(document, intake_version=intake.version)


def client_screenings(
    client: Client, *, on: datetime.date | None = None, intake: Intake | None = None
) -> list[tuple[TreatmentRef, ScreeningResult]]:
    """The client's screening for every active treatment on a day (today by default): the client page.

    Pass the current `intake` when it is already loaded with its entries, to save loading it again.
    """
    context = screening_context()
    snapshot = snapshot_of(client, intake or intake_load(client))
    return context.screen_treatments(snapshot, on=on or timezone.localdate())
