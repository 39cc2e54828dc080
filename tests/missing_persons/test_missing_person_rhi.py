"""A traced child's return home interview referred to the local authority as a shared case
note with a 72-hour action (docs/missing-persons.md, docs/partners.md): the service, the
partner's side, the case page and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from incidents.models.notes import CaseNote
from missing_persons.models import MissingPersonCase
from missing_persons.selectors import rhi_referral_text, rhi_timer
from missing_persons.services.outcome import missing_case_trace
from missing_persons.services.rhi import missing_case_refer_rhi
from partners.models import NoteShare
from partners.services.shares import share_revoke, shared_note_action_done
from tests.conftest import api_client_for, client_for
from tests.factories import MissingPersonCaseFactory, SharingAgreementFactory

TEXT = "Jamie Lowe, 15, missing from 4 Wood Street overnight, traced at a friend's house."


def traced(pcso, north, *, born=date(2011, 5, 4), hours_ago=1) -> MissingPersonCase:
    case = MissingPersonCaseFactory(
        neighbourhood=north,
        created_by=pcso,
        date_of_birth=born,
        missing_since=timezone.now() - timedelta(hours=hours_ago + 3),
        reported_at=timezone.now() - timedelta(hours=hours_ago + 2),
    )
    fields = {
        "traced_at": timezone.now() - timedelta(hours=hours_ago),
        "traced_where": "A friend's house, Elm Road",
        "traced_how": "Found by police",
    }
    return missing_case_trace(actor=pcso, case=case, fields=fields)


@pytest.fixture
def child(pcso, north, council):
    return traced(pcso, north)


@pytest.fixture
def agreement(council):
    return SharingAgreementFactory(parties=[council], title="Missing children protocol")


def refer(actor, case, agreement, text=TEXT, **kw):
    return missing_case_refer_rhi(actor=actor, case=case, agreement=agreement, note_text=text, **kw)


# --- The service -----------------------------------------------------------------------


def test_tracing_a_child_no_longer_discloses_anything(child, council):
    assert child.rhi_agency == council and child.rhi_due_at is not None
    assert child.rhi_referred_at is None and child.rhi_share is None
    assert not NoteShare.objects.exists()


def test_the_referral_is_one_note_and_one_share_with_the_action_and_deadline(pcso, child, council, agreement):
    share = refer(pcso, child, agreement)

    note = CaseNote.objects.get()
    assert note.incident_id == child.incident_id and note.body == TEXT
    assert NoteShare.objects.get() == share
    assert (share.agency, share.agreement, share.note) == (council, agreement, note)
    assert share.action == "Return home interview" and share.action_due_at == child.rhi_due_at
    assert share.context_reference == child.reference
    case = MissingPersonCase.objects.get(pk=child.pk)
    assert case.rhi_share == share and case.rhi_referred_at == share.shared_at
    assert case.version == child.version + 1


def test_the_referral_writes_collection_disclosure_and_alteration_rows(pcso, child, agreement):
    share = refer(pcso, child, agreement)

    note_event = AuditEvent.objects.get(action="note.create")
    assert note_event.category == "collection" and note_event.details["body"] == TEXT
    disclosure = AuditEvent.objects.get(action="note.share")
    assert disclosure.category == "disclosure" and disclosure.recipient == "council"
    assert disclosure.details["context"]["reference"] == child.reference
    alteration = AuditEvent.objects.get(action="missing_case.refer_rhi")
    assert alteration.category == "alteration" and alteration.object_id == str(child.pk)
    assert alteration.details["changes"]["rhi_share"] == {"old": None, "new": share.pk}
    assert alteration.details["changes"]["rhi_referred_at"]["old"] is None
    assert alteration.details["recipient"] == "council"


def test_an_adult_case_is_refused(pcso, north, council, agreement):
    adult = traced(pcso, north, born=date(1960, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, adult, agreement)
    assert "case" in excinfo.value.message_dict
    assert not CaseNote.objects.exists() and not NoteShare.objects.exists()


def test_a_child_still_missing_is_refused(pcso, north, council, agreement):
    case = MissingPersonCaseFactory(neighbourhood=north, created_by=pcso)
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, case, agreement)
    assert "status" in excinfo.value.message_dict


def test_no_agency_on_record_and_empty_text_are_refused(pcso, child, agreement):
    MissingPersonCase.objects.filter(pk=child.pk).update(rhi_agency=None)
    case = MissingPersonCase.objects.get(pk=child.pk)
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, case, agreement, text="  ")
    assert {"rhi_agency", "note_text"} <= set(excinfo.value.message_dict)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "suspended", "status_reason": "Under review after a complaint"}, "suspended"),
        ({"expires_on": date.today() - timedelta(days=1)}, "expired on"),
    ],
)
def test_a_blocked_agreement_is_refused_with_the_reason(pcso, child, agreement, change, words):
    for name, value in change.items():
        setattr(agreement, name, value)
    if "expires_on" in change:
        agreement.review_on = agreement.starts_on = change["expires_on"] - timedelta(days=30)
    agreement.save()
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, child, agreement)
    assert words in excinfo.value.message_dict["agreement"][0]
    assert not CaseNote.objects.exists() and not NoteShare.objects.exists()
    denied = AuditEvent.objects.get(action="missing_case.refer_rhi", outcome="denied")
    assert denied.category == "disclosure" and denied.recipient == "council"


def test_an_agreement_the_agency_did_not_sign_is_refused(pcso, child, housing):
    other = SharingAgreementFactory(parties=[housing])
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, child, other)
    assert "not party to" in excinfo.value.message_dict["agency"][0]


def test_a_live_referral_is_not_made_twice_but_a_revoked_one_may_be_redone(pcso, child, agreement):
    first = refer(pcso, child, agreement)
    with pytest.raises(ValidationError) as excinfo:
        refer(pcso, MissingPersonCase.objects.get(pk=child.pk), agreement)
    assert "rhi_share" in excinfo.value.message_dict

    share_revoke(actor=pcso, share=first)
    second = refer(pcso, MissingPersonCase.objects.get(pk=child.pk), agreement)
    assert second != first and MissingPersonCase.objects.get(pk=child.pk).rhi_share == second


def test_a_late_referral_is_still_made_and_the_partner_sees_it_overdue(pcso, partner, north, council, agreement):
    late = traced(pcso, north, hours_ago=80)  # traced 80 hours ago: the 72 hours have passed
    share = refer(pcso, late, agreement)

    assert share.action_due_at == late.rhi_due_at < timezone.now()
    row = api_client_for(partner).get(reverse("api:shared-note-detail", args=[share.pk])).json()
    assert row["action"] == "Return home interview" and row["action_due_at"] is not None
    assert rhi_timer(MissingPersonCase.objects.get(pk=late.pk))["state"] == "overdue"


def test_a_deadline_typed_by_an_officer_must_still_be_in_the_future(pcso, child, agreement):
    from partners.services.shares import note_share

    note = CaseNote.objects.create(incident=child.incident, author=pcso, body="Please call the family.")
    with pytest.raises(ValidationError) as refused:
        note_share(actor=pcso, note=note, agency=child.rhi_agency, agreement=agreement, purpose="Safeguarding",
                   action="Call the family", action_due_at=timezone.now() - timedelta(hours=1))  # fmt: skip
    assert "action_due_at" in refused.value.message_dict


def test_a_role_that_does_not_share_is_refused(staff, child, agreement):
    with pytest.raises(PermissionDenied):
        refer(staff, child, agreement)
    assert not CaseNote.objects.exists()


def test_the_prefilled_text_holds_the_minimum(child):
    text = rhi_referral_text(child)
    assert "Jamie Lowe" in text and "aged 15" in text
    assert "4 Wood Street" in text and "Elm Road" in text and child.reference in text


# --- The partner's side and back -------------------------------------------------------


def test_the_council_sees_it_with_the_deadline_and_marks_it_done_and_the_case_shows_it(
    pcso, partner, other_partner, child, agreement
):
    share = refer(pcso, child, agreement)

    listed = api_client_for(partner).get(reverse("api:shared-note-list")).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert row["action"] == "Return home interview" and row["context_reference"] == child.reference
    assert row["action_due_at"] is not None
    assert abs(child.rhi_due_at - child.traced_at - timedelta(hours=72)) < timedelta(seconds=1)
    harry = api_client_for(other_partner)
    assert harry.get(reverse("api:shared-note-detail", args=[share.pk])).status_code == 404
    assert harry.post(reverse("api:shared-note-action-done", args=[share.pk])).status_code == 404
    assert harry.get(reverse("api:missing-person-case-detail", args=[child.pk])).status_code == 404

    assert api_client_for(partner).post(reverse("api:shared-note-action-done", args=[share.pk])).status_code == 200

    case = MissingPersonCase.objects.get(pk=child.pk)
    assert rhi_timer(case)["state"] == "done"
    page = client_for(pcso).get(reverse("missing_persons:missing-case-detail", args=[child.pk]))
    assert "Return home interview done" in page.content.decode()
    api = api_client_for(pcso).get(reverse("api:missing-person-case-detail", args=[child.pk])).json()
    assert api["rhi_referral"]["action_done_at"] is not None and api["rhi_referral"]["agency"] == "council"


def test_the_agency_marking_done_is_read_from_the_share_not_copied(pcso, partner, child, agreement):
    share = refer(pcso, child, agreement)
    shared_note_action_done(actor=partner, share=share)
    case = MissingPersonCase.objects.get(pk=child.pk)
    assert case.rhi_completed_at is None and case.rhi_share.action_done_at is not None


# --- The case page ---------------------------------------------------------------------


def test_the_case_page_offers_the_referral_prefilled_for_a_traced_child(pcso, child, agreement):
    page = client_for(pcso).get(reverse("missing_persons:missing-case-detail", args=[child.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="rhi-form"' in html
    assert "Refer the return home interview" in html and agreement.reference in html
    assert "Jamie Lowe, aged 15" in html and 'for="rhi_note_text"' in html
    assert page.context["rhi_form"].initial["agreement"] == agreement.pk


def test_the_page_refers_and_then_shows_the_referral_instead_of_the_form(pcso, child, agreement):
    client = client_for(pcso)
    url = reverse("missing_persons:missing-case-refer-rhi", args=[child.pk])
    body = {"agreement": agreement.pk, "note_text": TEXT, "purpose": "Return home interview"}

    response = client.post(url, body)

    assert response.status_code == 302 and response.url.endswith("#rhi")
    share = NoteShare.objects.get()
    assert share.body == TEXT and share.action_due_at == child.rhi_due_at
    html = client.get(reverse("missing_persons:missing-case-detail", args=[child.pk])).content.decode()
    assert 'id="rhi-form"' not in html and 'id="rhi-referral"' in html
    assert "to City Council under " + agreement.reference in html and "Not read yet" in html
    assert "Not acknowledged yet" in html and "Not done yet" in html


def test_the_page_shows_field_problems_above_the_form(pcso, child, agreement):
    url = reverse("missing_persons:missing-case-refer-rhi", args=[child.pk])
    response = client_for(pcso).post(url, {"agreement": agreement.pk, "note_text": "", "purpose": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and "Check the form" in html and 'id="rhi_note_text_error"' in html
    assert not NoteShare.objects.exists()


def test_the_page_offers_no_blocked_agreement_and_says_so(pcso, child, agreement):
    agreement.status, agreement.status_reason = "suspended", "Under review"
    agreement.save()
    html = client_for(pcso).get(reverse("missing_persons:missing-case-detail", args=[child.pk])).content.decode()
    assert 'id="rhi-form"' not in html and "No sharing agreement with City Council is in force" in html
    response = client_for(pcso).post(
        reverse("missing_persons:missing-case-refer-rhi", args=[child.pk]),
        {"agreement": agreement.pk, "note_text": TEXT, "purpose": "x"},
    )
    assert response.status_code == 200 and not NoteShare.objects.exists()


def test_the_page_shows_the_partners_reply(pcso, partner, child, agreement):
    from partners.services.shares import shared_note_reply

    share = refer(pcso, child, agreement)
    shared_note_reply(actor=partner, share=share, body="Interview booked for Thursday.")
    html = client_for(pcso).get(reverse("missing_persons:missing-case-detail", args=[child.pk])).content.decode()
    assert "Replies from City Council" in html and "Interview booked for Thursday." in html


# --- The API ---------------------------------------------------------------------------


def test_the_api_refers_and_answers_the_share(pcso, child, agreement):
    url = reverse("api:missing-person-case-refer-rhi", args=[child.pk])
    response = api_client_for(pcso).post(url, {"agreement": agreement.pk, "note_text": TEXT}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["agency"] == "council" and body["action"] == "Return home interview"
    assert body["context_reference"] == child.reference and body["purpose"].startswith("Return home interview")
    detail = api_client_for(pcso).get(reverse("api:missing-person-case-detail", args=[child.pk])).json()
    assert detail["rhi_referral"]["id"] == body["id"] and detail["rhi_referred_at"]
    assert detail["rhi"]["state"] == "due"


def test_the_api_answers_field_errors(pcso, north, child, agreement):
    adult = traced(pcso, north, born=date(1960, 1, 1))
    client = api_client_for(pcso)
    refused = client.post(
        reverse("api:missing-person-case-refer-rhi", args=[adult.pk]),
        {"agreement": agreement.pk, "note_text": TEXT},
        format="json",
    )
    assert refused.status_code == 400 and "case" in refused.json()
    agreement.expires_on = timezone.localdate() - timedelta(days=1)
    agreement.starts_on = agreement.review_on = agreement.expires_on - timedelta(days=30)
    agreement.save()
    expired = client.post(
        reverse("api:missing-person-case-refer-rhi", args=[child.pk]),
        {"agreement": agreement.pk, "note_text": TEXT},
        format="json",
    )
    assert expired.status_code == 400 and "expired on" in expired.json()["agreement"][0]


def test_the_api_is_404_for_partners_and_403_for_roles_that_do_not_share(partner, staff, child, agreement):
    url = reverse("api:missing-person-case-refer-rhi", args=[child.pk])
    body = {"agreement": agreement.pk, "note_text": TEXT}
    assert api_client_for(partner).post(url, body, format="json").status_code == 404
    assert api_client_for(staff).post(url, body, format="json").status_code == 403
    assert not NoteShare.objects.exists()


def test_the_timeline_shows_the_referral_and_the_agencys_done(pcso, partner, child, agreement):
    share = refer(pcso, child, agreement)
    shared_note_action_done(actor=partner, share=share)
    html = client_for(pcso).get(reverse("missing_persons:missing-case-timeline", args=[child.pk])).content.decode()
    assert f"Return home interview referred to City Council under {agreement.reference}" in html
    assert "City Council marked the return home interview done" in html


def test_the_agency_cannot_be_changed_under_a_live_referral(pcso, child, agreement):
    from missing_persons.services.outcome import missing_case_record_return
    from tests.factories import AgencyFactory

    refer(pcso, child, agreement)
    other = AgencyFactory(code="kids", name="Children's Services", kind="childrens_services")
    case = MissingPersonCase.objects.get(pk=child.pk)
    with pytest.raises(ValidationError) as excinfo:
        missing_case_record_return(actor=pcso, case=case, fields={"rhi_agency": other})
    assert "revoke that share" in excinfo.value.message_dict["rhi_agency"][0]
