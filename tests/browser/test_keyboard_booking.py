"""The whole booking flow works with the keyboard alone: no mouse from sign-in to a booked appointment."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from intake.services.intakes import intake_submit
from tests.browser.conftest import DEMO_PASSWORD
from tests.factories import document

TAB_LIMIT = 80


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def press_and_wait(page, key: str) -> None:
    """Press a key that follows a link or submits a form, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_front_desk_books_with_the_keyboard_alone(
    browser, live_server, reference_data, front_desk, practitioner, client_record, booking_day
):
    intake_submit(
        client=client_record,
        document=document(client_record, intake_date=timezone.localdate().isoformat()),
        by=front_desk,
    )
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(front_desk.username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()

    tab_to(page, "#q")
    page.keyboard.type(client_record.last_name)
    press_and_wait(page, "Enter")
    tab_to(page, f'a[href="/clients/{client_record.pk}/"]')
    press_and_wait(page, "Enter")
    tab_to(page, f'a[href="/clients/{client_record.pk}/book/"]')
    press_and_wait(page, "Enter")

    tab_to(page, "#id_treatment")
    page.keyboard.type("Facial mic")
    tab_to(page, "#id_practitioner")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_date")
    page.keyboard.type(booking_day.strftime("%m%d%Y"))
    tab_to(page, "#id_time")
    page.keyboard.type("1000AM")
    tab_to(page, 'button[name="book"]')
    press_and_wait(page, "Enter")

    expect(page.get_by_text("Booked and confirmed.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Facial microdermabrasion"))).to_be_visible()
    context.close()
