from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from briefings.models import Acknowledgement
from briefings.services.generate import briefing_generate
from tests.conftest import api_client_for, client_for
from tests.factories import CrimeFactory


@pytest.fixture
def todays_briefing(north):
    return briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())


def test_opening_a_briefing_is_a_consultation_in_the_audit_log(pcso, todays_briefing):
    response = client_for(pcso).get(reverse("briefings:detail", args=[todays_briefing.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="briefing.view")
    assert (event.category, event.actor_username, event.object_id, event.source) == (
        "consultation",
        "pat",
        str(todays_briefing.pk),
        "web",
    )
    assert event.request_id == response["X-Request-ID"]


def test_ive_read_this_records_one_acknowledgement_and_audits_it(pcso, todays_briefing):
    client = client_for(pcso)
    url = reverse("briefings:acknowledge", args=[todays_briefing.pk])
    first = client.post(url)
    client.post(url)
    assert first.status_code == 302
    assert Acknowledgement.objects.filter(briefing=todays_briefing, user=pcso).count() == 1
    assert AuditEvent.objects.filter(action="briefing.acknowledge", actor_username="pat").count() == 1
    page = client.get(reverse("briefings:detail", args=[todays_briefing.pk]))
    assert "You read this" in page.content.decode()


def test_api_acknowledge_answers_201_then_200(constable, todays_briefing):
    client = api_client_for(constable)
    url = reverse("api:briefing-acknowledge", args=[todays_briefing.pk])
    assert client.post(url).status_code == 201
    assert client.post(url).status_code == 200


def test_new_since_you_read_it_lists_only_crimes_recorded_after_the_read(north, pcso, todays_briefing):
    client = client_for(pcso)
    CrimeFactory(
        neighbourhood=north, location="On or near Wood Street", recorded_at=timezone.now() - timedelta(minutes=5)
    )
    client.post(reverse("briefings:acknowledge", args=[todays_briefing.pk]))
    ack = Acknowledgement.objects.get(user=pcso)
    CrimeFactory(neighbourhood=north, location="On or near Milk Street",
                 occurred_at=ack.acknowledged_at, recorded_at=ack.acknowledged_at + timedelta(minutes=1))  # fmt: skip
    fragment = client.get(reverse("briefings:new-since", args=[todays_briefing.pk])).content.decode()
    assert "Milk Street" in fragment
    assert "Wood Street" not in fragment


def test_supervisor_sees_who_has_and_has_not_read(pcso, constable, supervisor, todays_briefing):
    client_for(pcso).post(reverse("briefings:acknowledge", args=[todays_briefing.pk]))
    response = client_for(supervisor).get(reverse("briefings:read-status"))
    north_status = next(s for s in response.context["statuses"] if s.neighbourhood.code == "north")
    read = {row.user.username: row.acknowledged_at is not None for row in north_status.rows}
    assert read == {"pat": True, "connor": False}
    assert north_status.read_count == 1
    assert AuditEvent.objects.filter(action="briefing.read_status", actor_username="sam").exists()


def test_supervisor_sees_only_neighbourhoods_they_supervise(supervisor, south_officer, north, db):
    from community.models.neighbourhoods import Neighbourhood

    Neighbourhood.objects.create(code="east", name="East")
    response = client_for(supervisor).get(reverse("briefings:read-status"))
    assert [s.neighbourhood.code for s in response.context["statuses"]] == ["north", "south"]


def test_acknowledgements_in_the_api_are_for_supervisors_only(pcso, supervisor, todays_briefing):
    api_client_for(pcso).post(reverse("api:briefing-acknowledge", args=[todays_briefing.pk]))
    url = reverse("api:briefing-detail", args=[todays_briefing.pk])
    as_supervisor = api_client_for(supervisor).get(url).json()
    as_pcso = api_client_for(pcso).get(url).json()
    assert [a["username"] for a in as_supervisor["acknowledgements"]] == ["pat"]
    assert as_pcso["acknowledgements"] is None
    assert as_pcso["acknowledged_at"] is not None


def test_briefings_api_filters_by_neighbourhood_code_and_date(pcso, north, south, todays_briefing):
    other = briefing_generate(actor=None, neighbourhood=south, day=timezone.localdate())
    client = api_client_for(pcso)
    by_code = client.get(reverse("api:briefing-list"), {"neighbourhood": "south"}).json()
    assert [b["id"] for b in by_code["results"]] == [other.pk]
    bad = client.get(reverse("api:briefing-list"), {"date": "yesterday"})
    assert bad.status_code == 400
    assert "date" in bad.json()


def crowd(neighbourhood, count):
    now = timezone.now()
    for n in range(count):
        CrimeFactory(neighbourhood=neighbourhood, occurred_at=now - timedelta(hours=n + 1),
                     recorded_at=now - timedelta(minutes=n), latitude=51.51 + n / 10000, longitude=-0.09)  # fmt: skip


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_briefing_page_query_count_does_not_grow_with_the_data(north, pcso):
    client = client_for(pcso)
    crowd(north, 3)
    small = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    few = queries_for(client, reverse("briefings:detail", args=[small.pk]))
    crowd(north, 60)
    big = briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate())
    assert queries_for(client, reverse("briefings:detail", args=[big.pk])) == few


@pytest.mark.parametrize("route", ["api:crime-list", "api:briefing-list", "api:neighbourhood-list"])
def test_api_lists_have_a_query_budget_independent_of_page_size(route, north, south, pcso):
    crowd(north, 30)
    for day in range(12):
        briefing_generate(actor=None, neighbourhood=north, day=timezone.localdate() - timedelta(days=day))
    client = api_client_for(pcso)
    url = reverse(route)
    assert queries_for(client, f"{url}?limit=2") == queries_for(client, f"{url}?limit=25")


def test_crime_page_and_api_share_filters(north, pcso):
    CrimeFactory(neighbourhood=north, category="robbery")
    CrimeFactory(neighbourhood=north, category="drugs")
    api = api_client_for(pcso).get(reverse("api:crime-list"), {"category": "robbery"}).json()
    page = client_for(pcso).get(reverse("crimes:crime-list"), {"category": "robbery"})
    assert [c["category"] for c in api["results"]] == ["robbery"]
    assert [c.category for c in page.context["page"].object_list] == ["robbery"]


@pytest.mark.parametrize(("params", "field"), [({"month": "2025-13"}, "month"), ({"category": "arson"}, "category"),
                                               ({"occurred_after": "last week"}, "occurred_after")])  # fmt: skip
def test_crimes_api_bad_filters_get_field_errors(pcso, params, field):
    response = api_client_for(pcso).get(reverse("api:crime-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_crimes_api_filters_of_the_contract(north, pcso):
    now = timezone.now()
    CrimeFactory(neighbourhood=north, occurred_at=now - timedelta(days=2))
    CrimeFactory(neighbourhood=None, occurred_at=now - timedelta(days=9))
    client = api_client_for(pcso)
    in_north = client.get(reverse("api:crime-list"), {"neighbourhood": "north"}).json()
    recent = client.get(reverse("api:crime-list"), {"occurred_after": (now - timedelta(days=3)).isoformat()}).json()
    assert in_north["count"] == 1 and in_north["results"][0]["neighbourhood"] == "north"
    assert recent["count"] == 1
    assert AuditEvent.objects.filter(action="crime.search", actor_username="pat").count() == 2
