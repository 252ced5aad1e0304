"""Front desk registers a client and records an intake, in a real browser."""
import re

from playwright.sync_api import expect


def test_front_desk_registers_client_with_active_eczema(page, login, front_desk, screenshot):
    """The issue's day-one journey: a new client with an active eczema flare-up on the face."""
    login(front_desk)
    page.get_by_role("link", name="New client").click()
    page.get_by_label("First name").fill("Noor")
    page.get_by_label("Last name").fill("Rahman")
    page.get_by_label("Date of birth").fill("1993-02-11")
    page.get_by_label("Phone").fill("07700 900555")
    page.get_by_role("button", name="Save client").click()
    expect(page.get_by_role("heading", name="Noor Rahman")).to_be_visible()
    expect(page.get_by_text("No intake on file: this client cannot be treated")).to_be_visible()

    page.get_by_role("link", name="Fill in intake").click()
    page.get_by_label("Fitzpatrick skin type").select_option("3")
    page.get_by_label("Client reports sensitive skin").check()
    conditions = page.locator("[data-formset=conditions]")
    conditions.get_by_label("Condition").select_option("eczema")
    conditions.get_by_label("Status").select_option("active")
    conditions.get_by_label("Face").check()
    page.get_by_label(re.compile("understands the risks")).check()
    page.get_by_label("Consent signed by (full name)").fill("Noor Rahman")
    screenshot(page, "intake-form")
    page.get_by_role("button", name="Save intake").click()

    expect(page.get_by_text("Intake version 1 saved.")).to_be_visible()
    expect(page.get_by_text("Eczema (atopic dermatitis) — Active (flare-up now) (Face)")).to_be_visible()
    expect(page.get_by_text("Active eczema flare-up").first).to_be_visible()
    screenshot(page, "client-page")
    assert page.console_errors == []


def test_bad_intake_keeps_what_was_typed(page, login, front_desk, client_record):
    """A procedure dated after the intake is refused next to the field; the rest stays filled in."""
    login(front_desk)
    page.goto(f"/clients/{client_record.pk}/intake/new/")
    page.get_by_label("Intake date").fill("2026-11-01")
    page.get_by_label("Skin concerns").fill("Dull skin on the cheeks")
    procedures = page.locator("[data-formset=procedures]")
    procedures.get_by_label("Procedure").select_option("chemical-peel")
    procedures.get_by_label("Date").fill("2026-11-05")
    page.get_by_role("button", name="Save intake").click()

    expect(page.get_by_text("This date is after the intake date.")).to_be_visible()
    expect(page.get_by_label("Skin concerns")).to_have_value("Dull skin on the cheeks")
    expect(procedures.get_by_label("Procedure")).to_have_value("chemical-peel")
