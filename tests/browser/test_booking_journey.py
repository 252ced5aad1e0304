"""Booking in a real browser: a refusal with its reason, then pending review, acknowledged, confirmed."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document


def client_with(conditions, by, **names):
    client = ClientFactory(**names)
    intake_submit(
        client=client,
        document=document(client, intake_date=timezone.localdate().isoformat(), conditions=conditions),
        by=by,
    )
    return client


def book(page, client, booking_day, treatment, intensity="Standard", time="10:00"):
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Book a treatment").click()
    page.get_by_label("Treatment").select_option(label=treatment)
    page.get_by_label("Method").select_option(label="Diamond-tip")
    page.get_by_label("Intensity").select_option(label=intensity)
    page.get_by_label("Practitioner").select_option(index=1)
    page.get_by_label("Date").fill(booking_day.isoformat())
    page.get_by_label("Time").fill(time)
    page.get_by_role("button", name="Book", exact=True).click()


def test_front_desk_is_refused_then_books_pending_review(
    page, login, front_desk, practitioner, booking_day, screenshot
):
    flare = client_with(
        [{"code": "eczema", "status": "active", "sites": ["face"]}], front_desk, last_name="Flare"
    )
    calm = client_with(
        [{"code": "eczema", "status": "remission", "sites": ["scalp"]}], front_desk, last_name="Calm"
    )
    login(front_desk)

    book(page, flare, booking_day, "Facial microdermabrasion")
    expect(page.get_by_text("This booking is contraindicated and was not made.")).to_be_visible()
    expect(page.get_by_text("Active eczema flare-up")).to_be_visible()
    expect(page.get_by_text(re.compile("Wait until the flare-up subsides"))).to_be_visible()
    expect(page.get_by_role("button", name="Book despite the contraindication")).to_have_count(0)
    screenshot(page, "booking-refused")

    book(page, calm, booking_day, "Scalp microdermabrasion", intensity="Intense", time="11:00")
    expect(page.get_by_text(re.compile("Booked, pending review"))).to_be_visible()
    expect(page.get_by_text("Pending review", exact=True)).to_be_visible()
    assert page.console_errors == []


def test_aesthetician_acknowledges_lowers_intensity_and_confirms(
    page, login, front_desk, aesthetician, practitioner, booking_day, screenshot
):
    from intake.models import Intensity, Method, Treatment
    from intake.services import booking

    calm = client_with(
        [{"code": "eczema", "status": "remission", "sites": ["scalp"]}], front_desk, last_name="Calm"
    )
    start = timezone.make_aware(
        timezone.datetime.combine(booking_day, timezone.datetime.min.time().replace(hour=11))
    )
    booking.appointment_book(
        request=booking.BookingRequest(
            client=calm,
            treatment=Treatment.objects.get(code="microdermabrasion-scalp"),
            practitioner=practitioner,
            start=start,
            method=Method.objects.get(code="diamond-tip"),
            intensity=Intensity.objects.get(code="intense"),
        ),
        by=front_desk,
    )
    login(aesthetician)
    page.get_by_role("link", name="Schedule").click()
    page.get_by_label("Date").fill(booking_day.isoformat())
    page.get_by_label("View").select_option("week")
    page.get_by_role("button", name="Show").click()
    screenshot(page, "schedule")
    page.get_by_role("link", name=re.compile("11:00")).click()

    page.get_by_role("button", name="Lower the intensity to Gentle").click()
    expect(page.get_by_text("Intensity set to Gentle and screened again.")).to_be_visible()
    expect(page.get_by_text("INTENSITY-CAP")).to_have_count(0)
    buttons = page.get_by_role("button", name=re.compile("^Acknowledge "))
    while buttons.count():
        page.get_by_placeholder("Note (optional)").first.fill("Discussed with the client")
        buttons.first.click()
    expect(page.get_by_text(re.compile("the appointment is confirmed"))).to_be_visible()
    expect(page.get_by_text("Confirmed", exact=True)).to_be_visible()
    screenshot(page, "appointment-confirmed")
    assert page.console_errors == []


def test_check_in_with_a_new_flare_stops_the_treatment(
    page, login, front_desk, aesthetician, practitioner, at
):
    from intake.models import Appointment, Treatment
    from intake.services import booking

    client = client_with([], front_desk, last_name="Today")
    appointment = booking.appointment_book(
        request=booking.BookingRequest(
            client=client,
            treatment=Treatment.objects.get(code="microdermabrasion-face"),
            practitioner=practitioner,
            start=at(10),
        ),
        by=front_desk,
    )
    now = timezone.now()
    Appointment.objects.filter(pk=appointment.pk).update(start=now, end=now + timezone.timedelta(hours=1))
    login(aesthetician)
    page.goto(appointment.get_absolute_url())
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()
    page.get_by_role("link", name="Something changed: update the intake").click()
    conditions = page.locator("[data-formset=conditions]")
    conditions.get_by_label("Condition").last.select_option("eczema")
    conditions.get_by_label("Status").last.select_option("active")
    conditions.get_by_label("Face").last.check()
    page.get_by_role("button", name="Save intake").click()
    page.goto(appointment.get_absolute_url())
    expect(page.get_by_text("Blocked: screening found a contraindication.")).to_be_visible()
    expect(page.get_by_role("heading", name="Check in")).to_have_count(0)
    assert Appointment.objects.get(pk=appointment.pk).status == "blocked"
