"""Pages for sharing notes and the partner portal, and for agencies and agreements: what each
persona sees, form errors, the reason a blocked agreement gives, query budgets (docs/partners.md)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PartnerAgency
from audit.models import AuditEvent
from partners.models import NoteShare, SharingAgreement
from partners.services.shares import shared_note_reply
from tests.conftest import api_client_for, client_for
from tests.factories import CaseNoteFactory, IncidentFactory, NoteShareFactory, SharingAgreementFactory


@pytest.fixture
def incident(north, pcso):
    return IncidentFactory(neighbourhood=north, created_by=pcso)


@pytest.fixture
def note(incident, pcso):
    return CaseNoteFactory(incident=incident, author=pcso, body="Mrs Ng: door entry broken again.")


@pytest.fixture
def agreement(council, housing):
    return SharingAgreementFactory(title="City community safety", parties=[council, housing])


def share_page(incident, note):
    return reverse("partners:note-share", args=[incident.pk, note.pk])


def test_an_officer_shares_a_note_from_the_page_with_two_agencies(pcso, incident, note, council, housing, agreement):
    client = client_for(pcso)
    form = client.get(share_page(incident, note))
    assert form.status_code == 200 and note.body in form.content.decode()

    response = client.post(
        share_page(incident, note),
        {"agencies": [council.pk, housing.pk], "agreement": agreement.pk, "purpose": "Repair and safeguarding",
         "include_neighbourhood": "on", "include_reference": "on"},
        follow=True,
    )  # fmt: skip

    assert response.redirect_chain[-1][0].endswith("#shares")
    page = response.content.decode()
    assert "Shared with City Council, Riverside Housing" in page and "Not read yet" in page
    assert set(NoteShare.objects.values_list("agency__code", flat=True)) == {"council", "housing"}
    assert AuditEvent.objects.filter(action="note.share", category="disclosure").count() == 2


def test_the_share_page_says_why_an_expired_agreement_cannot_be_used(pcso, incident, note, council):
    lapsed = SharingAgreementFactory(
        title="Old protocol",
        parties=[council],
        starts_on=timezone.localdate() - timedelta(days=400),
        review_on=timezone.localdate() - timedelta(days=60),
        expires_on=timezone.localdate() - timedelta(days=3),
    )
    client = client_for(pcso)
    assert "(sharing blocked)" in client.get(share_page(incident, note)).content.decode()

    response = client.post(share_page(incident, note), {"agencies": [council.pk], "agreement": lapsed.pk,
                                                        "purpose": "x"})  # fmt: skip

    assert response.status_code == 200
    assert f"Not shared with City Council: {lapsed.reference} expired on" in response.content.decode()
    assert not NoteShare.objects.exists()


def test_a_share_form_without_answers_shows_field_errors(pcso, incident, note, agreement):
    response = client_for(pcso).post(share_page(incident, note), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"agencies", "agreement", "purpose"}


def test_the_incident_page_shows_shares_replies_and_read_state_to_police_only(
    pcso, intelligence_officer, partner, incident, note, council, agreement, django_assert_max_num_queries
):
    for _ in range(5):
        share = NoteShareFactory(note=CaseNoteFactory(incident=incident), agency=council, agreement=agreement)
        shared_note_reply(actor=partner, share=share, body="Visited, all well.")
    client = client_for(intelligence_officer)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("incidents:incident-detail", args=[incident.pk]))
    text = page.content.decode()
    assert text.count("Visited, all well.") == 5 and "City Council" in text
    assert "Share with a partner agency" not in text  # intelligence officers do not share
    assert (
        "Share with a partner agency"
        in client_for(pcso).get(reverse("incidents:incident-detail", args=[incident.pk])).content.decode()
    )


def test_revoking_from_the_page_ends_the_partners_view(pcso, partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement, shared_by=pcso)
    detail = reverse("partners:shared-note-detail", args=[share.pk])
    assert client_for(partner).get(detail).status_code == 200

    client_for(pcso).post(reverse("partners:share-revoke", args=[share.pk]), {"reason": "Case closed"})

    assert client_for(partner).get(detail).status_code == 404
    assert "Nothing is shared with your agency" in client_for(partner).get(reverse("home")).content.decode()


# --- The partner portal ------------------------------------------------------------------


def test_the_portal_shows_only_the_agencys_current_shares_and_logs_the_read(
    partner, other_partner, note, council, housing, agreement, django_assert_max_num_queries
):
    other = CaseNoteFactory(incident=note.incident, body="Only for housing.")
    share = NoteShareFactory(note=note, agency=council, agreement=agreement, action="Repair the door entry",
                             action_due_at=timezone.now() + timedelta(hours=72))  # fmt: skip
    NoteShareFactory(note=other, agency=housing, agreement=agreement)
    for _ in range(5):
        NoteShareFactory(note=CaseNoteFactory(incident=note.incident), agency=council, agreement=agreement)

    client = client_for(partner)
    # 13: the nav's unread-notifications badge is one query on every page.
    with django_assert_max_num_queries(13):
        page = client.get(reverse("home"))

    text = page.content.decode()
    assert note.body in text and "Only for housing." not in text and "Riverside" not in text
    assert "Repair the door entry" in text and note.incident.account not in text
    assert "Pat Reid" in text and agreement.reference in text
    event = AuditEvent.objects.get(action="shared_note.list")
    assert share.pk in event.details["shares"] and event.actor_agency == "council"
    assert "Only for housing." in client_for(other_partner).get(reverse("home")).content.decode()


def test_a_partner_replies_acknowledges_and_marks_the_action_done_from_the_page(partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement, action="Return home interview",
                             action_due_at=timezone.now() + timedelta(hours=72))  # fmt: skip
    client = client_for(partner)
    client.post(reverse("partners:shared-note-acknowledge", args=[share.pk]))
    client.post(reverse("partners:shared-note-action-done", args=[share.pk]))
    response = client.post(reverse("partners:shared-note-reply", args=[share.pk]), {"body": "Interview done."},
                           follow=True)  # fmt: skip

    text = response.content.decode()
    assert "Interview done." in text and "Acknowledged" in text and "Done" in text
    share.refresh_from_db()
    assert share.acknowledged_by == partner and share.action_done_by == partner
    empty = client.post(reverse("partners:shared-note-reply", args=[share.pk]), {"body": ""}, follow=True)
    assert "This field is required" in empty.content.decode()


def test_another_agencys_share_is_the_same_not_found_page(other_partner, partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    out_of_scope = client_for(other_partner).get(reverse("partners:shared-note-detail", args=[share.pk]))
    missing = client_for(partner).get(reverse("partners:shared-note-detail", args=[999_999]))
    assert out_of_scope.status_code == missing.status_code == 404
    assert b"Not found" in out_of_scope.content and b"Not found" in missing.content
    assert client_for(other_partner).post(reverse("partners:shared-note-reply", args=[share.pk]),
                                          {"body": "x"}).status_code == 404  # fmt: skip


# --- Agencies and agreements -------------------------------------------------------------


def test_a_supervisor_records_an_agreement_and_sees_reviews_due(supervisor, council):
    SharingAgreementFactory(
        title="Schools protocol", parties=[council], review_on=timezone.localdate() + timedelta(days=5)
    )
    client = client_for(supervisor)
    today = timezone.localdate()
    response = client.post(
        reverse("partners:agreement-create"),
        {"title": "Youth safety", "parties": [council.pk], "lawful_basis": "CDA 1998 s.115", "purpose": "ASB",
         "data_shared": "Notes", "starts_on": today, "review_on": today + timedelta(days=200),
         "expires_on": today + timedelta(days=365), "status": "active"},
        follow=True,
    )  # fmt: skip
    assert "recorded" in response.content.decode()
    assert SharingAgreement.objects.filter(title="Youth safety").exists()
    listing = client.get(reverse("partners:agreement-list")).content.decode()
    assert "Due for review" in listing and "Schools protocol" in listing


def test_the_agreement_page_says_why_it_blocks_sharing(pcso, council):
    agreement = SharingAgreementFactory(parties=[council], status="suspended", status_reason="breach under review")
    page = client_for(pcso).get(reverse("partners:agreement-detail", args=[agreement.pk])).content.decode()
    assert "Nothing new may be shared under this agreement" in page and "breach under review" in page
    assert "Edit, review or suspend" not in page


def test_a_bad_agreement_form_shows_field_errors(supervisor, council):
    today = timezone.localdate()
    response = client_for(supervisor).post(
        reverse("partners:agreement-create"),
        {"title": "x", "parties": [council.pk], "lawful_basis": "b", "purpose": "p", "data_shared": "d",
         "starts_on": today, "review_on": today, "expires_on": today - timedelta(days=1), "status": "active"},
    )  # fmt: skip
    assert response.status_code == 200 and "expires_on" in response.context["form"].errors


def test_an_administrator_registers_and_edits_an_agency_from_the_page(administrator):
    client = client_for(administrator)
    client.post(reverse("partners:agency-create"), {"code": "school", "name": "St Paul's", "kind": "school"})
    agency = PartnerAgency.objects.get(code="school")
    stale = {"name": "St Paul's School", "kind": "school", "contact_name": "Ms Ade", "is_active": "on", "version": 1}
    client.post(reverse("partners:agency-edit", args=["school"]), stale)
    agency.refresh_from_db()
    assert (agency.name, agency.contact_name, agency.version) == ("St Paul's School", "Ms Ade", 2)
    conflict = client.post(reverse("partners:agency-edit", args=["school"]), {**stale, "name": "Other"})
    assert "Someone else changed this" in conflict.content.decode()
    assert PartnerAgency.objects.get(code="school").name == "St Paul's School"
    duplicate = client.post(reverse("partners:agency-create"), {"code": "school", "name": "X", "kind": "school"})
    assert "already exists" in duplicate.content.decode()


def test_an_asb_case_shows_what_was_shared_from_its_incidents(pcso, north, partner, council, agreement):
    from tests.factories import AsbCaseFactory

    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    incident = case.incidents.get()
    share = NoteShareFactory(note=CaseNoteFactory(incident=incident, body="Tenancy warning agreed."), agency=council,
                             agreement=agreement)  # fmt: skip
    shared_note_reply(actor=partner, share=share, body="Warning letter sent.")
    NoteShareFactory(note=CaseNoteFactory(body="About another incident."), agency=council, agreement=agreement)

    page = client_for(pcso).get(reverse("incidents:asb-case-detail", args=[case.pk])).content.decode()

    assert "Tenancy warning agreed." in page and "Warning letter sent." in page and incident.reference in page
    assert "About another incident." not in page
    api = api_client_for(pcso).get(reverse("api:share-list"), {"asb_case": case.pk}).json()
    assert [row["id"] for row in api["results"]] == [share.pk]


def test_police_list_every_disclosure_with_the_shared_filters(
    supervisor, pcso, note, council, housing, agreement, django_assert_max_num_queries
):
    NoteShareFactory(note=note, agency=council, agreement=agreement, action="Visit", action_due_at=timezone.now()
                     + timedelta(days=2))  # fmt: skip
    NoteShareFactory(note=CaseNoteFactory(incident=note.incident, body="For housing only."), agency=housing,
                     agreement=agreement)  # fmt: skip
    client = client_for(supervisor)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("partners:share-list"), {"agency": "council", "action_open": "true"})
    text = page.content.decode()
    assert note.body[:20] in text and "For housing only." not in text and note.incident.reference in text
    assert AuditEvent.objects.get(action="share.search").details["filters"] == {
        "agency": "council",
        "action_open": "true",
    }
    assert client_for(pcso).get(reverse("partners:share-list"), {"current": "nonsense"}).status_code == 200
