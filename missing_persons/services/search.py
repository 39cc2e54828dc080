"""Working an active case: the high-risk checklist, sightings and lines of enquiry."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value, save_new_version
from audit.choices import Category
from audit.services import audit_record
from missing_persons.choices import MissingActionStatus
from missing_persons.models import (
    HighRiskChecklistItem,
    MissingAction,
    MissingChecklistTick,
    MissingPersonCase,
    MissingSighting,
)
from missing_persons.policies import (
    can_work_missing_persons,
)
from missing_persons.services.common import announce, require_active, require_may_work, snapshot
from pcso.concurrency import locked
from pcso.geo import half_point_errors


def missing_case_tick_checklist(*, actor, case: MissingPersonCase, item: HighRiskChecklistItem, notes: str = ""):
    """Record that a high-risk checklist item is in place."""
    require_may_work(actor, case, "missing_case.checklist")
    if item is None or not item.is_active:
        raise ValidationError({"item": "Choose an item of the checklist."})
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        if current.checklist_ticks.filter(item=item).exists():
            raise ValidationError({"item": f"“{item.name}” is already ticked."})
        tick = MissingChecklistTick.objects.create(
            case=current, item=item, notes=(notes or "").strip()[:500], done_by=actor
        )
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.checklist",
            changes={"checklist": {"old": None, "new": item.code}},
            fields=[],
        )
    return tick


# --- Enquiries and sightings -------------------------------------------------------------


def missing_case_add_sighting(*, actor, case: MissingPersonCase, data: dict) -> MissingSighting:
    """A reported sighting: an addition (no If-Match), a collection on the case's trail."""
    require_may_work(actor, case, "missing_case.add_sighting")
    sighting = MissingSighting(case=case, recorded_by=actor, **data)
    sighting.place = (sighting.place or "").strip()
    sighting.full_clean(exclude=["case", "recorded_by"], validate_constraints=False)
    if sighting.seen_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"seen_at": "That is in the future."})
    if half_point := half_point_errors(sighting.latitude, sighting.longitude):
        raise ValidationError(half_point)
    if not sighting.place and not sighting.has_point:
        raise ValidationError({"place": "Say where, or mark the place on the map."})
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        sighting.case = current
        sighting.save()
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="missing_case.add_sighting",
            obj=current,
            details={"version": current.version, "sighting": sighting.pk, **snapshot(sighting, [*data])},
        )
        announce(current.neighbourhood_id)
    return sighting


def missing_case_add_action(*, actor, case: MissingPersonCase, description: str, assigned_to, due_at) -> MissingAction:
    """A line of enquiry or action for a named person, due by a time."""
    require_may_work(actor, case, "missing_case.add_action")
    if assigned_to is None or not assigned_to.is_active or not can_work_missing_persons(assigned_to):
        raise ValidationError({"assigned_to": "Choose an active officer or member of staff."})
    action = MissingAction(
        case=case, description=(description or "").strip(), assigned_to=assigned_to, due_at=due_at, created_by=actor
    )
    action.full_clean(exclude=["case", "created_by"])
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        action.case = current
        action.save()
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="missing_case.add_action",
            obj=current,
            details={
                "version": current.version,
                "action": action.pk,
                "description": action.description,
                "assigned_to": assigned_to.username,
                "due_at": audit_value(due_at),
            },
        )
    return action


def missing_action_complete(*, actor, action: MissingAction, result: str) -> MissingAction:
    """Mark an action done with its result (anyone working the case: enquiries are shared work)."""
    require_may_work(actor, action.case, "missing_case.complete_action")
    result = (result or "").strip()
    if not result:
        raise ValidationError({"result": "Say what the enquiry found."})
    with transaction.atomic():
        current = locked(action)
        if current.status == MissingActionStatus.DONE:
            raise ValidationError({"result": "That action is already done."})
        current.status, current.result, current.done_at, current.done_by = (
            MissingActionStatus.DONE,
            result[:4000],
            timezone.now(),
            actor,
        )
        current.save(update_fields=["status", "result", "done_at", "done_by"])
        case = MissingPersonCase.objects.select_for_update().get(pk=current.case_id)
        change = {f"action[{current.pk}]": {"old": "open", "new": "done"}}
        save_new_version(
            actor=actor,
            row=case,
            action="missing_case.complete_action",
            fields=[],
            changes=change,
            result=current.result,
        )
    return current
