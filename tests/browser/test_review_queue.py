"""The review queue and the dashboard in a real browser: a caution acknowledged leaves the queue."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Treatment
from intake.services import booking
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document

ECZEMA_CONTROLLED = [{"code": "eczema", "status": "remission", "sites": ["scalp"]}]
ECZEMA_ACTIVE = [{"code": "eczema", "status": "active", "sites": ["face"]}]


def client_with(conditions, by, **names):
    client = ClientFactory(**names)
    today = timezone.localdate().isoformat()
    intake_submit(client=client, document=document(client, intake_date=today, conditions=conditions), by=by)
    return client


def book(client, practitioner, start, by, treatment="microdermabrasion-face", **override):
    request = booking.BookingRequest(
        client=client, treatment=Treatment.objects.get(code=treatment), practitioner=practitioner, start=start
    )
    return booking.appointment_book(request=request, by=by, **override)


@pytest.fixture
def clinic_day(front_desk, clinic_admin, practitioner, at):
    """A calm client booked pending review, a flared-up one refused then overridden, and one blocked."""
    calm = client_with(ECZEMA_CONTROLLED, front_desk, first_name="Amira", last_name="Haddad")
    book(calm, practitioner, at(10), front_desk)
    flare = client_with(ECZEMA_ACTIVE, front_desk, first_name="Jonas", last_name="Berg")
    with pytest.raises(booking.BookingRefused):
        book(flare, practitioner, at(11), front_desk)
    book(
        flare,
        practitioner,
        at(11),
        clinic_admin,
        override_reason="Dermatologist has cleared the client in writing",
    )
    later = client_with([], front_desk, first_name="Mei", last_name="Tanaka")
    book(later, practitioner, at(14), front_desk)
    intake_submit(
        client=later,
        document=document(later, intake_date=timezone.localdate().isoformat(), conditions=ECZEMA_ACTIVE),
        by=front_desk,
    )
    return calm


def test_aesthetician_acknowledges_a_caution_and_it_leaves_the_queue(
    page, login, aesthetician, clinic_day, screenshot
):
    login(aesthetician)
    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    screenshot(page, "review-queue")
    page.get_by_label("Status").select_option(label="Open flag")
    page.get_by_label("Level", exact=True).select_option(label="Caution")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("listitem", name=re.compile(r"^Flag ECZ-CONTROLLED, Amira Haddad")).first
    expect(row).to_be_visible()
    flag_id = row.get_attribute("id")

    row.get_by_placeholder("Note (required to resolve)").fill("Discussed gentle settings with the client")
    row.get_by_role("button", name="Acknowledge ECZ-CONTROLLED").click()
    expect(page.get_by_text(re.compile("Flag ECZ-CONTROLLED acknowledged for Amira Haddad"))).to_be_visible()
    expect(page.locator(f"#{flag_id}")).to_have_count(0)
    expect(page.get_by_label("Status")).to_have_value("flag")
    assert page.console_errors == []


def test_clinic_admin_sees_the_dashboard(page, login, clinic_admin, clinic_day, screenshot):
    login(clinic_admin)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Open flags by level")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("^Refusals and overrides: Refused this week 1"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Tanaka")).to_be_visible()
    screenshot(page, "dashboard")
    assert page.console_errors == []
