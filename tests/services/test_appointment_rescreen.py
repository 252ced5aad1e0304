"""appointment_rescreen: a finding that has not changed keeps its acknowledgement when screened again."""

import datetime

import pytest
from django.utils import timezone

from intake.models import AppointmentStatus, Treatment
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
