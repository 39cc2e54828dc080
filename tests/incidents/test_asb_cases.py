"""ASB cases: opening from incidents, victims, the case review threshold, actions, reviews,
ETag/If-Match and the page's version field, roles, bad input, query budgets, briefing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.services.generate import briefing_generate
from incidents.asb import add_months, review_threshold
from incidents.models.asb import AsbAction, AsbCase, AsbReviewInterval
from incidents.models.incidents import Incident, IncidentPerson
from incidents.services.asb import asb_case_create, asb_case_review
from incidents.tasks import refresh_asb_review_thresholds
from tests.conftest import api_client_for, client_for
from tests.factories import AsbCaseFactory, IncidentFactory, asb_incident, category


def complaint(neighbourhood, *, days_ago: int, reported_after_days: int = 0, victim: str = "") -> Incident:
    """An ASB incident that happened `days_ago` and was logged `reported_after_days` later."""
    occurred = timezone.now() - timedelta(days=days_ago)
    incident = asb_incident(
        neighbourhood=neighbourhood,
        occurred_at=occurred,
        location_text=f"Block {days_ago}",
        location_key=f"block {days_ago}",
    )
    Incident.objects.filter(pk=incident.pk).update(created_at=occurred + timedelta(days=reported_after_days))
    if victim:
        IncidentPerson.objects.create(incident=incident, role="affected", name=victim, person_key=victim.lower())
    incident.refresh_from_db()
    return incident


def open_case(client, incidents, **extra):
    body = {"title": "Youths at the flats", "incidents": [i.pk for i in incidents], **extra}
    response = client.post(reverse("api:asb-case-list"), body, format="json")
    assert response.status_code == 201, response.json()
    return response


def test_a_pcso_opens_a_case_from_incidents_victims_are_linked_and_it_is_a_collection(pcso, north):
    first = complaint(north, days_ago=3, victim="Ann Lee")
    second = complaint(north, days_ago=1, victim="Ann Lee")
    response = open_case(api_client_for(pcso), [first, second], perpetrators=[{"name": "Kyle B"}])

    data = response.json()
    assert data["reference"].startswith("ASB-") and data["status"] == "open" and data["risk_level"] == "standard"
    assert data["neighbourhood"] == "north" and sorted(data["incidents"]) == sorted([first.pk, second.pk])
    assert [(p["role"], p["name"]) for p in data["people"]] == [("perpetrator", "Kyle B"), ("victim", "Ann Lee")]
    assert data["next_review_on"] == (timezone.localdate() + timedelta(days=28)).isoformat()
    assert {loc["location"] for loc in data["locations"]} == {"Block 3", "Block 1"}
    assert response["ETag"] == f'"asbcase-{data["id"]}-v1"'
    event = AuditEvent.objects.get(action="asb_case.create")
    assert event.category == "collection" and event.actor_username == "pat"
    assert event.details["incidents"] == [first.pk, second.pk] and event.details["victims"] == ["Ann Lee"]


def test_only_asb_incidents_go_in_a_case_and_at_least_one(pcso, north):
    other = IncidentFactory(neighbourhood=north, opening_category=category("civil-dispute"))
    with pytest.raises(ValidationError) as refused:
        asb_case_create(actor=pcso, fields={"title": "x"}, incidents=[other])
    assert "incidents" in refused.value.message_dict
    response = api_client_for(pcso).post(reverse("api:asb-case-list"), {"title": "x", "incidents": []}, format="json")
    assert response.status_code == 400 and "incidents" in response.json()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"incidents": ["abc"]}, "incidents"),
        ({"incidents": [99_999_999_999_999_999_999]}, "incidents"),
        ({"incidents": [-1]}, "incidents"),
        ({"risk_level": "extreme"}, "risk_level"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"neighbourhood": "nowhere"}, "neighbourhood"),
        ({"perpetrators": [{"name": ""}]}, "perpetrators"),
        ({"perpetrators": "Kyle"}, "perpetrators"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(pcso, north, body, field):
    incident = complaint(north, days_ago=1)
    response = api_client_for(pcso).post(
        reverse("api:asb-case-list"), {"title": "Case", "incidents": [incident.pk], **body}, format="json"
    )
    assert response.status_code == 400 and field in response.json()


def test_staff_and_partners_are_refused_and_the_attempt_is_logged(staff, partner, pcso, north):
    incident = complaint(north, days_ago=1)
    with pytest.raises(PermissionDenied):
        asb_case_create(actor=staff, fields={"title": "x"}, incidents=[incident])
    assert AuditEvent.objects.filter(actor_username="stella", action="asb_case.create", outcome="denied").exists()
    body = {"title": "x", "incidents": [incident.pk]}
    assert api_client_for(staff).post(reverse("api:asb-case-list"), body, format="json").status_code == 403
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    client = api_client_for(partner)
    assert client.get(reverse("api:asb-case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("api:asb-case-list")).status_code == 404
    assert client_for(partner).get(reverse("incidents:asb-case-detail", args=[case.pk])).status_code == 404


def test_only_a_pcso_may_not_open_above_standard_risk_but_a_supervisor_may(pcso, supervisor, north):
    incident = complaint(north, days_ago=1)
    body = {"title": "x", "incidents": [incident.pk], "risk_level": "high"}
    refused = api_client_for(pcso).post(reverse("api:asb-case-list"), body, format="json")
    assert refused.status_code == 400 and "risk_level" in refused.json()
    data = api_client_for(supervisor).post(reverse("api:asb-case-list"), body, format="json").json()
    assert data["risk_level"] == "high" and data["next_review_on"] == str(timezone.localdate() + timedelta(days=7))


# --- The ASB case review threshold ----------------------------------------------------


def test_three_qualifying_complaints_in_six_months_flag_the_case_with_its_deadlines(pcso, north):
    old = complaint(north, days_ago=250)  # outside six months
    late = complaint(north, days_ago=60, reported_after_days=40)  # reported more than a month later
    counted = [complaint(north, days_ago=d, reported_after_days=2) for d in (120, 30)]
    client = api_client_for(pcso)
    data = open_case(client, [old, late, *counted]).json()
    assert data["review_threshold"]["count"] == 2 and data["review_threshold"]["met"] is False
    assert data["review_threshold_met_on"] is None

    third = complaint(north, days_ago=5)
    url = reverse("api:asb-case-add-incident", args=[data["id"]])
    response = client.post(
        url, {"incidents": [third.pk]}, format="json", headers={"If-Match": f'"asbcase-{data["id"]}-v1"'}
    )

    assert response.status_code == 200, response.json()
    threshold = response.json()["review_threshold"]
    assert threshold["met"] is True and threshold["count"] == 3
    oldest = timezone.localdate(counted[0].occurred_at)
    assert threshold["lapses_on"] == add_months(oldest, 6).isoformat()
    assert threshold["complaints"][0]["report_by"] == add_months(oldest, 1).isoformat()
    assert response.json()["review_threshold_met_on"] == timezone.localdate().isoformat()
    event = AuditEvent.objects.get(action="asb_case.add_incident")
    assert event.category == "alteration"
    assert event.details["changes"]["review_threshold_met_on"] == {"old": None, "new": timezone.localdate().isoformat()}
    assert event.details["changes"]["incidents"]["new"] == sorted([old.pk, late.pk, *(i.pk for i in counted), third.pk])
    page = client_for(pcso).get(reverse("incidents:asb-case-detail", args=[data["id"]])).content.decode()
    assert "ASB case review threshold met" in page and add_months(oldest, 6).strftime("%-d %b %Y") in page


def test_the_threshold_and_window_are_settings(north, settings):
    incidents = [complaint(north, days_ago=d) for d in (50, 10)]
    assert review_threshold(incidents)["met"] is False
    settings.ASB_REVIEW_COMPLAINTS = 2
    assert review_threshold(incidents)["met"] is True
    settings.ASB_REVIEW_MONTHS = 1
    assert review_threshold(incidents)["met"] is False


def test_the_nightly_recheck_lifts_a_flag_whose_complaints_have_aged_out(pcso, north, settings):
    complaints = [complaint(north, days_ago=d) for d in (100, 60, 10)]
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso, incidents=complaints)
    AsbCase.objects.filter(pk=case.pk).update(review_threshold_met_on=timezone.localdate())
    untouched = AsbCaseFactory(neighbourhood=north, created_by=pcso, incidents=complaints[2:])

    assert refresh_asb_review_thresholds.delay().get() == 0  # three within six months: still met
    settings.ASB_REVIEW_MONTHS = 3  # the oldest complaint falls out of the window
    assert refresh_asb_review_thresholds.delay().get() == 1

    case.refresh_from_db()
    untouched.refresh_from_db()
    assert case.review_threshold_met_on is None and case.version == 2
    assert untouched.version == 1
    event = AuditEvent.objects.get(action="asb_case.threshold_recheck")
    assert (event.category, event.source, event.object_id) == ("alteration", "task", str(case.pk))
    assert event.details["changes"]["review_threshold_met_on"]["new"] is None


def test_the_recheck_runs_nightly_before_the_briefings(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-asb-review-thresholds"]
    assert entry["task"] == refresh_asb_review_thresholds.name
    assert (min(entry["schedule"].hour), min(entry["schedule"].minute)) < (
        settings.BRIEFING_HOUR,
        settings.BRIEFING_MINUTE,
    )


def test_add_months_clips_to_the_end_of_the_month():
    from datetime import date

    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 15), -6) == date(2024, 9, 15)


# --- Reviews, actions, edits --------------------------------------------------------------


def test_a_supervisor_reviews_risk_and_the_next_review_follows_the_editable_interval(pcso, supervisor, north):
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    AsbReviewInterval.objects.filter(risk_level="high").update(days=3)
    refused = api_client_for(pcso).post(reverse("api:asb-case-review", args=[case.pk]), {"risk_level": "high"})
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(actor_username="pat", action="asb_case.review", outcome="denied").exists()

    response = api_client_for(supervisor).post(reverse("api:asb-case-review", args=[case.pk]), {"risk_level": "high"})

    assert response.status_code == 200
    assert response.json()["next_review_on"] == (timezone.localdate() + timedelta(days=3)).isoformat()
    changes = AuditEvent.objects.get(action="asb_case.review", outcome="allowed").details["changes"]
    assert changes["risk_level"] == {"old": "standard", "new": "high"}
    assert changes["next_review_on"]["new"] == (timezone.localdate() + timedelta(days=3)).isoformat()


def test_recording_actions_checks_the_tool_limits_and_is_audited(constable, north):
    case = AsbCaseFactory(neighbourhood=north)
    url = reverse("api:asb-case-record-action", args=[case.pk])
    client = api_client_for(constable)
    today = timezone.localdate()
    too_long = {"tool": "dispersal-direction", "taken_on": str(today), "issued_to": "Group of 4",
                "expires_on": str(today + timedelta(days=3))}  # fmt: skip
    response = client.post(url, too_long, format="json")
    assert response.status_code == 400 and "48" not in response.json()["expires_on"][0]
    assert "at most 2 days" in response.json()["expires_on"][0]
    for bad in ({"tool": "nope"}, {"taken_on": "2025-13-01"}, {"taken_on": str(today + timedelta(days=2))},
                {"expires_on": str(today - timedelta(days=1))}, {"issued_to": ""}):  # fmt: skip
        answer = client.post(url, {**too_long, "expires_on": None, **bad}, format="json")
        assert answer.status_code == 400 and set(bad) & set(answer.json()), (bad, answer.json())

    ok = client.post(url, {**too_long, "expires_on": str(today + timedelta(days=2))}, format="json")

    assert ok.status_code == 201 and ok.json()["tool_name"] == "Dispersal direction"
    assert AsbAction.objects.get().recorded_by == constable
    event = AuditEvent.objects.get(action="asb_case.record_action", outcome="allowed")
    assert event.category == "collection" and event.details["tool"] == "dispersal-direction"
    assert AsbCase.objects.get().version == 2


def test_patch_needs_if_match_428_a_stale_one_is_412_and_edits_are_audited(pcso, supervisor, north):
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    client = api_client_for(pcso)
    url = reverse("api:asb-case-detail", args=[case.pk])
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"title": "New"}, format="json").status_code == 428
    first = client.patch(url, {"title": "New"}, format="json", headers={"If-Match": etag})
    assert first.status_code == 200 and first["ETag"] != etag
    stale = client.patch(url, {"title": "Mine"}, format="json", headers={"If-Match": etag})
    assert stale.status_code == 412 and AsbCase.objects.get().title == "New"
    change = AuditEvent.objects.get(action="asb_case.update")
    assert change.category == "alteration" and change.details["changes"] == {"title": {"old": case.title, "new": "New"}}
    closing = client.patch(url, {"status": "closed"}, format="json", headers={"If-Match": first["ETag"]})
    assert closing.status_code == 400 and "status" in closing.json()
    closed = api_client_for(supervisor).patch(
        url, {"status": "closed"}, format="json", headers={"If-Match": first["ETag"]}
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    more = client.post(reverse("api:asb-case-add-person", args=[case.pk]), {"name": "Kyle"}, format="json")
    assert more.status_code == 400 and "status" in more.json()


def test_list_filters_and_query_budget(pcso, north, south):
    for _ in range(12):
        AsbCaseFactory(neighbourhood=north)
    flagged = AsbCaseFactory(neighbourhood=south, risk_level="high", review_threshold_met_on=timezone.localdate())
    client = api_client_for(pcso)
    url = reverse("api:asb-case-list")
    assert [c["id"] for c in client.get(url, {"neighbourhood": "south"}).json()["results"]] == [flagged.pk]
    assert [c["id"] for c in client.get(url, {"review_threshold_met": "true"}).json()["results"]] == [flagged.pk]
    assert client.get(url, {"risk_level": "high"}).json()["count"] == 1
    assert client.get(url, {"review_due_by": "not-a-date"}).status_code == 400
    assert client.get(url, {"incident": "abc"}).status_code == 400

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    assert queries(f"{url}?limit=2") == queries(f"{url}?limit=13")
    page = reverse("incidents:asb-case-list")
    page_client = client_for(pcso)
    with CaptureQueriesContext(connection) as small:
        page_client.get(f"{page}?neighbourhood=south")
    with CaptureQueriesContext(connection) as large:
        page_client.get(page)
    assert len(small) == len(large)


def test_detail_query_budget_does_not_grow_with_incidents_and_actions(pcso, north):
    case = AsbCaseFactory(neighbourhood=north)
    client = api_client_for(pcso)
    url = reverse("api:asb-case-detail", args=[case.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
            assert client_for(pcso).get(reverse("incidents:asb-case-detail", args=[case.pk])).status_code == 200
        return len(captured)

    before = queries()
    case.incidents.add(*[complaint(north, days_ago=d, victim=f"V{d}") for d in range(1, 8)])
    assert queries() == before


# --- Pages ---------------------------------------------------------------------------


def test_a_pcso_opens_a_case_on_the_page_from_incident_references(pcso, north):
    first, second = complaint(north, days_ago=2), complaint(north, days_ago=1)
    client = client_for(pcso)
    form = client.get(reverse("incidents:asb-case-create"), {"incident": first.reference})
    assert first.reference in form.content.decode() and "risk_level" not in form.content.decode()
    bad = client.post(reverse("incidents:asb-case-create"), {"title": "Flats", "incidents": "INC-x"})
    assert bad.status_code == 200 and "is not an incident reference" in bad.content.decode()

    response = client.post(
        reverse("incidents:asb-case-create"),
        {"title": "Flats", "incidents": f"{first.reference}, {second.pk}", "perpetrator_name": "Kyle"},
    )

    case = AsbCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incidents:asb-case-detail", args=[case.pk])
    assert set(case.incidents.all()) == {first, second} and case.people.get().name == "Kyle"


def test_a_stale_page_edit_is_refused_with_a_clear_message(pcso, constable, north):
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    url = reverse("incidents:asb-case-edit", args=[case.pk])
    fields = {"title": "Pat's title", "summary": "", "neighbourhood": north.pk, "version": 1}
    assert client_for(constable).post(url, {**fields, "title": "Connor's title"}).status_code == 302

    response = client_for(pcso).post(url, fields)

    assert response.status_code == 200
    assert "Someone else changed this case" in response.content.decode()
    assert AsbCase.objects.get().title == "Connor's title"
    assert 'name="version" value="2"' in response.content.decode()


def test_page_forms_report_errors_and_stale_versions_as_messages(pcso, supervisor, north):
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso)
    client = client_for(supervisor)
    detail = reverse("incidents:asb-case-detail", args=[case.pk])
    stale = client.post(reverse("incidents:asb-case-review", args=[case.pk]), {"risk_level": "high", "version": 9},
                        follow=True)  # fmt: skip
    assert "Someone else changed this case" in stale.content.decode()
    action = client.post(
        reverse("incidents:asb-case-record-action", args=[case.pk]),
        {"tool": "nope", "taken_on": "", "issued_to": ""},
        follow=True,
    )
    assert action.redirect_chain[-1][0] == detail and "Tool or power used" in action.content.decode()
    done = client.post(reverse("incidents:asb-case-review", args=[case.pk]), {"risk_level": "medium", "version": 1})
    assert done.status_code == 302 and AsbCase.objects.get().risk_level == "medium"


# --- Briefing ------------------------------------------------------------------------


def test_the_briefing_lists_open_asb_cases_reviews_due_first(pcso, north, south):
    today = timezone.localdate()
    later = AsbCaseFactory(neighbourhood=north, title="Later", next_review_on=today + timedelta(days=20))
    sooner = AsbCaseFactory(neighbourhood=north, title="Sooner", next_review_on=today + timedelta(days=2))
    AsbCaseFactory(neighbourhood=north, status="closed")
    AsbCaseFactory(neighbourhood=south)

    briefing = briefing_generate(actor=None, neighbourhood=north, day=today)

    rows = [row for row in briefing.sections["incidents"] if row.get("kind") == "asb_case"]
    assert [row["id"] for row in rows] == [sooner.pk, later.pk]
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert sooner.reference in page and page.index(sooner.reference) < page.index(later.reference)


def test_review_service_refuses_closed_cases(supervisor, north):
    case = AsbCaseFactory(neighbourhood=north, status="closed")
    with pytest.raises(ValidationError):
        asb_case_review(actor=supervisor, case=case, risk_level="high")


def test_a_supervisor_plans_a_patrol_from_an_asb_case_place(supervisor, pcso, north):
    incident = complaint(north, days_ago=2)
    Incident.objects.filter(pk=incident.pk).update(latitude=51.5145, longitude=-0.0925)
    case = AsbCaseFactory(neighbourhood=north, created_by=pcso, incidents=[incident])
    url = reverse("incidents:asb-case-detail", args=[case.pk])

    assert "Plan a patrol here" not in client_for(pcso).get(url).content.decode()
    page = client_for(supervisor).get(url)
    place = page.context["locations"][0]
    assert "Plan a patrol here" in page.content.decode()

    form = client_for(supervisor).get(reverse("community:patrol-create") + "?" + place["patrol_query"]).context["form"]
    assert form.initial["origin"] == "asb_case"
    assert form.initial["origin_reason"].startswith(f"ASB case {case.reference}:")
    assert (form.initial["latitude"], form.initial["longitude"]) == ("51.5145", "-0.0925")
