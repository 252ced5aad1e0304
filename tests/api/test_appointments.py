"""Booking through the API: `appointment_book` with the page's rules, overrides and clash checks."""

import pytest

from intake.models import Appointment, AppointmentStatus, BookingAttempt
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

pytestmark = pytest.mark.django_db
URL = "/api/v1/appointments/"


@pytest.fixture
def booking(practitioner, at):
    """A booking request for a client at a time (10:00 on the booking day unless given)."""

    def request(client, hour=10, **fields) -> dict:
        return {
            "client": client.pk,
            "treatment": "microdermabrasion-face",
            "practitioner": practitioner.pk,
            "start": at(hour).isoformat(),
            **fields,
        }

    return request


@pytest.fixture
def eczema_flare(front_desk, today):
    """A client whose current intake reports an eczema flare-up: contraindicated for every treatment."""
    client = ClientFactory()
    flare = [{"code": "eczema", "status": "active", "sites": ["hands"]}]
    intake_submit(
        client=client, document=document(client, intake_date=today, conditions=flare), by=front_desk
    )
    return client


def test_a_clear_booking_is_created_and_confirmed(api, front_desk, client_with_intake, booking):
    answer = api(front_desk).post(URL, booking(client_with_intake, method="diamond-tip"), format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["status"], body["worst_level"], body["method"]) == ("booked", "advice", "diamond-tip")
    assert answer["Location"] == f"{URL}{body['id']}/"
    assert [finding["level"] for finding in body["findings"]] == ["advice"]
    appointment = Appointment.objects.get()
    assert appointment.created_by == front_desk
    assert appointment.events.filter(action="booked", by=front_desk).exists()


def test_a_contraindication_is_refused_with_every_finding_and_logged(api, front_desk, eczema_flare, booking):
    answer = api(front_desk).post(URL, booking(eczema_flare), format="json")
    assert answer.status_code == 409
    body = answer.json()
    assert body["screening"]["worst"] == "contraindicated"
    assert "ECZ-ACTIVE" in [finding["code"] for finding in body["screening"]["findings"]]
    assert not Appointment.objects.exists()
    attempt = BookingAttempt.objects.get()
    assert (attempt.by, attempt.overridden) == (front_desk, False)


def test_an_override_needs_the_permission(api, front_desk, eczema_flare, booking):
    answer = api(front_desk).post(URL, booking(eczema_flare, override_reason="Cleared"), format="json")
    assert answer.status_code == 403
    assert not Appointment.objects.exists()


def test_a_clinic_admin_overrides_with_a_reason(api, clinic_admin, eczema_flare, booking):
    reason = "Dermatologist has cleared the client in writing"
    answer = api(clinic_admin).post(URL, booking(eczema_flare, override_reason=reason), format="json")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["override_reason"] == reason
    assert any(finding["overridden"] for finding in body["findings"] if finding["code"] == "ECZ-ACTIVE")
    assert BookingAttempt.objects.get().overridden


def test_a_caution_books_pending_review(api, front_desk, booking, today):
    client = ClientFactory()
    intake_submit(
        client=client, document=document(client, intake_date=today, skin={"sensitive": True}), by=front_desk
    )
    answer = api(front_desk).post(URL, booking(client), format="json")
    assert answer.status_code == 201
    assert answer.json()["status"] == AppointmentStatus.PENDING_REVIEW


def test_a_clash_is_a_422_naming_the_start(api, front_desk, client_with_intake, booking):
    http = api(front_desk)
    assert http.post(URL, booking(client_with_intake), format="json").status_code == 201
    other = ClientFactory()
    clash = http.post(URL, booking(other, hour=10), format="json")
    assert clash.status_code == 422
    assert "already has an appointment" in clash.json()["start"][0]


def test_a_time_in_the_past_and_outside_hours_is_a_422(api, front_desk, client_with_intake, booking):
    answer = api(front_desk).post(URL, booking(client_with_intake, hour=20), format="json")
    assert answer.status_code == 422
    assert "Outside opening hours" in answer.json()["start"][0]
    past = api(front_desk).post(
        URL, {**booking(client_with_intake), "start": "2020-01-01T10:00:00Z"}, format="json"
    )
    assert past.status_code == 422
    assert "past" in past.json()["start"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"treatment": "laser"}, "treatment"),
        ({"practitioner": 999}, "practitioner"),
        ({"start": "tomorrow"}, "start"),
        ({"intensity": ["gentle"]}, "intensity"),
        ({"client": "Amira"}, "client"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, front_desk, client_with_intake, booking, change, field):
    answer = api(front_desk).post(URL, {**booking(client_with_intake), **change}, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == [field]


def test_list_filters_and_detail(api, aesthetician, front_desk, client_with_intake, booking, booking_day):
    booked = api(front_desk).post(URL, booking(client_with_intake), format="json").json()
    http = api(aesthetician)
    listed = http.get(URL, {"client": client_with_intake.pk, "date": booking_day.isoformat()}).json()
    assert [row["id"] for row in listed["results"]] == [booked["id"]]
    assert http.get(URL, {"status": "cancelled"}).json()["count"] == 0
    assert http.get(URL, {"status": "gone"}).status_code == 400
    detail = http.get(f"{URL}{booked['id']}/")
    assert detail.status_code == 200
    assert detail.json()["treatment"] == "microdermabrasion-face"
