"""Booking gated by screening: book, refuse, override, acknowledge, re-screen, check in, move, cancel.

The engine only reports findings; this module decides what they mean for an appointment:
contraindicated refuses (unless overridden with permission and a reason), caution holds the
appointment for review until a practitioner acknowledges each one, advice is kept for aftercare.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import acted_by, audit_batch, bulk_create_audited, create_audited
from ..models import (
    Appointment,
    AppointmentEvent,
    AppointmentFinding,
    AppointmentStatus,
    BookingAttempt,
    Client,
    Intake,
    Intensity,
    Method,
    Notice,
    Treatment,
)
from ..models.booking import INTAKE_REQUIRED_CODES
from ..rules.engine import ScreeningResult, screen
from ..rules.findings import Finding, Level
from ..rules.loader import intake_load, screening_context, snapshot_of
from .slots import BookingRequest, clash_error, practitioner_lock, slot_problems

__all__ = [
    "BookingRefused",
    "BookingRequest",
    "SlotUnavailable",
    "appointment_acknowledge",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_finish",
    "appointment_move",
    "appointment_rescreen",
    "appointment_set_intensity",
    "booking_screen",
    "client_appointments_rescreen",
    "finding_row",
    "status_after_screening",
    "wants_intake",
]

OVERRIDE_PERMISSION = "intake.override_contraindication"
ACKNOWLEDGE_PERMISSION = "intake.acknowledge_caution"


class BookingRefused(Exception):
    """Screening found a contraindication and nobody overrode it; the attempt has been logged."""

    def __init__(self, result: ScreeningResult):
        super().__init__(_("Booking refused: contraindicated."))
        self.result = result


class SlotUnavailable(ValidationError):
    """The slot cannot be booked (why, by form field); `result` is the screening the booking got."""

    def __init__(self, problems: dict[str, str] | ValidationError, result: ScreeningResult | None):
        super().__init__(problems)
        self.result = result


def booking_screen(
    *,
    client: Client,
    treatment: Treatment,
    on: datetime.date,
    method: Method | None = None,
    intensity: Intensity | None = None,
    intake: Intake | None = None,
) -> ScreeningResult | None:
    """Screen a client for a treatment on a day; None for a consultation (it has no rules).

    Pass the client's current `intake` when it is already loaded with its entries (`intake_load`).
    """
    if treatment.consultation_for_id:
        return None
    context = screening_context()
    snapshot = snapshot_of(client, intake or intake_load(client))
    return screen(
        snapshot,
        treatment=treatment.code,
        site=treatment.site.code,
        date=on,
        rules=context.rules,
        method=method.code if method else None,
        intensity=intensity.code if intensity else None,
    )


def local_date(moment: datetime.datetime) -> datetime.date:
    """The clinic's calendar date of a moment."""
    return timezone.localtime(moment).date()


@acted_by
def appointment_book(
    *, request: BookingRequest, by: AbstractBaseUser, override_reason: str = ""
) -> Appointment:
    """Book after screening; raise BookingRefused (logged) on an unoverridden contraindication.

    Raises SlotUnavailable (a ValidationError by form field) for a slot that cannot be booked, with
    nothing logged, and PermissionDenied for an override by a user without the override permission.
    """
    override_reason = override_reason.strip()
    if override_reason and not by.has_perm(OVERRIDE_PERMISSION):
        raise PermissionDenied(_("You may not override a contraindication."))
    # Loaded here, not in booking_screen, because the appointment keeps which intake was screened.
    intake = None if request.treatment.consultation_for_id else intake_load(request.client)
    result = booking_screen(
        client=request.client,
        treatment=request.treatment,
        on=local_date(request.start),
        method=request.method,
        intensity=request.intensity,
        intake=intake,
    )
    try:
        return store_booking(
            request=request, result=result, intake=intake, by=by, override_reason=override_reason
        )
    except BookingRefused:
        attempt_log(request, result, by=by, overridden=False)
        raise
    except IntegrityError as error:
        raise SlotUnavailable(clash_error(), result) from error


@audit_batch()
def store_booking(
    *,
    request: BookingRequest,
    result: ScreeningResult | None,
    intake: Intake | None,
    by: AbstractBaseUser,
    override_reason: str,
) -> Appointment:
    """Create the screened appointment and its findings once the slot is free under a lock on the
    practitioner; raise BookingRefused, having written nothing, on a contraindication not overridden.

    `intake` is the current intake `result` screened (None for a consultation).
    """
    practitioner_lock(request.practitioner.pk)
    problems = slot_problems(request)
    if problems:
        raise SlotUnavailable(problems, result)
    if result is not None and result.worst == Level.CONTRAINDICATED:
        if not override_reason:
            raise BookingRefused(result)
        attempt_log(request, result, by=by, overridden=True)
    appointment = Appointment(
        client=request.client,
        treatment=request.treatment,
        site=request.treatment.site,
        method=request.method,
        intensity=request.intensity,
        practitioner=request.practitioner,
        start=request.start,
        end=request.end,
        status=AppointmentStatus.BOOKED,
        notes=request.notes,
        created_by=by,
        override_reason=override_reason,
        overridden_by=by if override_reason else None,
    )
    # The rows set the appointment's status, so they come first; they take its id when stored.
    rows = [
        finding_row(appointment, finding, overridden=bool(override_reason)) for finding in findings_of(result)
    ]
    mark_screened(appointment, result, rows, intake=intake)
    create_audited(appointment, by=by)
    findings_store(rows, by=by)
    record(appointment, by, "booked", str(appointment))
    if override_reason:
        record(appointment, by, "overridden", override_reason)
    return appointment


def attempt_log(
    request: BookingRequest, result: ScreeningResult, *, by: AbstractBaseUser, overridden: bool
) -> None:
    """Keep a booking that screening refused, with its findings and whether it was overridden."""
    attempt = BookingAttempt(
        client=request.client,
        treatment=request.treatment,
        start=request.start,
        findings=[finding.as_dict() for finding in result.findings],
        by=by,
        overridden=overridden,
    )
    create_audited(attempt, by=by)


def record(appointment: Appointment, by: AbstractBaseUser | None, action: str, detail: str = "") -> None:
    """Add an event to the appointment's history."""
    AppointmentEvent.objects.create(appointment=appointment, by=by, action=action, detail=detail)


def apply_screening(
    appointment: Appointment,
    result: ScreeningResult | None,
    *,
    intake: Intake | None,
    by: AbstractBaseUser | None,
) -> None:
    """Store a screening's findings on a stored appointment and set its status from them.

    A finding that is unchanged keeps its acknowledgement; a contraindication stays overridden
    only if it was overridden before; a new one blocks the appointment. A screening that finds what
    is stored already writes nothing, so re-screening every day adds nothing to the trail (the
    appointment's screening time is then that of the screening that last changed it). `intake` is
    the current intake `result` screened.
    """
    stored = list(appointment.findings.all())
    findings = findings_of(result)
    changed = not same_findings(stored, findings)
    rows = findings_replace(appointment, stored, findings, by=by) if changed else stored
    stands = tuple(getattr(appointment, field) for field in SCREENING_STATE)
    if not changed and stands == screening_state(appointment, result, rows, intake=intake):
        return
    mark_screened(appointment, result, rows, intake=intake)
    appointment.save()


def same_findings(stored: list[AppointmentFinding], findings: tuple[Finding, ...]) -> bool:
    """Whether the stored rows say exactly what the findings say (in any order)."""
    as_stored = sorted(
        (row.code, row.level, row.message, row.hint, row.evidence, row.max_intensity) for row in stored
    )
    as_found = sorted(
        (f.code, f.level.slug, f.message, f.hint, f.evidence_text, f.max_intensity or "") for f in findings
    )
    return as_stored == as_found


def findings_replace(
    appointment: Appointment,
    stored: list[AppointmentFinding],
    findings: tuple[Finding, ...],
    *,
    by: AbstractBaseUser | None,
) -> list[AppointmentFinding]:
    """Replace the appointment's findings, carrying acknowledgements and overrides over; the new rows."""
    kept = {(row.code, row.message): row for row in stored if row.acknowledged_at or row.overridden}
    appointment.findings.all().delete()
    rows = [
        finding_row(appointment, finding, previous=kept.get((finding.code, finding.message)))
        for finding in findings
    ]
    findings_store(rows, by=by)
    return rows


def findings_store(rows: list[AppointmentFinding], *, by: AbstractBaseUser | None) -> None:
    """Store an appointment's findings, each with its history and audit entry (none: no writes)."""
    if rows:
        bulk_create_audited(AppointmentFinding, rows, by=by)


def findings_of(result: ScreeningResult | None) -> tuple[Finding, ...]:
    """A screening's findings; none for a consultation (not screened)."""
    return result.findings if result else ()


# What a screening sets on an appointment, in the order `screening_state` gives it.
SCREENING_STATE = ("worst_level", "needs_intake", "screened_intake_id", "status")


def screening_state(
    appointment: Appointment,
    result: ScreeningResult | None,
    rows: list[AppointmentFinding],
    *,
    intake: Intake | None,
) -> tuple[str, bool, int | None, str]:
    """The worst finding, whether it wants an intake, the screened intake (id) and the status a
    screening with these stored rows gives."""
    return (
        result.worst.slug if result and result.worst else "",
        wants_intake(rows),
        intake.pk if result and intake else None,
        status_after_screening(appointment.status, rows),
    )


def mark_screened(
    appointment: Appointment,
    result: ScreeningResult | None,
    rows: list[AppointmentFinding],
    *,
    intake: Intake | None,
) -> None:
    """Set the appointment's worst finding, whether it wants an intake, screening time, screened
    intake and status (not saved)."""
    state = screening_state(appointment, result, rows, intake=intake)
    for field, value in zip(SCREENING_STATE, state, strict=True):
        setattr(appointment, field, value)
    appointment.screened_at = timezone.now()


def finding_row(
    appointment: Appointment,
    finding: Finding,
    *,
    previous: AppointmentFinding | None = None,
    overridden: bool = False,
) -> AppointmentFinding:
    """A finding as stored on the appointment (unsaved), keeping the acknowledgement or override of
    the `previous` row for the same finding; `overridden` overrides a new contraindication."""
    return AppointmentFinding(
        appointment=appointment,
        code=finding.code,
        level=finding.level.slug,
        message=finding.message,
        hint=finding.hint,
        evidence=finding.evidence_text,
        max_intensity=finding.max_intensity or "",
        overridden=(overridden and finding.level == Level.CONTRAINDICATED)
        or bool(previous and previous.overridden),
        acknowledged_by=previous.acknowledged_by if previous else None,
        acknowledged_at=previous.acknowledged_at if previous else None,
        acknowledgement_note=previous.acknowledgement_note if previous else "",
    )


def wants_intake(findings: list[AppointmentFinding]) -> bool:
    """Whether an appointment's findings refuse it for want of a current intake."""
    return any(row.code in INTAKE_REQUIRED_CODES for row in findings)


def status_after_screening(status: str, findings: list[AppointmentFinding]) -> str:
    """Blocked on a contraindication nobody overrode, pending while a caution waits, else as it was."""
    if status not in AppointmentStatus.upcoming():
        return status
    if any(row.level == Level.CONTRAINDICATED.slug and not row.overridden for row in findings):
        return AppointmentStatus.BLOCKED
    if any(row.level == Level.CAUTION.slug and not row.acknowledged_at for row in findings):
        return AppointmentStatus.PENDING_REVIEW
    if status in (AppointmentStatus.BLOCKED, AppointmentStatus.PENDING_REVIEW):
        return AppointmentStatus.BOOKED
    return status


@acted_by
@audit_batch()
def appointment_rescreen(
    *,
    appointment: Appointment,
    by: AbstractBaseUser | None,
    on: datetime.date | None = None,
    intake: Intake | None = None,
) -> Appointment:
    """Screen an upcoming appointment again (after an intake, rule or appointment change).

    When it turns blocked, its practitioner gets an in-app notice and an e-mail. Pass the client's
    current `intake` when it is already loaded with its entries (`intake_load`).
    """
    if appointment.status not in AppointmentStatus.upcoming():
        return appointment
    was_blocked = appointment.status == AppointmentStatus.BLOCKED
    if intake is None and not appointment.treatment.consultation_for_id:
        intake = intake_load(appointment.client)
    result = booking_screen(
        client=appointment.client,
        treatment=appointment.treatment,
        on=on or appointment.date,
        method=appointment.method,
        intensity=appointment.intensity,
        intake=intake,
    )
    before = (appointment.status, appointment.worst_level)
    apply_screening(appointment, result, intake=intake, by=by)
    if (appointment.status, appointment.worst_level) != before:
        record(
            appointment,
            by,
            "screened",
            f"{appointment.get_status_display()}, {result.outcome if result else 'none'}",
        )
    if appointment.status == AppointmentStatus.BLOCKED and not was_blocked:
        notify_blocked(appointment)
    return appointment


def notify_blocked(appointment: Appointment) -> None:
    """Tell the practitioner that an upcoming appointment was blocked by a new contraindication."""
    user = appointment.practitioner.user
    text = _("Blocked: %(appointment)s — a new contraindication was found.") % {"appointment": appointment}
    Notice.objects.create(user=user, text=text[:300], url=appointment.get_absolute_url())
    if user.email:
        transaction.on_commit(
            lambda: send_mail(_("Appointment blocked"), text, None, [user.email], fail_silently=True)
        )


def client_appointments_rescreen(*, client: Client, by: AbstractBaseUser | None) -> int:
    """Screen every upcoming appointment of a client again; returns how many were screened."""
    upcoming = client.appointments.filter(
        status__in=AppointmentStatus.upcoming(), start__gte=timezone.now() - datetime.timedelta(hours=12)
    ).select_related("treatment__site", "method", "intensity", "client", "practitioner__user")
    intake = intake_load(client) if upcoming else None
    for appointment in upcoming:
        appointment_rescreen(appointment=appointment, by=by, intake=intake)
    return len(upcoming)


@acted_by
@audit_batch()
def appointment_acknowledge(
    *, finding: AppointmentFinding, by: AbstractBaseUser, note: str = ""
) -> Appointment:
    """A practitioner acknowledges a caution; the appointment is confirmed once none is left open."""
    if not by.has_perm(ACKNOWLEDGE_PERMISSION):
        raise PermissionDenied(_("Only a practitioner may acknowledge a caution."))
    if finding.level != Level.CAUTION.slug:
        raise ValidationError(_("Only cautions are acknowledged."))
    finding.acknowledged_by, finding.acknowledged_at = by, timezone.now()
    finding.acknowledgement_note = note.strip()
    finding.save()
    appointment = finding.appointment
    record(appointment, by, "acknowledged", f"{finding.code}: {finding.acknowledgement_note}".rstrip(": "))
    appointment.status = status_after_screening(appointment.status, list(appointment.findings.all()))
    appointment.save(update_fields=["status"])
    return appointment


@acted_by
def appointment_set_intensity(
    *, appointment: Appointment, intensity: Intensity, by: AbstractBaseUser
) -> Appointment:
    """Change the booked intensity (e.g. down to a caution's cap) and screen again."""
    with audit_batch():
        appointment.intensity = intensity
        appointment.save(update_fields=["intensity"])
        record(appointment, by, "intensity changed", intensity.name)
    return appointment_rescreen(appointment=appointment, by=by)


@acted_by
def appointment_move(
    *, appointment: Appointment, start: datetime.datetime, by: AbstractBaseUser
) -> Appointment:
    """Move an appointment to a new time (same practitioner), checking the slot, then screen again."""
    request = BookingRequest(
        client=appointment.client,
        treatment=appointment.treatment,
        practitioner=appointment.practitioner,
        start=start,
        method=appointment.method,
        intensity=appointment.intensity,
    )
    try:
        with audit_batch():
            practitioner_lock(appointment.practitioner_id)
            problems = slot_problems(request, exclude=appointment)
            if problems:
                raise ValidationError(problems)
            old = timezone.localtime(appointment.start)
            appointment.start, appointment.end = request.start, request.end
            appointment.save(update_fields=["start", "end"])
            record(
                appointment, by, "moved", f"{old:%d %b %Y %H:%M} → {timezone.localtime(start):%d %b %Y %H:%M}"
            )
    except IntegrityError as error:
        raise clash_error() from error
    return appointment_rescreen(appointment=appointment, by=by)


@acted_by
@audit_batch()
def appointment_cancel(*, appointment: Appointment, by: AbstractBaseUser, reason: str = "") -> Appointment:
    """Cancel an appointment; it stays in the history."""
    if appointment.status not in AppointmentStatus.upcoming():
        raise ValidationError(_("Only an upcoming appointment can be cancelled."))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status"])
    record(appointment, by, "cancelled", reason.strip())
    return appointment


@acted_by
@audit_batch()
def appointment_finish(*, appointment: Appointment, by: AbstractBaseUser, status: str) -> Appointment:
    """Close an appointment as fulfilled (after check-in) or as a no-show; history keeps it."""
    allowed = {
        AppointmentStatus.FULFILLED: [AppointmentStatus.ARRIVED],
        AppointmentStatus.NOSHOW: [AppointmentStatus.BOOKED, AppointmentStatus.PENDING_REVIEW],
    }
    if appointment.status not in allowed.get(status, []):
        raise ValidationError(
            _("The appointment cannot be marked “%(status)s” now.")
            % {"status": AppointmentStatus(status).label}
        )
    appointment.status = status
    appointment.save(update_fields=["status"])
    record(appointment, by, status)
    return appointment


@acted_by
def appointment_check_in(*, appointment: Appointment, by: AbstractBaseUser, no_change: bool) -> Appointment:
    """Check the client in on the day: screening runs again; a new contraindication stops the treatment.

    `no_change` records that the practitioner confirmed nothing changed since the last intake (if
    something did, they update the intake first, which re-screens on its own).
    """
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("Only a confirmed appointment can be checked in."))
    if appointment.date != timezone.localdate():
        raise ValidationError(_("Check-in is on the day of the appointment."))
    with audit_batch():
        record(appointment, by, "check-in", _("No change since the last intake") if no_change else "")
        appointment_rescreen(appointment=appointment, by=by, on=timezone.localdate())
        if appointment.status == AppointmentStatus.BOOKED:
            appointment.status = AppointmentStatus.ARRIVED
            appointment.save(update_fields=["status"])
    return appointment
