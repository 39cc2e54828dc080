"""On a phone, a PCSO logs a coffee morning and turns a concern into a priority; a supervisor
plans a patrol for it; the priority appears in the briefing with its patrol."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from community.models.engagements import Engagement, Priority
from community.models.neighbourhoods import PatrolPlan
from tests.e2e.conftest import SCREENSHOTS, menu_link, screenshot
from tests.e2e.test_briefing_journey import build_neighbourhood_with_crime, expect, sign_in
from tests.factories import EngagementFactory, engagement_type

pytestmark = pytest.mark.e2e


def test_coffee_morning_concern_becomes_a_priority_with_a_patrol_in_the_briefing(
    transactional_db, live_server, phone, north, pcso, supervisor
):
    briefing = build_neighbourhood_with_crime(north)
    assert briefing.sections["priorities"] == []
    # Earlier activity, so the supervisor's chart has months to stack.
    for months_ago, code in [(1, "beat-surgery"), (1, "school-visit"), (2, "pact-meeting"), (3, "beat-surgery")]:
        EngagementFactory(
            neighbourhood=north,
            engagement_type=engagement_type(code),
            title=f"Earlier {code}",
            starts_at=timezone.now() - timedelta(days=30 * months_ago),
            created_by=pcso,
        )

    officer = phone()
    sign_in(officer, live_server.url, "pat")
    menu_link(officer, "Engagements").click()
    officer.get_by_role("link", name="Log an engagement").click()
    expect(officer.get_by_role("heading", name="Log an engagement")).to_be_visible()
    officer.get_by_label("What kind?").select_option(label="Coffee morning")
    officer.get_by_label("Title").fill("Fraud awareness coffee morning")
    officer.get_by_label("Address").fill("St Mary's church hall, Cheapside")
    officer.get_by_text("Mark it on the map (optional)").click()
    officer.locator("#engagement-map").click()  # a tap in the middle of North
    expect(officer.get_by_label("Latitude (optional)")).to_have_value(re.compile(r"^51\.5"))
    officer.get_by_label("Residents who came (number)").fill("12")
    officer.get_by_label("Topics").fill("fraud awareness, doorstep scams")
    officer.get_by_label("Concerns residents raised").fill("Bikes stolen from the station racks at night")
    # A name without the residents' agreement is refused with a field error.
    officer.get_by_text("More: end time").click()
    officer.get_by_label("Resident names").fill("Mrs J. Patel")
    officer.get_by_role("button", name="Save engagement").click()
    expect(officer.get_by_text("Only name residents who agreed to it")).to_be_visible()
    screenshot(officer, "12-engagement-name-needs-consent")
    officer.get_by_label("Resident names").fill("")
    officer.get_by_role("button", name="Save engagement").click()
    expect(officer.get_by_text(re.compile(r"ENG-\d+ Fraud awareness coffee morning saved"))).to_be_visible()
    screenshot(officer, "13-engagement-logged")
    engagement = Engagement.objects.get(title="Fraud awareness coffee morning")
    assert (engagement.attendance, engagement.resident_names, engagement.neighbourhood) == (12, "", north)
    assert engagement.latitude is not None and engagement.longitude is not None
    expect(officer.locator("#engagements-map .engagement-marker")).to_have_count(1)

    officer.get_by_role("link", name="Turn a concern into a priority").click()
    expect(officer.get_by_label("Issue (what residents said)")).to_have_value(
        "Bikes stolen from the station racks at night"
    )
    officer.get_by_label("Action (what we will do)").fill("Patrols at the racks at night; a bike marking stall")
    officer.get_by_label("Status").select_option(label="Adopted")
    screenshot(officer, "14-priority-from-concern")
    officer.get_by_role("button", name="Save priority").click()
    expect(officer.get_by_text(re.compile(r"PRI-\d+ saved as adopted"))).to_be_visible()
    priority = Priority.objects.get()
    assert (priority.raised_at, priority.status) == (engagement, "adopted")

    boss = phone()
    sign_in(boss, live_server.url, "sam")
    boss.goto(f"{live_server.url}/priorities/{priority.pk}/")
    boss.get_by_role("link", name="Plan a patrol for this priority").click()
    expect(boss.get_by_label("PACT priority it works on (optional)")).to_have_value(str(priority.pk))
    boss.get_by_label("Label").fill("Station cycle racks")
    boss.get_by_label("Latitude").fill("51.5145")
    boss.get_by_label("Longitude").fill("-0.0925")
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    boss.get_by_label("Shift start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Shift end").fill((start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Pat Reid (pat)").check()
    boss.get_by_role("button", name="Create patrol plan").click()
    expect(boss.get_by_text(re.compile(r"PAT-\d+ planned"))).to_be_visible()
    plan = PatrolPlan.objects.get()
    assert (plan.priority, plan.origin) == (priority, "priority")
    boss.goto(f"{live_server.url}/priorities/{priority.pk}/")
    expect(boss.get_by_role("heading", name="Patrols (1)")).to_be_visible()
    expect(boss.get_by_text("Station cycle racks")).to_be_visible()
    screenshot(boss, "15-priority-with-patrol")

    boss.goto(f"{live_server.url}/engagements/activity/?neighbourhood=north")
    expect(boss.locator("#activity-chart")).to_be_visible()
    expect(boss.get_by_role("row", name=re.compile("^Coffee morning"))).to_be_visible()
    screenshot(boss, "16-engagement-activity-chart")

    # Today's briefing was rebuilt when the priority was adopted and the patrol linked.
    officer.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    section = officer.locator("section", has=officer.get_by_role("heading", name="PACT priorities"))
    expect(section.get_by_text("Bikes stolen from the station racks at night")).to_be_visible()
    expect(section.get_by_text("1 patrol")).to_be_visible()
    section.screenshot(path=SCREENSHOTS / "17-briefing-pact-priorities.png")

    officer.goto(f"{live_server.url}/engagements/calendar/?view=month")
    expect(officer.locator("#engagements-map .engagement-marker")).to_have_count(1)
    screenshot(officer, "18-engagement-calendar")
    officer.goto(f"{live_server.url}/neighbourhoods/north/you-said-we-did/")
    expect(officer.get_by_role("cell", name=re.compile("Bikes stolen"))).to_be_visible()
    screenshot(officer, "19-you-said-we-did")

    assert AuditEvent.objects.filter(action="priority.create", actor_username="pat").exists()
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
