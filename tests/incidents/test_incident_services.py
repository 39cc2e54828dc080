"""Incident services: what they write, what they audit, and what they refuse."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from incidents.choices import AsbQualifier, IncidentStatus, PersonRole
from incidents.models.incidents import Incident
from incidents.services.incidents import (
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
)
from incidents.services.notes import note_create, note_edit
from pcso.concurrency import StaleVersionError
from tests.factories import category

# Inside North's boundary below (around Cheapside).
CHEAPSIDE = {"latitude": 51.5145, "longitude": -0.0925}
NORTH_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[-0.098, 51.511], [-0.080, 51.511], [-0.080, 51.520], [-0.098, 51.520], [-0.098, 51.511]]],
}


def asb_fields(**overrides):
    return {
        "opening_category": category("asb"),
        "asb_qualifier": AsbQualifier.NUISANCE,
        "occurred_at": timezone.now() - timedelta(minutes=20),
        "location_text": "Cheapside bus stop",
        "account": "Group of youths shouting and throwing bottles.",
        **overrides,
    }


def log(actor, people=(), **overrides):
    return incident_create(actor=actor, fields=asb_fields(**overrides), people=people)


@pytest.fixture
def bounded_north(north):
    north.boundary = NORTH_BOUNDARY
    north.save()
    return north


def test_logging_an_incident_is_a_collection_with_its_fields(pcso, bounded_north):
    incident = log(pcso, thrive_vulnerability="Elderly resident, lives alone", **CHEAPSIDE)

    assert incident.neighbourhood == bounded_north  # found from the point
    assert (incident.status, incident.version, incident.created_by) == (IncidentStatus.OPEN, 1, pcso)
    event = AuditEvent.objects.get(action="incident.create")
    assert (event.category, event.actor_username, event.object_id) == ("collection", "pat", str(incident.pk))
    assert event.details["fields"]["opening_category"] == "asb"
    assert event.details["fields"]["thrive_vulnerability"] == "Elderly resident, lives alone"


def test_a_chosen_neighbourhood_is_kept_without_a_point(pcso, south):
    assert log(pcso, neighbourhood=south).neighbourhood == south


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"asb_qualifier": ""}, "asb_qualifier"),
        ({"opening_category": None}, "opening_category"),
        ({"location_text": ""}, "location_text"),
        ({"latitude": 51.5}, "longitude"),
        ({"latitude": 95.0, "longitude": 0.0}, "latitude"),
        ({"account": ""}, "account"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_written(pcso, overrides, field):
    with pytest.raises(ValidationError) as caught:
        log(pcso, **overrides)
    assert field in caught.value.message_dict
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action="incident.create").exists()


def test_only_asb_takes_a_qualifier(pcso):
    with pytest.raises(ValidationError) as caught:
        log(pcso, opening_category=category("animals"))
    assert "asb_qualifier" in caught.value.message_dict


@pytest.mark.parametrize("persona", ["intelligence_officer", "administrator", "partner"])
def test_roles_that_do_not_log_incidents_are_refused_and_the_attempt_logged(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        log(user)
    assert AuditEvent.objects.filter(action="incident.create", outcome="denied", actor=user).exists()


# --- Repeat location and repeat victim/caller ------------------------------------------


def test_same_point_nearby_within_the_window_is_a_repeat_location(pcso, constable):
    first = log(pcso, location_text="", **CHEAPSIDE)
    second = log(constable, location_text="", latitude=CHEAPSIDE["latitude"] + 0.0002, longitude=CHEAPSIDE["longitude"])

    assert not first.repeat_location
    assert second.repeat_location


def test_same_location_text_normalised_is_a_repeat_location(pcso):
    log(pcso, location_text="On or near 12, High Street.")
    assert log(pcso, location_text="12 high st").repeat_location


def test_far_away_or_outside_the_window_is_not_a_repeat(pcso, settings):
    settings.REPEAT_WINDOW_DAYS = 28
    log(pcso, location_text="", latitude=51.5145, longitude=-0.0925)
    log(pcso, location_text="Cheapside", occurred_at=timezone.now() - timedelta(days=40))
    far = log(pcso, location_text="", latitude=51.5165, longitude=-0.0925)  # ~220 m north
    late = log(pcso, location_text="Cheapside")

    assert not far.repeat_location
    assert not late.repeat_location


def test_the_window_is_a_setting(pcso, settings):
    log(pcso, location_text="Cheapside", occurred_at=timezone.now() - timedelta(days=40))
    settings.REPEAT_WINDOW_DAYS = 60
    assert log(pcso, location_text="Cheapside").repeat_location


def test_same_person_by_normalised_name_and_contact_is_a_repeat_victim(pcso):
    log(
        pcso,
        location_text="Market",
        people=[{"role": PersonRole.AFFECTED, "name": "Jo Bloggs", "contact": "+44 7700 900123"}],
    )
    other = log(
        pcso,
        location_text="Station",
        people=[{"role": PersonRole.REPORTER, "name": " jo  BLOGGS", "contact": "07700-900123"}],
    )
    stranger = log(
        pcso, location_text="Park", people=[{"role": PersonRole.AFFECTED, "name": "Jo Bloggs", "contact": ""}]
    )

    assert other.repeat_person and not other.repeat_location
    assert not stranger.repeat_person  # a name alone is not enough


def test_a_person_without_a_name_is_a_field_error(pcso):
    with pytest.raises(ValidationError) as caught:
        log(pcso, people=[{"role": PersonRole.AFFECTED, "name": "", "contact": "07700 900123"}])
    assert "people[0]" in caught.value.message_dict


# --- Editing and the workflow ----------------------------------------------------------


def test_an_edit_is_an_alteration_with_old_and_new_values(pcso):
    incident = log(pcso)
    incident = incident_update(
        actor=pcso, incident=incident, version=1, fields={"location_text": "Cheapside, north side"}
    )

    assert incident.version == 2
    event = AuditEvent.objects.get(action="incident.update")
    assert event.category == "alteration"
    assert event.details == {
        "version": 2,
        "changes": {"location_text": {"old": "Cheapside bus stop", "new": "Cheapside, north side"}},
    }


def test_a_stale_version_is_refused_and_nothing_changes(pcso, supervisor):
    incident = log(pcso)
    incident_update(actor=supervisor, incident=incident, version=1, fields={"account": "Updated by Sam"})
    with pytest.raises(StaleVersionError) as caught:
        incident_update(actor=pcso, incident=incident, version=1, fields={"account": "Pat's version"})
    assert caught.value.current.version == 2
    incident.refresh_from_db()
    assert incident.account == "Updated by Sam"


def test_others_may_not_edit_an_incident_they_are_not_responsible_for(pcso, constable):
    incident = log(pcso)
    with pytest.raises(PermissionDenied):
        incident_update(actor=constable, incident=incident, version=1, fields={"account": "x"})
    assert AuditEvent.objects.filter(action="incident.update", outcome="denied", actor_username="connor").exists()


def test_the_whole_workflow_with_audit_rows(pcso, constable, supervisor):
    incident = log(pcso)
    incident = incident_assign(actor=supervisor, incident=incident, assignee=constable)
    incident = incident_start(actor=constable, incident=incident)
    incident = incident_resolve(actor=constable, incident=incident, closing_category=category("crime-related"))
    incident = incident_close(actor=supervisor, incident=incident)

    assert (incident.status, incident.closing_category.code, incident.version) == ("closed", "crime-related", 5)
    actions = list(AuditEvent.objects.filter(category="alteration").order_by("id").values_list("action", flat=True))
    assert actions == ["incident.assign", "incident.start", "incident.resolve", "incident.close"]
    assign = AuditEvent.objects.get(action="incident.assign")
    assert assign.details["changes"] == {
        "assignee": {"old": None, "new": "connor"},
        "status": {"old": "open", "new": "assigned"},
    }


@pytest.mark.parametrize(
    ("persona", "verb"),
    [
        ("pcso", "assign"),
        ("constable", "assign"),
        ("staff", "close"),
        ("pcso", "close"),
        ("intelligence_officer", "resolve"),
    ],
)
def test_workflow_refusals_per_role(persona, verb, pcso, constable, request):
    user = request.getfixturevalue(persona)
    incident = log(pcso)
    calls = {
        "assign": lambda: incident_assign(actor=user, incident=incident, assignee=constable),
        "close": lambda: incident_close(actor=user, incident=incident, closing_category=category("asb")),
        "resolve": lambda: incident_resolve(actor=user, incident=incident, closing_category=category("asb")),
    }
    with pytest.raises(PermissionDenied):
        calls[verb]()
    assert AuditEvent.objects.filter(action=f"incident.{verb}", outcome="denied").exists()


def test_only_the_assignee_starts_and_not_from_open(pcso, constable, supervisor):
    incident = log(pcso)
    with pytest.raises(PermissionDenied):
        incident_start(actor=pcso, incident=incident)  # nobody assigned yet
    incident = incident_assign(actor=supervisor, incident=incident, assignee=pcso)
    with pytest.raises(PermissionDenied):
        incident_start(actor=constable, incident=incident)
    assert incident_start(actor=pcso, incident=incident).status == "in_progress"


def test_resolve_needs_a_closing_category_and_a_closed_incident_does_not_move(pcso, supervisor):
    incident = log(pcso)
    with pytest.raises(ValidationError) as caught:
        incident_resolve(actor=pcso, incident=incident, closing_category=None)
    assert "closing_category" in caught.value.message_dict
    incident = incident_close(actor=supervisor, incident=incident, closing_category=category("asb"))
    with pytest.raises(ValidationError) as caught:
        incident_resolve(actor=supervisor, incident=incident, closing_category=category("asb"))
    assert "status" in caught.value.message_dict


def test_only_officers_can_be_assigned(pcso, staff, supervisor):
    with pytest.raises(ValidationError) as caught:
        incident_assign(actor=supervisor, incident=log(pcso), assignee=staff)
    assert "assignee" in caught.value.message_dict


# --- Case notes ------------------------------------------------------------------------


def test_a_note_is_a_collection_and_its_author_may_correct_it_with_history(pcso):
    incident = log(pcso)
    note = note_create(actor=pcso, incident=incident, body="Spoke to the shop owner.")
    note = note_edit(actor=pcso, note=note, body="Spoke to the shop owner, Mr Patel.")

    assert note.edited_at is not None
    created = AuditEvent.objects.get(action="note.create")
    edited = AuditEvent.objects.get(action="note.edit")
    assert created.category == "collection"
    assert edited.details["changes"]["body"] == {
        "old": "Spoke to the shop owner.",
        "new": "Spoke to the shop owner, Mr Patel.",
    }


def test_a_note_cannot_be_edited_after_the_window_or_by_someone_else(pcso, constable, settings):
    settings.NOTE_EDIT_MINUTES = 15
    note = note_create(actor=pcso, incident=log(pcso), body="First account.")
    with pytest.raises(PermissionDenied):
        note_edit(actor=constable, note=note, body="Changed by Connor")
    note.created_at = timezone.now() - timedelta(minutes=16)
    note.save()
    with pytest.raises(PermissionDenied):
        note_edit(actor=pcso, note=note, body="Too late")
    note.refresh_from_db()
    assert note.body == "First account."
    assert AuditEvent.objects.filter(action="note.edit", outcome="denied").count() == 2


def test_an_empty_note_is_a_field_error(pcso):
    with pytest.raises(ValidationError) as caught:
        note_create(actor=pcso, incident=log(pcso), body="   ")
    assert "body" in caught.value.message_dict
