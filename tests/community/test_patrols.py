"""Patrol plans and visits (docs/patrols.md): who plans, who logs, times, planned vs done, API, pages."""

import itertools
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.services.generate import briefing_generate
from community.models.neighbourhoods import PatrolPlan, PatrolVisit
from community.selectors import plan_progress, suggested_visit_times
from community.services.patrols import (
    patrol_plan_create,
    patrol_plan_update,
    patrol_visit_arrive,
    patrol_visit_create,
    patrol_visit_leave,
)
from pcso.concurrency import StaleVersionError
from tests.conftest import api_client_for, client_for
from tests.factories import PatrolPlanFactory, PatrolVisitFactory


def shift(hours_from_now: float = -1, length: float = 8) -> tuple[datetime, datetime]:
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=hours_from_now)
    return start, start + timedelta(hours=length)


def fields(neighbourhood, **overrides) -> dict:
    start, end = shift()
    return {
        "neighbourhood": neighbourhood,
        "label": "Cheapside bus stop",
        "latitude": 51.5145,
        "longitude": -0.0925,
        "origin": "hotspot",
        "hotspot_label": "On or near Cheapside",
        "hotspot_count": 6,
        "shift_start": start,
        "shift_end": end,
        **overrides,
    }


def plan_for(supervisor, north, officers, **overrides) -> PatrolPlan:
    return patrol_plan_create(actor=supervisor, fields=fields(north, **overrides), officers=officers)


# --- Services and audit -----------------------------------------------------------------


def test_a_supervisor_plans_a_patrol_for_north_officers_and_it_is_audited(supervisor, north, pcso, constable):
    plan = plan_for(supervisor, north, [pcso, constable])
    assert (plan.visits_planned, plan.visit_minutes, plan.status) == (4, 15, "planned")
    assert set(plan.officers.all()) == {pcso, constable}
    event = AuditEvent.objects.get(action="patrol.create")
    assert (event.category, event.actor_username, event.object_id) == ("collection", "sam", str(plan.pk))
    assert event.details["fields"]["officers"] == ["connor", "pat"]
    assert event.details["fields"]["hotspot_label"] == "On or near Cheapside"


def test_visit_length_default_is_a_setting(settings, supervisor, north, pcso):
    settings.PATROL_VISIT_MINUTES = 10
    assert plan_for(supervisor, north, [pcso]).visit_minutes == 10


def test_only_members_of_the_neighbourhood_are_assigned(supervisor, north, pcso, south_officer):
    with pytest.raises(ValidationError) as error:
        plan_for(supervisor, north, [pcso, south_officer])
    assert "olivia" in str(error.value.message_dict["officers"])
    assert not PatrolPlan.objects.exists() and not AuditEvent.objects.filter(action="patrol.create").exists()


@pytest.mark.parametrize("who", ["pcso", "constable", "south_officer", "intelligence_officer"])
def test_only_supervisors_of_the_neighbourhood_and_admins_plan(who, request, north, pcso):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        plan_for(actor, north, [pcso])
    assert AuditEvent.objects.filter(action="patrol.create", outcome="denied", actor_username=actor.username).exists()


def test_a_supervisor_of_another_neighbourhood_may_not_plan_here(north, pcso):
    from accounts.choices import Role
    from community.choices import AssignmentKind
    from tests.conftest import member_of
    from tests.factories import NeighbourhoodFactory, UserFactory

    elsewhere = member_of(UserFactory(username="eve", role=Role.SUPERVISOR), NeighbourhoodFactory(code="east"),
                          AssignmentKind.SUPERVISOR)  # fmt: skip
    with pytest.raises(PermissionDenied):
        plan_for(elsewhere, north, [pcso])


def test_an_administrator_plans_anywhere(administrator, north, pcso):
    assert plan_for(administrator, north, [pcso]).created_by == administrator


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"shift_end": timezone.now() - timedelta(days=2)}, "shift_end"),
        ({"visits_planned": 12, "visit_minutes": 60}, "visits_planned"),
        ({"radius_metres": 5000}, "radius_metres"),
        ({"area": {"type": "Polygon", "coordinates": [[[0, 51], [0.2, 51], [0.2, 51.2], [0, 51]]]}}, "area"),
        ({"area": {"type": "Point", "coordinates": [0, 51]}}, "area"),
        ({"latitude": 91}, "latitude"),
    ],
)
def test_bad_plans_are_field_errors(supervisor, north, pcso, overrides, field):
    with pytest.raises(ValidationError) as error:
        plan_for(supervisor, north, [pcso], **overrides)
    assert field in error.value.message_dict


def test_a_small_polygon_is_a_valid_area(supervisor, north, pcso):
    square = [[[-0.093, 51.514], [-0.092, 51.514], [-0.092, 51.515], [-0.093, 51.515], [-0.093, 51.514]]]
    plan = plan_for(supervisor, north, [pcso], area={"type": "Polygon", "coordinates": square})
    assert plan.area["type"] == "Polygon"


def test_an_edit_records_old_and_new_and_a_stale_one_is_refused(supervisor, north, pcso, constable):
    plan = plan_for(supervisor, north, [pcso])
    patrol_plan_update(actor=supervisor, plan=plan, version=1, fields={"visits_planned": 6}, officers=[pcso, constable])
    event = AuditEvent.objects.get(action="patrol.update")
    assert event.category == "alteration"
    assert event.details["changes"]["visits_planned"] == {"old": 4, "new": 6}
    assert event.details["changes"]["officers"] == {"old": ["pat"], "new": ["connor", "pat"]}
    with pytest.raises(StaleVersionError):
        patrol_plan_update(actor=supervisor, plan=plan, version=1, fields={"visits_planned": 2})
    plan.refresh_from_db()
    assert (plan.visits_planned, plan.version) == (6, 2)


# --- Suggested visit times ---------------------------------------------------------------


@pytest.mark.parametrize(("visits", "hours"), [(4, 8), (1, 1), (12, 10), (6, 3)])
def test_suggested_times_are_in_the_window_spread_and_stable(supervisor, north, pcso, visits, hours):
    start, end = shift(length=hours)
    plan = plan_for(supervisor, north, [pcso], shift_start=start, shift_end=end, visits_planned=visits)
    times = suggested_visit_times(plan)
    assert len(times) == visits
    assert times == sorted(times)
    length = timedelta(minutes=plan.visit_minutes)
    assert all(start <= moment and moment + length <= end for moment in times)
    # One visit in each equal slice of the shift: spread, never bunched at one end.
    slice_ = (end - start - length) / visits
    for index, moment in enumerate(times):
        assert start + slice_ * index - timedelta(minutes=5) <= moment <= start + slice_ * (index + 1)
    assert suggested_visit_times(PatrolPlan.objects.get(pk=plan.pk)) == times  # the same on every page


def test_suggested_times_are_not_a_clock_face_rhythm(supervisor, north, pcso):
    plans = [plan_for(supervisor, north, [pcso], visits_planned=6) for _ in range(5)]
    gap_patterns = set()
    for plan in plans:
        times = suggested_visit_times(plan)
        gap_patterns.add(tuple(b - a for a, b in itertools.pairwise(times)))
    # Unequal gaps within a plan, and different plans get different times.
    assert all(len(set(gaps)) > 1 for gaps in gap_patterns)
    assert len(gap_patterns) == len(plans)


# --- Visits -------------------------------------------------------------------------------


def test_an_assigned_pcso_arrives_and_leaves_and_both_are_audited(supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    visit = patrol_visit_arrive(actor=pcso, plan=plan)
    plan.refresh_from_db()
    assert plan.status == "active"
    created = AuditEvent.objects.get(action="patrol.visit_create")
    assert (created.category, created.actor_username, created.object_id) == ("collection", "pat", str(visit.pk))
    patrol_visit_leave(actor=pcso, visit=visit, observations="Two youths, moved on.", incident_references="INC-000042")
    left = AuditEvent.objects.get(action="patrol.visit_leave")
    assert left.category == "alteration"
    assert left.details["changes"]["observations"] == {"old": "", "new": "Two youths, moved on."}
    assert plan_progress(PatrolPlan.objects.get(pk=plan.pk)).done == 1


def test_a_finished_visit_is_never_overwritten(supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    visit = patrol_visit_arrive(actor=pcso, plan=plan)
    patrol_visit_leave(actor=pcso, visit=visit, observations="Quiet.")
    with pytest.raises(ValidationError):
        patrol_visit_leave(actor=pcso, visit=visit, observations="Rewritten")
    visit.refresh_from_db()
    assert visit.observations == "Quiet."
    with pytest.raises(ValidationError):  # one open visit at a time
        patrol_visit_arrive(actor=pcso, plan=plan)
        patrol_visit_arrive(actor=pcso, plan=plan)
    assert PatrolVisit.objects.filter(plan=plan).count() == 2


@pytest.mark.parametrize("who", ["south_officer", "constable", "supervisor", "intelligence_officer"])
def test_only_assigned_officers_log_visits(who, request, supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        patrol_visit_arrive(actor=actor, plan=plan)
    assert AuditEvent.objects.filter(action="patrol.visit", outcome="denied", actor_username=actor.username).exists()
    assert not PatrolVisit.objects.exists()


def test_no_visits_on_a_cancelled_plan(supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    plan = patrol_plan_update(actor=supervisor, plan=plan, version=1, fields={"status": "cancelled"})
    with pytest.raises(PermissionDenied):
        patrol_visit_arrive(actor=pcso, plan=plan)


def test_a_visit_cannot_leave_before_it_arrived_or_arrive_in_the_future(supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    now = timezone.now()
    with pytest.raises(ValidationError):
        patrol_visit_create(actor=pcso, plan=plan, fields={"arrived_at": now, "left_at": now - timedelta(minutes=1)})
    with pytest.raises(ValidationError):
        patrol_visit_create(actor=pcso, plan=plan, fields={"arrived_at": now + timedelta(hours=2)})


def test_planned_vs_done_counts_finished_visits_up_to_the_plan(supervisor, north, south, pcso, client):
    plan = plan_for(supervisor, north, [pcso], visits_planned=4)
    other = plan_for(supervisor, north, [pcso], visits_planned=2)
    for _ in range(3):  # three done on the 2-visit plan: counts as 2 of 2
        PatrolVisitFactory(plan=other, officer=pcso, left_at=timezone.now())
    PatrolVisitFactory(plan=plan, officer=pcso, left_at=timezone.now())
    PatrolVisitFactory(plan=plan, officer=pcso)  # still there: not done
    response = client_for(supervisor).get(reverse("briefings:patrols"))
    totals = response.context["neighbourhoods"]
    assert [(t["name"], t["planned"], t["done"]) for t in totals] == [("North", 6, 3)]
    rows = {row["plan"].pk: row["progress"] for row in response.context["rows"]}
    assert (rows[plan.pk].shown_done, rows[plan.pk].planned, rows[plan.pk].percent) == (1, 4, 25)
    assert (rows[other.pk].shown_done, rows[other.pk].percent) == (2, 100)
    assert "1 of 4 visits done" in response.content.decode()


# --- API ----------------------------------------------------------------------------------


def api_body(north, officer_names, **overrides) -> dict:
    start, end = shift()
    return {
        "neighbourhood": north.code,
        "label": "Cheapside bus stop",
        "latitude": 51.5145,
        "longitude": -0.0925,
        "origin": "hotspot",
        "shift_start": start.isoformat(),
        "shift_end": end.isoformat(),
        "officers": officer_names,
        **overrides,
    }


def test_api_create_read_edit_with_etag_and_412_when_stale(supervisor, north, pcso):
    api = api_client_for(supervisor)
    created = api.post(reverse("api:patrol-list"), api_body(north, ["pat"]), format="json")
    assert created.status_code == 201, created.json()
    pk, etag = created.json()["id"], created["ETag"]
    assert len(created.json()["suggested_times"]) == 4 and created.json()["visits_done"] == 0
    url = reverse("api:patrol-detail", args=[pk])
    assert api.patch(url, {"visits_planned": 5}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    stale = api.patch(url, {"visits_planned": 3}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert PatrolPlan.objects.get(pk=pk).visits_planned == 5
    assert api.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="patrol.view", object_id=str(pk), category="consultation").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"latitude": "NaN"},
        {"longitude": "Infinity"},
        {"latitude": "north"},
        {"shift_start": "yesterday"},
        {"shift_end": "0001-01-01T00:00:00Z"},
        {"officers": ["nobody"]},
        {"officers": ["olivia"]},
        {"officers": []},
        {"neighbourhood": "atlantis"},
        {"visits_planned": 0},
        {"visits_planned": 40},
        {"status": "sleeping"},
        {"area": {"type": "Polygon", "coordinates": "junk"}},
        {"area": [1, 2]},
        {"label": "x" * 500},
        {"label": "bad\x00byte"},
    ],
)
def test_api_bad_input_is_a_400_with_field_errors(supervisor, north, pcso, south_officer, overrides):
    body = {**api_body(north, ["pat"]), **overrides}
    response = api_client_for(supervisor).post(reverse("api:patrol-list"), body, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) & (set(overrides) | {"non_field_errors", "shift_end"})
    assert not PatrolPlan.objects.exists()


def test_api_visits_by_the_assigned_pcso_and_not_by_south(supervisor, north, pcso, south_officer, partner):
    plan = plan_for(supervisor, north, [pcso])
    url = reverse("api:patrol-visits", args=[plan.pk])
    arrived = api_client_for(pcso).post(url, {"latitude": 51.5146, "longitude": -0.0924}, format="json")
    assert arrived.status_code == 201, arrived.json()
    leave = reverse("api:patrol-visit-leave", args=[plan.pk, arrived.json()["id"]])
    left = api_client_for(pcso).post(leave, {"observations": "Quiet", "incident_references": "INC-000001"})
    assert left.status_code == 200 and left.json()["left_at"]
    assert api_client_for(pcso).post(leave, {"observations": "again"}).status_code == 400
    assert api_client_for(south_officer).post(url, {}, format="json").status_code == 403
    assert api_client_for(partner).post(url, {}, format="json").status_code == 404
    assert api_client_for(partner).get(url).status_code == 404
    listed = api_client_for(south_officer).get(url).json()
    assert listed["count"] == 1 and listed["results"][0]["officer"] == "pat"
    assert api_client_for(pcso).post(url, {"latitude": "NaN", "longitude": 0}, format="json").status_code == 400


def test_api_filters_are_the_pages_filters(supervisor, north, south, pcso, south_officer):
    mine = plan_for(supervisor, north, [pcso])
    plan_for(supervisor, south, [south_officer])
    start, end = shift(hours_from_now=48)
    plan_for(supervisor, north, [pcso], shift_start=start, shift_end=end)
    api = api_client_for(supervisor)
    today = timezone.localdate().isoformat()
    for query in ({"neighbourhood": "north", "date": today}, {"officer": "pat", "date": today}):
        assert [row["id"] for row in api.get(reverse("api:patrol-list"), query).json()["results"]] == [mine.pk]
        page = client_for(supervisor).get(reverse("briefings:patrols"), query)
        assert [row["plan"].pk for row in page.context["rows"]] == [mine.pk]
    assert api.get(reverse("api:patrol-list"), {"status": "planned"}).json()["count"] == 3
    assert api.get(reverse("api:patrol-list"), {"date": "not-a-date"}).status_code == 400
    assert api.get(reverse("api:patrol-list"), {"status": "nope"}).status_code == 400
    assert client_for(supervisor).get(reverse("briefings:patrols"), {"date": "31/02"}).status_code == 200


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_lists_have_a_query_budget(supervisor, north, pcso, constable):
    def add_plan():
        plan = PatrolPlanFactory(neighbourhood=north, officers=[pcso, constable], created_by=supervisor)
        PatrolVisitFactory(plan=plan, officer=pcso, left_at=timezone.now())

    add_plan()
    urls = [
        (client_for(supervisor), reverse("api:patrol-list")),
        (client_for(supervisor), reverse("briefings:patrols")),
        (client_for(pcso), reverse("community:patrol-mine")),
    ]
    few = [count_queries(client, url) for client, url in urls]
    for _ in range(10):
        add_plan()
    assert [count_queries(client, url) for client, url in urls] == few
    assert AuditEvent.objects.filter(action="patrol.search", actor_username="sam").count() == 4


# --- Pages --------------------------------------------------------------------------------


def test_the_hotspot_button_prefills_the_plan_form(supervisor, north, pcso):
    url = reverse("community:patrol-create")
    query = {"neighbourhood": "north", "origin": "hotspot", "label": "On or near Cheapside", "latitude": "51.5145",
             "longitude": "-0.0925", "hotspot_count": "6"}  # fmt: skip
    page = client_for(supervisor).get(url, query)
    form = page.context["form"]
    assert form.initial["hotspot_label"] == "On or near Cheapside" and form.initial["hotspot_count"] == "6"
    assert "From the briefing hotspot" in page.content.decode()
    start, end = shift()
    post = {**query, "hotspot_label": "On or near Cheapside", "shift_start": start.strftime("%Y-%m-%dT%H:%M"),
            "shift_end": end.strftime("%Y-%m-%dT%H:%M"), "officers": [pcso.pk], "visits_planned": 4,
            "visit_minutes": 15, "radius_metres": 100}  # fmt: skip
    response = client_for(supervisor).post(url, post)
    plan = PatrolPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("community:patrol-detail", args=[plan.pk])
    assert (plan.origin, plan.hotspot_label, plan.hotspot_count) == ("hotspot", "On or near Cheapside", 6)


def test_the_form_shows_field_errors_not_500(supervisor, north):
    for junk in ({}, {"latitude": "nan", "shift_start": "x", "officers": ["abc"], "neighbourhood": "atlantis"}):
        response = client_for(supervisor).post(reverse("community:patrol-create"), junk)
        assert response.status_code == 200 and response.context["form"].errors
    assert (
        client_for(supervisor).get(reverse("community:patrol-create"), {"latitude": "\x00", "origin": "x"}).status_code
        == 200
    )


def test_a_stale_page_edit_shows_a_clear_message_and_saves_nothing(supervisor, north, pcso):
    plan = plan_for(supervisor, north, [pcso])
    form = client_for(supervisor).get(reverse("community:patrol-edit", args=[plan.pk])).context["form"]
    patrol_plan_update(actor=supervisor, plan=plan, version=1, fields={"label": "Changed meanwhile"})
    data = {name: value for name, value in form.initial.items() if value is not None}
    local = "%Y-%m-%dT%H:%M"
    data.update(neighbourhood="north", officers=[pcso.pk], label="Mine", version=1,
                shift_start=timezone.localtime(plan.shift_start).strftime(local),
                shift_end=timezone.localtime(plan.shift_end).strftime(local))  # fmt: skip
    data.pop("area", None)
    response = client_for(supervisor).post(reverse("community:patrol-edit", args=[plan.pk]), data)
    assert response.status_code == 200 and response.context["conflict"]
    assert "Someone else changed this patrol plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.label == "Changed meanwhile"


def test_my_patrols_today_arrived_and_left_buttons(supervisor, north, pcso, south_officer):
    plan = plan_for(supervisor, north, [pcso])
    start, end = shift(hours_from_now=30)
    plan_for(supervisor, north, [pcso], shift_start=start, shift_end=end, label="Tomorrow's")
    client = client_for(pcso)
    page = client.get(reverse("community:patrol-mine"))
    assert [card["plan"].pk for card in page.context["cards"]] == [plan.pk]
    assert "Arrived" in page.content.decode()
    client.post(reverse("community:visit-arrive", args=[plan.pk]), {"next": "mine"})
    visit = PatrolVisit.objects.get()
    page = client.get(reverse("community:patrol-mine")).content.decode()
    assert ">Left</button>" in page
    response = client.post(reverse("community:visit-leave", args=[plan.pk, visit.pk]),
                           {"next": "mine", "observations": "All quiet"})  # fmt: skip
    assert response["Location"] == reverse("community:patrol-mine")
    visit.refresh_from_db()
    assert visit.left_at and visit.observations == "All quiet"
    # Olivia (South) sees no card and her attempt is refused with a message, nothing saved.
    assert client_for(south_officer).get(reverse("community:patrol-mine")).context["cards"] == []
    client_for(south_officer).post(reverse("community:visit-arrive", args=[plan.pk]))
    assert PatrolVisit.objects.count() == 1


# --- Briefing section ---------------------------------------------------------------------


def test_the_briefing_lists_todays_patrols_and_marks_the_readers(supervisor, north, south, pcso, constable):
    yours = plan_for(supervisor, north, [pcso], label="Milk Street")
    theirs = plan_for(supervisor, north, [constable], label="Bread Street")
    PatrolPlanFactory(neighbourhood=south)
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    section = briefing.sections["patrols"]
    assert {row["id"] for row in section} == {yours.pk, theirs.pk}
    row = next(row for row in section if row["id"] == yours.pk)
    assert row["officers"] == [{"username": "pat", "name": pcso.display_name}] and len(row["suggested_times"]) == 4
    page = client_for(pcso).get(reverse("briefings:detail", args=[briefing.pk]))
    patrols = page.context["patrols"]
    assert [(p["id"], p["mine"]) for p in patrols] == [(yours.pk, True), (theirs.pk, False)]
    assert "Assigned to you" in page.content.decode()
    assert "Turn this hotspot into a patrol" not in page.content.decode() or not page.context["hotspots"]


def test_the_hotspot_button_shows_for_the_supervisor_only(supervisor, north, pcso):
    from briefings.models import Briefing

    spot = {"kind": "repeat_location", "location": "On or near Cheapside", "latitude": 51.5145, "longitude": -0.0925,
            "count": 6, "last": None, "categories": {}, "window_days": 7}  # fmt: skip
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    Briefing.objects.filter(pk=briefing.pk).update(sections={**briefing.sections, "hotspots": [spot]})
    url = reverse("briefings:detail", args=[briefing.pk])
    assert "Turn this hotspot into a patrol" in client_for(supervisor).get(url).content.decode()
    assert "Turn this hotspot into a patrol" not in client_for(pcso).get(url).content.decode()


def test_a_supervisor_of_another_neighbourhood_gets_404_on_the_edit_page(north, pcso, supervisor):
    from accounts.choices import Role
    from community.choices import AssignmentKind
    from tests.conftest import member_of
    from tests.factories import NeighbourhoodFactory, UserFactory

    plan = plan_for(supervisor, north, [pcso])
    elsewhere = member_of(UserFactory(username="eve", role=Role.SUPERVISOR), NeighbourhoodFactory(code="east"),
                          AssignmentKind.SUPERVISOR)  # fmt: skip
    assert client_for(elsewhere).get(reverse("community:patrol-edit", args=[plan.pk])).status_code == 404
    assert AuditEvent.objects.filter(actor_username="eve", action="page.denied").exists()
    response = api_client_for(elsewhere).patch(reverse("api:patrol-detail", args=[plan.pk]), {"label": "x"})
    assert response.status_code == 403
    assert PatrolPlan.objects.get(pk=plan.pk).label == "Cheapside bus stop"
