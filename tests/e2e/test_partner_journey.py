"""An officer shares one case note with the council; the council user sees only that note and
replies; the officer sees the reply; the share is revoked and the council user gets "not found"."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import NoteShare
from tests.e2e.conftest import menu_link, screenshot
from tests.e2e.test_briefing_journey import expect, sign_in
from tests.factories import CaseNoteFactory, IncidentFactory, SharingAgreementFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_officer_shares_a_note_council_replies_then_loses_it_on_revoke(
    transactional_db, live_server, phone, north, pcso, partner, council, housing
):
    partner.first_name, partner.last_name = "Carol", "Evans"
    partner.save()
    UserFactory(username="hana", first_name="Hana", last_name="Osei", role="partner", agency=housing)
    agreement = SharingAgreementFactory(title="City community safety partnership", parties=[council, housing])
    incident = IncidentFactory(
        neighbourhood=north, created_by=pcso, account="Caller reports youths kicking the door of flat 4."
    )
    CaseNoteFactory(incident=incident, author=pcso, body="Informant says the ringleader is a 15-year-old, name held.")
    CaseNoteFactory(incident=incident, author=pcso, body="Mrs Ng (81) lives alone; the door entry system is broken.")

    officer = phone()
    sign_in(officer, live_server.url, "pat")
    officer.goto(f"{live_server.url}/incidents/{incident.pk}/")
    officer.get_by_role("link", name="Share with a partner agency").last.click()
    expect(officer.get_by_role("heading", name=re.compile("Share a note"))).to_be_visible()
    officer.get_by_label("City Council").check()
    officer.get_by_label("Under the agreement").select_option(label=f"{agreement.reference} {agreement.title}")
    officer.get_by_label("Purpose of this disclosure").fill("Repair the door entry and a welfare visit")
    officer.get_by_label("Ask the agency to do something").fill("Welfare visit to Mrs Ng")
    due = timezone.localtime() + timedelta(hours=72)
    officer.get_by_label("By (date and time)").fill(due.strftime("%Y-%m-%dT%H:%M"))
    screenshot(officer, "30-partner-share-form")
    officer.get_by_role("button", name="Share this note").click()
    expect(officer.get_by_text("Shared with City Council.")).to_be_visible()
    expect(officer.locator("#shares")).to_contain_text("Not read yet")
    screenshot(officer, "31-partner-shared-on-incident")

    council_user = phone()
    sign_in(council_user, live_server.url, "carol")
    expect(council_user.get_by_role("heading", name="Shared with City Council")).to_be_visible()
    portal = council_user.locator("main")
    expect(portal).to_contain_text("Mrs Ng (81) lives alone")
    expect(portal).to_contain_text("Welfare visit to Mrs Ng")
    expect(portal).to_contain_text("Pat Reid")
    expect(portal).to_contain_text(incident.reference)
    for secret in ("ringleader", "kicking the door", "Riverside", "Hana"):
        expect(portal).not_to_contain_text(secret)
    expect(council_user.get_by_role("link", name="Incidents")).to_have_count(0)
    screenshot(council_user, "32-partner-portal")

    council_user.get_by_role("link", name=re.compile("Open to reply")).click()
    council_user.get_by_role("button", name="Acknowledge receipt").click()
    expect(council_user.get_by_text("Receipt acknowledged.")).to_be_visible()
    council_user.get_by_label("Reply to the police").fill("Repair booked for Thursday; welfare visit tomorrow 10:00.")
    council_user.get_by_role("button", name="Send reply").click()
    expect(council_user.get_by_text("Reply sent to the police.")).to_be_visible()
    screenshot(council_user, "33-partner-replied")

    officer.reload()
    shares = officer.locator("#shares")
    expect(shares).to_contain_text("Repair booked for Thursday")
    expect(shares).to_contain_text("acknowledged")
    expect(shares).to_contain_text("Carol Evans")
    screenshot(officer, "34-partner-reply-seen-by-officer")
    officer.get_by_label("Why revoke (optional)").fill("Repair done; no further need")
    officer.get_by_role("button", name=re.compile("Revoke")).click()
    expect(officer.get_by_text("Revoked: City Council can no longer see this note.")).to_be_visible()
    officer.goto(live_server.url + "/shares/")
    expect(officer.locator("#shares")).to_contain_text("Revoked")
    screenshot(officer, "40-partner-share-list")

    assert phone.problems == [], "console errors or exceptions in the browser (CSP violations show here)"
    council_user.reload()
    expect(council_user.get_by_role("heading", name="Not found")).to_be_visible()
    # The browser reports the 404 itself as a console error; nothing else may appear.
    assert phone.problems == ["console: Failed to load resource: the server responded with a status of 404 (Not Found)"]
    screenshot(council_user, "35-partner-not-found-after-revoke")
    council_user.goto(live_server.url + "/")
    expect(council_user.get_by_text("Nothing is shared with your agency at the moment")).to_be_visible()

    share = NoteShare.objects.get()
    assert share.revoked_at and share.first_read_at and share.acknowledged_by == partner
    disclosure = AuditEvent.objects.get(action="note.share")
    assert (disclosure.category, disclosure.recipient) == ("disclosure", "council")
    assert AuditEvent.objects.filter(actor_username="carol", category="consultation").count() >= 3


def test_supervisor_sees_agreements_due_for_review_and_why_one_blocks_sharing(
    transactional_db, live_server, phone, supervisor, council, housing
):
    today = timezone.localdate()
    SharingAgreementFactory(
        title="Schools safeguarding protocol", parties=[council], review_on=today + timedelta(days=9)
    )
    lapsed = SharingAgreementFactory(
        title="Housing ASB protocol 2024",
        parties=[housing],
        starts_on=today - timedelta(days=700),
        review_on=today - timedelta(days=60),
        expires_on=today - timedelta(days=5),
    )

    page = phone()
    sign_in(page, live_server.url, "sam")
    menu_link(page, "Partners").click()
    expect(page.get_by_role("heading", name=re.compile("Due for review"))).to_be_visible()
    expect(page.locator("#review-heading + ul")).to_contain_text("Schools safeguarding protocol")
    expect(page.locator("main")).to_contain_text("Sharing blocked")
    screenshot(page, "36-partner-agreements")
    page.get_by_role("link", name=lapsed.reference).last.click()
    expect(page.get_by_role("alert")).to_contain_text("expired on")
    screenshot(page, "37-partner-agreement-blocked")

    page.get_by_role("link", name="All agreements").click()
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Title").fill("Housing ASB protocol 2026")
    page.get_by_label("Riverside Housing").check()
    page.get_by_label("Lawful basis").fill("Crime and Disorder Act 1998 s.115")
    page.get_by_label("Purpose").fill("Tenancy enforcement for ASB")
    page.get_by_label("What may be shared").fill("Case notes about ASB by tenants; no intelligence")
    page.get_by_label("Expires").fill((today + timedelta(days=365)).isoformat())
    screenshot(page, "38-partner-agreement-form")
    page.get_by_role("button", name="Record agreement").click()
    expect(page.get_by_text(re.compile(r"ISA-\d+ recorded\."))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Nothing new may be shared")
    page.get_by_role("link", name="All agreements").click()
    page.get_by_role("link", name="partner agency").click()
    expect(page.get_by_role("heading", name="Partner agencies")).to_be_visible()
    screenshot(page, "39-partner-agencies")
    assert phone.problems == []
