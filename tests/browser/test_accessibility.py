"""Every page a user works in passes axe-core with no serious or critical violation."""

import pytest
from django.utils import timezone

from intake.models import Appointment, Treatment
from intake.services.booking import BookingRequest, appointment_book
from intake.services.intakes import intake_submit
from intake.services.selfservice import intake_link_create
from tests.factories import document


@pytest.fixture
def records(front_desk, practitioner, client_record, at):
    """A client with an intake and a pending appointment."""
    intake_submit(
        client=client_record,
        document=document(
            client_record, intake_date=timezone.localdate().isoformat(), skin={"sensitive": True}
        ),
        by=front_desk,
    )
    request = BookingRequest(
        client=client_record,
        treatment=Treatment.objects.get(code="microdermabrasion-face"),
        practitioner=practitioner,
        start=at(10),
    )
    return appointment_book(request=request, by=front_desk)


STAFF_PAGES = [
    "/clients/",
    "/clients/new/",
    "/clients/{client}/",
    "/clients/{client}/edit/",
    "/clients/{client}/intake/new/",
    "/clients/{client}/intake/v1/",
    "/clients/{client}/book/",
    "/clients/{client}/intake-link/",
    "/clients/{client}/print/",
    "/appointments/{appointment}/",
    "/appointments/{appointment}/aftercare/",
    "/schedule/?view=week&date={date}",
    "/notices/",
    "/rules/",
    "/review/",
    "/clients/{client}/timeline/",
    "/accounts/two-factor/",
]


def test_staff_pages_have_no_serious_violations(page, login, aesthetician, records, axe, booking_day):
    appointment: Appointment = records
    login(aesthetician)
    for path in STAFF_PAGES:
        url = path.format(
            client=appointment.client_id, appointment=appointment.pk, date=booking_day.isoformat()
        )
        page.goto(url)
        axe(page, url)


def test_clinic_admin_pages_have_no_serious_violations(page, login, clinic_admin, records, axe):
    login(clinic_admin)
    for url in ("/dashboard/", "/rules/what-if/"):
        page.goto(url)
        axe(page, url)


def test_sign_in_and_client_self_service_have_no_serious_violations(page, axe, front_desk, client_record):
    page.goto("/accounts/login/")
    axe(page, "sign in")
    _, token = intake_link_create(client=client_record, by=front_desk)
    page.goto(f"/i/{token}/")
    axe(page, "self-service form")
    page.goto("/i/done/")
    axe(page, "thank-you page")
