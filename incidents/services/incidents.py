"""Logging incidents, editing them and moving them through the workflow."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.changes import audit_value, changes_between, save_new_version
from audit.choices import Category
from audit.services import audit_denied, audit_record
from community.geo import NeighbourhoodLocator
from incidents.models.incidents import Incident, IncidentCategory, IncidentPerson
from incidents.policies import (
    ASSIGNABLE_ROLES,
    PAST_TENSE,
    TRANSITIONS,
    can_edit_incident,
    can_log_incident,
    can_transition,
    transition_allowed_from,
)
from incidents.repeats import incident_repeats, location_key, person_key
from pcso.concurrency import locked

THRIVE_FIELDS = [
    "thrive_threat",
    "thrive_harm",
    "thrive_risk",
    "thrive_investigation",
    "thrive_vulnerability",
    "thrive_engagement",
]
EDITABLE_FIELDS = [
    "opening_category",
    "asb_qualifier",
    "asb_subtype",
    "occurred_at",
    "location_text",
    "latitude",
    "longitude",
    "neighbourhood",
    "account",
    "priority",
    *THRIVE_FIELDS,
]
PLACE_FIELDS = {"location_text", "latitude", "longitude"}
PERSON_FIELDS = {"role", "name", "contact"}


def refuse(*, actor, action: str, incident: Incident | None, message: str):
    """Log the refused attempt (outside any transaction that would roll it back) and raise."""
    audit_denied(actor=actor, action=action, category=Category.ALTERATION, obj=incident)
    raise PermissionDenied(message)


# The require_* checks run first (views call them before validating input, so a refused
# role hears "no" rather than about its typos); the services call them again themselves.


def require_may_log(actor) -> None:
    if not can_log_incident(actor):
        refuse(actor=actor, action="incident.create", incident=None, message="Your role does not log incidents.")


def require_may_edit(actor, incident: Incident) -> None:
    if not can_edit_incident(actor, incident):
        refuse(actor=actor, action="incident.update", incident=incident, message="You may not edit this incident.")


def require_may_transition(actor, incident: Incident, verb: str) -> None:
    if not can_transition(actor, incident, verb):
        message = f"Your role may not {verb} this incident."
        refuse(actor=actor, action=f"incident.{verb}", incident=incident, message=message)


def snapshot(incident: Incident, fields: Sequence[str]) -> dict[str, Any]:
    return {name: audit_value(getattr(incident, name)) for name in fields}


def place(incident: Incident, *, neighbourhood_chosen: bool) -> None:
    """Normalise the typed location; find the neighbourhood from the point unless one was chosen."""
    incident.location_text = incident.location_text.strip()
    incident.location_key = location_key(incident.location_text)
    if incident.has_point and not neighbourhood_chosen:
        incident.neighbourhood_id = NeighbourhoodLocator.load(with_lsoas=False).locate(
            "", incident.longitude, incident.latitude
        )


def flag_repeats(incident: Incident) -> dict:
    repeats = incident_repeats(incident)
    incident.repeat_location = bool(repeats["location"])
    incident.repeat_person = bool(repeats["people"])
    return repeats


def check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable incident fields: {sorted(unknown)}")


def build_people(incident: Incident, people: Sequence[dict]) -> list[IncidentPerson]:
    built = []
    for index, data in enumerate(people):
        person = IncidentPerson(incident=incident, **{k: v for k, v in data.items() if k in PERSON_FIELDS})
        person.person_key = person_key(person.name, person.contact)
        try:
            person.full_clean(exclude=["incident"])
        except ValidationError as exc:
            raise ValidationError({f"people[{index}]": exc.messages}) from exc
        built.append(person)
    return built


def incident_create(*, actor, fields: dict[str, Any], people: Sequence[dict] = ()) -> Incident:
    """Log an incident, with the people involved, and flag repeats at once."""
    require_may_log(actor)
    check_fields(fields)
    with transaction.atomic():
        incident = Incident(created_by=actor, **fields)
        place(incident, neighbourhood_chosen=fields.get("neighbourhood") is not None)
        incident.full_clean()
        incident.save()
        IncidentPerson.objects.bulk_create(build_people(incident, people))
        flag_repeats(incident)
        incident.save(update_fields=["repeat_location", "repeat_person"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="incident.create",
            obj=incident,
            details={
                "fields": snapshot(incident, EDITABLE_FIELDS),
                "people": [p.get("role", "") for p in people],
                "repeat_location": incident.repeat_location,
                "repeat_person": incident.repeat_person,
            },
        )
    return incident


def locked_incident(incident: Incident, version: int | None) -> Incident:
    """The row, locked for this transaction (with its category); refused if it moved on from `version`."""
    return locked(incident, version, queryset=Incident.objects.select_related("opening_category"))


def incident_update(*, actor, incident: Incident, version: int, fields: dict[str, Any]) -> Incident:
    """Change an incident's details. `version` is the one the editor saw: if it is stale,
    StaleVersionError is raised and nothing changes."""
    require_may_edit(actor, incident)
    check_fields(fields)
    with transaction.atomic():
        current = locked_incident(incident, version)
        before = snapshot(current, EDITABLE_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value)
        place(current, neighbourhood_chosen="neighbourhood" in fields and fields["neighbourhood"] is not None)
        current.full_clean()
        changes = changes_between(before, snapshot(current, EDITABLE_FIELDS))
        if not changes:
            return current
        if PLACE_FIELDS & set(changes):
            flag_repeats(current)
        saved = [*EDITABLE_FIELDS, "location_key", "repeat_location", "repeat_person"]
        return save_new_version(actor=actor, row=current, action="incident.update", changes=changes, fields=saved)


def transition(*, actor, incident: Incident, verb: str, version: int | None, **values) -> Incident:
    """Move an incident along the workflow (TRANSITIONS), auditing old/new values."""
    require_may_transition(actor, incident, verb)
    with transaction.atomic():
        current = locked_incident(incident, version)
        if not transition_allowed_from(current, verb):
            raise ValidationError(
                {"status": f"A {current.get_status_display().lower()} incident cannot be {PAST_TENSE[verb]}."}
            )
        values["status"] = TRANSITIONS[verb][1]
        before = snapshot(current, list(values))
        for name, value in values.items():
            setattr(current, name, value)
        changes = changes_between(before, snapshot(current, list(values)))
        return save_new_version(
            actor=actor, row=current, action=f"incident.{verb}", changes=changes, fields=list(values)
        )


def incident_assign(*, actor, incident: Incident, assignee, version: int | None = None) -> Incident:
    """Give the incident to an officer (supervisors). Re-assigning starts it again as assigned."""
    if assignee is None or not assignee.is_active or assignee.role not in ASSIGNABLE_ROLES:
        raise ValidationError({"assignee": "Choose an active PCSO, constable or supervisor."})
    return transition(actor=actor, incident=incident, verb="assign", version=version, assignee=assignee)


def incident_start(*, actor, incident: Incident, version: int | None = None) -> Incident:
    """The assignee starts work on it."""
    return transition(actor=actor, incident=incident, verb="start", version=version)


def require_closing_category(category: IncidentCategory | None) -> IncidentCategory:
    if category is None:
        raise ValidationError({"closing_category": "Choose the closing category."})
    return category


def incident_resolve(*, actor, incident: Incident, closing_category: IncidentCategory | None, version=None) -> Incident:
    """The responsible officer (or a supervisor) has dealt with it; the closing category may
    differ from the opening one (NSIR)."""
    category = require_closing_category(closing_category)
    return transition(actor=actor, incident=incident, verb="resolve", version=version, closing_category=category)


def incident_close(*, actor, incident: Incident, closing_category: IncidentCategory | None = None, version=None):
    """A supervisor closes the record, keeping the resolver's closing category unless given another."""
    category = require_closing_category(closing_category or incident.closing_category)
    return transition(actor=actor, incident=incident, verb="close", version=version, closing_category=category)
