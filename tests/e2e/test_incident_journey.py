"""A PCSO on foot logs an ASB incident from a phone and is told at once it is a repeat location."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models.incidents import Incident
from incidents.services.incidents import incident_create
from tests.e2e.conftest import menu_link, screenshot
from tests.e2e.test_briefing_journey import BOUNDARY, expect, sign_in
from tests.factories import category

pytestmark = pytest.mark.e2e


def test_pcso_logs_an_asb_incident_and_sees_the_repeat_location_warning(
    transactional_db, live_server, phone, north, pcso, constable
):
    north.boundary = BOUNDARY
    north.save()
    earlier = incident_create(
        actor=constable,
        fields={
            "opening_category": category("asb"),
            "asb_qualifier": "nuisance",
            "occurred_at": timezone.now() - timedelta(days=3),
            "location_text": "Cheapside bus stop",
            "latitude": 51.5145,
            "longitude": -0.0925,
            "account": "Street drinkers shouting at passengers.",
        },
    )

    page = phone()
    sign_in(page, live_server.url, "pat")
    menu_link(page, "Log incident").click()
    expect(page.get_by_role("heading", name="Log an incident")).to_be_visible()
    expect(page.locator("#asb-fields")).to_be_hidden()  # until an ASB category is chosen

    page.get_by_label("What is it?").select_option(label="Anti-social behaviour")
    expect(page.locator("#asb-fields")).to_be_visible()
    page.get_by_label("Nuisance").check()
    page.get_by_label("ASB sub-type").select_option(label="Street drinking")
    page.get_by_label("Where?").fill("Cheapside bus stop")
    expect(page.locator(".leaflet-container")).to_be_visible()
    page.locator("#incident-map").click()  # tap the map: the point fills the coordinates
    expect(page.locator("path.picked-point")).to_be_attached()
    expect(page.get_by_label("Latitude")).to_have_value(re.compile(r"^51\.5\d+$"))
    page.get_by_label("What happened").fill("Three men drinking and shouting at the bus queue again.")
    screenshot(page, "06-incident-log-form")
    page.get_by_role("button", name="Log incident").click()

    warning = page.locator("#repeats")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Repeat location")
    expect(warning).to_contain_text(earlier.reference)
    expect(page.get_by_text(re.compile(r"INC-\d+ logged\."))).to_be_visible()
    screenshot(page, "07-incident-repeat-location")

    logged = Incident.objects.latest("id")
    assert (logged.asb_qualifier, logged.asb_subtype.code, logged.neighbourhood) == (
        "nuisance",
        "street-drinking",
        north,
    )
    assert logged.repeat_location and logged.created_by == pcso
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
