"""The incidents API: logging with repeat flags, ETag/If-Match, workflow verbs, notes, errors."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from incidents.models.incidents import Incident
from tests.conftest import api_client_for
from tests.factories import CaseNoteFactory, IncidentFactory, category


def payload(**overrides):
    return {
        "opening_category": "asb",
        "asb_qualifier": "environmental",
        "asb_subtype": "littering-drug-paraphernalia",
        "occurred_at": (timezone.now() - timedelta(minutes=10)).isoformat(),
        "location_text": "Bow Lane",
        "latitude": 51.5131,
        "longitude": -0.0938,
        "account": "Needles left by the bins behind the café.",
        "thrive_harm": "Risk of needle-stick injury to children",
        "people": [{"role": "reporter_affected", "name": "Ann Lee", "contact": "07700 900456"}],
        **overrides,
    }


def log(client, **overrides):
    response = client.post(reverse("api:incident-list"), payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response


def test_logging_returns_the_incident_with_repeat_flags_and_an_etag(pcso, north):
    client = api_client_for(pcso)
    first = log(client).json()
    second = log(client, location_text="bow lane").json()

    assert first["repeat_location"] is False and first["repeats"]["location"] == []
    assert second["repeat_location"] is True and second["repeat_person"] is True
    assert [r["id"] for r in second["repeats"]["location"]] == [first["id"]]
    assert second["repeats"]["people"][0]["name"] == "Ann Lee"
    assert second["repeats"]["window_days"] == 28
    assert second["reference"] == f"INC-{second['id']:06d}"
    assert AuditEvent.objects.filter(action="incident.create", category="collection").count() == 2


def test_detail_has_an_etag_and_is_a_consultation(pcso, constable):
    incident = Incident.objects.get(pk=log(api_client_for(pcso)).json()["id"])
    response = api_client_for(constable).get(reverse("api:incident-detail", args=[incident.pk]))

    assert response["ETag"] == f'"incident-{incident.pk}-v1"'
    assert response.json()["people"][0]["name"] == "Ann Lee"
    assert AuditEvent.objects.filter(action="incident.view", actor_username="connor", category="consultation").exists()


def test_patch_needs_if_match_428_and_a_stale_one_gets_412(pcso, supervisor):
    pat, sam = api_client_for(pcso), api_client_for(supervisor)
    created = log(pat)
    url = reverse("api:incident-detail", args=[created.json()["id"]])
    etag = created["ETag"]

    assert pat.patch(url, {"location_text": "Bow Lane, north end"}, format="json").status_code == 428
    changed = sam.patch(url, {"account": "Sam's update"}, format="json", headers={"If-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    stale = pat.patch(url, {"account": "Pat's update"}, format="json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert Incident.objects.get(pk=created.json()["id"]).account == "Sam's update"
    fresh = pat.patch(url, {"account": "Pat's update"}, format="json", headers={"If-Match": changed["ETag"]})
    assert fresh.status_code == 200 and fresh.json()["version"] == 3


def test_an_edit_is_audited_with_field_level_old_and_new_values(pcso):
    client = api_client_for(pcso)
    created = log(client)
    url = reverse("api:incident-detail", args=[created.json()["id"]])
    client.patch(url, {"asb_qualifier": "nuisance"}, format="json", headers={"If-Match": created["ETag"]})
    event = AuditEvent.objects.get(action="incident.update")
    assert event.details["changes"] == {"asb_qualifier": {"old": "environmental", "new": "nuisance"}}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"opening_category": "not-a-category"}, "opening_category"),
        ({"asb_qualifier": ""}, "asb_qualifier"),
        ({"asb_qualifier": "loud"}, "asb_qualifier"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"latitude": "north"}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"latitude": None, "longitude": None, "location_text": ""}, "location_text"),
        ({"people": [{"role": "bystander", "name": "X"}]}, "people"),
        ({"people": "Ann"}, "people"),
        ({"neighbourhood": "atlantis"}, "neighbourhood"),
        ({"account": "x" * 5000}, "account"),
        ({"account": "a\x00b"}, "account"),
        ({"latitude": "NaN", "longitude": "NaN"}, "latitude"),
        ({"latitude": "Infinity", "longitude": 1}, "latitude"),
        ({"occurred_at": "1000-01-01T00:00:00Z"}, "occurred_at"),
        ({"occurred_at": "0001-01-01T00:00:00+05:00"}, "occurred_at"),
        ({"occurred_at": "9999-12-31T23:59:59-05:00"}, "occurred_at"),
        ({"people": [{"role": "reporter"}]}, "people"),
        ({"people": [{"role": "reporter", "name": "x\x00"}]}, "people"),
        ({"people": [None]}, "people"),
        ({"neighbourhood": ["north"]}, "neighbourhood"),
        ({"location_text": "x" * 300}, "location_text"),
        ({"people": [{"role": "witness", "name": f"W{n}"} for n in range(21)]}, "people"),
    ],
)
def test_bad_input_gets_400_with_field_errors(pcso, overrides, field):
    response = api_client_for(pcso).post(reverse("api:incident-list"), payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_workflow_verbs_through_the_api(pcso, constable, supervisor):
    created = log(api_client_for(pcso)).json()
    sam, connor = api_client_for(supervisor), api_client_for(constable)

    def post(client, verb, data=None, **kwargs):
        return client.post(reverse(f"api:incident-{verb}", args=[created["id"]]), data or {}, format="json", **kwargs)

    assert post(connor, "assign", {"assignee": "connor"}).status_code == 403
    assert post(sam, "assign", {"assignee": "nobody"}).status_code == 400
    assigned = post(sam, "assign", {"assignee": "connor"})
    assert assigned.json()["status"] == "assigned" and assigned.json()["assignee"] == "connor"
    assert post(connor, "start", headers={"If-Match": '"incident-1-v0"'}).status_code == 412
    assert post(connor, "start").json()["status"] == "in_progress"
    assert post(connor, "resolve").status_code == 400  # closing category missing
    resolved = post(connor, "resolve", {"closing_category": "crime-related"})
    assert resolved.json()["closing_category"] == "crime-related"
    assert post(connor, "close").status_code == 403
    closed = post(sam, "close")
    assert (closed.json()["status"], closed.json()["closing_category"]) == ("closed", "crime-related")
    assert post(sam, "start").status_code == 403  # only the assignee starts
    again = post(sam, "resolve", {"closing_category": "asb"})
    assert again.status_code == 400 and "status" in again.json()


def test_notes_are_appended_listed_and_corrected_only_within_the_window(pcso, constable, settings):
    created = log(api_client_for(pcso)).json()
    pat, connor = api_client_for(pcso), api_client_for(constable)
    notes_url = reverse("api:incident-notes", args=[created["id"]])

    note = pat.post(notes_url, {"body": "Visited the café owner."}, format="json").json()
    connor.post(notes_url, {"body": "Council told about the needles."}, format="json")
    listed = connor.get(notes_url).json()
    assert [n["body"] for n in listed["results"]] == ["Visited the café owner.", "Council told about the needles."]
    assert AuditEvent.objects.filter(action="incident.view_notes", actor_username="connor").count() == 1

    note_url = reverse("api:incident-note-detail", args=[created["id"], note["id"]])
    assert connor.patch(note_url, {"body": "Changed"}, format="json").status_code == 403
    assert pat.patch(note_url, {"body": ""}, format="json").status_code == 400
    assert pat.patch(note_url, {"body": "Visited the café owner, Ms Diaz."}, format="json").status_code == 200
    settings.NOTE_EDIT_MINUTES = 0
    assert pat.patch(note_url, {"body": "Later change"}, format="json").status_code == 403
    edit = AuditEvent.objects.get(action="note.edit", outcome="allowed")
    assert edit.details["changes"]["body"]["old"] == "Visited the café owner."


def test_list_filters_and_one_consultation_per_request(pcso, north, south):
    IncidentFactory(
        neighbourhood=north, opening_category=category("asb"), asb_qualifier="nuisance", repeat_location=True
    )
    IncidentFactory(neighbourhood=south, status="closed", closing_category=category("asb"))
    client = api_client_for(pcso)
    url = reverse("api:incident-list")

    assert client.get(url, {"neighbourhood": "north"}).json()["count"] == 1
    assert client.get(url, {"active": "true"}).json()["count"] == 1
    assert client.get(url, {"repeat": "true", "category": "asb"}).json()["count"] == 1
    assert client.get(url, {"status": ["closed", "open"]}).json()["count"] == 2
    bad = client.get(url, {"status": "lost", "category": "nope", "occurred_after": "soon"})
    assert bad.status_code == 400 and {"status", "category", "occurred_after"} <= set(bad.json())
    searches = AuditEvent.objects.filter(action="incident.search", actor_username="pat")
    assert searches.count() == 5
    assert searches.order_by("id").first().details == {"filters": {"neighbourhood": "north"}}


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_incident_and_note_lists_have_a_query_budget_independent_of_page_size(pcso, constable, north):
    incidents = [
        IncidentFactory(neighbourhood=north, assignee=constable, status="assigned", asb_subtype=None) for _ in range(30)
    ]
    for _ in range(30):
        CaseNoteFactory(incident=incidents[0], author=pcso)
    client = api_client_for(pcso)
    for url in (reverse("api:incident-list"), reverse("api:incident-notes", args=[incidents[0].pk])):
        assert queries_for(client, f"{url}?limit=2") == queries_for(client, f"{url}?limit=25")


def test_partners_see_no_incident_or_note(partner, pcso):
    created = log(api_client_for(pcso)).json()
    client = api_client_for(partner)
    assert client.get(reverse("api:incident-detail", args=[created["id"]])).status_code == 404
    assert client.get(reverse("api:incident-notes", args=[created["id"]])).status_code == 404


def test_a_write_that_loses_the_race_after_the_header_check_is_still_a_412(pcso, monkeypatch):
    from incidents.api.incidents import IncidentViewSet

    client = api_client_for(pcso)
    created = log(client)
    # As if another write landed between the If-Match check and the row lock.
    monkeypatch.setattr(IncidentViewSet, "if_match_version", lambda self, request, obj, required=True: obj.version - 1)
    url = reverse("api:incident-detail", args=[created.json()["id"]])
    response = client.patch(url, {"account": "Mine"}, format="json", headers={"If-Match": created["ETag"]})

    assert response.status_code == 412
    assert response["ETag"] == created["ETag"]  # the current version, to read again
    assert Incident.objects.get(pk=created.json()["id"]).account != "Mine"
