"""Headless Chromium for browser journeys: the Debian system browser, never a download."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("PCSO_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes
    # Django refuse ORM calls from the test body (creating data mid-journey).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Problems(list):
    """Console errors (CSP violations among them) and uncaught exceptions seen by a page."""

    def watch(self, page):
        page.on("console", lambda msg: self.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.append(f"exception: {exc}"))
        return page


@pytest.fixture
def phone(browser):
    """A new phone-sized browser context per call (a separate person, separate cookies)."""
    contexts = []
    problems = Problems()

    def open_page():
        # Reduced motion: charts draw without animating, so screenshots show final values.
        context = browser.new_context(
            viewport=PHONE, device_scale_factor=1, locale="en-GB", timezone_id="Europe/London", reduced_motion="reduce"
        )
        contexts.append(context)
        return problems.watch(context.new_page())

    open_page.problems = problems
    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def menu_link(page, name, **kwargs):
    """A link of the main menu. On a phone the menu is folded under "Menu": open it first,
    as a person would."""
    menu = page.locator("details.site-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    return page.locator("nav.site-nav").get_by_role("link", name=name, **kwargs)
