"""A PCSO's shift start on a phone, and the supervisor checking who has read the briefing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from briefings.services.generate import briefing_generate, briefing_period
from crimes.choices import CrimeCategory, CrimeSource
from tests.e2e.conftest import menu_link, screenshot
from tests.factories import PASSWORD, CrimeFactory

pytestmark = pytest.mark.e2e

CATEGORIES = [CrimeCategory.SHOPLIFTING, CrimeCategory.OTHER_THEFT, CrimeCategory.BURGLARY, CrimeCategory.PUBLIC_ORDER]

# Roughly Cheapside to Bishopsgate, around the crimes below.
BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[-0.098, 51.511], [-0.080, 51.511], [-0.080, 51.520], [-0.098, 51.520], [-0.098, 51.511]]],
}


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def build_neighbourhood_with_crime(north):
    """Five weeks of dated crime around the City, a repeat location, and public monthly data."""
    north.boundary = BOUNDARY
    north.save()
    _, until = briefing_period(timezone.localdate())
    for day in range(35):
        for n in range(day % 3 + 1):
            CrimeFactory(
                neighbourhood=north,
                occurred_at=until - timedelta(days=day, hours=2 + 5 * n),
                category=CATEGORIES[(day + n) % len(CATEGORIES)],
                location=f"On or near Street {day % 9}",
                latitude=51.512 + (day % 7) * 0.001,
                longitude=-0.096 + (day % 9) * 0.0015,
            )
    for hours in (3, 20, 44, 70):  # one place, four times this week: a hotspot
        CrimeFactory(
            neighbourhood=north,
            occurred_at=until - timedelta(hours=hours),
            category=CrimeCategory.ROBBERY,
            location="On or near Cheapside",
            latitude=51.5145,
            longitude=-0.0925,
        )
    this_month = timezone.localdate().replace(day=1)
    for months_back in range(3):  # the three months before this one
        month = (this_month - timedelta(days=1 + 31 * months_back)).replace(day=1)
        for n in range(5 + months_back):
            CrimeFactory(
                neighbourhood=north,
                source=CrimeSource.POLICE_UK,
                occurred_at=None,
                recorded_at=None,
                month=month,
                category=CATEGORIES[n % len(CATEGORIES)],
            )
    return briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())


def sign_in(page, base_url, username):
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_pcso_reads_briefing_sees_new_crime_and_supervisor_sees_the_read(
    transactional_db, live_server, phone, north, pcso, supervisor
):
    briefing = build_neighbourhood_with_crime(north)
    assert briefing.sections["hotspots"], "the test data should produce a hotspot"

    # The PCSO signs in and lands on today's briefing card.
    page = phone()
    page.clock.install()  # timers on a clock the test can move forward (the 5-minute refresh)
    sign_in(page, live_server.url, "pat")
    expect(page.get_by_role("heading", name="My briefings")).to_be_visible()
    card = page.locator(".briefing-card", has_text="North")
    expect(card).to_contain_text("Not read yet")
    screenshot(page, "01-pcso-home")

    # The briefing: map with the outline, crimes and hotspots; the trend chart.
    card.get_by_role("link", name=re.compile("Open briefing")).click()
    expect(page.get_by_role("heading", name=re.compile("North"))).to_be_visible()
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator("path.crime-marker").first).to_be_attached()
    expect(page.locator("path.hotspot-marker").first).to_be_attached()
    expect(page.locator(".leaflet-tooltip.map-label").first).to_be_visible()
    expect(page.locator("#daily-chart")).to_be_visible()
    expect(page.locator("#monthly-chart")).to_be_visible()
    expect(page.locator(".hotspots")).to_contain_text("On or near Cheapside")
    expect(page.get_by_text("Open Government Licence v3.0").first).to_be_visible()
    screenshot(page, "02-briefing")

    # "I've read this", then the confirmation.
    page.get_by_role("button", name="I've read this").click()
    expect(page.get_by_text(re.compile(r"You read this at \d\d:\d\d")).first).to_be_visible()
    screenshot(page, "03-briefing-read")

    # A crime recorded after the read shows at the top on reload...
    CrimeFactory(
        neighbourhood=north,
        occurred_at=timezone.now() - timedelta(minutes=30),
        recorded_at=timezone.now(),
        category=CrimeCategory.VEHICLE_CRIME,
        location="On or near Wood Street",
    )
    page.reload()
    panel = page.locator("#new-since")
    expect(panel).to_contain_text("New since you read it")
    expect(panel).to_contain_text("1 crime recorded")
    expect(panel).to_contain_text("Vehicle crime")
    screenshot(page, "04-new-since-read")

    # ...and the panel refreshes itself in place every 5 minutes (htmx, on the page's fake clock).
    CrimeFactory(neighbourhood=north, recorded_at=timezone.now(), category=CrimeCategory.DRUGS)
    page.clock.run_for("05:01")
    expect(page.locator("#new-since")).to_contain_text("2 crimes recorded")
    expect(page.locator("#new-since")).to_contain_text("Drugs")

    # The supervisor, on their own phone, sees the PCSO marked as read.
    supervisor_page = phone()
    sign_in(supervisor_page, live_server.url, "sam")
    menu_link(supervisor_page, "Read status").click()
    north_status = supervisor_page.locator("section", has=supervisor_page.get_by_role("heading", name="North"))
    expect(north_status).to_contain_text("1 of 1 read")
    pat_row = north_status.get_by_role("row", name=re.compile("Pat Reid"))
    expect(pat_row).to_contain_text(re.compile(r"Read at \d\d:\d\d"))
    screenshot(supervisor_page, "05-supervisor-read-status")

    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"


def test_briefing_left_open_on_an_idle_phone_goes_back_to_sign_in(
    transactional_db, live_server, phone, settings, north, pcso
):
    """The self-refreshing panel must not keep an unattended phone signed in for ever."""
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    settings.SESSION_IDLE_MINUTES = 1
    settings.SESSION_COOKIE_AGE = 3  # seconds, so the real server session lapses quickly
    page = phone()
    sign_in(page, live_server.url, "pat")
    page.clock.install()  # the page's timers run on a fake clock we can move forward
    page.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    expect(page.locator("#new-since")).to_be_visible()
    page.wait_for_timeout(3500)  # real time: the server session expires
    page.clock.run_for("02:00")  # page time: idle for well over the timeout
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "/accounts/login/" in page.url
