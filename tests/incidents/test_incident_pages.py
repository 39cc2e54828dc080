"""The incident pages: logging from a phone, the detail with notes and workflow, editing safely."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from incidents.models.incidents import Incident
from incidents.models.notes import CaseNote
from incidents.services.incidents import incident_create, incident_update
from tests.conftest import client_for
from tests.factories import IncidentFactory, category


def form_data(**overrides):
    return {
        "opening_category": category("asb").pk,
        "asb_qualifier": "personal",
        "asb_subtype": "",
        "occurred_at": timezone.localtime(timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "location_text": "Guildhall Yard",
        "latitude": "51.5156",
        "longitude": "-0.0919",
        "neighbourhood": "",
        "reporter_name": "Sue Park",
        "reporter_contact": "sue@example.org",
        "reporter_is_affected": "on",
        "account": "Sue is being followed and shouted at by two teenagers.",
        **overrides,
    }


def test_a_pcso_logs_an_incident_and_sees_the_repeat_warning_at_once(pcso, north):
    client = client_for(pcso)
    first = client.post(reverse("incidents:incident-create"), form_data())
    second = client.post(reverse("incidents:incident-create"), form_data(location_text="guildhall yard"), follow=True)

    assert first.status_code == 302
    page = second.content.decode()
    assert "Repeat location and repeat victim or caller" in page
    assert Incident.objects.first().reference in page
    assert "logged." in page
    people = Incident.objects.order_by("id").last().people.get()
    assert (people.role, people.name) == ("reporter_affected", "Sue Park")


def test_bad_input_on_the_form_gets_field_errors_and_saves_nothing(pcso):
    response = client_for(pcso).post(
        reverse("incidents:incident-create"),
        form_data(asb_qualifier="", latitude="51.5", longitude="", occurred_at="soon", reporter_name=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"occurred_at", "reporter_name"} <= set(errors)
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_at": "0001-01-01T00:00"}, "occurred_at"),
        ({"latitude": "nan", "longitude": "1"}, "latitude"),
        ({"account": "a\x00b"}, "account"),
        ({"opening_category": "999999"}, "opening_category"),
        ({"reporter_contact": "07700 900123", "reporter_name": ""}, "reporter_name"),
    ],
)
def test_odd_input_on_the_form_is_a_field_error_never_a_500(pcso, overrides, field):
    response = client_for(pcso).post(reverse("incidents:incident-create"), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_a_model_rule_shows_as_a_field_error(pcso):
    response = client_for(pcso).post(reverse("incidents:incident-create"), form_data(asb_qualifier=""))
    assert "asb_qualifier" in response.context["form"].errors


def log(actor, **fields):
    base = {"opening_category": category("animals"), "occurred_at": timezone.now(), "location_text": "Wood Street",
            "account": "Loose dog chasing pigeons."}  # fmt: skip
    return incident_create(actor=actor, fields={**base, **fields})


def test_a_stale_edit_shows_what_changed_and_overwrites_nothing(pcso, supervisor):
    incident = log(pcso)
    client = client_for(pcso)
    page = client.get(reverse("incidents:incident-edit", args=[incident.pk]))
    seen = page.context["form"]["version"].value()
    incident_update(actor=supervisor, incident=incident, version=1, fields={"location_text": "Wood Street car park"})

    data = {**page.context["form"].initial, "version": seen, "account": "Dog caught; owner spoken to."}
    data = {k: ("" if v is None else v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    data["occurred_at"] = timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("incidents:incident-edit", args=[incident.pk]), data)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else changed this incident" in text
    assert "Wood Street car park" in text and "sam edited it" in text
    assert response.context["form"]["version"].value() == 2  # saving again is now deliberate
    incident.refresh_from_db()
    assert incident.account == "Loose dog chasing pigeons."


def test_workflow_buttons_follow_the_rules(pcso, constable, supervisor):
    incident = log(pcso)
    url = reverse("incidents:incident-assign", args=[incident.pk])
    detail = client_for(pcso).get(reverse("incidents:incident-detail", args=[incident.pk]))
    assert [step["verb"] for step in detail.context["workflow"]] == ["resolve"]

    refused = client_for(pcso).post(url, {"assignee": constable.pk, "version": 1}, follow=True)
    assert "may not assign" in refused.content.decode()
    client_for(supervisor).post(url, {"assignee": constable.pk, "version": 1})
    incident.refresh_from_db()
    assert (incident.status, incident.assignee) == ("assigned", constable)

    stale = client_for(constable).post(
        reverse("incidents:incident-start", args=[incident.pk]), {"version": 1}, follow=True
    )
    assert "Someone else changed this incident" in stale.content.decode()
    client_for(constable).post(reverse("incidents:incident-start", args=[incident.pk]), {"version": 2})
    incident.refresh_from_db()
    assert incident.status == "in_progress"


def test_notes_on_the_page_append_and_the_author_corrects_within_the_window(pcso, constable):
    incident = log(pcso)
    client_for(pcso).post(reverse("incidents:note-create", args=[incident.pk]), {"body": "Owner found."})
    note = CaseNote.objects.get()
    edit_url = reverse("incidents:note-edit", args=[incident.pk, note.pk])

    assert client_for(constable).get(edit_url).status_code == 302
    client_for(pcso).post(edit_url, {"body": "Owner found at No. 4."})
    note.refresh_from_db()
    assert note.body == "Owner found at No. 4."
    detail = client_for(constable).get(reverse("incidents:incident-detail", args=[incident.pk])).content.decode()
    assert "Owner found at No. 4." in detail and "corrected" in detail
    assert AuditEvent.objects.filter(action="incident.view", actor_username="connor").exists()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_incident_list_page_has_a_query_budget_and_one_consultation_per_request(pcso, constable, north):
    client = client_for(pcso)
    url = reverse("incidents:incident-list")
    IncidentFactory(neighbourhood=north, assignee=constable, status="assigned", repeat_location=True)
    few = queries_for(client, url)
    for _ in range(25):
        IncidentFactory(neighbourhood=north, assignee=constable, status="assigned", opening_category=category("asb"),
                        asb_qualifier="nuisance")  # fmt: skip
    assert queries_for(client, url) == few
    assert AuditEvent.objects.filter(action="incident.search", actor_username="pat").count() == 2


def test_incident_list_page_and_api_share_filters(pcso, north, south):
    IncidentFactory(neighbourhood=north)
    IncidentFactory(neighbourhood=south)
    page = client_for(pcso).get(reverse("incidents:incident-list"), {"neighbourhood": "south"})
    assert [i.neighbourhood.code for i in page.context["page"].object_list] == ["south"]


def test_incident_page_query_count_does_not_grow_with_notes_or_repeats(pcso, constable, north):
    incident = log(pcso, location_text="Milk Street")
    client = client_for(pcso)
    url = reverse("incidents:incident-detail", args=[incident.pk])
    few = queries_for(client, url)
    for n in range(20):
        CaseNote.objects.create(incident=incident, author=constable if n % 2 else pcso, body=f"Note {n}")
    assert queries_for(client, url) == few
