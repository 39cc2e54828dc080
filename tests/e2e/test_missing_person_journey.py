"""A missing child, from report to return, on a phone: open a high-risk case, add a sighting
on the map, see the child in the neighbourhood's briefing, trace them (and they drop off it)."""

import re
import struct
import zlib
from datetime import timedelta

import pytest
from django.utils import timezone

from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from missing_persons.models import MissingPersonCase
from tests.e2e.conftest import menu_link, screenshot
from tests.e2e.test_briefing_journey import BOUNDARY, expect, sign_in
from tests.factories import SharingAgreementFactory, ensure_reference_lists

pytestmark = pytest.mark.e2e


def png(width: int = 48, height: int = 60, rgb=(70, 110, 160)) -> bytes:
    """A real (solid colour) PNG, written by hand: there is no image library here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def local(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_a_missing_child_from_report_to_return(
    transactional_db, live_server, phone, north, pcso, council, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ensure_reference_lists()  # transactional tests flush what the data migrations loaded
    north.boundary = BOUNDARY
    north.save()
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    agreement = SharingAgreementFactory(parties=[council], title="Missing children protocol")

    page = phone()
    sign_in(page, live_server.url, "pat")
    menu_link(page, "Missing persons").click()
    expect(page.get_by_text("No missing-person cases match these filters.")).to_be_visible()
    page.get_by_role("link", name="Report a missing person").click()

    page.get_by_label("Name of the missing person").fill("Jamie Lowe")
    page.get_by_label("Date of birth").fill("2013-05-04")
    page.get_by_label("Description").fill("Slim, about 4ft 10, short brown hair, green school blazer, black rucksack.")
    page.get_by_label("Photo (JPEG or PNG)").set_input_files(
        {"name": "jamie.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_label("Missing since").fill(local(-timedelta(hours=3)))
    page.locator("#id_reported_by").fill("Dana Lowe (mother)")
    page.get_by_label("Missing from (address)").fill("4 Wood Street")
    page.locator("#incident-map").click()  # the address on the map
    expect(page.get_by_label("Missing from: latitude")).to_have_value(re.compile(r"^51\.5\d+$"))
    page.get_by_label("Last seen where").fill("School gates, Wood Street")
    page.get_by_role("radio", name="High", exact=True).check()
    page.get_by_label("Why this level").fill("Eleven years old, out of character, no phone, cold night.")
    page.get_by_label("Information supplied by").fill("Dana Lowe (mother)")
    page.get_by_text("Risk questionnaire").click()
    page.get_by_role("group", name="Is going missing out of character?").get_by_label("Yes").check()
    screenshot(page, "20-missing-report-form")
    page.get_by_role("button", name="Open the case").click()

    expect(page.get_by_text(re.compile(r"MP-\d+ opened: Jamie Lowe is recorded as missing"))).to_be_visible()
    expect(page.locator("#review-timer")).to_contain_text(
        re.compile(r"Review due in (59|60) minutes|Review due in 1 hour")
    )
    expect(page.get_by_role("heading", name="High-risk checklist")).to_be_visible()
    expect(page.get_by_role("img", name="Photo of Jamie Lowe")).to_be_visible()
    screenshot(page, "21-missing-case-opened")
    case = MissingPersonCase.objects.get()
    assert (case.risk_level, case.neighbourhood, case.is_child) == ("high", north, True)

    # A sighting, marked on the map.
    form = page.locator("#sighting-form")
    form.locator("#id_place").fill("Bus station, stand B")
    form.locator("#incident-map").click(position={"x": 120, "y": 80})
    expect(form.get_by_label("Latitude")).to_have_value(re.compile(r"^51\.\d+$"))
    form.locator("#id_reported_by").fill("Bus driver, route 25")
    form.get_by_label("Probable").check()
    form.get_by_role("button", name="Add sighting").click()
    expect(page.get_by_text("Sighting added.")).to_be_visible()
    expect(page.locator("#sightings-heading + ol")).to_contain_text("Bus station, stand B")
    expect(page.locator("path.known-point--sighting")).to_be_attached()
    screenshot(page, "22-missing-sighting-on-map")

    # Today's briefing was rebuilt after the report and the sighting: Jamie leads it.
    page.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    missing = page.locator("#missing-persons")
    expect(missing).to_contain_text("Jamie Lowe")
    expect(missing).to_contain_text("Bus station, stand B")
    expect(missing).to_contain_text("If you see them: Stay with them")
    expect(missing.get_by_role("img", name="Photo of Jamie Lowe")).to_be_visible()
    screenshot(page, "23-missing-in-briefing")

    # Traced: the child's return home interview falls due, and the briefing lets them go.
    page.goto(f"{live_server.url}/missing-persons/{case.pk}/")
    trace = page.locator("#trace-form")
    trace.get_by_label("Where").fill("Friend's flat, Milton Court")
    trace.get_by_label("How").fill("Found by police")
    trace.get_by_label("By whom").fill("PC Connor")
    trace.get_by_role("button", name="Record the trace").click()
    expect(page.get_by_text("Traced: the case has left the briefing's missing persons.")).to_be_visible()
    expect(page.locator("#rhi-timer")).to_contain_text("Return home interview due within 3 days")
    screenshot(page, "24-missing-traced")

    # The referral is the officer's decision: the note goes to the council with the deadline.
    rhi = page.locator("#rhi-form")
    expect(rhi.get_by_label("Under the agreement")).to_have_value(str(agreement.pk))
    expect(rhi.get_by_label("What the local authority is told")).to_have_value(re.compile(r"Jamie Lowe, aged \d+"))
    rhi.get_by_role("button", name="Refer to City Council").click()
    expect(page.get_by_text("Referred to City Council: they see this note only")).to_be_visible()
    expect(page.locator("#rhi-referral")).to_contain_text(f"to City Council under {agreement.reference}")
    expect(page.locator("#rhi-referral")).to_contain_text("Not read yet")
    screenshot(page, "28-missing-rhi-referred")
    page.get_by_role("link", name="Printable timeline").click()
    timeline = page.locator(".timeline--full")
    expect(timeline).to_contain_text("Sighting (probable) reported by Bus driver, route 25")
    expect(timeline).to_contain_text("Traced: Found by police")
    page.emulate_media(media="print")
    screenshot(page, "27-missing-timeline-print")
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/briefings/{briefing.pk}/")
    expect(page.locator("#missing-persons")).to_contain_text("No one was recorded as missing")
    assert Briefing.objects.get(pk=briefing.pk).sections["missing_persons"] == []
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"


def test_a_supervisor_is_told_of_an_overdue_review_and_records_it(
    transactional_db, live_server, phone, north, supervisor
):
    from missing_persons.tasks import flag_overdue_missing_person_reviews
    from tests.factories import MissingPersonCaseFactory

    ensure_reference_lists()
    case = MissingPersonCaseFactory(
        neighbourhood=north, next_review_due_at=timezone.now() - timedelta(hours=2, minutes=5)
    )
    flag_overdue_missing_person_reviews.delay()  # what beat does every minute

    page = phone()
    sign_in(page, live_server.url, "sam")
    # The folded menu carries the count, so the badge shows without opening it.
    expect(page.locator("details.site-menu > summary")).to_contain_text("1 unread notifications")
    menu_link(page, re.compile(r"Notifications 1 unread")).click()
    expect(page.get_by_text(f"Missing-person review overdue: {case.reference}")).to_be_visible()
    screenshot(page, "25-supervisor-notifications")
    page.get_by_role("button", name="Open and mark read").click()

    expect(page.locator("#review-timer")).to_contain_text("Review overdue by 2 hours")
    screenshot(page, "26-missing-review-overdue")
    page.get_by_role("link", name="Record supervisor review").click()
    page.get_by_role("radio", name="Medium", exact=True).check()
    page.get_by_label("Why this level").fill("Seen safe on CCTV at 16:10 with a friend; still not home.")
    page.get_by_label("Information supplied by").fill("PC Connor (CCTV review)")
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_text("Supervisor review recorded.")).to_be_visible()
    expect(page.locator("#review-timer")).to_contain_text("Review due in 4 hours")
    expect(menu_link(page, re.compile(r"^Notifications$"))).to_be_visible()
    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
