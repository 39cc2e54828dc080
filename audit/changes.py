"""The audit plumbing every app shares (ARCHITECTURE rule 11): a field value as the trail
stores it, what changed between two snapshots, and "what changed since version N" read
back from the trail for an editor whose copy went stale.

audit is the bottom layer: nothing here imports another app. What a reader needs to know
about a model (its label, its fields' names) comes from the object it passes in.
"""

from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from audit.choices import Category, Outcome
from audit.labels import labels_for
from audit.models import AuditEvent
from audit.services import audit_record

# How many of a record's latest alterations a conflict looks through.
RECENT_ALTERATIONS = 50


def audit_value(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value: a related record by its code (or
    username, or id), a date or a time in ISO 8601, anything else as it is."""
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or getattr(value, "username", None) or value.pk
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value


def changes_between(before: dict, after: dict) -> dict[str, dict]:
    """{name: {"old": ..., "new": ...}} for each value of `before` that `after` changed."""
    return {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}


def alterations_since(obj: models.Model, version: int) -> list[AuditEvent]:
    """The allowed alterations of `obj` that made a version after `version`, oldest first,
    under every label its model has been recorded under (audit.labels)."""
    events = AuditEvent.objects.filter(
        object_type__in=labels_for(obj),
        object_id=str(obj.pk),
        category=Category.ALTERATION,
        outcome=Outcome.ALLOWED,
    ).order_by("-occurred_at", "-id")[:RECENT_ALTERATIONS]
    return [event for event in reversed(events) if (event.details or {}).get("version", 0) > version]


def changes_since(obj: models.Model, version: int) -> list[dict]:
    """Each field changed in `obj` after `version`, in words: when, who, by which action,
    the field's label and its old and new values. What an editor whose copy went stale is
    shown instead of having their save overwrite the changes."""
    return [
        {
            "when": event.occurred_at,
            "who": event.actor_username or "the system",
            "action": event.action,
            "field": field_label(obj, name),
            "old": values.get("old"),
            "new": values.get("new"),
        }
        for event in alterations_since(obj, version)
        for name, values in event.details.get("changes", {}).items()
    ]


def field_label(obj: models.Model, name: str) -> str:
    """The field's verbose name, capitalised; a change that is not a field of the model
    (an action, the checklist, a patrol's officers) in words from its name."""
    try:
        return str(obj._meta.get_field(name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return name.replace("_", " ").capitalize()


def save_new_version(*, actor, row: models.Model, action: str, changes: dict, fields, **details) -> models.Model:
    """Save `fields` of a row read with `pcso.concurrency.locked()` as its next version, and audit the change
    (old and new values in `changes`) in the same transaction."""
    row.version += 1
    row.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        category=Category.ALTERATION,
        action=action,
        obj=row,
        details={"version": row.version, "changes": changes, **details},
    )
    return row
