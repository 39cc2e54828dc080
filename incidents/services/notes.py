"""Case notes: the running narrative of an incident. Append-only but for the author's short edit window."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.choices import Category
from audit.services import audit_denied, audit_record
from incidents.models.incidents import Incident
from incidents.models.notes import CaseNote
from incidents.policies import can_add_note, can_edit_note
from pcso.concurrency import locked


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write the note."})
    if len(body) > CaseNote._meta.get_field("body").max_length:
        raise ValidationError({"body": "Keep a note under 10,000 characters; add another for the rest."})
    return body


def require_may_add_note(actor, incident: Incident) -> None:
    if not can_add_note(actor, incident):
        audit_denied(actor=actor, action="note.create", category=Category.COLLECTION, obj=incident)
        raise PermissionDenied("Your role does not add case notes.")


def require_may_edit_note(actor, note: CaseNote) -> None:
    if not can_edit_note(actor, note, timezone.now()):
        audit_denied(actor=actor, action="note.edit", category=Category.ALTERATION, obj=note)
        raise PermissionDenied("Only its author may correct a note, within minutes of writing it. Add a new note.")


def note_create(*, actor, incident: Incident, body: str) -> CaseNote:
    require_may_add_note(actor, incident)
    body = clean_body(body)
    with transaction.atomic():
        note = CaseNote.objects.create(incident=incident, author=actor, body=body)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="note.create",
            obj=note,
            details={"incident": incident.pk, "body": body},
        )
    return note


def note_edit(*, actor, note: CaseNote, body: str) -> CaseNote:
    """Correct a note within PCSO_NOTE_EDIT_MINUTES of writing it; the old text stays in the audit row."""
    require_may_edit_note(actor, note)
    now = timezone.now()
    body = clean_body(body)
    with transaction.atomic():
        current = locked(note)
        if current.body == body:
            return current
        old = current.body
        current.body, current.edited_at = body, now
        current.save(update_fields=["body", "edited_at"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="note.edit",
            obj=current,
            details={"incident": current.incident_id, "changes": {"body": {"old": old, "new": body}}},
        )
    return current
