"""Fixtures of the security tests: real records for every URL's path arguments."""
from dataclasses import dataclass

import pytest
from django.utils import timezone

from intake.models import Appointment, Client, Intake, Treatment
from intake.services.booking import BookingRequest, appointment_book
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document


@dataclass(frozen=True)
class Records:
    """The real objects path arguments point at: a client with intake version 1 and an appointment."""

    client: Client
    intake: Intake
    appointment: Appointment


@pytest.fixture
def records(front_desk, practitioner, at) -> Records:
    """A client with one intake version and a booked appointment (with a finding), for path arguments."""
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake = intake_submit(client=client, document=document(client, intake_date=today), by=front_desk)
    treatment = Treatment.objects.get(code="microdermabrasion-face")
    request = BookingRequest(client=client, treatment=treatment, practitioner=practitioner, start=at(10))
    return Records(client, intake, appointment_book(request=request, by=front_desk))
