"""A client fills in, signs and sends their own intake on a phone; the link then stops working."""

from playwright.sync_api import expect

from intake.models import ConsentSignature, Intake
from intake.services.selfservice import intake_link_create

PHONE = {"width": 390, "height": 844}


def test_client_fills_and_signs_on_a_phone(
    browser, live_server, reference_data, front_desk, client_record, screenshot
):
    _, token = intake_link_create(client=client_record, by=front_desk)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"/i/{token}/")
    expect(page.get_by_role("heading", name="Hello Amira")).to_be_visible()

    page.get_by_label("How does your skin react to the sun?").select_option("3")
    page.get_by_role("group", name="Is your skin sensitive").get_by_label("Yes").check()
    page.get_by_label("Eczema (atopic dermatitis)").select_option("inactive")
    page.get_by_label("What would you like to achieve?").fill("Calmer, smoother skin")
    page.wait_for_timeout(1200)  # the form saves progress a moment after the last change
    expect(page.get_by_text("Your progress is saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("What would you like to achieve?")).to_have_value("Calmer, smoother skin")

    page.get_by_label("I have read the information above").check()
    page.get_by_label("Type your full name to sign").fill("Amira Haddad")
    pad = page.locator("canvas.signature-pad").first
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 20, steps=8)
    page.mouse.move(box["x"] + box["width"] - 20, box["y"] + box["height"] - 20, steps=8)
    page.mouse.up()
    screenshot(page, "selfservice-phone")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    intake = Intake.objects.get(client=client_record)
    assert intake.needs_check and intake.conditions.get().status == "inactive"
    assert (
        ConsentSignature.objects.filter(client=client_record).first().signature.startswith("data:image/png")
    )
    assert errors == []
    page.goto(f"/i/{token}/")
    expect(page.get_by_role("heading", name="This link is no longer valid")).to_be_visible()
    context.close()
