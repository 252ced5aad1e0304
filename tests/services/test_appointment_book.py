"""Booking gated by screening: refused, overridden, pending review, acknowledged, capped, clashing;
marked while it wants an intake."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import (
    Appointment,
    AppointmentStatus,
    AuditEntry,
    BookingAttempt,
    Intensity,
    Method,
    Notice,
    Practitioner,
    Treatment,
)
from intake.services import booking
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, UserFactory, document
from tests.queries import READ, statement_sent

pytestmark = pytest.mark.django_db
# Marks the appointments booked before the mark was kept.
MIGRATION = importlib.import_module("intake.migrations.0022_appointment_needs_intake")

ECZEMA_ACTIVE_FACE = {"conditions": [{"code": "eczema", "status": "active", "sites": ["face"]}]}
ECZEMA_CONTROLLED = {"conditions": [{"code": "eczema", "status": "remission", "sites": ["scalp"]}]}


def client_with(history: dict, by, **names):
    """A client whose current intake, filled today, records `history`."""
    client = ClientFactory(**names)
    intake_submit(
        client=client,
        document=document(client, intake_date=timezone.localdate().isoformat(), **history),
        by=by,
    )
    return client


def request_for(client, practitioner, start, treatment="microdermabrasion-face", **choices):
    return booking.BookingRequest(
        client=client,
        treatment=Treatment.objects.get(code=treatment),
        practitioner=practitioner,
        start=start,
        method=Method.objects.get(code=choices["method"]) if "method" in choices else None,
        intensity=Intensity.objects.get(code=choices["intensity"]) if "intensity" in choices else None,
    )


def test_clear_client_is_booked_and_confirmed_with_aftercare_advice(front_desk, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    assert appointment.status == AppointmentStatus.BOOKED
    assert list(appointment.findings.values_list("code", "level")) == [("ADVICE-FACE", "advice")]
    assert appointment.end - appointment.start == appointment.treatment.duration_minutes * (at(0, 1) - at(0))


def test_active_eczema_refuses_facial_and_logs_the_attempt(front_desk, practitioner, at):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    with pytest.raises(booking.BookingRefused) as refusal:
        booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    assert refusal.value.result.findings[0].code == "ECZ-ACTIVE"
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.client, attempt.by, attempt.overridden) == (client, front_desk, False)
    assert attempt.findings[0]["code"] == "ECZ-ACTIVE"
    assert (attempt.history.get().history_type, attempt.history.get().history_user) == ("+", front_desk)
    entry = AuditEntry.objects.get(model="intake.bookingattempt", object_id=str(attempt.pk))
    assert (entry.action, entry.client_id) == ("create", client.pk)
    assert entry.changes["overridden"] == [None, False]


def test_refused_then_overridden_with_a_reason(front_desk, clinic_admin, practitioner, at):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    request = request_for(client, practitioner, at(10))
    with pytest.raises(booking.BookingRefused):
        booking.appointment_book(request=request, by=front_desk)
    appointment = booking.appointment_book(
        request=request, by=clinic_admin, override_reason="Dermatologist letter"
    )
    assert appointment.override_reason == "Dermatologist letter"
    assert appointment.overridden_by == clinic_admin
    assert appointment.findings.get(code="ECZ-ACTIVE").overridden
    assert appointment.status != AppointmentStatus.BLOCKED
    assert list(BookingAttempt.objects.values_list("overridden", flat=True).order_by("at")) == [False, True]


def test_override_without_permission_is_denied(front_desk, practitioner, at):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    with pytest.raises(PermissionDenied):
        booking.appointment_book(
            request=request_for(client, practitioner, at(10)), by=front_desk, override_reason="x"
        )
    assert not Appointment.objects.exists()


def test_caution_is_pending_until_each_is_acknowledged(front_desk, aesthetician, practitioner, at):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    appointment = booking.appointment_book(
        request=request_for(
            client, practitioner, at(10), treatment="microdermabrasion-scalp", intensity="gentle"
        ),
        by=front_desk,
    )
    assert appointment.status == AppointmentStatus.PENDING_REVIEW
    cautions = list(appointment.findings.filter(level="caution"))
    assert {c.code for c in cautions} >= {"ECZ-CONTROLLED", "CONSULT-FIRST"}
    with pytest.raises(PermissionDenied):
        booking.appointment_acknowledge(finding=cautions[0], by=front_desk)
    for caution in cautions[:-1]:
        assert (
            booking.appointment_acknowledge(finding=caution, by=aesthetician, note="ok").status == "pending"
        )
    confirmed = booking.appointment_acknowledge(
        finding=cautions[-1], by=aesthetician, note="Checked the scalp"
    )
    assert confirmed.status == AppointmentStatus.BOOKED
    assert cautions[-1].acknowledged_by == aesthetician


def test_intensity_above_a_cap_is_a_caution_lowered_in_one_step(front_desk, practitioner, at):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    appointment = booking.appointment_book(
        request=request_for(client, practitioner, at(10), intensity="intense"), by=front_desk
    )
    assert appointment.findings.filter(code="INTENSITY-CAP").exists()
    booking.appointment_set_intensity(
        appointment=appointment, intensity=Intensity.objects.get(code="gentle"), by=front_desk
    )
    assert not appointment.findings.filter(code="INTENSITY-CAP").exists()
    assert appointment.intensity.code == "gentle"


def test_new_intake_with_a_flare_blocks_the_upcoming_appointment(
    front_desk, practitioner, at, django_capture_on_commit_callbacks
):
    client = client_with({}, front_desk)
    practitioner.user.email = "practitioner@example.com"
    practitioner.user.save()
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    with django_capture_on_commit_callbacks(execute=True):
        intake_submit(client=client, document=document(client, **ECZEMA_ACTIVE_FACE), by=front_desk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BLOCKED
    assert Notice.objects.get(user=practitioner.user).url == appointment.get_absolute_url()
    assert mail.outbox[0].to == ["practitioner@example.com"]


def test_check_in_with_a_new_flare_stops_the_treatment(front_desk, aesthetician, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    later_today = timezone.now().replace(microsecond=0)
    Appointment.objects.filter(pk=appointment.pk).update(start=later_today, end=later_today + (at(1) - at(0)))
    appointment.refresh_from_db()
    # The client reports a flare on the day; updating the intake re-screens the appointment.
    intake_submit(
        client=client,
        document=document(client, intake_date=timezone.localdate().isoformat(), **ECZEMA_ACTIVE_FACE),
        by=aesthetician,
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BLOCKED
    with pytest.raises(ValidationError, match="confirmed appointment"):
        booking.appointment_check_in(appointment=appointment, by=aesthetician, no_change=True)


def test_check_in_on_the_day_arrives(front_desk, aesthetician, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    now = timezone.now()
    Appointment.objects.filter(pk=appointment.pk).update(start=now, end=now + (at(1) - at(0)))
    appointment.refresh_from_db()
    booking.appointment_check_in(appointment=appointment, by=aesthetician, no_change=True)
    assert appointment.status == AppointmentStatus.ARRIVED


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        (lambda at: at(10, day=at(0).date().replace(year=2020)), "start", "in the past"),
        (lambda at: at(7), "start", "Outside opening hours"),
        (lambda at: at(17, 30), "start", "Outside opening hours"),
    ],
)
def test_slot_outside_time_rules_is_refused_by_field(front_desk, practitioner, at, when, field, message):
    client = client_with({}, front_desk)
    with pytest.raises(ValidationError) as error:
        booking.appointment_book(request=request_for(client, practitioner, when(at)), by=front_desk)
    assert message in " ".join(error.value.message_dict[field])


def test_a_closed_day_and_choices_the_treatment_is_not_given_with_are_refused_by_field(
    front_desk, practitioner, at, booking_day
):
    client = client_with({}, front_desk)
    sunday = booking_day + datetime.timedelta(days=6 - booking_day.weekday())
    choices = {"method": "crystal", "intensity": "gentle"}
    with pytest.raises(ValidationError) as closed:
        booking.appointment_book(
            request=request_for(client, practitioner, at(10, day=sunday), **choices), by=front_desk
        )
    assert closed.value.message_dict == {
        "start": ["The clinic is closed on Sunday."],
        "practitioner": [f"{practitioner} does not work on Sunday."],
    }
    consultation = Treatment.objects.get(code="consultation-face")
    with pytest.raises(ValidationError) as not_given:
        booking.appointment_book(
            request=request_for(client, practitioner, at(10), treatment=consultation.code, **choices),
            by=front_desk,
        )
    assert not_given.value.message_dict == {
        "method": [f"{consultation} is not given with this method."],
        "intensity": [f"{consultation} is not given at this intensity."],
    }


def test_practitioner_must_work_that_day_and_be_qualified(front_desk, practitioner, at, booking_day):
    client = client_with({}, front_desk)
    practitioner.working_days.filter(weekday=booking_day.weekday()).delete()
    with pytest.raises(ValidationError, match="does not work on"):
        booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    next_day = booking_day + datetime.timedelta(days=1)
    practitioner.treatments.remove(Treatment.objects.get(code="microdermabrasion-face"))
    with pytest.raises(ValidationError, match="not qualified"):
        booking.appointment_book(
            request=request_for(client, practitioner, at(10, day=next_day)), by=front_desk
        )


def test_no_double_booking_of_practitioner_or_client(front_desk, practitioner, at):
    first, second = client_with({}, front_desk), client_with({}, front_desk)
    booking.appointment_book(request=request_for(first, practitioner, at(10)), by=front_desk)
    with pytest.raises(ValidationError, match="already has an appointment from 10:00"):
        booking.appointment_book(request=request_for(second, practitioner, at(10, 30)), by=front_desk)
    other = Practitioner.objects.create(user=UserFactory(role="Aesthetician"))
    other.treatments.set(Treatment.objects.all())
    other.working_days.create(weekday=at(0).weekday())
    with pytest.raises(ValidationError, match="client already has an appointment"):
        booking.appointment_book(request=request_for(first, other, at(10, 30)), by=front_desk)


def test_a_booking_locks_only_its_practitioners_row_while_it_checks_the_slot(front_desk, practitioner, at):
    client = client_with({}, front_desk)
    with CaptureQueriesContext(connection) as queries:
        booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    sent = [statement_sent(query["sql"]) for query in queries.captured_queries]
    locks = [sql for sql in sent if READ.match(sql) and sql.endswith("FOR UPDATE")]
    if connection.features.has_select_for_update:
        (lock,) = [sql for sql in locks if '"intake_practitioner"' in sql]
        assert "JOIN" not in lock


def test_contraindication_in_a_taken_slot_is_a_slot_problem_and_logs_no_attempt(
    front_desk, clinic_admin, practitioner, at
):
    booking.appointment_book(
        request=request_for(client_with({}, front_desk), practitioner, at(10)), by=front_desk
    )
    request = request_for(client_with(ECZEMA_ACTIVE_FACE, front_desk), practitioner, at(10, 30))
    with pytest.raises(ValidationError) as error:
        booking.appointment_book(request=request, by=front_desk)
    assert "already has an appointment from 10:00" in " ".join(error.value.message_dict["start"])
    with pytest.raises(ValidationError, match="already has an appointment"):
        booking.appointment_book(request=request, by=clinic_admin, override_reason="Dermatologist letter")
    assert not BookingAttempt.objects.exists()
    assert Appointment.objects.count() == 1


def test_booking_is_stored_screened_with_one_audited_row_each(front_desk, practitioner, at):
    client = client_with(ECZEMA_CONTROLLED, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    appointment.refresh_from_db()
    assert appointment.screened_intake == client.intakes.get(is_current=True)
    assert appointment.screened_at is not None
    assert (appointment.status, appointment.worst_level) == (AppointmentStatus.PENDING_REVIEW, "caution")
    assert [(row.history_type, row.status) for row in appointment.history.all()] == [("+", "pending")]
    findings = list(appointment.findings.all())
    assert len(findings) >= 2 and all(row.history.count() == 1 for row in findings)
    audited = AuditEntry.objects.filter(client_id=client.pk, user_id=front_desk.pk, action="create")
    entry = audited.get(model="intake.appointment", object_id=str(appointment.pk))
    assert (entry.changes["status"], entry.changes["client_id"]) == ([None, "pending"], [None, client.pk])
    assert {entry.object_id for entry in audited.filter(model="intake.appointmentfinding")} == {
        str(row.pk) for row in findings
    }


def test_consultation_is_booked_without_screening(front_desk, practitioner, at):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    consultation = Treatment.objects.filter(consultation_for__isnull=False).first()
    appointment = booking.appointment_book(
        request=request_for(client, practitioner, at(10), treatment=consultation.code), by=front_desk
    )
    assert (appointment.status, appointment.worst_level, appointment.screened_intake) == ("booked", "", None)
    assert not appointment.findings.exists()


def test_moving_checks_the_slot_against_every_appointment_but_the_one_moved(front_desk, practitioner, at):
    first, second = client_with({}, front_desk), client_with({}, front_desk)
    moved = booking.appointment_book(request=request_for(first, practitioner, at(10)), by=front_desk)
    booking.appointment_book(request=request_for(second, practitioner, at(12)), by=front_desk)
    with pytest.raises(ValidationError, match="already has an appointment from 12:00 to 13:00"):
        booking.appointment_move(appointment=moved, start=at(11, 30), by=front_desk)
    booking.appointment_move(appointment=moved, start=at(10, 30), by=front_desk)
    moved.refresh_from_db()
    assert moved.start == at(10, 30)


def test_cancelled_slot_can_be_booked_again_and_moving_keeps_history(front_desk, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    booking.appointment_move(appointment=appointment, start=at(12), by=front_desk)
    booking.appointment_cancel(appointment=appointment, by=front_desk, reason="Client asked")
    again = booking.appointment_book(request=request_for(client, practitioner, at(12)), by=front_desk)
    assert again.status == AppointmentStatus.BOOKED
    actions = list(appointment.events.values_list("action", flat=True))
    assert actions[0] == "booked"
    assert "moved" in actions and actions[-1] == "cancelled"


def test_treated_appointment_counts_as_a_previous_session(front_desk, aesthetician, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    now = timezone.now()
    Appointment.objects.filter(pk=appointment.pk).update(start=now, end=now + (at(1) - at(0)))
    appointment.refresh_from_db()
    booking.appointment_check_in(appointment=appointment, by=aesthetician, no_change=True)
    booking.appointment_finish(appointment=appointment, by=aesthetician, status=AppointmentStatus.FULFILLED)
    result = booking.booking_screen(
        client=client, treatment=Treatment.objects.get(code="microdermabrasion-face"), on=timezone.localdate()
    )
    assert "FREQUENCY" in {finding.code for finding in result.findings}
    with pytest.raises(ValidationError, match="cannot be marked"):
        booking.appointment_finish(appointment=appointment, by=aesthetician, status=AppointmentStatus.NOSHOW)


def test_a_clearance_recorded_in_review_waives_a_rule_that_allows_it(
    front_desk, aesthetician, practitioner, at
):
    from intake.models import Rule
    from intake.services.review import clearance_record
    from intake.services.rules import rule_save

    rule = Rule.objects.get(code="PSO-CONTROLLED")
    rule.params = {**rule.params, "unless_cleared": True}
    rule_save(rule=rule)
    client = client_with(
        {"conditions": [{"code": "psoriasis", "status": "remission", "sites": ["face"]}]}, front_desk
    )
    face = Treatment.objects.get(code="microdermabrasion-face")

    def codes():
        return {
            f.code for f in booking.booking_screen(client=client, treatment=face, on=at(0).date()).findings
        }

    assert "PSO-CONTROLLED" in codes()
    clearance_record(client=client, by=aesthetician, date=timezone.localdate(), note="Letter on file")
    assert "PSO-CONTROLLED" not in codes()


def test_the_practitioner_finds_the_notice_from_the_menu(as_user, front_desk, practitioner, at):
    from django.urls import reverse

    client = client_with({}, front_desk)
    booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    intake_submit(client=client, document=document(client, **ECZEMA_ACTIVE_FACE), by=front_desk)
    http = as_user(practitioner.user)
    assert f'href="{reverse("intake:notices")}"' in http.get(reverse("intake:client_list")).content.decode()
    assert "Blocked:" in http.get(reverse("intake:notices")).content.decode()


def booked_without_intake(client, practitioner, start, clinic_admin) -> Appointment:
    """An appointment booked over the missing intake's contraindication."""
    request = request_for(client, practitioner, start)
    return booking.appointment_book(request=request, by=clinic_admin, override_reason="Intake on the day")


def test_booking_without_an_intake_is_marked_until_an_intake_is_recorded(
    clinic_admin, front_desk, practitioner, at
):
    newcomer = ClientFactory()
    appointment = booked_without_intake(newcomer, practitioner, at(10), clinic_admin)
    assert appointment.needs_intake
    intake_submit(
        client=newcomer,
        document=document(newcomer, intake_date=timezone.localdate().isoformat()),
        by=front_desk,
    )
    appointment.refresh_from_db()
    assert (appointment.needs_intake, appointment.history.first().needs_intake) == (False, False)


def test_a_client_with_an_intake_is_booked_unmarked(front_desk, practitioner, at):
    client = client_with({}, front_desk)
    appointment = booking.appointment_book(request=request_for(client, practitioner, at(10)), by=front_desk)
    assert not appointment.needs_intake


def test_migration_marks_the_appointments_whose_findings_want_an_intake(
    clinic_admin, front_desk, practitioner, at
):
    wanting = booked_without_intake(ClientFactory(), practitioner, at(10), clinic_admin)
    clear = booking.appointment_book(
        request=request_for(client_with({}, front_desk), practitioner, at(12)), by=front_desk
    )
    Appointment.objects.update(needs_intake=False)
    MIGRATION.fill(apps, None)
    marked = dict(Appointment.objects.values_list("pk", "needs_intake"))
    assert (marked[wanting.pk], marked[clear.pk]) == (True, False)
