"""A supervisor turns a briefing hotspot into a patrol; the PCSO logs a visit on a phone; 1 of 4 done."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from community.models.neighbourhoods import PatrolPlan, PatrolVisit
from tests.e2e.conftest import menu_link, screenshot
from tests.e2e.test_briefing_journey import build_neighbourhood_with_crime, expect, sign_in

pytestmark = pytest.mark.e2e


def test_supervisor_plans_from_a_hotspot_and_the_pcso_logs_a_visit(
    transactional_db, live_server, phone, north, pcso, constable, supervisor
):
    briefing = build_neighbourhood_with_crime(north)
    assert briefing.sections["hotspots"], "the journey needs a hotspot"

    boss = phone()
    sign_in(boss, live_server.url, "sam")
    boss.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    hotspot = boss.locator(".hotspot").first
    label = hotspot.locator(".hotspot__title strong").inner_text()
    hotspot.get_by_role("link", name="Turn this hotspot into a patrol").click()

    expect(boss.get_by_role("heading", name="Plan a patrol")).to_be_visible()
    expect(boss.get_by_label("Label")).to_have_value(label)
    expect(boss.get_by_label("Latitude")).to_have_value(re.compile(r"^51\.5"))
    expect(boss.get_by_text("From the briefing hotspot")).to_be_visible()
    start = timezone.localtime() - timedelta(hours=1)
    boss.get_by_label("Shift start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Shift end").fill((start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Pat Reid (pat)").check()
    screenshot(boss, "08-patrol-plan-from-hotspot")
    boss.get_by_role("button", name="Create patrol plan").click()
    expect(boss.get_by_text(re.compile(r"PAT-\d+ planned: 4 visits"))).to_be_visible()
    plan = PatrolPlan.objects.get()
    assert (plan.origin, plan.hotspot_label, plan.neighbourhood) == ("hotspot", label, north)
    assert list(plan.officers.all()) == [pcso]

    officer = phone()
    sign_in(officer, live_server.url, "pat")
    menu_link(officer, "My patrols").click()
    expect(officer.get_by_role("heading", name=re.compile("My patrols today"))).to_be_visible()
    expect(officer.get_by_role("heading", name=label)).to_be_visible()
    expect(officer.get_by_text("0 of 4 visits done")).to_be_visible()
    screenshot(officer, "09-my-patrols-today")
    officer.get_by_role("button", name="Arrived").click()
    expect(officer.get_by_text(re.compile("Press Left when you go"))).to_be_visible()
    officer.get_by_label("What did you see?").fill("Group of four by the bus shelter; spoke to them, they moved on.")
    officer.get_by_label("Incidents raised (references)").fill("INC-000007")
    screenshot(officer, "10-patrol-visit-arrived")
    officer.get_by_role("button", name="Left").click()
    expect(officer.get_by_text(re.compile("Visit to .* logged"))).to_be_visible()
    expect(officer.get_by_text("1 of 4 visits done")).to_be_visible()
    visit = PatrolVisit.objects.get()
    assert visit.officer == pcso and visit.left_at and visit.incident_references == "INC-000007"

    menu_link(boss, "Patrols", exact=True).click()
    expect(boss.get_by_role("heading", name=re.compile("^Patrols"))).to_be_visible()
    expect(boss.get_by_text("1 of 4 visits done").first).to_be_visible()
    expect(boss.locator("#patrol-map .leaflet-interactive.patrol-area")).to_have_count(1)
    expect(boss.locator("#patrol-map .leaflet-interactive.visit-marker")).to_have_count(1)
    expect(boss.locator("#patrol-map .leaflet-interactive.crime-marker").first).to_be_attached()
    screenshot(boss, "11-patrols-planned-vs-done")

    assert AuditEvent.objects.filter(action="patrol.visit_create", actor_username="pat").exists()
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
