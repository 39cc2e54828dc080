"""Penalty notices: designations (PCSOs only their offences, constables all), the register,
status transitions with audit, roles, bad input, query budgets, pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from incidents.models.notices import NoticeDesignation, PenaltyNotice
from incidents.services.notices import designations_set, notice_issue
from tests.conftest import api_client_for, client_for
from tests.factories import PenaltyNoticeFactory, offence


def designate(user, *codes):
    for code in codes:
        NoticeDesignation.objects.create(user=user, offence=offence(code))


def body(**overrides):
    return {"offence": "litter", "recipient_name": "J. Smith", "recipient_address": "1 Wood St",
            "location_text": "Cheapside", **overrides}  # fmt: skip


def test_a_pcso_issues_only_their_designated_offences_and_a_refusal_is_a_field_error(pcso, north):
    designate(pcso, "litter")
    client = api_client_for(pcso)
    refused = client.post(reverse("api:notice-list"), body(offence="disorder"), format="json")
    assert refused.status_code == 400 and "offence" in refused.json()
    assert AuditEvent.objects.filter(actor_username="pat", action="notice.issue", outcome="denied").exists()

    response = client.post(reverse("api:notice-list"), body(neighbourhood="north"), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"].startswith("PN-") and data["status"] == "issued"
    assert data["amount"] == offence("litter").amount and data["notice_type"] == "fixed_penalty"
    assert response["ETag"] == f'"penaltynotice-{data["id"]}-v1"'
    event = AuditEvent.objects.get(action="notice.issue", outcome="allowed")
    assert event.category == "collection" and event.details["offence"] == "litter"


def test_constables_issue_every_offence_and_staff_and_partners_none(constable, staff, partner):
    assert (
        api_client_for(constable).post(reverse("api:notice-list"), body(offence="disorder"), format="json").status_code
        == 201
    )
    assert api_client_for(staff).post(reverse("api:notice-list"), body(), format="json").status_code == 403
    notice = PenaltyNoticeFactory(issued_by=constable)
    assert api_client_for(partner).get(reverse("api:notice-detail", args=[notice.pk])).status_code == 404
    assert client_for(partner).get(reverse("incidents:notice-list")).status_code == 404


def test_an_amount_change_applies_to_new_notices_only(constable):
    first = notice_issue(
        actor=constable, offence=offence("litter"), fields={"recipient_name": "A", "location_text": "X"}
    )
    type(first.offence).objects.filter(code="litter").update(amount=first.amount + 25)
    second = notice_issue(
        actor=constable, offence=offence("litter"), fields={"recipient_name": "B", "location_text": "X"}
    )
    first.refresh_from_db()
    assert second.amount == first.amount + 25


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"offence": "nope"}, "offence"),
        ({"recipient_name": ""}, "recipient_name"),
        ({"location_text": ""}, "location_text"),
        ({"issued_at": "yesterday"}, "issued_at"),
        ({"issued_at": "0001-01-01T00:00:00Z"}, "issued_at"),
        ({"issued_at": (timezone.now() + timedelta(days=2)).isoformat()}, "issued_at"),
        ({"incident": "abc"}, "incident"),
        ({"asb_case": 99_999_999_999_999_999_999}, "asb_case"),
        ({"neighbourhood": "nowhere"}, "neighbourhood"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(constable, overrides, field):
    response = api_client_for(constable).post(reverse("api:notice-list"), body(**overrides), format="json")
    assert response.status_code == 400 and field in response.json(), response.json()


def test_status_transitions_are_audited_and_final_states_stay(pcso, constable, supervisor):
    notice = PenaltyNoticeFactory(issued_by=pcso)
    url = reverse("api:notice-status", args=[notice.pk])
    assert api_client_for(constable).post(url, {"status": "paid"}).status_code == 403
    client = api_client_for(pcso)
    assert client.post(url, {"status": "issued"}).status_code == 400
    assert client.post(url, {"status": "bogus"}).status_code == 400
    unpaid = client.post(url, {"status": "unpaid"})
    assert unpaid.status_code == 200 and unpaid.json()["status"] == "unpaid"
    stale = client.post(url, {"status": "paid"}, headers={"If-Match": f'"penaltynotice-{notice.pk}-v1"'})
    assert stale.status_code == 412
    assert api_client_for(supervisor).post(url, {"status": "cancelled"}).status_code == 200
    again = client.post(url, {"status": "paid"})
    assert again.status_code == 400 and "status" in again.json()
    changes = [
        e.details["changes"]["status"]
        for e in AuditEvent.objects.filter(action="notice.status", outcome="allowed").order_by("id")
    ]
    assert changes == [{"old": "issued", "new": "unpaid"}, {"old": "unpaid", "new": "cancelled"}]
    assert (
        AuditEvent.objects.get(action="notice.status", outcome="allowed", actor_username="sam").category == "alteration"
    )


def test_administrators_set_designations_through_the_api_and_it_is_audited(administrator, pcso, constable, supervisor):
    client = api_client_for(administrator)
    url = reverse("api:notice-designation-detail", args=[pcso.username])
    response = client.put(url, {"offences": ["litter", "cycling-on-footway"]}, format="json")
    assert response.status_code == 200 and response.json()["offences"] == ["cycling-on-footway", "litter"]
    assert client.put(url, {"offences": ["nope"]}, format="json").status_code == 400
    assert client.put(url, {"offences": "litter"}, format="json").status_code == 400
    assert client.put(reverse("api:notice-designation-detail", args=[constable.username]), {"offences": []},
                      format="json").status_code == 404  # fmt: skip
    client.put(url, {"offences": ["litter"]}, format="json")
    events = AuditEvent.objects.filter(action="notice.designations").order_by("id")
    assert [e.details["changes"]["designations"] for e in events] == [
        {"old": [], "new": ["cycling-on-footway", "litter"]},
        {"old": ["cycling-on-footway", "litter"], "new": ["litter"]},
    ]
    assert api_client_for(supervisor).put(url, {"offences": []}, format="json").status_code == 404
    with pytest.raises(ValidationError):
        designations_set(actor=administrator, user=constable, offences=[])


def test_register_filters_and_query_budget(pcso, constable, north, south):
    for _ in range(12):
        PenaltyNoticeFactory(issued_by=pcso, neighbourhood=north)
    paid = PenaltyNoticeFactory(issued_by=constable, neighbourhood=south, status="paid", offence=offence("disorder"))
    client = api_client_for(pcso)
    url = reverse("api:notice-list")
    assert [n["id"] for n in client.get(url, {"status": "paid"}).json()["results"]] == [paid.pk]
    assert client.get(url, {"offence": "disorder", "neighbourhood": "south"}).json()["count"] == 1
    assert client.get(url, {"issued_by": "pat"}).json()["count"] == 12
    assert client.get(url, {"status": "nope"}).status_code == 400
    assert client.get(url, {"issued_after": "soon"}).status_code == 400

    def queries(path, api=True):
        with CaptureQueriesContext(connection) as captured:
            assert (client if api else client_for(pcso)).get(path).status_code == 200
        return len(captured)

    assert queries(f"{url}?limit=2") == queries(f"{url}?limit=13")
    page = reverse("incidents:notice-list")
    assert queries(f"{page}?status=paid", api=False) == queries(page, api=False)


def test_the_page_offers_a_pcso_only_their_offences(pcso, north):
    designate(pcso, "cycling-on-footway")
    client = client_for(pcso)
    page = client.get(reverse("incidents:notice-create")).content.decode()
    assert "Cycling on a footway" in page and "Penalty notice for disorder" not in page
    refused = client.post(reverse("incidents:notice-create"), {"offence": offence("disorder").pk,
                          "issued_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                          "recipient_name": "J", "location_text": "X"})  # fmt: skip
    assert refused.status_code == 200 and PenaltyNotice.objects.count() == 0
    done = client.post(reverse("incidents:notice-create"), {"offence": offence("cycling-on-footway").pk,
                       "issued_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                       "recipient_name": "J", "location_text": "X", "neighbourhood": north.pk})  # fmt: skip
    notice = PenaltyNotice.objects.get()
    assert done["Location"] == reverse("incidents:notice-detail", args=[notice.pk])
    stale = client.post(
        reverse("incidents:notice-status", args=[notice.pk]), {"status": "paid", "version": 5}, follow=True
    )
    assert "Someone else changed this notice" in stale.content.decode()
    client.post(reverse("incidents:notice-status", args=[notice.pk]), {"status": "paid", "version": 1})
    assert PenaltyNotice.objects.get().status == "paid"


def test_the_designation_page_sets_a_pcsos_offences(administrator, pcso):
    client = client_for(administrator)
    assert pcso.username in client.get(reverse("incidents:designation-list")).content.decode()
    client.post(reverse("incidents:designation-edit", args=[pcso.username]), {"offences": [offence("litter").pk]})
    assert list(NoticeDesignation.objects.values_list("user__username", "offence__code")) == [("pat", "litter")]
    assert AuditEvent.objects.filter(action="notice.designations", actor_username="ada").exists()


def test_designations_changed_in_the_admin_are_audited(administrator, pcso):
    client = client_for(administrator)
    response = client.post(
        reverse("admin:incidents_noticedesignation_add"), {"user": pcso.pk, "offence": offence("truancy").pk}
    )
    assert response.status_code == 302
    designation = NoticeDesignation.objects.get()
    assert designation.granted_by == administrator
    client.post(reverse("admin:incidents_noticedesignation_delete", args=[designation.pk]), {"post": "yes"})
    events = AuditEvent.objects.filter(action="notice.designations").order_by("id")
    assert [e.details["changes"]["designations"] for e in events] == [
        {"old": [], "new": ["truancy"]},
        {"old": ["truancy"], "new": []},
    ]
