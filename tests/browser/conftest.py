"""Browser harness: Debian's Chromium driven by Playwright against pytest-django's live server."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from clinic.security.two_factor import two_factor_required
from tests.two_factor import authenticator, totp_code

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set up
# data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_PASSWORD = "pass-word-1"


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package: no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}; install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    """A fresh laptop-sized page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Sign a user in through the login page, and through two-factor when their role needs it."""

    def sign_in(user, password=DEMO_PASSWORD):
        device = authenticator(user) if two_factor_required(user) else None
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if device:
            page.get_by_label("Code").fill(totp_code(device))
            page.get_by_role("button", name="Verify").click()
            page.wait_for_load_state()
        return page

    return sign_in


@pytest.fixture
def screenshot():
    """Save a full-page screenshot into docs/screenshots/ (shown in the README)."""

    def save(page, name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return save


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def axe():
    """Run axe-core (the pinned npm package) on the page; fail on any serious or critical violation.

    The script is evaluated through the browser's debugging protocol, so the page's Content Security
    Policy stays as strict as in production.
    """
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does).")
    source = AXE.read_text()

    def check(page, label: str = ""):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({"
            "id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))})))"
        )
        serious = [v for v in result if v["impact"] in SERIOUS]
        assert not serious, f"{label or page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['targets'][:3]}" for v in serious
        )

    return check
