"""A PCSO sets up a house-to-house enquiry from a CSV on a phone; a constable at the doors
records a no-reply, a call-back and an answer needing CCTV follow-up; the coordinator's
progress bar, revisits, follow-ups and map change with each visit."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from briefings.services.generate import briefing_generate
from enquiries.models import Enquiry, Visit
from tests.conftest import ROOT
from tests.e2e.conftest import SCREENSHOTS, menu_link, screenshot
from tests.e2e.test_briefing_journey import expect, sign_in
from tests.factories import IncidentFactory, ensure_enquiry_lists

pytestmark = pytest.mark.e2e

NO_REPLY = "No reply \u2013 card left"  # the outcome list's name, with its en dash
SAMPLE = ROOT / "sample_data" / "enquiries" / "watling-street-premises.csv"


def record_visit(page, address: str, outcome: str, **fields):
    page.get_by_role("link", name=f"Record a visit to {address}").click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(address)))).to_be_visible()
    page.get_by_label(outcome).check()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    return page


def test_an_enquiry_from_a_csv_with_a_no_reply_a_call_back_and_cctv_to_follow_up(
    transactional_db, live_server, phone, north, pcso, constable, tmp_path
):
    ensure_enquiry_lists()
    incident = IncidentFactory(neighbourhood=north, created_by=pcso, location_text="8 Watling Street")
    upload = tmp_path / "watling.csv"
    upload.write_bytes(SAMPLE.read_bytes() + b'"9 Watling Street, London EC4M",north,west\n')

    coordinator = phone()
    sign_in(coordinator, live_server.url, "pat")
    coordinator.goto(f"{live_server.url}/incidents/enquiries/")
    expect(coordinator.get_by_text("No house-to-house enquiries match these filters.")).to_be_visible()
    coordinator.get_by_role("link", name="Set up an enquiry").click()
    coordinator.get_by_label("Incident number").fill(str(incident.pk))
    coordinator.get_by_label("Title").fill("Burglary at 8 Watling Street")
    coordinator.get_by_label("Streets to cover").fill("Watling Street\nBow Lane\nBread Street")
    coordinator.get_by_label("Rationale").fill(
        "Entry by the rear between 01:00 and 03:00; neighbours may have seen it."
    )
    expect(coordinator.get_by_label("Do you have CCTV or a doorbell camera?")).to_be_checked()
    coordinator.get_by_label("Premises list (CSV)").set_input_files(str(upload))
    screenshot(coordinator, "enquiry-01-set-up")
    coordinator.get_by_role("button", name="Set up the enquiry").click()

    expect(coordinator.get_by_text("watling.csv: 13 rows, 12 premises added")).to_be_visible()
    expect(coordinator.get_by_text(re.compile(r"watling\.csv:14: latitude/longitude 'north', 'west'"))).to_be_visible()
    expect(coordinator.get_by_text("0 of 12 premises completed")).to_be_visible()
    expect(coordinator.locator("#enquiry-map .premises-marker--not_visited")).to_have_count(11)
    screenshot(coordinator, "enquiry-02-coordinator-set-up")
    enquiry = Enquiry.objects.get()
    detail = coordinator.url

    officer = phone()
    sign_in(officer, live_server.url, "connor")
    officer.goto(detail)
    due = timezone.localtime() + timedelta(days=1)
    record_visit(officer, "1 Watling Street, London EC4M", NO_REPLY)
    expect(officer.get_by_label("Call back by")).to_be_visible()
    officer.get_by_label("Card reference (no reply)").fill("H2H-C-0412")
    officer.get_by_label("Call back by").fill(due.strftime("%Y-%m-%dT18:00"))
    screenshot(officer, "enquiry-03-no-reply-on-the-phone")
    officer.get_by_role("button", name="Save the visit").click()
    expect(officer.get_by_text(f"Visit to 1 Watling Street, London EC4M recorded: {NO_REPLY}.")).to_be_visible()

    coordinator.reload()
    expect(coordinator.get_by_text("0 of 12 premises completed (0%) · 1 revisit due")).to_be_visible()
    expect(coordinator.locator("#revisit-list")).to_contain_text("1 Watling Street")
    expect(coordinator.locator("#enquiry-map .premises-marker--revisit")).to_have_count(1)

    record_visit(officer, "3 Watling Street, London EC4M", "Call-back arranged")
    officer.get_by_label("Call back by").fill(due.strftime("%Y-%m-%dT10:30"))
    officer.get_by_label("Person spoken to (1)").fill("Lodger (name not given)")
    officer.get_by_role("button", name="Save the visit").click()
    expect(officer.get_by_text(re.compile("recorded: Call-back arranged"))).to_be_visible()

    record_visit(officer, "5 Watling Street, London EC4M", "Occupant seen")
    expect(officer.get_by_label("Call back by")).to_be_hidden()
    officer.get_by_label("Person spoken to (1)").fill("Ann Lee")
    officer.get_by_label("Person 1 present at the relevant time").check()
    officer.get_by_label("Did you see or hear anything?").fill("Heard glass breaking at about 02:15.")
    officer.get_by_label("Do you have CCTV or a doorbell camera?").fill("Yes, a doorbell camera facing the street.")
    officer.get_by_label("Follow-up needed").fill("Collect doorbell CCTV 01:00-03:00")
    screenshot(officer, "enquiry-04-answer-needing-cctv")
    officer.get_by_role("button", name="Save the visit").click()
    expect(officer.get_by_text(re.compile("recorded: Occupant seen"))).to_be_visible()

    coordinator.reload()
    expect(coordinator.get_by_text("1 of 12 premises completed (8%) · 2 revisits due")).to_be_visible()
    expect(coordinator.locator("#revisit-list li")).to_have_count(2)
    expect(coordinator.locator("#follow-up-list")).to_contain_text("Collect doorbell CCTV")
    expect(coordinator.locator("#enquiry-map .premises-marker--completed")).to_have_count(1)
    expect(coordinator.locator("#enquiry-map .premises-marker--revisit")).to_have_count(2)
    expect(coordinator.locator(".progress__bar")).to_have_attribute("style", "width: 8%")
    screenshot(coordinator, "enquiry-05-coordinator-progress")
    coordinator.locator("section", has=coordinator.locator("#map-heading")).screenshot(
        path=str(SCREENSHOTS / "enquiry-06-coverage-map.png")
    )

    # Tomorrow's briefing (built now) lists Connor's call-backs first, tagged as his.
    briefing = briefing_generate(actor=pcso, neighbourhood=north, day=timezone.localdate())
    officer.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    revisits = officer.locator("#briefing-revisits li")
    expect(revisits).to_have_count(2)
    expect(revisits.first).to_contain_text("Assigned to you")
    expect(officer.locator("#briefing-follow-ups")).to_contain_text("Collect doorbell CCTV")
    officer.locator("#enquiries-heading").scroll_into_view_if_needed()
    officer.locator("section", has=officer.locator("#enquiries-heading")).screenshot(
        path=str(SCREENSHOTS / "enquiry-08-briefing-revisits.png")
    )

    # The coordinator closes it: eleven premises never completed need a reason.
    coordinator.get_by_role("link", name="Close the enquiry").click()
    expect(coordinator.get_by_text("11 premises never completed")).to_be_visible()
    coordinator.get_by_label("Summary").fill("One witness heard glass breaking at 02:15; doorbell CCTV to collect.")
    coordinator.get_by_role("button", name="Close the enquiry").click()
    expect(coordinator.get_by_text(re.compile("11 premises were never completed: say why"))).to_be_visible()
    screenshot(coordinator, "enquiry-10-close-needs-a-reason")
    coordinator.get_by_label("Why close with premises not completed").fill(
        "Offices on Bow Lane and Bread Street closed for the weekend; CCTV request sent to the managing agent."
    )
    coordinator.get_by_role("button", name="Close the enquiry").click()
    expect(coordinator.get_by_text(f"{enquiry.reference} closed.")).to_be_visible()
    expect(coordinator.get_by_text("call-backs not made lapsed when the enquiry closed")).to_be_visible()
    coordinator.get_by_role("link", name="Printable report").click()
    expect(coordinator.get_by_text("Heard glass breaking at about 02:15.")).to_be_visible()
    screenshot(coordinator, "enquiry-09-printable-report")
    menu_link(coordinator, "House-to-house").click()
    expect(coordinator.get_by_text("1 of 12 premises completed (8%)")).to_be_visible()
    screenshot(coordinator, "enquiry-11-list")

    assert Visit.objects.filter(premises__enquiry=enquiry).count() == 3
    assert AuditEvent.objects.filter(action="enquiry.record_visit", actor_username="connor").count() == 3
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"


def test_an_enquiry_over_an_area_drawn_on_the_map(transactional_db, live_server, phone, north, pcso):
    ensure_enquiry_lists()
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    page = phone()
    sign_in(page, live_server.url, "pat")
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.get_by_role("link", name="Set up a house-to-house enquiry").click()
    expect(page.get_by_label("Incident number")).to_have_value(incident.reference)
    page.get_by_label("Title").fill("Robbery on Cheapside")
    page.get_by_label("Area on a map").check()
    page.get_by_label("Rationale").fill("The suspect ran through these courts.")
    picker = page.locator("#enquiry-area-map")
    for x, y in ((80, 60), (260, 70), (240, 200), (90, 190)):
        picker.click(position={"x": x, "y": y})
    expect(page.get_by_text("4 corners marked.")).to_be_visible()
    page.get_by_role("button", name="Finish area").click()
    expect(page.get_by_text("Area drawn.")).to_be_visible()
    screenshot(page, "enquiry-07-area-drawn")
    page.get_by_role("button", name="Set up the enquiry").click()
    expect(page.get_by_text(re.compile(r"H2H-\d+ set up\."))).to_be_visible()
    enquiry = Enquiry.objects.get()
    assert enquiry.scope == "area" and enquiry.area["type"] == "Polygon" and len(enquiry.area["coordinates"][0]) == 5
    expect(page.locator("#enquiry-map path.leaflet-interactive, #enquiry-map path")).not_to_have_count(0)
    assert phone.problems == []
