"""Query budgets of the booking form's "Book": booked, refused, a slot that cannot be booked, a consultation.

Three of the queries are the request's own (see test_page_queries). "Book" screens once (the
intake, its entries of every kind with the client's visits, and the rules: 3), checks the slot
under a lock on the practitioner, then writes the appointment and its findings, each with its
history and audit entry. It was 70, 45 and 28 queries
when the form screened before booking and booking screened again, 41, 37 and 29 when the
intake's entries were read in eight queries instead of one, 36 and 33 when each audit entry was
written in a savepoint of its own, 32 when the findings were written in one, and 29 when the
appointment's and the findings' audit entries were appended apart (each locking the chain head).
The slot's checks (clashes, opening hours, the practitioner's days and treatments) were three
queries, now one. Each budget is what a post runs today on SQLite, then on PostgreSQL, which moves
the audit chain's head in the entries' insert, and inserts new rows with their historical records
in one statement (`intake/history_inserts.py`: two fewer for a booking with findings, one for a
refusal). The client's visits were read apart from the intake's entries until they were one read.
"""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from intake.models import Appointment, BookingAttempt, Treatment
from intake.rules.loader import screening_context
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db

BUDGETS = {  # (SQLite, PostgreSQL)
    "booked": (21, 18),
    "refused": (21, 19),  # the attempt is logged, and the form shown again with every finding
    "slot problem": (16, 16),  # the form shown again with the screening booking got, as "check" shows it
    "consultation": (16, 14),  # not screened: no intake read, no findings written
}
EVERY_KIND_OF_ENTRY = {
    "conditions": [{"code": "eczema", "status": "remission", "sites": ["scalp"]}],
    "medications": [{"code": "isotretinoin", "current": False, "last_taken": "2020-01-01"}],
    "procedures": [{"code": "waxing", "date": "2020-06-01", "sites": ["face"]}],
    "answers": {"sunburn_sites": ["scalp"], "broken_skin_sites": ["scalp"]},
}
ECZEMA_ACTIVE_FACE = {"conditions": [{"code": "eczema", "status": "active", "sites": ["face"]}]}


def client_with(history: dict, by):
    """A client whose current intake, filled today, records `history`."""
    client = ClientFactory()
    today = timezone.localdate().isoformat()
    intake_submit(client=client, document=document(client, intake_date=today, **history), by=by)
    return client


@pytest.fixture
def book(as_user, front_desk, practitioner, booking_day, django_assert_max_num_queries):
    """POST the front desk's "Book" for a client at a time on the booking day, within a budget."""

    def post(client, budget: str, time: str = "10:00", treatment: str = "microdermabrasion-face"):
        form = {
            "treatment": Treatment.objects.get(code=treatment).pk,
            "practitioner": practitioner.pk,
            "date": booking_day.isoformat(),
            "time": time,
            "book": "1",
        }
        http = as_user(front_desk)
        screening_context()  # the rules are read once per process: read them before counting
        with django_assert_max_num_queries(BUDGETS[budget][connection.vendor == "postgresql"]):
            return http.post(reverse("intake:book", args=[client.pk]), form)

    return post


def test_booked(book, front_desk):
    client = client_with(EVERY_KIND_OF_ENTRY, front_desk)
    assert book(client, "booked").status_code == 302
    assert Appointment.objects.filter(client=client).exists()


def test_refused(book, front_desk):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    assert book(client, "refused").context["refused"]
    assert BookingAttempt.objects.filter(client=client).exists()


def test_slot_problem(book, front_desk):
    book(client_with({}, front_desk), "booked")
    page = book(client_with(ECZEMA_ACTIVE_FACE, front_desk), "slot problem", time="10:30")
    assert page.context["form"].errors["time"]


def test_consultation(book, front_desk):
    client = client_with(ECZEMA_ACTIVE_FACE, front_desk)
    consultation = Treatment.objects.filter(consultation_for__isnull=False).first()
    assert book(client, "consultation", treatment=consultation.code).status_code == 302
    assert Appointment.objects.filter(client=client).exists()
