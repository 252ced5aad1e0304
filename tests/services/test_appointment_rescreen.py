"""appointment_rescreen: a finding that has not changed keeps its acknowledgement when screened again."""

import datetime

import pytest
from django.utils import timezone

from intake.models import AppointmentStatus, AuditEntry, Treatment
from intake.services import booking
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db


def test_an_acknowledged_stale_intake_stays_acknowledged_a_day_later(
    front_desk, aesthetician, practitioner, at
):
    client = ClientFactory()
    filled_in = timezone.localdate() - datetime.timedelta(days=85)
    intake_submit(client=client, document=document(client, intake_date=filled_in.isoformat()), by=front_desk)
    request = booking.BookingRequest(
        client=client,
        treatment=Treatment.objects.get(code="microdermabrasion-face"),
        practitioner=practitioner,
        start=at(10),
    )
    appointment = booking.appointment_book(request=request, by=front_desk)
    stale = appointment.findings.get(code="INTAKE-STALE")
    booking.appointment_acknowledge(finding=stale, by=aesthetician, note="Nothing changed")

    booking.appointment_rescreen(
        appointment=appointment, by=None, on=appointment.date + datetime.timedelta(days=1)
    )

    assert appointment.status == AppointmentStatus.BOOKED
    rescreened = appointment.findings.get(code="INTAKE-STALE")
    assert (rescreened.evidence, rescreened.acknowledged_by, rescreened.acknowledgement_note) == (
        stale.evidence,
        aesthetician,
        "Nothing changed",
    )


def booked(front_desk, practitioner, at, **sections):
    """An appointment for facial microdermabrasion, booked for a client with an intake filled in today."""
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(client=client, document=document(client, intake_date=today, **sections), by=front_desk)
    request = booking.BookingRequest(
        client=client,
        treatment=Treatment.objects.get(code="microdermabrasion-face"),
        practitioner=practitioner,
        start=at(10),
    )
    return booking.appointment_book(request=request, by=front_desk)


def test_screening_again_with_nothing_changed_writes_nothing(front_desk, practitioner, at):
    appointment = booked(front_desk, practitioner, at, skin={"sensitive": True})
    findings = set(appointment.findings.values_list("pk", flat=True))
    entries = AuditEntry.objects.count()

    booking.appointment_rescreen(appointment=appointment, by=None)

    assert set(appointment.findings.values_list("pk", flat=True)) == findings
    assert AuditEntry.objects.count() == entries


def test_a_new_finding_is_stored_and_audited(front_desk, practitioner, at):
    appointment = booked(front_desk, practitioner, at)
    findings_audited = AuditEntry.objects.filter(model="intake.appointmentfinding")
    entries = findings_audited.count()
    client = appointment.client
    document_now = document(client, intake_date=timezone.localdate().isoformat(), skin={"sensitive": True})
    intake_submit(client=client, document=document_now, by=front_desk)  # re-screens its appointments

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PENDING_REVIEW
    assert appointment.findings.filter(code="SENSITIVE-SKIN").exists()
    assert findings_audited.count() > entries
