"""Sharing case notes with partner agencies: the disclosure and its audit row, the partner's
surface (only its own agency's current shares), replies, acknowledgement, actions, revoking,
agreements that block sharing, roles, bad input and query budgets (docs/partners.md)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from incidents.models.notes import CaseNote
from partners.models import NoteShare
from partners.services.shares import note_share, share_revoke, shared_note_reply
from tests.conftest import api_client_for
from tests.factories import CaseNoteFactory, IncidentFactory, NoteShareFactory, SharingAgreementFactory


@pytest.fixture
def incident(north, pcso):
    return IncidentFactory(neighbourhood=north, created_by=pcso)


@pytest.fixture
def note(incident, pcso):
    return CaseNoteFactory(incident=incident, author=pcso, body="Mrs Ng, 81, is being targeted by youths at night.")


@pytest.fixture
def other_note(incident, pcso):
    return CaseNoteFactory(incident=incident, author=pcso, body="Suspect named by a neighbour: not for sharing.")


@pytest.fixture
def agreement(council, housing):
    return SharingAgreementFactory(title="City community safety", parties=[council, housing])


def share_via_api(user, note, agency, agreement, **extra):
    body = {"agency": agency.code, "agreement": agreement.pk, "purpose": "Safeguarding visit", **extra}
    return api_client_for(user).post(reverse("api:note-shares", args=[note.pk]), body, format="json")


def shared(user, share=None, suffix="detail", method="get", **body):
    name = f"api:shared-note-{suffix}"
    url = reverse(name, args=[share.pk]) if share else reverse(name)
    return getattr(api_client_for(user), method)(url, body, format="json")


# --- Sharing is a disclosure ---------------------------------------------------------


def test_sharing_a_note_writes_the_share_and_a_disclosure_event_naming_the_agency(pcso, note, council, agreement):
    response = share_via_api(pcso, note, council, agreement)

    assert response.status_code == 201, response.json()
    share = NoteShare.objects.get()
    assert (share.note, share.agency, share.agreement, share.shared_by) == (note, council, agreement, pcso)
    assert share.body == note.body and share.purpose == "Safeguarding visit"
    assert (share.context_neighbourhood, share.context_reference) == ("North", note.incident.reference)
    event = AuditEvent.objects.get(action="note.share")
    assert (event.category, event.recipient, event.actor_username, event.outcome) == (
        "disclosure",
        "council",
        "pat",
        "allowed",
    )
    assert event.details["body"] == note.body and event.details["agreement"] == agreement.pk


def test_the_sharer_chooses_the_minimum_context(pcso, note, council, agreement):
    share_via_api(pcso, note, council, agreement, include_neighbourhood=False, include_reference=False)
    share = NoteShare.objects.get()
    assert (share.context_neighbourhood, share.context_reference) == ("", "")


def test_a_higher_case_shares_through_the_service_with_its_reference_and_an_action(pcso, note, council, agreement):
    due = timezone.now() + timedelta(hours=72)
    share = note_share(
        actor=pcso,
        note=note,
        agency=council,
        agreement=agreement,
        purpose="Return home interview",
        case_reference="MP-000007",
        action="Return home interview",
        action_due_at=due,
    )
    assert (share.context_reference, share.action, share.action_due_at) == ("MP-000007", "Return home interview", due)
    assert AuditEvent.objects.get(action="note.share").details["action_due_at"] == due.isoformat()


def test_an_expired_agreement_blocks_new_shares_says_why_and_the_attempt_is_logged(pcso, note, council):
    lapsed = SharingAgreementFactory(
        parties=[council],
        starts_on=timezone.localdate() - timedelta(days=400),
        review_on=timezone.localdate() - timedelta(days=100),
        expires_on=timezone.localdate() - timedelta(days=1),
    )
    response = share_via_api(pcso, note, council, lapsed)

    assert response.status_code == 400
    assert "expired on" in response.json()["agreement"][0]
    assert not NoteShare.objects.exists()
    denied = AuditEvent.objects.get(action="note.share")
    assert (denied.outcome, denied.category, denied.recipient) == ("denied", "disclosure", "council")


def test_a_suspended_agreement_blocks_new_shares_with_its_reason(pcso, note, council, agreement):
    agreement.status, agreement.status_reason = "suspended", "the council's breach is under investigation"
    agreement.save()
    with pytest.raises(ValidationError) as caught:
        note_share(actor=pcso, note=note, agency=council, agreement=agreement, purpose="Safeguarding")
    assert "suspended (the council's breach is under investigation)" in caught.value.message_dict["agreement"][0]


def test_an_agency_that_is_not_party_to_the_agreement_cannot_receive(pcso, note, council):
    housing_only = SharingAgreementFactory(parties=[])
    response = share_via_api(pcso, note, council, housing_only)
    assert response.status_code == 400 and "not party to" in response.json()["agency"][0]


def test_bad_share_input_is_a_field_error_never_a_500(pcso, note, council, agreement):
    client = api_client_for(pcso)
    url = reverse("api:note-shares", args=[note.pk])
    response = client.post(url, {"agency": "nobody", "agreement": 999, "purpose": ""}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"agency", "agreement", "purpose"}
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = share_via_api(pcso, note, council, agreement, action="Visit", action_due_at=past)
    assert response.status_code == 400 and "action_due_at" in response.json()
    typo = (timezone.now() + timedelta(days=3650)).isoformat()
    response = share_via_api(pcso, note, council, agreement, action="Visit", action_due_at=typo)
    assert response.status_code == 400 and "within a year" in response.json()["action_due_at"][0]
    response = share_via_api(
        pcso, note, council, agreement, action_due_at=(timezone.now() + timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400 and "action" in response.json()


def test_a_note_is_shared_once_per_agency_until_revoked(pcso, note, council, agreement):
    assert share_via_api(pcso, note, council, agreement).status_code == 201
    again = share_via_api(pcso, note, council, agreement)
    assert again.status_code == 400 and "already shared" in again.json()["agency"][0]
    share_revoke(actor=pcso, share=NoteShare.objects.get(), reason="sent by mistake")
    assert share_via_api(pcso, note, council, agreement).status_code == 201


@pytest.mark.parametrize("persona", ["staff", "intelligence_officer", "administrator"])
def test_roles_that_do_not_share_are_refused_and_logged(persona, request, note, council, agreement):
    user = request.getfixturevalue(persona)
    response = share_via_api(user, note, council, agreement)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="note.share", outcome="denied", actor_username=user.username).exists()


def test_partners_cannot_share_or_see_the_police_side(partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    assert share_via_api(partner, note, council, agreement).status_code == 404
    assert api_client_for(partner).get(reverse("api:share-detail", args=[share.pk])).status_code == 404
    assert api_client_for(partner).get(reverse("api:share-list")).status_code == 404
    assert not CaseNote.objects.visible_to(partner).exists()


# --- The partner's surface -----------------------------------------------------------


def test_the_partner_sees_only_its_own_agencys_current_shares_and_nothing_of_the_case(
    partner, other_partner, note, other_note, council, housing, agreement
):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    NoteShareFactory(note=other_note, agency=housing, agreement=agreement)
    NoteShareFactory(note=other_note, agency=council, agreement=agreement, revoked_at=timezone.now())

    data = shared(partner, suffix="list").json()

    assert [row["id"] for row in data["results"]] == [share.pk]
    row = data["results"][0]
    assert row["body"] == note.body and row["shared_by_name"] == "Pat Reid"
    assert (row["agreement"], row["context_reference"]) == (agreement.reference, note.incident.reference)
    assert not {"note", "incident", "agency", "replies", "account"} & set(row)
    assert other_note.body not in str(data) and "Riverside" not in str(data)


def test_every_partner_read_is_a_consultation_naming_the_shares_and_the_first_read_is_kept(
    partner, note, council, agreement
):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    shared(partner, suffix="list")
    shared(partner, share)

    events = AuditEvent.objects.filter(actor_username="carol", category="consultation").order_by("id")
    assert [(e.action, e.details["shares"], e.actor_agency) for e in events] == [
        ("shared_note.list", [share.pk], "council"),
        ("shared_note.view", [share.pk], "council"),
    ]
    share.refresh_from_db()
    assert share.first_read_at is not None


def test_another_agency_gets_the_same_404_as_a_missing_share(other_partner, partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    out_of_scope = shared(other_partner, share)
    missing = shared(partner, type("Missing", (), {"pk": 999_999})())
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    assert shared(other_partner, share, "replies", "post", body="hello").status_code == 404
    assert shared(other_partner, share, "acknowledge", "post").status_code == 404


@pytest.mark.parametrize("persona", ["pcso", "supervisor", "administrator"])
def test_police_users_do_not_use_the_partner_surface(persona, request, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    assert shared(request.getfixturevalue(persona), share).status_code == 404


def test_revoking_removes_access_on_the_next_request(pcso, partner, note, council, agreement):
    share_via_api(pcso, note, council, agreement)
    share = NoteShare.objects.get()
    assert shared(partner, share).status_code == 200

    response = api_client_for(pcso).post(reverse("api:share-revoke", args=[share.pk]), {"reason": "case closed"})

    assert response.status_code == 200 and response.json()["revoked_at"]
    assert shared(partner, share).status_code == 404
    assert shared(partner, suffix="list").json()["count"] == 0
    assert shared(partner, share, "replies", "post", body="too late").status_code == 404
    event = AuditEvent.objects.get(action="note.share_revoke")
    assert (event.recipient, event.details["reason"]) == ("council", "case closed")


def test_only_the_sharer_or_a_supervisor_revokes(constable, supervisor, pcso, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement, shared_by=pcso)
    url = reverse("api:share-revoke", args=[share.pk])
    assert api_client_for(constable).post(url).status_code == 403
    assert AuditEvent.objects.filter(action="note.share_revoke", outcome="denied").count() == 1
    assert api_client_for(supervisor).post(url).status_code == 200
    assert api_client_for(supervisor).post(url).status_code == 400  # already revoked


def test_a_partner_reply_is_collected_and_police_users_see_it_with_the_share(partner, pcso, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    response = shared(partner, share, "replies", "post", body="Visited today: door entry fixed.")

    assert response.status_code == 201 and response.json()["author_name"] == partner.display_name
    event = AuditEvent.objects.get(action="note.reply")
    assert (event.category, event.actor_agency, event.details["note"]) == ("collection", "council", note.pk)
    police = api_client_for(pcso).get(reverse("api:share-list"), {"incident": note.incident_id}).json()
    assert [r["body"] for r in police["results"][0]["replies"]] == ["Visited today: door entry fixed."]
    assert [r["body"] for r in shared(partner, share, "replies").json()["results"]] == [
        "Visited today: door entry fixed."
    ]
    assert shared(partner, share, "replies", "post", body="  ").status_code == 400


def test_acknowledging_is_recorded_once(partner, pcso, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    first = shared(partner, share, "acknowledge", "post").json()
    second = shared(partner, share, "acknowledge", "post").json()
    assert first["acknowledged_at"] == second["acknowledged_at"] is not None
    assert first["acknowledged_by_name"] == partner.display_name
    assert AuditEvent.objects.filter(action="note.share_acknowledge").count() == 1
    police = api_client_for(pcso).get(reverse("api:share-detail", args=[share.pk])).json()
    assert police["acknowledged_by"] == "carol"


def test_the_partner_marks_its_action_done(partner, note, council, agreement):
    due = timezone.now() + timedelta(hours=72)
    share = NoteShareFactory(note=note, agency=council, agreement=agreement, action="Return home interview",
                             action_due_at=due)  # fmt: skip
    listed = shared(partner, suffix="list").json()["results"][0]
    assert (listed["action"], listed["action_overdue"]) == ("Return home interview", False)

    done = shared(partner, share, "action-done", "post")

    assert done.status_code == 200 and done.json()["action_done_by_name"] == partner.display_name
    assert AuditEvent.objects.get(action="note.share_action_done").category == "alteration"
    assert shared(partner, share, "action-done", "post").status_code == 400


def test_marking_done_without_an_action_is_a_field_error(partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    response = shared(partner, share, "action-done", "post")
    assert response.status_code == 400 and "action" in response.json()


def test_a_reply_through_a_share_revoked_meanwhile_is_refused(partner, pcso, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    NoteShare.objects.filter(pk=share.pk).update(revoked_at=timezone.now())  # after the request read it
    with pytest.raises(Exception) as caught:
        shared_note_reply(actor=partner, share=share, body="hello")
    assert caught.type.__name__ == "Http404"


def test_the_sharing_service_refuses_a_partner(partner, note, council, agreement):
    with pytest.raises(PermissionDenied):
        note_share(actor=partner, note=note, agency=council, agreement=agreement, purpose="x")


# --- Query budgets -----------------------------------------------------------------------


def test_the_partner_list_costs_the_same_for_one_share_or_many(
    partner, note, council, agreement, django_assert_max_num_queries
):
    for _ in range(15):
        NoteShareFactory(note=CaseNoteFactory(incident=note.incident), agency=council, agreement=agreement)
    with django_assert_max_num_queries(8):
        response = shared(partner, suffix="list")
    assert response.json()["count"] == 15


def test_the_police_share_list_costs_the_same_for_one_share_or_many(
    pcso, partner, note, council, agreement, django_assert_max_num_queries
):
    for _ in range(15):
        share = NoteShareFactory(note=CaseNoteFactory(incident=note.incident), agency=council, agreement=agreement)
        shared_note_reply(actor=partner, share=share, body="Seen.")
    with django_assert_max_num_queries(8):
        response = api_client_for(pcso).get(reverse("api:share-list"))
    assert response.json()["count"] == 15


def test_a_partner_reaching_for_a_share_not_theirs_is_logged_as_denied(other_partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    shared(other_partner, share)
    denied = AuditEvent.objects.get(action="shared_note.view", outcome="denied")
    assert (denied.actor_username, denied.details["share"]) == ("harry", str(share.pk))


def test_an_agency_that_is_no_longer_a_partner_loses_access(partner, note, council, agreement):
    share = NoteShareFactory(note=note, agency=council, agreement=agreement)
    council.is_active = False
    council.save()
    assert shared(partner, share).status_code == 404


def test_a_share_racing_another_of_the_same_note_is_a_field_error(pcso, note, council, agreement, monkeypatch):
    # The other share lands between our check and our insert: the constraint answers, not a 500.
    NoteShareFactory(note=note, agency=council, agreement=agreement)
    monkeypatch.setattr("partners.models.NoteShareQuerySet.current", lambda self: self.none())
    with pytest.raises(ValidationError) as caught:
        note_share(actor=pcso, note=note, agency=council, agreement=agreement, purpose="Safeguarding")
    assert "already shared" in caught.value.message_dict["agency"][0]
