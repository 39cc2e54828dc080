"""A PCSO submits intelligence from a phone; the intelligence officer sanitises and grades it;
it appears, sanitised, in the neighbourhood's briefing."""

import re

import pytest
from django.utils import timezone

from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from intelligence.models import IntelligenceLog, SourceRecord
from tests.e2e.conftest import SCREENSHOTS, menu_link, screenshot
from tests.e2e.test_briefing_journey import BOUNDARY, expect, sign_in

pytestmark = pytest.mark.e2e

SANITISED = "Marcus Webb is dealing cannabis from the yard behind the Cheapside launderette after 9pm."
# What only the source could have seen: it would point at them, so the unit takes it out.
ORIGINAL = SANITISED + " Seen nightly from the flat above the launderette."


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def test_pcso_submits_unit_sanitises_and_grades_it_appears_sanitised_in_the_briefing(
    transactional_db, live_server, phone, north, pcso, intelligence_officer
):
    north.boundary = BOUNDARY
    north.save()
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())

    # The PCSO, on a phone.
    officer = phone()
    sign_in(officer, live_server.url, "pat")
    menu_link(officer, "Intelligence").click()
    officer.get_by_role("link", name="Submit intelligence").click()
    expect(officer.locator("#source-warning")).to_contain_text("separate source record")
    officer.get_by_label("What did you learn?").fill("Jane Doe says " + ORIGINAL)
    officer.get_by_label("Where?").fill("Cheapside launderette")
    expect(officer.locator(".leaflet-container")).to_be_visible()
    officer.locator("#incident-map").click()
    expect(officer.get_by_label("Latitude")).to_have_value(re.compile(r"^51\.5\d+$"))
    officer.get_by_label("People (one per line)").fill("Marcus Webb")
    choose(officer, "2: Untested")
    choose(officer, "C: Known indirectly to the source")
    choose(officer, "P: Lawful sharing permitted")
    choose(officer, "Medium: time critical")
    officer.get_by_label("Source's name").fill("Jane Doe")
    officer.get_by_label("How to reach the source (optional)").fill("07700 900123")
    screenshot(officer, "30-intelligence-submit-form")
    officer.get_by_role("button", name="Submit for evaluation").click()

    # The check: the report names its source, so it is not submitted.
    error = officer.locator("#id_original_text_error")
    expect(error).to_contain_text("separate source record")
    assert not IntelligenceLog.objects.exists()
    screenshot(officer, "31-intelligence-source-named")
    officer.get_by_label("What did you learn?").fill(ORIGINAL)
    officer.get_by_role("button", name="Submit for evaluation").click()
    expect(officer.get_by_text(re.compile(r"INT-\d+ submitted\."))).to_be_visible()
    expect(officer.get_by_role("heading", name=re.compile("Report as submitted"))).to_be_visible()
    log = IntelligenceLog.objects.get()
    assert log.neighbourhood == north and SourceRecord.objects.get(log=log).name == "Jane Doe"

    # The intelligence officer, at a desk.
    analyst = phone()
    analyst.set_viewport_size({"width": 1200, "height": 900})
    sign_in(analyst, live_server.url, "ian")
    menu_link(analyst, "Intelligence").click()
    analyst.get_by_role("link", name=log.reference).click()
    expect(analyst.locator("#patrol-map .crime-marker")).to_be_attached()  # the report's place
    screenshot(analyst, "37-intelligence-unit-detail")
    analyst.get_by_role("link", name="Sanitise and evaluate").click()
    text = analyst.get_by_label("Sanitised text (what readers will see)")
    expect(text).to_have_value(ORIGINAL)
    text.fill(SANITISED)
    choose(analyst, "B: Known indirectly to the source but corroborated")
    choose(analyst, "High: threat to life, serious harm, imminent")
    choose(analyst, "Officers and PCSOs")
    screenshot(analyst, "32-intelligence-evaluate")
    analyst.get_by_role("button", name="Evaluate and release").click()
    expect(analyst.get_by_text(f"{log.reference} evaluated and released as 2/B/P.")).to_be_visible()

    analyst.get_by_role("link", name="Read the source record").click()
    analyst.get_by_label("Why do you need to see this?").fill("Handler to re-contact the source")
    analyst.get_by_role("button", name="Show it").click()
    expect(analyst.locator(".source-facts")).to_contain_text("Jane Doe")
    screenshot(analyst, "33-intelligence-source-record")

    # Back on the phone: the briefing, rebuilt after the evaluation, carries the sanitised report.
    briefing.refresh_from_db()
    assert [row["reference"] for row in briefing.sections["intelligence"]] == [log.reference]
    officer.goto(f"{live_server.url}/briefings/{Briefing.objects.get(pk=briefing.pk).pk}/")
    section = officer.locator("section[aria-labelledby=intelligence-heading]")
    expect(section).to_contain_text(SANITISED)
    expect(section).to_contain_text("2/B/P")
    expect(section).not_to_contain_text("flat above")
    expect(section).not_to_contain_text("Jane")
    section.scroll_into_view_if_needed()
    screenshot(officer, "34-intelligence-in-briefing")
    section.screenshot(path=str(SCREENSHOTS / "35-intelligence-briefing-section.png"))

    # Searching: the PCSO finds it by the person, sanitised, with its grading.
    menu_link(officer, "Intelligence").click()
    officer.goto(f"{live_server.url}/intelligence/?person=webb")
    row = officer.locator(".intelligence-list li").first
    expect(row).to_contain_text("2/B/P")
    expect(row).not_to_contain_text("flat above")
    screenshot(officer, "36-intelligence-search")
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
