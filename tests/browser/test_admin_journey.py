"""Clinic admin: lengthen the isotretinoin window, re-screen, see the appointment blocked and audited."""

import datetime
import json
import re

from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Appointment, AppointmentStatus, Rule, Treatment
from intake.services.booking import BookingRequest, appointment_book
from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document


def test_admin_changes_a_window_rescreens_and_sees_the_block_and_the_audit(
    page, login, clinic_admin, front_desk, practitioner, at, booking_day, screenshot, axe
):
    client = ClientFactory(first_name="Chloe", last_name="Martin")
    last_dose = booking_day - datetime.timedelta(days=200)  # outside 184 days, inside a year
    intake_submit(
        client=client,
        document=document(
            client,
            intake_date=timezone.localdate().isoformat(),
            medications=[{"code": "isotretinoin", "current": False, "last_taken": last_dose.isoformat()}],
        ),
        by=front_desk,
    )
    request = BookingRequest(
        client=client,
        treatment=Treatment.objects.get(code="microdermabrasion-face"),
        practitioner=practitioner,
        start=at(10),
    )
    appointment = appointment_book(request=request, by=front_desk)
    assert appointment.status == AppointmentStatus.BOOKED

    login(clinic_admin)
    rule = Rule.objects.get(code="ISO-WINDOW")
    page.goto(f"/admin/intake/rule/{rule.pk}/change/")
    params = page.get_by_label("Parameters")
    params.fill(json.dumps({**rule.params, "within_days": 365}))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(re.compile("was changed successfully"))).to_be_visible()

    page.goto("/rules/")
    page.get_by_role("button", name="Re-screen everyone now").click()
    expect(page.get_by_text(re.compile(r"upcoming appointments screened again"))).to_be_visible()
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BLOCKED

    page.goto(f"/schedule/?date={booking_day.isoformat()}")
    expect(page.get_by_role("cell", name="Blocked")).to_be_visible()
    page.goto(appointment.get_absolute_url())
    expect(page.get_by_text("Blocked: screening found a contraindication.")).to_be_visible()
    expect(page.get_by_text("Isotretinoin taken within the last 365 days")).to_be_visible()
    axe(page, "blocked appointment")

    page.goto("/admin/intake/auditentry/?model=intake.rule&action=update")
    expect(page.get_by_role("cell", name=re.compile("ISO-WINDOW")).first).to_be_visible()
    page.get_by_role("button", name="Toggle navigation").click()
    page.set_viewport_size({"width": 1600, "height": 800})
    screenshot(page, "audit-trail")
    assert page.console_errors == []
