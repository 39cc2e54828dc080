"""Engagements and PACT priorities (docs/engagements.md): services and audit, consent for
names, the active-priority limit, links, the police.uk export, briefings, API and pages."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.services.generate import briefing_generate
from community.models.engagements import Engagement, Priority
from community.selectors import engagement_activity, police_uk_export, priority_links
from community.services.engagements import engagement_create, engagement_update
from community.services.patrols import patrol_plan_update
from community.services.priorities import priority_create, priority_update
from incidents.services.incidents import incident_update
from pcso.concurrency import StaleVersionError
from pcso.signals import briefing_content_changed
from tests.conftest import api_client_for, client_for
from tests.factories import (
    EngagementFactory,
    IncidentFactory,
    NeighbourhoodFactory,
    PatrolPlanFactory,
    PriorityFactory,
    UserFactory,
    engagement_type,
)


def coffee_morning(neighbourhood, **overrides) -> dict:
    return {
        "neighbourhood": neighbourhood,
        "engagement_type": engagement_type("coffee-morning"),
        "title": "Fraud awareness coffee morning",
        "starts_at": timezone.now().replace(microsecond=0) - timedelta(hours=2),
        "address": "St Mary's church hall",
        "attendance": 12,
        "topics": "fraud awareness",
        "concerns": "Bikes stolen from the station racks",
        **overrides,
    }


def a_priority(neighbourhood, **overrides) -> dict:
    return {"neighbourhood": neighbourhood, "issue": "Cycle theft at the station", "status": "adopted", **overrides}


@pytest.fixture
def announced():
    """Neighbourhood ids whose briefing a service said is out of date."""
    ids = []

    def receiver(sender, *, neighbourhood_id, **kwargs):
        ids.append(neighbourhood_id)

    briefing_content_changed.connect(receiver, dispatch_uid="test-engagements")
    yield ids
    briefing_content_changed.disconnect(dispatch_uid="test-engagements")


# --- Engagements: services, audit, consent ------------------------------------------------


def test_a_pcso_logs_a_coffee_morning_as_numbers_and_it_is_audited(pcso, north, council, announced):
    engagement = engagement_create(actor=pcso, fields=coffee_morning(north), partner_agencies=[council])
    event = AuditEvent.objects.get(action="engagement.create")
    assert (event.category, event.actor_username, event.object_id) == ("collection", "pat", str(engagement.pk))
    assert event.details["fields"]["attendance"] == 12
    assert event.details["fields"]["engagement_type"] == "coffee-morning"
    assert event.details["fields"]["partner_agencies"] == ["council"]
    assert announced == [north.pk]  # it happened today: today's briefing lists it


def test_resident_names_without_consent_are_refused_with_a_field_error(pcso, north):
    with pytest.raises(ValidationError) as error:
        engagement_create(actor=pcso, fields=coffee_morning(north, resident_names="Mrs J. Patel"))
    assert "resident_names" in error.value.message_dict
    assert not Engagement.objects.exists()
    assert not AuditEvent.objects.filter(action="engagement.create").exists()


def test_resident_names_with_recorded_consent_are_kept(pcso, north):
    fields = coffee_morning(north, resident_names="Mrs J. Patel", resident_names_consent=True)
    engagement = engagement_create(actor=pcso, fields=fields)
    assert engagement.resident_names == "Mrs J. Patel"


def test_the_database_also_refuses_names_without_consent(pcso, north):
    engagement = EngagementFactory(neighbourhood=north, created_by=pcso)
    Engagement.objects.filter(pk=engagement.pk).update(resident_names_consent=True, resident_names="A. Resident")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.filter(pk=engagement.pk).update(resident_names_consent=False)


def test_an_officer_of_another_neighbourhood_cannot_log_there_and_the_attempt_is_logged(south_officer, north):
    with pytest.raises(PermissionDenied):
        engagement_create(actor=south_officer, fields=coffee_morning(north))
    assert AuditEvent.objects.filter(action="engagement.create", outcome="denied", actor_username="olivia").exists()


@pytest.mark.parametrize("persona", ["staff", "intelligence_officer", "administrator"])
def test_roles_that_do_not_engage_cannot_log(request, persona, north):
    with pytest.raises(PermissionDenied):
        engagement_create(actor=request.getfixturevalue(persona), fields=coffee_morning(north))


def test_editing_an_engagement_audits_old_and_new_and_refuses_a_stale_version(pcso, constable, north):
    engagement = engagement_create(actor=pcso, fields=coffee_morning(north))
    engagement_update(actor=constable, engagement=engagement, version=1, fields={"attendance": 15})
    event = AuditEvent.objects.get(action="engagement.update")
    assert event.details["changes"] == {"attendance": {"old": 12, "new": 15}}
    with pytest.raises(StaleVersionError):
        engagement_update(actor=pcso, engagement=engagement, version=1, fields={"attendance": 20})
    assert Engagement.objects.get().attendance == 15


def test_an_engagement_reports_back_only_on_its_own_neighbourhoods_priorities(pcso, north, south):
    south_priority = PriorityFactory(neighbourhood=south)
    with pytest.raises(ValidationError) as error:
        engagement_create(actor=pcso, fields=coffee_morning(north), reports_on=[south_priority])
    assert "reports_on" in error.value.message_dict


def test_a_held_engagement_cannot_be_in_the_future(pcso, north):
    with pytest.raises(ValidationError) as error:
        engagement_create(actor=pcso, fields=coffee_morning(north, starts_at=timezone.now() + timedelta(days=2)))
    assert "status" in error.value.message_dict


# --- Priorities: the active limit -----------------------------------------------------


def test_a_priority_from_an_engagement_is_audited_and_refreshes_the_briefing(pcso, north, announced):
    engagement = EngagementFactory(neighbourhood=north, created_by=pcso)
    announced.clear()
    priority = priority_create(actor=pcso, fields=a_priority(north, raised_at=engagement))
    event = AuditEvent.objects.get(action="priority.create")
    assert (event.category, event.object_id) == ("collection", str(priority.pk))
    assert event.details["fields"]["raised_at"] == engagement.pk
    assert event.details["fields"]["issue_date"] == timezone.localdate().isoformat()
    assert announced == [north.pk]


def test_a_fourth_active_priority_is_refused_with_a_field_error(pcso, north):
    for n in range(3):
        priority_create(actor=pcso, fields=a_priority(north, issue=f"Issue {n}"))
    with pytest.raises(ValidationError) as error:
        priority_create(actor=pcso, fields=a_priority(north, issue="A fourth", status="in_progress"))
    assert "already has 3 active priorities" in error.value.message_dict["status"][0]
    assert Priority.objects.count() == 3


def test_proposed_priorities_do_not_count_and_resolving_one_frees_a_place(pcso, north, south):
    active = [priority_create(actor=pcso, fields=a_priority(north, issue=f"Issue {n}")) for n in range(3)]
    proposal = priority_create(actor=pcso, fields=a_priority(north, status="proposed"))
    PriorityFactory(neighbourhood=south, status="adopted")  # other neighbourhoods do not count
    with pytest.raises(ValidationError):
        priority_update(actor=pcso, priority=proposal, version=1, fields={"status": "adopted"})
    priority_update(actor=pcso, priority=active[0], version=1, fields={"status": "resolved"})
    adopted = priority_update(actor=pcso, priority=proposal, version=1, fields={"status": "adopted"})
    assert adopted.status == "adopted"
    change = AuditEvent.objects.filter(action="priority.update").latest("id")
    assert change.details["changes"]["status"] == {"old": "proposed", "new": "adopted"}


def test_carried_over_counts_as_active(pcso, north):
    for status in ("adopted", "in_progress", "carried_over"):
        PriorityFactory(neighbourhood=north, status=status)
    with pytest.raises(ValidationError):
        priority_create(actor=pcso, fields=a_priority(north))


def test_the_limit_is_a_setting(pcso, north, settings):
    settings.PACT_MAX_ACTIVE_PRIORITIES = 1
    priority_create(actor=pcso, fields=a_priority(north))
    with pytest.raises(ValidationError):
        priority_create(actor=pcso, fields=a_priority(north, issue="Second"))


def test_editing_an_active_priority_at_the_limit_is_allowed(pcso, north):
    priorities = [priority_create(actor=pcso, fields=a_priority(north, issue=f"Issue {n}")) for n in range(3)]
    updated = priority_update(actor=pcso, priority=priorities[0], version=1, fields={"action": "Patrols at 7am"})
    assert (updated.action, updated.version) == ("Patrols at 7am", 2)


def test_a_stale_priority_edit_is_refused(pcso, constable, north):
    priority = priority_create(actor=pcso, fields=a_priority(north))
    priority_update(actor=constable, priority=priority, version=1, fields={"action": "Bike marking"})
    with pytest.raises(StaleVersionError):
        priority_update(actor=pcso, priority=priority, version=1, fields={"action": "Something else"})


def test_an_action_before_the_issue_is_a_field_error(pcso, north):
    with pytest.raises(ValidationError) as error:
        priority_create(actor=pcso, fields=a_priority(north, action_date=timezone.localdate() - timedelta(days=3)))
    assert "action_date" in error.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself")
def test_two_concurrent_adoptions_cannot_both_pass_the_limit():
    north = NeighbourhoodFactory(code="north")
    officers = [UserFactory(role="pcso") for _ in range(2)]
    for officer in officers:
        officer.assignments.create(neighbourhood=north, kind="member")
    for n in range(2):
        PriorityFactory(neighbourhood=north, status="adopted", issue=f"Issue {n}")
    barrier = threading.Barrier(2)
    outcomes = []

    def adopt(officer):
        try:
            barrier.wait()
            priority_create(actor=officer, fields=a_priority(north, issue=f"By {officer.username}"))
            outcomes.append("adopted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=adopt, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["adopted", "refused"]
    assert Priority.objects.filter(neighbourhood=north).active().count() == 3


# --- Links: patrols, incidents, report-backs ------------------------------------------


def test_a_supervisor_links_a_patrol_and_an_incident_links_from_its_side(pcso, supervisor, north):
    priority = priority_create(actor=pcso, fields=a_priority(north))
    plan = PatrolPlanFactory(neighbourhood=north, officers=[pcso])
    patrol_plan_update(actor=supervisor, plan=plan, version=1, fields={"priority": priority})
    assert AuditEvent.objects.get(action="patrol.update").details["changes"]["priority"] == {
        "old": None,
        "new": priority.pk,
    }
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    incident_update(actor=pcso, incident=incident, version=incident.version, fields={"priority": priority})
    later = EngagementFactory(neighbourhood=north, created_by=pcso)
    later.reports_on.add(priority)
    links = priority_links(actor=pcso, priority=priority)
    assert [p.pk for p in links["patrols"]] == [plan.pk]
    assert [i.pk for i in links["incidents"]] == [incident.pk]
    assert [e.pk for e in links["reported_at"]] == [later.pk]


def test_a_patrol_cannot_work_on_another_neighbourhoods_priority(supervisor, north, south, pcso):
    plan = PatrolPlanFactory(neighbourhood=north, officers=[pcso])
    with pytest.raises(ValidationError) as error:
        patrol_plan_update(
            actor=supervisor, plan=plan, version=1, fields={"priority": PriorityFactory(neighbourhood=south)}
        )
    assert "priority" in error.value.message_dict


def test_an_incident_cannot_link_to_another_neighbourhoods_priority(pcso, north, south):
    incident = IncidentFactory(neighbourhood=north, created_by=pcso)
    with pytest.raises(ValidationError) as error:
        incident_update(
            actor=pcso,
            incident=incident,
            version=incident.version,
            fields={"priority": PriorityFactory(neighbourhood=south)},
        )
    assert "priority" in error.value.message_dict


# --- The police.uk export ------------------------------------------------------------


def test_the_export_has_police_uk_shape_and_leaves_out_proposals_past_and_private_events(pcso, north):
    PriorityFactory(neighbourhood=north, status="adopted", issue="Cycle theft", action="Patrols")
    PriorityFactory(neighbourhood=north, status="proposed", issue="Not agreed yet")
    soon = timezone.now() + timedelta(days=3)
    EngagementFactory(
        neighbourhood=north,
        status="planned",
        title="Beat surgery",
        engagement_type=engagement_type("beat-surgery"),
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
        contact_details="north@police.example",
    )
    EngagementFactory(neighbourhood=north, status="planned", publish=False, starts_at=soon, title="Partner meeting")
    EngagementFactory(neighbourhood=north, status="held", title="Last week's meeting")
    export = police_uk_export(neighbourhood=north)
    assert export["neighbourhood"] == {"code": "north", "name": "North"}
    assert export["priorities"] == [
        {
            "issue": "Cycle theft",
            "issue-date": timezone.localdate().isoformat(),
            "action": "Patrols",
            "action-date": None,
        }
    ]
    [event] = export["events"]
    assert set(event) == {"title", "type", "description", "address", "start_date", "end_date", "contact_details"}
    assert (event["title"], event["type"], event["contact_details"]) == (
        "Beat surgery",
        "Beat surgery",
        {"text": "north@police.example"},
    )


def test_the_export_api_and_download_are_audited_and_closed_to_partners(pcso, partner, north):
    PriorityFactory(neighbourhood=north)
    response = api_client_for(pcso).get(reverse("api:neighbourhood-police-uk", kwargs={"code": "north"}))
    assert response.status_code == 200 and len(response.json()["priorities"]) == 1
    download = client_for(pcso).get(reverse("community:police-uk-download", kwargs={"code": "north"}))
    assert download["Content-Disposition"].startswith('attachment; filename="north-police-uk-')
    assert download.json() == response.json()
    assert AuditEvent.objects.filter(action="priority.export", actor_username="pat").count() == 2
    assert (
        api_client_for(partner).get(reverse("api:neighbourhood-police-uk", kwargs={"code": "north"})).status_code == 404
    )


# --- Briefing and activity ------------------------------------------------------------


def test_the_briefing_lists_active_priorities_and_todays_engagements(pcso, north):
    PriorityFactory(neighbourhood=north, status="in_progress", issue="Cycle theft")
    PriorityFactory(neighbourhood=north, status="resolved", issue="Old problem")
    today = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    EngagementFactory(neighbourhood=north, status="planned", title="Beat surgery", starts_at=today, ends_at=None)
    EngagementFactory(neighbourhood=north, status="planned", title="Next week", starts_at=today + timedelta(days=7))
    sections = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate()).sections
    assert [p["issue"] for p in sections["priorities"]] == ["Cycle theft"]
    assert [e["title"] for e in sections["engagements"]] == ["Beat surgery"]
    page = client_for(pcso).get(reverse("briefings:detail", kwargs={"pk": north.briefings.get().pk}))
    assert "Cycle theft" in page.text and "Beat surgery" in page.text


def test_adopting_a_priority_rebuilds_todays_briefing(pcso, north, django_capture_on_commit_callbacks):
    briefing = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    assert briefing.sections["priorities"] == []
    with django_capture_on_commit_callbacks(execute=True):
        priority_create(actor=pcso, fields=a_priority(north, issue="Speeding on Wood Street"))
    briefing.refresh_from_db()
    assert [p["issue"] for p in briefing.sections["priorities"]] == ["Speeding on Wood Street"]


def test_activity_counts_held_engagements_by_type_and_month(pcso, north, south):
    now = timezone.now()
    EngagementFactory(neighbourhood=north, engagement_type=engagement_type("beat-surgery"), starts_at=now)
    EngagementFactory(neighbourhood=north, engagement_type=engagement_type("beat-surgery"), starts_at=now)
    EngagementFactory(neighbourhood=north, engagement_type=engagement_type("school-visit"), starts_at=now)
    EngagementFactory(neighbourhood=south, engagement_type=engagement_type("school-visit"), starts_at=now)
    EngagementFactory(neighbourhood=north, status="cancelled", starts_at=now)
    activity = engagement_activity(actor=pcso, neighbourhood=north)
    assert len(activity["months"]) == 12 and activity["months"][-1] == timezone.localdate().strftime("%Y-%m")
    assert {s["type"]: s["counts"][-1] for s in activity["series"]} == {"Beat surgery": 2, "School visit": 1}
    assert activity["totals"][-1] == 3


# --- API -------------------------------------------------------------------------------


def test_api_logs_an_engagement_and_a_stale_edit_gets_412(pcso, constable, north):
    body = {
        "neighbourhood": "north",
        "engagement_type": "coffee-morning",
        "title": "Coffee morning",
        "starts_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "address": "Church hall",
        "attendance": 9,
    }
    created = api_client_for(pcso).post(reverse("api:engagement-list"), body, format="json")
    assert created.status_code == 201, created.json()
    url = reverse("api:engagement-detail", kwargs={"pk": created.json()["id"]})
    etag = created["ETag"]
    assert (
        api_client_for(constable).patch(url, {"attendance": 10}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )
    stale = api_client_for(pcso).patch(url, {"attendance": 11}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Engagement.objects.get().attendance == 10


def test_api_names_without_consent_are_a_400_field_error(pcso, north):
    body = {
        "neighbourhood": "north",
        "engagement_type": "coffee-morning",
        "title": "Coffee morning",
        "starts_at": timezone.now().isoformat(),
        "address": "Church hall",
        "resident_names": "Mrs J. Patel",
    }
    response = api_client_for(pcso).post(reverse("api:engagement-list"), body, format="json")
    assert response.status_code == 400 and "resident_names" in response.json()


def test_api_the_fourth_active_priority_is_a_400_on_status(pcso, north):
    for n in range(3):
        PriorityFactory(neighbourhood=north, status="adopted", issue=f"Issue {n}")
    body = {"neighbourhood": "north", "issue": "A fourth", "status": "adopted"}
    response = api_client_for(pcso).post(reverse("api:priority-list"), body, format="json")
    assert response.status_code == 400 and "status" in response.json()


def test_api_priority_detail_shows_its_links_and_reading_it_is_audited(pcso, north):
    priority = PriorityFactory(neighbourhood=north)
    plan = PatrolPlanFactory(neighbourhood=north, priority=priority)
    response = api_client_for(pcso).get(reverse("api:priority-detail", kwargs={"pk": priority.pk}))
    assert response.json()["links"]["patrols"] == [{"id": plan.pk, "reference": plan.reference}]
    assert response["ETag"] == f'"priority-{priority.pk}-v1"'
    assert AuditEvent.objects.filter(action="priority.view", object_id=str(priority.pk)).exists()


def test_api_lists_are_audited_with_their_filters_and_keep_a_query_budget(pcso, north, django_assert_max_num_queries):
    for n in range(15):
        EngagementFactory(neighbourhood=north, title=f"Meeting {n}")
        PriorityFactory(neighbourhood=north, status="proposed", issue=f"Issue {n}")
    client = api_client_for(pcso)
    with django_assert_max_num_queries(12):
        engagements = client.get(reverse("api:engagement-list"), {"neighbourhood": "north"})
    with django_assert_max_num_queries(12):
        priorities = client.get(reverse("api:priority-list"), {"status": "proposed"})
    assert engagements.json()["count"] == 15 and priorities.json()["count"] == 15
    search = AuditEvent.objects.get(action="engagement.search")
    assert search.details["filters"] == {"neighbourhood": "north"}


@pytest.mark.parametrize("route", ["api:engagement-list", "api:priority-list"])
def test_partners_get_404_and_the_attempt_is_logged(partner, route):
    assert api_client_for(partner).get(reverse(route)).status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", actor_username="carol").exists()


# --- Pages ---------------------------------------------------------------------------


def test_the_engagement_form_shows_the_consent_error_and_saves_nothing(pcso, north):
    data = {
        "engagement_type": engagement_type("coffee-morning").pk,
        "neighbourhood": "north",
        "title": "Coffee morning",
        "status": "held",
        "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "address": "Church hall",
        "resident_names": "Mrs J. Patel",
        "publish": "on",
    }
    response = client_for(pcso).post(reverse("community:engagement-create"), data)
    assert response.status_code == 200
    assert "Only name residents who agreed to it" in response.text
    assert not Engagement.objects.exists()


def test_turning_a_concern_into_a_priority_prefills_the_form(pcso, north):
    engagement = EngagementFactory(neighbourhood=north, concerns="Speeding on Wood Street")
    response = client_for(pcso).get(reverse("community:priority-create"), {"engagement": engagement.pk})
    assert response.context["form"].initial["issue"] == "Speeding on Wood Street"
    assert response.context["form"].initial["raised_at"] == engagement.pk


def test_the_priority_page_lists_links_within_a_query_budget(pcso, north, django_assert_max_num_queries):
    priority = PriorityFactory(neighbourhood=north)
    for _ in range(5):
        PatrolPlanFactory(neighbourhood=north, priority=priority)
        IncidentFactory(neighbourhood=north, created_by=pcso, priority=priority)
        EngagementFactory(neighbourhood=north).reports_on.add(priority)
    client = client_for(pcso)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("community:priority-detail", kwargs={"pk": priority.pk}))
    assert response.text.count("PAT-") >= 5 and response.text.count("INC-") >= 5


def test_the_calendar_groups_upcoming_engagements_by_day(pcso, north, south):
    tomorrow = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    EngagementFactory(neighbourhood=north, status="planned", title="Beat surgery", starts_at=tomorrow)
    EngagementFactory(neighbourhood=south, status="planned", title="South surgery", starts_at=tomorrow)
    response = client_for(pcso).get(reverse("community:engagement-calendar"))
    assert response.context["neighbourhood"] == north  # Pat's only team
    assert "Beat surgery" in response.text and "South surgery" not in response.text


def test_you_said_we_did_counts_patrol_visits_and_incidents(pcso, north):
    from tests.factories import PatrolVisitFactory

    priority = PriorityFactory(neighbourhood=north, issue="Cycle theft at the racks")
    plan = PatrolPlanFactory(neighbourhood=north, priority=priority, officers=[pcso])
    PatrolVisitFactory(plan=plan, officer=pcso, left_at=timezone.now())
    IncidentFactory(neighbourhood=north, created_by=pcso, priority=priority)
    response = client_for(pcso).get(reverse("community:you-said-we-did", kwargs={"code": "north"}))
    [row] = response.context["rows"]
    assert (row["patrols"], row["visits"], row["incidents"]) == (1, 1, 1)
    assert AuditEvent.objects.filter(action="priority.summary").exists()


def test_a_stale_engagement_edit_page_keeps_the_answers_and_saves_nothing(pcso, constable, north):
    engagement = EngagementFactory(neighbourhood=north, created_by=pcso, attendance=12)
    page = client_for(pcso).get(reverse("community:engagement-edit", kwargs={"pk": engagement.pk}))
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    data.update(
        neighbourhood="north",
        engagement_type=engagement.engagement_type.pk,
        starts_at=timezone.localtime(engagement.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at="",
        attendance=20,
        publish="on",
        partner_agencies=[],
        reports_on=[],
    )
    engagement_update(actor=constable, engagement=engagement, version=1, fields={"attendance": 14})
    response = client_for(pcso).post(reverse("community:engagement-edit", kwargs={"pk": engagement.pk}), data)
    assert response.status_code == 200
    [change] = response.context["conflict"]
    assert (change["who"], change["field"], change["old"], change["new"]) == ("connor", "Attendance", 12, 14)
    assert "not saved" in response.text and "was “12”, now “14”" in response.text
    assert Engagement.objects.get().attendance == 14


def test_the_engagement_list_and_calendar_keep_a_query_budget(pcso, north, council, django_assert_max_num_queries):
    soon = timezone.now() + timedelta(days=1)
    for n in range(20):
        engagement = EngagementFactory(neighbourhood=north, status="planned", title=f"Surgery {n}", starts_at=soon)
        engagement.partner_agencies.add(council)
    client = client_for(pcso)
    with django_assert_max_num_queries(16):
        listing = client.get(reverse("community:engagement-list"))
    with django_assert_max_num_queries(16):
        calendar = client.get(reverse("community:engagement-calendar"))
    assert listing.text.count("Surgery ") == 20 and calendar.text.count("Surgery ") == 20


def test_an_incident_page_shows_its_priority(pcso, north):
    priority = PriorityFactory(neighbourhood=north, issue="Cycle theft at the racks")
    incident = IncidentFactory(neighbourhood=north, created_by=pcso, priority=priority)
    response = client_for(pcso).get(reverse("incidents:incident-detail", kwargs={"pk": incident.pk}))
    assert priority.reference in response.text and "Cycle theft at the racks" in response.text
