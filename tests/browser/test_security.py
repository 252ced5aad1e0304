"""In a real browser: the content security policy holds on every main page, markup in a name stays
text, and a clinic admin sets up two-factor before reaching the Django admin."""
import re

from django.utils import timezone
from playwright.sync_api import expect

from intake.services.intakes import intake_submit
from tests.factories import ClientFactory, document
from tests.two_factor import totp_code

# Records every policy violation the page reports (added through the browser's debugging protocol,
# which the policy does not govern).
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def violations_on(page, url: str) -> list[str]:
    """Open the URL and return the policy violations and console errors it caused."""
    errors_before = len(page.console_errors)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations") + page.console_errors[errors_before:]


def test_main_pages_and_the_admin_break_no_policy(page, login, clinic_admin, front_desk):
    client = ClientFactory(first_name="Amira", last_name="Haddad")
    intake_submit(
        client=client,
        document=document(
            client,
            intake_date=timezone.localdate().isoformat(),
            conditions=[{"code": "eczema", "status": "active", "sites": ["face"]}],
        ),
        by=front_desk,
    )
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    assert violations_on(page, "/accounts/login/") == []
    login(clinic_admin)
    pages = [
        "/clients/",
        f"/clients/{client.pk}/",
        f"/clients/{client.pk}/intake/new/",
        f"/clients/{client.pk}/intake/v1/",
        f"/clients/{client.pk}/edit/",
        "/clients/new/",
        "/accounts/two-factor/",
        "/admin/",
        "/admin/intake/client/",
        f"/admin/intake/client/{client.pk}/change/",
        "/admin/auth/user/add/",
    ]
    found = {url: violations_on(page, url) for url in pages}
    assert found == {url: [] for url in pages}
    # The formset script adds a row from a <template> without tripping the policy.
    page.goto(f"/clients/{client.pk}/intake/new/")
    rows = page.locator("[data-formset=conditions] .formset-row")
    before = rows.count()
    page.locator("[data-formset=conditions] .formset-add").click()
    expect(rows).to_have_count(before + 1)
    assert page.evaluate("window.cspViolations") == []


def test_markup_in_a_client_name_is_shown_as_text_and_never_runs(page, login, front_desk):
    script, image = "<script>window.injected = 1</script>", '<img src="x" onerror="window.injected = 2">'
    client = ClientFactory(first_name=script, last_name=image)
    login(front_desk)
    record = f"/clients/{client.pk}/"
    for url in ("/clients/", f"/clients/?q={client.phone}", record, f"{record}edit/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.injected") is None
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator("script:not([src])").count() == 0
    page.goto(f"/clients/{client.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{script} {image}")


def test_clinic_admin_sets_up_two_factor_before_the_admin(page, clinic_admin):
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill(clinic_admin.username)
    page.get_by_label("Password").fill("pass-word-1")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.locator("svg.qr-code")).to_be_visible()
    expect(page.locator("#totp-secret")).to_have_text(re.compile(r"^([A-Z2-7]{4} )+[A-Z2-7]{4}$"))
    device = clinic_admin.totpdevice_set.get(confirmed=False)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Turn on two-factor").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    assert page.console_errors == []
