"""In a real browser: the API docs page (Swagger UI from drf-spectacular-sidecar, no CDN) runs under the
site's content security policy, and tries requests as the signed-in user, CSRF token included."""

from playwright.sync_api import expect

from intake.models import Client
from tests.browser.test_security import LISTEN_FOR_VIOLATIONS, violations_on


def test_the_docs_page_works_under_the_policy_and_tries_requests(page, login, front_desk):
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    login(front_desk)
    assert violations_on(page, "/api/docs/") == []
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Clinic Intake API")
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requested), requested

    operation = page.locator("#operations-clients-clients_create")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    body = '{"first_name": "Amira", "last_name": "Haddad", "date_of_birth": "1990-04-01"}'
    operation.locator("textarea.body-param__text").fill(body)
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tr.response .response-col_status")).to_contain_text("201")
    assert Client.objects.get().created_by == front_desk
    assert page.evaluate("window.cspViolations") == []
