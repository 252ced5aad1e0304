"""Writes of the review queue: acknowledge, record a clearance, request an updated intake, refer, resolve.

Each action is kept as a ReviewAction (who, when, note) beside the change it makes, and needs the
permission to acknowledge cautions: the front desk sees the queue but does not act on it.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import acted_by, audit_batch, create_audited
from ..models import (
    Appointment,
    AppointmentFinding,
    Clearance,
    Client,
    Flag,
    FlagStatus,
    IntakeRequest,
    ReviewAction,
    ReviewActionKind,
)
from ..rules.findings import Level
from .booking import ACKNOWLEDGE_PERMISSION, appointment_acknowledge

__all__ = [
    "REVIEW_PERMISSION",
    "caution_acknowledge",
    "clearance_record",
    "dermatologist_refer",
    "flag_acknowledge",
    "flag_resolve",
    "intake_request",
]

# Reviewing is a practitioner's work, like acknowledging a caution on an appointment.
REVIEW_PERMISSION = ACKNOWLEDGE_PERMISSION


def check_may_review(by: AbstractBaseUser) -> None:
    """Raise PermissionDenied unless the user may act in the review queue."""
    if not by.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("Only a practitioner may act on a review."))


def action_record(
    *,
    client: Client,
    by: AbstractBaseUser,
    action: str,
    note: str = "",
    flag: Flag | None = None,
    appointment: Appointment | None = None,
    code: str = "",
) -> ReviewAction:
    """Keep one step of the review history; about a flag, the code is the flag's rule."""
    return create_audited(
        ReviewAction(
            client=client,
            flag=flag,
            appointment=appointment,
            code=flag.rule.code if flag else code,
            action=action,
            note=note,
            by=by,
        ),
        by=by,
    )


def open_flag(flag: Flag) -> None:
    """Raise ValidationError unless the flag is still open."""
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(_("This flag is already %(status)s.") % {"status": flag.get_status_display()})


def flag_close(flag: Flag, *, status: str, by: AbstractBaseUser, note: str) -> None:
    """Give an open flag its new status, saying who and why."""
    open_flag(flag)
    flag.status, flag.status_changed_at, flag.status_changed_by = status, timezone.now(), by
    flag.note = note
    flag.save(update_fields=["status", "status_changed_at", "status_changed_by", "note"])


@acted_by
@audit_batch()
def flag_acknowledge(*, flag: Flag, by: AbstractBaseUser, note: str = "") -> Flag:
    """A practitioner acknowledges a caution flag: it leaves the review queue, with the note kept."""
    check_may_review(by)
    if flag.level != Level.CAUTION.slug:
        raise ValidationError(_("Only cautions are acknowledged."))
    note = note.strip()
    flag_close(flag, status=FlagStatus.ACKNOWLEDGED, by=by, note=note)
    action_record(client=flag.client, by=by, action=ReviewActionKind.ACKNOWLEDGE, note=note, flag=flag)
    return flag


@acted_by
@audit_batch()
def flag_resolve(*, flag: Flag, by: AbstractBaseUser, note: str) -> Flag:
    """Resolve an open flag by hand, saying why; screening raises it again if a new intake still shows it."""
    check_may_review(by)
    note = note.strip()
    if not note:
        raise ValidationError(_("Say why the flag is resolved."))
    flag_close(flag, status=FlagStatus.RESOLVED, by=by, note=note)
    action_record(client=flag.client, by=by, action=ReviewActionKind.RESOLVE, note=note, flag=flag)
    return flag


@acted_by
@audit_batch()
def caution_acknowledge(*, finding: AppointmentFinding, by: AbstractBaseUser, note: str = "") -> Appointment:
    """Acknowledge an appointment's caution from the review queue, kept in the review history too."""
    check_may_review(by)
    appointment = appointment_acknowledge(finding=finding, by=by, note=note)
    action_record(
        client=appointment.client,
        by=by,
        action=ReviewActionKind.ACKNOWLEDGE,
        note=finding.acknowledgement_note,
        appointment=appointment,
        code=finding.code,
    )
    return appointment


@acted_by
@audit_batch()
def dermatologist_refer(
    *,
    by: AbstractBaseUser,
    note: str = "",
    flag: Flag | None = None,
    appointment: Appointment | None = None,
) -> ReviewAction:
    """Record that the client was referred to a dermatologist about a flag or an appointment."""
    check_may_review(by)
    if (flag is None) == (appointment is None):
        raise ValueError("Refer about one flag or one appointment.")
    note = note.strip()
    if flag is not None:
        open_flag(flag)
        return action_record(client=flag.client, by=by, action=ReviewActionKind.REFER, note=note, flag=flag)
    return action_record(
        client=appointment.client, by=by, action=ReviewActionKind.REFER, note=note, appointment=appointment
    )


@acted_by
@audit_batch()
def clearance_record(
    *,
    client: Client,
    by: AbstractBaseUser,
    date: datetime.date,
    letter: UploadedFile | None = None,
    note: str = "",
) -> Clearance:
    """Record a dermatologist's clearance of the client, dated, with the letter stored privately."""
    check_may_review(by)
    if date > timezone.localdate():
        raise ValidationError({"date": _("A clearance cannot be dated in the future.")})
    clearance = Clearance(client=client, date=date, letter=letter, note=note.strip(), by=by)
    clearance.full_clean()
    create_audited(clearance, by=by)
    action_record(client=client, by=by, action=ReviewActionKind.CLEARANCE, note=clearance.note)
    return clearance


@acted_by
@audit_batch()
def intake_request(*, client: Client, by: AbstractBaseUser, note: str = "") -> IntakeRequest:
    """Ask the client for an updated intake; the request shows on the client's page."""
    check_may_review(by)
    request = create_audited(IntakeRequest(client=client, by=by, note=note.strip()), by=by)
    action_record(client=client, by=by, action=ReviewActionKind.INTAKE_REQUEST, note=request.note)
    return request
