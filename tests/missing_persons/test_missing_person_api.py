"""`missing-person-cases/`: opening with the first assessment, ETag/If-Match, sub-resources,
trace and return, the audited photo, restricted-data logging, bad input, query budgets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from missing_persons.models import MissingPersonCase
from tests.conftest import api_client_for
from tests.factories import PNG_BYTES, MissingPersonCaseFactory


def iso(delta: timedelta) -> str:
    return (timezone.now() + delta).isoformat()


def body(**overrides) -> dict:
    return {
        "name": "Jamie Lowe",
        "date_of_birth": "2011-05-04",
        "description": "Slim, short brown hair, green blazer.",
        "missing_since": iso(-timedelta(hours=3)),
        "reported_at": iso(-timedelta(hours=2)),
        "reported_by": "Dana Lowe (mother)",
        "missing_from": "4 Wood Street",
        "neighbourhood": "north",
        "assessment": {
            "risk_level": "high",
            "rationale": "Twelve, out of character.",
            "information_from": "Dana Lowe",
            "information_at": iso(-timedelta(hours=2)),
            "answers": [{"question": "out-of-character", "answer": "yes", "notes": "Never stays out"}],
        },
        **overrides,
    }


def detail(case) -> str:
    return reverse("api:missing-person-case-detail", args=[case.pk])


def test_opening_a_case_through_the_api(pcso, north):
    response = api_client_for(pcso).post(reverse("api:missing-person-case-list"), body(), format="json")

    assert response.status_code == 201, response.json()
    data = response.json()
    case = MissingPersonCase.objects.get()
    assert data["reference"] == case.reference and data["risk_level"] == "high" and data["is_child"] is True
    assert data["neighbourhood"] == "north" and data["incident"] == case.incident_id
    assert data["review"]["state"] == "due" and data["review"]["words"].startswith("Review due in")
    [assessment] = data["assessments"]
    assert assessment["information_from"] == "Dana Lowe" and assessment["assessed_by"] == "pat"
    assert assessment["answers"] == [
        {
            "question": "out-of-character",
            "question_text": assessment["answers"][0]["question_text"],
            "answer": "yes",
            "notes": "Never stays out",
        }
    ]
    assert response["ETag"] == f'"missingpersoncase-{case.pk}-v1"'
    assert AuditEvent.objects.get(action="missing_case.open").category == "collection"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"missing_since": "last tuesday"}, "missing_since"),
        ({"name": ""}, "name"),
        ({"neighbourhood": "atlantis"}, "neighbourhood"),
        ({"assessment": {"risk_level": "extreme"}}, "assessment"),
        ({"date_of_birth": None, "age": None}, "age"),
        ({"missing_since": iso(timedelta(days=2))}, "missing_since"),
    ],
)
def test_bad_input_is_a_400_with_the_field_named(pcso, north, overrides, field):
    response = api_client_for(pcso).post(reverse("api:missing-person-case-list"), body(**overrides), format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not MissingPersonCase.objects.exists()


def test_an_unknown_question_is_a_400(pcso, north):
    payload = body()
    payload["assessment"]["answers"] = [{"question": "nope", "answer": "yes"}]
    response = api_client_for(pcso).post(reverse("api:missing-person-case-list"), payload, format="json")
    assert response.status_code == 400 and "answers" in response.json()


def test_edits_need_the_current_etag(pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = api_client_for(pcso)
    etag = client.get(detail(case))["ETag"]

    assert client.patch(detail(case), {"description": "Red coat"}, format="json").status_code == 428
    assert (
        client.patch(detail(case), {"description": "Red coat"}, format="json", HTTP_IF_MATCH='"x"').status_code == 412
    )
    ok = client.patch(detail(case), {"description": "Red coat"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200 and ok["ETag"] != etag
    stale = client.patch(detail(case), {"description": "Blue coat"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    case.refresh_from_db()
    assert case.description == "Red coat"
    change = AuditEvent.objects.get(action="missing_case.update").details["changes"]["description"]
    assert change["new"] == "Red coat"


def test_sightings_and_actions_are_additions_without_if_match(pcso, constable, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = api_client_for(pcso)
    url = reverse("api:missing-person-case-sightings", args=[case.pk])
    sighting = {
        "seen_at": iso(-timedelta(minutes=15)),
        "latitude": 51.515,
        "longitude": -0.093,
        "reported_by": "Driver",
        "confidence": "possible",
    }
    assert client.post(url, sighting, format="json").status_code == 201
    assert client.post(url, {**sighting, "latitude": None}, format="json").status_code == 400
    assert client.get(url).json()["count"] == 1

    actions = reverse("api:missing-person-case-actions", args=[case.pk])
    made = client.post(
        actions,
        {"description": "Check CCTV", "assigned_to": "connor", "due_at": iso(timedelta(hours=1))},
        format="json",
    )
    assert made.status_code == 201 and made.json()["status"] == "open"
    complete = reverse("api:missing-person-case-action-complete", args=[case.pk, made.json()["id"]])
    done = api_client_for(constable).post(complete, {"result": "Seen at 16:10"}, format="json")
    assert done.status_code == 200 and done.json()["done_by"] == "connor"
    assert AuditEvent.objects.filter(action="missing_case.view_sightings", actor_username="pat").exists()


def test_an_assessment_through_the_api_keeps_the_history(supervisor, north):
    case = MissingPersonCaseFactory(neighbourhood=north, risk_level="high")
    client = api_client_for(supervisor)
    url = reverse("api:missing-person-case-assessments", args=[case.pk])
    response = client.post(
        url,
        {
            "risk_level": "medium",
            "rationale": "Seen safe",
            "information_from": "PC Connor",
            "information_at": iso(-timedelta(minutes=5)),
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["is_supervisor_review"] is True
    assert client.get(detail(case)).json()["risk_level"] == "medium"
    assert client.get(url).json()["count"] == 1


def test_trace_then_return_through_the_api(pcso, council, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = api_client_for(pcso)
    traced = client.post(
        reverse("api:missing-person-case-trace", args=[case.pk]),
        {"traced_at": iso(-timedelta(minutes=20)), "traced_where": "Park", "traced_how": "Found"},
        format="json",
    )
    assert traced.status_code == 200 and traced.json()["status"] == "traced"
    assert traced.json()["rhi_agency"] == "council" and traced.json()["rhi_due_at"]
    again = client.post(
        reverse("api:missing-person-case-trace", args=[case.pk]),
        {"traced_at": iso(-timedelta(minutes=20)), "traced_where": "Park", "traced_how": "Found"},
        format="json",
    )
    assert again.status_code == 400
    back = client.post(
        reverse("api:missing-person-case-return", args=[case.pk]),
        {"safe_and_well_at": iso(-timedelta(minutes=5)), "safe_and_well_notes": "Fine"},
        format="json",
    )
    assert back.status_code == 200 and back.json()["safe_and_well_by"] == "pat"


def test_the_photo_is_uploaded_and_read_only_through_the_audited_endpoint(pcso, partner, north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = MissingPersonCaseFactory(neighbourhood=north)
    client = api_client_for(pcso)
    url = reverse("api:missing-person-case-photo", args=[case.pk])
    bad = client.post(url, {"photo": SimpleUploadedFile("x.png", b"not an image")}, format="multipart")
    assert bad.status_code == 400 and "photo" in bad.json()
    good = client.post(url, {"photo": SimpleUploadedFile("x.png", PNG_BYTES)}, format="multipart")
    assert good.status_code == 200 and good.json()["has_photo"] is True
    read = client.get(url)
    assert read.status_code == 200 and read["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="missing_case.photo_view", actor_username="pat").exists()
    assert api_client_for(partner).get(url).status_code == 404


def test_partners_get_the_same_404_as_for_a_missing_case(partner, pcso, north):
    case = MissingPersonCaseFactory(neighbourhood=north)
    out_of_scope = api_client_for(partner).get(detail(case))
    missing = api_client_for(pcso).get(reverse("api:missing-person-case-detail", args=[999_999]))
    assert out_of_scope.status_code == missing.status_code == 404 and out_of_scope.content == missing.content
    assert AuditEvent.objects.filter(actor_username="carol", outcome="denied").exists()


def test_list_filters_are_logged_and_the_budget_does_not_grow(pcso, north, south):
    for n in range(12):
        MissingPersonCaseFactory(neighbourhood=north if n % 2 else south, risk_level="high" if n < 4 else "low")
    client = api_client_for(pcso)
    url = reverse("api:missing-person-case-list")
    assert client.get(url, {"neighbourhood": "north", "risk_level": "high"}).json()["count"] == 2
    assert client.get(url, {"risk_level": "nope"}).status_code == 400
    event = AuditEvent.objects.filter(action="missing_case.search").order_by("id").first()
    assert event.details["filters"] == {"neighbourhood": "north", "risk_level": "high"}
    results = client.get(url).json()["results"]
    assert [r["risk_level"] for r in results][:4] == ["high"] * 4

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    assert queries(f"{url}?limit=2") == queries(f"{url}?limit=12")
    one = MissingPersonCase.objects.first()
    few = queries(detail(one))
    for n in range(5):
        client.post(
            reverse("api:missing-person-case-sightings", args=[one.pk]),
            {
                "seen_at": iso(-timedelta(minutes=n)),
                "place": f"Street {n}",
                "reported_by": "X",
                "confidence": "possible",
            },
            format="json",
        )
    assert queries(detail(one)) == few
