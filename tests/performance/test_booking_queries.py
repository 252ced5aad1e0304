"""Query budgets of the booking form's "Book": booked, refused, and a slot that cannot be booked.

Ten of the queries are the request's own (see test_page_queries). "Book" screens once (the intake
with every kind of entry: 10), checks the slot under a lock on the practitioner, then writes the
appointment and its findings, each with its history and audit entry. It was 70, 45 and 28 queries
when the form screened before booking and booking screened again.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Appointment, BookingAttempt, Treatment
from intake.rules.loader import screening_context
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db

BUDGETS = {
    "booked": 42,
    "refused": 38,  # the attempt is logged, and the form shown again with every finding
    "slot problem": 30,  # the form shown again with the screening booking got, as "check" shows it
}


def client_with(by, **history):
    """A client whose current intake, filled today, records `history` (every kind of entry)."""
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(client=client, document=document(client, intake_date=today, **history), by=by)
    return client


def book(http, client, practitioner, day, assert_max_queries, budget: str, time: str = "10:00"):
    """POST the booking form's "Book" within the budget; the response."""
    form = {
        "treatment": Treatment.objects.get(code="microdermabrasion-face").pk,
        "practitioner": practitioner.pk,
        "date": day.isoformat(),
        "time": time,
        "book": "1",
    }
    screening_context()  # the rules are read once per process: read them before counting
    with assert_max_queries(BUDGETS[budget]):
        return http.post(reverse("intake:book", args=[client.pk]), form)


def test_booking_post(as_user, front_desk, practitioner, booking_day, django_assert_max_num_queries):
    http = as_user(front_desk)
    booked = client_with(
        front_desk,
        conditions=[{"code": "eczema", "status": "remission", "sites": ["scalp"]}],
        medications=[{"code": "isotretinoin", "current": False, "last_taken": "2020-01-01"}],
        procedures=[{"code": "waxing", "date": "2020-06-01", "sites": ["face"]}],
        answers={"sunburn_sites": ["scalp"], "broken_skin_sites": ["scalp"]},
    )
    response = book(http, booked, practitioner, booking_day, django_assert_max_num_queries, "booked")
    assert response.status_code == 302 and Appointment.objects.filter(client=booked).exists()
    refused = client_with(front_desk, conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}])
    response = book(
        http, refused, practitioner, booking_day, django_assert_max_num_queries, "refused", "12:00"
    )
    assert response.context["refused"] and BookingAttempt.objects.filter(client=refused).exists()
    response = book(
        http, refused, practitioner, booking_day, django_assert_max_num_queries, "slot problem", "10:30"
    )
    assert response.context["form"].errors["time"]
