"""Writes of screening results: the flags a client's current intake raises against every active treatment."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..audit import acted_by, audit_batch, bulk_create_audited, update_audited
from ..models import Appointment, AppointmentStatus, Client, Flag, FlagStatus, Intake, Rule
from ..rules.findings import Finding
from ..rules.loader import ScreeningContext, intakes_load, screening_context, snapshots_of
from ..rules.snapshot import Snapshot

__all__ = ["FlagChanges", "flag_row", "flags_refresh", "flags_refresh_batch", "rescreen_all"]


@dataclass(frozen=True)
class FlagChanges:
    """How many flags a refresh opened and resolved."""

    opened: int
    resolved: int


def same_finding(flag: Flag, finding: Finding) -> bool:
    """Whether a stored flag still says exactly what the finding says (else it is replaced, and reopened)."""
    return (flag.level, flag.message, flag.hint, flag.evidence) == (
        finding.level.slug,
        finding.message,
        finding.hint,
        finding.evidence_text,
    )


def flag_row(client: Client, intake: Intake, treatment_id: int, rule: Rule, finding: Finding) -> Flag:
    """A new open flag (unsaved) for a finding of the client's intake against a treatment."""
    return Flag(
        client=client,
        intake=intake,
        treatment_id=treatment_id,
        rule=rule,
        level=finding.level.slug,
        message=finding.message,
        hint=finding.hint,
        evidence=finding.evidence_text,
    )


# A client's findings against every active treatment, by (treatment id, rule code).
Findings = dict[tuple[int, str], Finding]


@dataclass(frozen=True)
class FlagUpdate:
    """What bringing one client's flags in line with their screening changes: the stale flags to
    resolve, and the findings that need a new flag, (treatment id, finding)."""

    client: Client
    intake: Intake | None
    stale: tuple[Flag, ...]
    new: tuple[tuple[int, Finding], ...]

    def __bool__(self) -> bool:
        return bool(self.stale or self.new)


def flag_stands(flag: Flag, intake: Intake | None, findings: Findings) -> bool:
    """Whether an open flag still holds: raised on the current intake and saying what its finding says."""
    finding = findings.get((flag.treatment_id, flag.rule.code))
    return finding is not None and flag.intake_id == intake.pk and same_finding(flag, finding)


def flag_update(
    client: Client, intake: Intake | None, findings: Findings, open_flags: list[Flag]
) -> FlagUpdate:
    """What a client's open flags need so they say what the findings of the current intake say.

    A finding that is still the same keeps its flag (and its acknowledgement); a new or changed
    finding needs a new flag; a flag of an older intake version, or one no longer found, is stale.
    """
    kept, stale = set(), []
    for flag in open_flags:
        if flag_stands(flag, intake, findings):
            kept.add((flag.treatment_id, flag.rule.code))
        else:
            stale.append(flag)
    return FlagUpdate(
        client=client,
        intake=intake,
        stale=tuple(stale),
        new=tuple(
            (treatment_id, finding)
            for (treatment_id, code), finding in findings.items()
            if (treatment_id, code) not in kept
        ),
    )


def snapshot_findings(context: ScreeningContext, snapshot: Snapshot | None, on: datetime.date) -> Findings:
    """Every finding of a snapshot against every active treatment, by (treatment id, rule code);
    none without a snapshot (a client with no intake)."""
    if snapshot is None:
        return {}
    return {
        (treatment.id, finding.code): finding
        for treatment, result in context.screen_treatments(snapshot, on=on)
        for finding in result.findings
    }


def open_flags_of(clients: list[Client]) -> defaultdict[int, list[Flag]]:
    """The unresolved flags of several clients, with their rules, in one query, by client id."""
    by_id = {client.pk: client for client in clients}
    flags = defaultdict(list)
    for flag in (
        Flag.objects.filter(client__in=clients).exclude(status=FlagStatus.RESOLVED).select_related("rule")
    ):
        flag.client = by_id[flag.client_id]  # named in its audit entry, if it is resolved
        flags[flag.client_id].append(flag)
    return flags


def flag_updates(clients: list[Client], *, on: datetime.date) -> list[FlagUpdate]:
    """What refreshing each client's flags changes, read in a fixed number of queries however many
    clients there are (eleven at most), then screened in memory."""
    context = screening_context()
    intakes = intakes_load(clients)
    snapshots = snapshots_of(list(intakes.values()))
    open_flags = open_flags_of(clients)
    return [
        flag_update(
            client,
            intakes.get(client.pk),
            snapshot_findings(context, snapshots.get(client.pk), on),
            open_flags[client.pk],
        )
        for client in clients
    ]


def flag_updates_write(updates: list[FlagUpdate], *, by: AbstractBaseUser | None) -> FlagChanges:
    """Resolve the stale flags and open the new ones, each change with its historical record and
    audit entry; nothing is written (not even to the audit chain) when nothing changes."""
    stale = [flag for update in updates for flag in update.stale]
    if stale:
        flags_resolve(stale, by=by)
    new = [(update, treatment_id, finding) for update in updates for treatment_id, finding in update.new]
    opened = flags_open(new, by=by) if new else []
    return FlagChanges(opened=len(opened), resolved=len(stale))


def flags_resolve(flags: list[Flag], *, by: AbstractBaseUser | None) -> None:
    """Resolve flags in one go, each with its historical record and audit entry."""
    resolved = {"status": FlagStatus.RESOLVED, "status_changed_at": timezone.now(), "status_changed_by": by}
    update_audited(Flag, flags, resolved, by=by)


def flags_open(new: list[tuple[FlagUpdate, int, Finding]], *, by: AbstractBaseUser | None) -> list[Flag]:
    """An open flag, audited, for each (update, treatment id, finding); their rules read in one query."""
    rules = Rule.objects.in_bulk({finding.code for *_, finding in new}, field_name="code")
    return bulk_create_audited(
        Flag,
        [
            flag_row(update.client, update.intake, treatment_id, rules[finding.code], finding)
            for update, treatment_id, finding in new
        ],
        by=by,
    )


@acted_by
@audit_batch()
def flags_refresh(
    *, client: Client, by: AbstractBaseUser | None, on: datetime.date | None = None
) -> FlagChanges:
    """Screen the client's current intake against every active treatment and bring the flags in line
    (see `flag_update`). Running it twice changes nothing. A client with no intake has nothing to flag.
    """
    return flag_updates_write(flag_updates([client], on=on or timezone.localdate()), by=by)


@acted_by
def flags_refresh_batch(
    *, clients: list[Client], by: AbstractBaseUser | None, on: datetime.date
) -> FlagChanges:
    """`flags_refresh` for several clients, in a fixed number of queries when nothing changes.

    The clients are read and screened without a lock. Those whose flags change are then locked (as
    saving an intake does), read and screened again and written in one transaction: an intake
    saved meanwhile is never overwritten with flags of the one before, and the batch's changes
    are written together or not at all.
    """
    changing = [update.client.pk for update in flag_updates(clients, on=on) if update]
    if not changing:
        return FlagChanges(opened=0, resolved=0)
    with audit_batch():
        locked = list(Client.objects.select_for_update().filter(pk__in=changing).order_by("pk"))
        return flag_updates_write(flag_updates(locked, on=on), by=by)


@dataclass(frozen=True)
class RescreenSummary:
    """What re-screening every client changed."""

    clients: int
    opened: int
    resolved: int
    appointments: int


BATCH_SIZE = 500


def upcoming_appointments():
    """Appointments still to happen, for which screening still matters."""
    return Appointment.objects.filter(status__in=AppointmentStatus.upcoming())


def clients_to_rescreen():
    """Clients with a current intake or an upcoming appointment: the ones screening can change."""
    return Client.objects.filter(
        Q(Exists(Intake.objects.filter(client=OuterRef("pk"), is_current=True)))
        | Q(Exists(upcoming_appointments().filter(client=OuterRef("pk"))))
    )


def with_upcoming_appointments(clients: list[Client]) -> list[Client]:
    """Those of the clients who have an upcoming appointment, in one query."""
    booked = set(upcoming_appointments().filter(client__in=clients).values_list("client_id", flat=True))
    return [client for client in clients if client.pk in booked]


def batches(items: Iterator, size: int) -> Iterator[list]:
    """The items in lists of `size` (the last one shorter)."""
    while batch := list(islice(items, size)):
        yield batch


def rescreen_all(
    *,
    by: AbstractBaseUser | None,
    on: datetime.date | None = None,
    progress=lambda clients, total: clients,
    batch_size: int = BATCH_SIZE,
) -> RescreenSummary:
    """Screen every client against the rules in force: their flags and upcoming appointments.

    Idempotent: a second run changes nothing. Clients go `batch_size` at a time through
    `flags_refresh_batch`: a fixed number of queries a batch, and writes only for the clients
    whose flags change, in one transaction a batch. An error stops the run: the flags of the batch
    it hit are rolled back, whole, and earlier batches are kept, so running again finishes the job.
    Then the upcoming appointments of the batch's clients are screened again, one transaction each
    (`client_appointments_rescreen`). `progress` wraps the client iterator (a progress bar); it
    runs ahead of the work by a batch at most.
    """
    from .booking import client_appointments_rescreen

    on = on or timezone.localdate()
    clients = clients_to_rescreen()
    total, opened, resolved, appointments = clients.count(), 0, 0, 0
    for batch in batches(iter(progress(clients.iterator(), total)), batch_size):
        changes = flags_refresh_batch(clients=batch, by=by, on=on)
        opened += changes.opened
        resolved += changes.resolved
        for client in with_upcoming_appointments(batch):
            appointments += client_appointments_rescreen(client=client, by=by)
    return RescreenSummary(total, opened, resolved, appointments)
