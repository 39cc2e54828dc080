"""Partner agencies and information sharing agreements: who records them, what blocks sharing,
reviews due, ETag/If-Match, bad input, audit rows (docs/partners.md)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import PartnerAgency
from audit.models import AuditEvent
from partners.models import SharingAgreement
from partners.selectors import agreements_review_due, agreements_usable
from tests.conftest import api_client_for, client_for
from tests.factories import SharingAgreementFactory

TODAY = timezone.localdate


def agreement_body(**extra):
    today = TODAY()
    return {
        "title": "Youth safety",
        "parties": ["council"],
        "lawful_basis": "Crime and Disorder Act 1998 s.115",
        "purpose": "Preventing ASB",
        "data_shared": "Case notes about ASB; no intelligence",
        "starts_on": today.isoformat(),
        "review_on": (today + timedelta(days=180)).isoformat(),
        "expires_on": (today + timedelta(days=365)).isoformat(),
        **extra,
    }


def test_a_supervisor_records_an_agreement_and_it_is_a_collection(supervisor, council):
    response = api_client_for(supervisor).post(reverse("api:sharing-agreement-list"), agreement_body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"].startswith("ISA-") and data["parties"] == ["council"] and data["blocks_sharing"] == ""
    event = AuditEvent.objects.get(action="agreement.create")
    assert (event.category, event.actor_username, event.details["fields"]["parties"]) == (
        "collection",
        "sam",
        ["council"],
    )


@pytest.mark.parametrize("persona", ["pcso", "staff"])
def test_officers_read_agreements_but_do_not_record_them(persona, request, council):
    client = api_client_for(request.getfixturevalue(persona))
    assert client.get(reverse("api:sharing-agreement-list")).status_code == 200
    assert client.post(reverse("api:sharing-agreement-list"), agreement_body(), format="json").status_code == 403
    assert AuditEvent.objects.filter(action="agreement.create", outcome="denied").exists()


def test_bad_agreement_input_is_a_field_error(supervisor, council):
    client = api_client_for(supervisor)
    today = TODAY()
    body = agreement_body(expires_on=(today - timedelta(days=1)).isoformat(), parties=[])
    response = client.post(reverse("api:sharing-agreement-list"), body, format="json")
    assert response.status_code == 400
    body = agreement_body(status="suspended")
    response = client.post(reverse("api:sharing-agreement-list"), body, format="json")
    assert response.status_code == 400 and "status_reason" in response.json()
    body = agreement_body(review_on=(today + timedelta(days=400)).isoformat())
    assert "review_on" in client.post(reverse("api:sharing-agreement-list"), body, format="json").json()


def test_suspending_needs_if_match_and_a_stale_one_is_412(supervisor, council):
    agreement = SharingAgreementFactory(parties=[council])
    client = api_client_for(supervisor)
    url = reverse("api:sharing-agreement-detail", args=[agreement.pk])
    etag = client.get(url)["ETag"]
    body = {"status": "suspended", "status_reason": "under review after a breach"}
    assert client.patch(url, body, format="json").status_code == 428

    response = client.patch(url, body, format="json", HTTP_IF_MATCH=etag)

    assert (
        response.status_code == 200
        and "is suspended (under review after a breach)" in response.json()["blocks_sharing"]
    )
    event = AuditEvent.objects.get(action="agreement.update")
    assert event.details["changes"]["status"] == {"old": "active", "new": "suspended"}
    assert client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_what_blocks_sharing_by_date_and_status(council):
    today = TODAY()
    agreement = SharingAgreementFactory(parties=[council])
    assert agreement.blocks_sharing(today) == ""
    assert "expired on" in agreement.blocks_sharing(agreement.expires_on + timedelta(days=1))
    assert "starts on" in agreement.blocks_sharing(agreement.starts_on - timedelta(days=1))
    agreement.status, agreement.status_reason = "expired", "replaced by ISA-0009"
    assert "has ended (replaced by ISA-0009)" in agreement.blocks_sharing(today)


def test_agreements_nearing_review_are_listed_and_filtered(supervisor, council, housing):
    today = TODAY()
    soon = SharingAgreementFactory(parties=[council], review_on=today + timedelta(days=10))
    overdue = SharingAgreementFactory(parties=[housing], review_on=today - timedelta(days=2))
    SharingAgreementFactory(parties=[council])  # review in 180 days
    SharingAgreementFactory(parties=[council], review_on=today, status="suspended", status_reason="paused")

    due = agreements_review_due(actor=supervisor, today=today, days=30)

    assert [a.pk for a in due] == [overdue.pk, soon.pk]
    api = api_client_for(supervisor).get(
        reverse("api:sharing-agreement-list"), {"review_due": "true", "party": "council"}
    )
    assert [row["id"] for row in api.json()["results"]] == [soon.pk]


def test_agreements_usable_for_an_agency(supervisor, council, housing):
    today = TODAY()
    council_only = SharingAgreementFactory(parties=[council])
    SharingAgreementFactory(parties=[housing])
    SharingAgreementFactory(parties=[council], status="suspended", status_reason="paused")
    usable = agreements_usable(actor=supervisor, agency=council, today=today)
    assert list(usable) == [council_only]


def test_partners_cannot_read_agreements_or_agencies(partner, council):
    agreement = SharingAgreementFactory(parties=[council])
    client = api_client_for(partner)
    assert client.get(reverse("api:sharing-agreement-detail", args=[agreement.pk])).status_code == 404
    assert client.get(reverse("api:partner-agency-detail", args=["council"])).status_code == 404
    assert not SharingAgreement.objects.visible_to(partner).exists()


def test_agreement_list_has_a_query_budget(supervisor, council, housing, django_assert_max_num_queries):
    for _ in range(12):
        SharingAgreementFactory(parties=[council, housing])
    with django_assert_max_num_queries(6):
        response = api_client_for(supervisor).get(reverse("api:sharing-agreement-list"))
    assert response.json()["count"] == 12


# --- Partner agencies ----------------------------------------------------------------


def test_an_administrator_registers_an_agency_with_contacts(administrator):
    body = {"code": "school-1", "name": "St Paul's School", "kind": "school", "contact_name": "Ms Ade",
            "contact_email": "dsl@school.example"}  # fmt: skip
    response = api_client_for(administrator).post(reverse("api:partner-agency-list"), body, format="json")

    assert response.status_code == 201, response.json()
    assert PartnerAgency.objects.get(code="school-1").contact_name == "Ms Ade"
    assert AuditEvent.objects.get(action="agency.create").category == "collection"
    again = api_client_for(administrator).post(reverse("api:partner-agency-list"), body, format="json")
    assert again.status_code == 400 and "code" in again.json()


def test_only_administrators_change_agencies_with_if_match(administrator, supervisor, council):
    url = reverse("api:partner-agency-detail", args=["council"])
    assert api_client_for(supervisor).patch(url, {"name": "X"}, format="json").status_code == 403
    client = api_client_for(administrator)
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"contact_phone": "020 7000 0000"}, format="json").status_code == 428

    response = client.patch(url, {"contact_phone": "020 7000 0000"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200 and response.json()["version"] == 2
    event = AuditEvent.objects.get(action="agency.update", outcome="allowed")
    assert (event.details["before"]["contact_phone"], event.details["after"]["contact_phone"]) == ("", "020 7000 0000")
    assert client.patch(url, {"name": "Stale"}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert client.put(url, {"code": "renamed", "name": "x", "kind": "school"}, format="json",
                      HTTP_IF_MATCH=response["ETag"]).status_code == 400  # fmt: skip


def test_create_agency_keeps_contacts_and_sets_a_contact_name(db):
    call_command("create_agency", "fire", "--name", "Fire and Rescue", "--kind", "fire", "--contact", "Watch Manager")
    call_command("create_agency", "fire", "--name", "City Fire and Rescue", "--kind", "fire")
    agency = PartnerAgency.objects.get(code="fire")
    assert (agency.name, agency.contact_name, agency.version) == ("City Fire and Rescue", "Watch Manager", 2)


def test_an_agency_changed_in_the_django_admin_is_audited(administrator, council):
    url = reverse("admin:accounts_partneragency_change", args=[council.pk])
    response = client_for(administrator).post(
        url, {"name": "City Council", "kind": "local_authority", "contact_name": "ASB team", "is_active": "on"}
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert (council.contact_name, council.version) == ("ASB team", 2)
    assert AuditEvent.objects.get(action="agency.update").actor_username == "ada"
