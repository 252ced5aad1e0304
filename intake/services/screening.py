"""Writes of screening results: the flags a client's current intake raises against every active treatment."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..audit import acted_by, bulk_create_audited
from ..models import Appointment, AppointmentStatus, Client, Flag, FlagStatus, Intake, Rule
from ..rules.findings import Finding
from ..rules.loader import intake_load, screening_context, snapshot_of

__all__ = ["FlagChanges", "flag_row", "flags_refresh"]


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


@acted_by
@transaction.atomic
def flags_refresh(
    *, client: Client, by: AbstractBaseUser | None, on: datetime.date | None = None
) -> FlagChanges:
    """Screen the client's current intake against every active treatment and bring the flags in line.

    A finding that is still the same keeps its flag (and its acknowledgement); a new or changed
    finding opens a flag; a flag of an older intake version, or one no longer found, is resolved.
    Running it twice changes nothing. A client with no intake has nothing to flag.
    """
    intake = intake_load(client)
    findings = {}
    if intake is not None:
        context = screening_context()
        snapshot = snapshot_of(client, intake)
        for treatment, result in context.screen_treatments(snapshot, on=on or timezone.localdate()):
            findings.update({(treatment.id, finding.code): finding for finding in result.findings})
    unchanged, stale = set(), []
    for flag in client.flags.exclude(status=FlagStatus.RESOLVED).select_related("rule"):
        key = (flag.treatment_id, flag.rule.code)
        if (
            intake is not None
            and flag.intake_id == intake.pk
            and key in findings
            and same_finding(flag, findings[key])
        ):
            unchanged.add(key)
        else:
            stale.append(flag)
    for flag in stale:
        flag.status, flag.status_changed_at, flag.status_changed_by = FlagStatus.RESOLVED, timezone.now(), by
        flag.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    rules = Rule.objects.in_bulk({code for _, code in findings}, field_name="code")
    opened = bulk_create_audited(
        Flag,
        [
            flag_row(client, intake, treatment_id, rules[code], finding)
            for (treatment_id, code), finding in findings.items()
            if (treatment_id, code) not in unchanged
        ],
        by=by,
    )
    return FlagChanges(opened=len(opened), resolved=len(stale))


@dataclass(frozen=True)
class RescreenSummary:
    """What re-screening every client changed."""

    clients: int
    opened: int
    resolved: int
    appointments: int


def clients_to_rescreen():
    """Clients with a current intake or an upcoming appointment: the ones screening can change."""
    return Client.objects.filter(
        Q(Exists(Intake.objects.filter(client=OuterRef("pk"), is_current=True)))
        | Q(
            Exists(Appointment.objects.filter(client=OuterRef("pk"), status__in=AppointmentStatus.upcoming()))
        )
    )


def rescreen_all(
    *, by: AbstractBaseUser | None, on: datetime.date | None = None, progress=lambda clients, total: clients
) -> RescreenSummary:
    """Screen every client against the rules in force: their flags and upcoming appointments.

    Idempotent: a second run changes nothing. `progress` wraps the client iterator (a progress bar).
    """
    from .booking import client_appointments_rescreen

    clients = clients_to_rescreen()
    total, opened, resolved, appointments = clients.count(), 0, 0, 0
    for client in progress(clients.iterator(), total):
        changes = flags_refresh(client=client, by=by, on=on)
        opened += changes.opened
        resolved += changes.resolved
        appointments += client_appointments_rescreen(client=client, by=by)
    return RescreenSummary(total, opened, resolved, appointments)
