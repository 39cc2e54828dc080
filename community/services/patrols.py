"""Planning patrols and logging visits. Each write is atomic with its audit row."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Capability, has_capability
from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_denied, audit_record
from community import policies
from community.choices import AssignmentKind, PatrolStatus
from community.models.neighbourhoods import PatrolPlan, PatrolVisit
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

PLAN_FIELDS = [
    "neighbourhood",
    "label",
    "latitude",
    "longitude",
    "radius_metres",
    "area",
    "origin",
    "origin_reason",
    "hotspot_label",
    "hotspot_count",
    "shift_start",
    "shift_end",
    "visits_planned",
    "visit_minutes",
    "status",
    "priority",
]
VISIT_FIELDS = ["arrived_at", "left_at", "observations", "incident_references", "latitude", "longitude"]


def refuse(*, actor, action: str, obj, message: str):
    """Log the refused attempt (outside any transaction that would roll it back) and raise."""
    audit_denied(actor=actor, action=action, category=Category.ALTERATION, obj=obj)
    raise PermissionDenied(message)


def require_may_manage(actor, neighbourhood, *, plan: PatrolPlan | None = None) -> None:
    if neighbourhood is None or not policies.can_manage_patrols_in(actor, neighbourhood):
        action = "patrol.update" if plan else "patrol.create"
        refuse(actor=actor, action=action, obj=plan, message="Only the neighbourhood's supervisors plan its patrols.")


def require_may_plan(actor) -> None:
    """Refuse a role that plans no patrols at all before looking at its input."""
    if not has_capability(actor, Capability.MANAGE_PATROLS):
        refuse(actor=actor, action="patrol.create", obj=None, message="Your role does not plan patrols.")


def require_may_log_visit(actor, plan: PatrolPlan) -> None:
    if not policies.can_log_visit(actor, plan):
        refuse(
            actor=actor,
            action="patrol.visit",
            obj=plan,
            message="Only officers assigned to this patrol log its visits.",
        )


def snapshot(plan: PatrolPlan, officers) -> dict[str, Any]:
    return {
        **{name: audit_value(getattr(plan, name)) for name in PLAN_FIELDS},
        "officers": sorted(officer.username for officer in officers),
    }


def check_officers(neighbourhood, officers) -> None:
    """Officers must work the plan's neighbourhood (a member assignment)."""
    if not officers:
        raise ValidationError({"officers": "Choose at least one officer."})
    members = set(
        neighbourhood.assignments.filter(kind=AssignmentKind.MEMBER, user__in=officers).values_list(
            "user_id", flat=True
        )
    )
    strangers = sorted(officer.username for officer in officers if officer.pk not in members)
    if strangers:
        raise ValidationError({"officers": f"Not in the {neighbourhood.name} team: {', '.join(strangers)}."})


def patrol_plan_create(*, actor, fields: dict[str, Any], officers) -> PatrolPlan:
    """Plan visits to one small place in a shift, for officers of the neighbourhood."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not patrol plan fields: {sorted(unknown)}")
    require_may_manage(actor, fields.get("neighbourhood"))
    officers = list(officers)
    with transaction.atomic():
        plan = PatrolPlan(created_by=actor, **fields)
        plan.full_clean()
        check_officers(plan.neighbourhood, officers)
        plan.save()
        plan.officers.set(officers)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="patrol.create",
            obj=plan,
            details={"fields": snapshot(plan, officers)},
        )
        if plan.priority_id:  # the briefing counts the patrols of each active priority
            announce_briefing_change(neighbourhood_id=plan.neighbourhood_id)
    return plan


def patrol_plan_update(
    *, actor, plan: PatrolPlan, version: int | None, fields: dict[str, Any], officers=None
) -> PatrolPlan:
    """Change a plan. `version` is the one the editor read: a newer one refuses (StaleVersionError)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not patrol plan fields: {sorted(unknown)}")
    require_may_manage(actor, plan.neighbourhood, plan=plan)
    if "neighbourhood" in fields:
        require_may_manage(actor, fields["neighbourhood"], plan=plan)
    with transaction.atomic():
        current = locked(plan, version, queryset=PatrolPlan.objects.select_related("neighbourhood"))
        before_officers = list(current.officers.all())
        before = snapshot(current, before_officers)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        new_officers = before_officers if officers is None else list(officers)
        check_officers(current.neighbourhood, new_officers)
        after = snapshot(current, new_officers)
        changes = {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}
        if not changes:
            return current
        current.version += 1
        current.save()
        if officers is not None:
            current.officers.set(new_officers)
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="patrol.update",
            obj=current,
            details={"version": current.version, "changes": changes},
        )
        if "priority" in changes:
            announce_briefing_change(neighbourhood_id=current.neighbourhood_id)
    return current


def patrol_visit_create(*, actor, plan: PatrolPlan, fields: dict[str, Any]) -> PatrolVisit:
    """Add a visit (the API may send it whole, arrived and left). The first visit makes the plan active."""
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"Not patrol visit fields: {sorted(unknown)}")
    require_may_log_visit(actor, plan)
    with transaction.atomic():
        current_plan = locked(plan)
        visit = PatrolVisit(plan=current_plan, officer=actor, **fields)
        if visit.left_at is None and current_plan.visits.filter(officer=actor, left_at__isnull=True).exists():
            raise ValidationError({"arrived_at": "You are already on a visit here: press Left first."})
        if visit.arrived_at is None:
            visit.arrived_at = timezone.now()
        visit.full_clean()
        if visit.arrived_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError({"arrived_at": "That is in the future: log a visit when you arrive."})
        visit.save()
        if current_plan.status == PatrolStatus.PLANNED:
            current_plan.status = PatrolStatus.ACTIVE
            current_plan.version += 1
            current_plan.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="patrol.visit_create",
            obj=visit,
            details={
                "plan": current_plan.pk,
                "fields": {name: audit_value(getattr(visit, name)) for name in VISIT_FIELDS},
            },
        )
    return visit


def patrol_visit_arrive(*, actor, plan: PatrolPlan) -> PatrolVisit:
    """The big "Arrived" button: a visit starting now."""
    return patrol_visit_create(actor=actor, plan=plan, fields={"arrived_at": timezone.now()})


def patrol_visit_leave(
    *, actor, visit: PatrolVisit, left_at: datetime | None = None, observations: str = "", incident_references: str = ""
) -> PatrolVisit:
    """The "Left" button: completes an open visit once. A left visit is never rewritten."""
    require_may_log_visit(actor, visit.plan)
    with transaction.atomic():
        current = locked(visit)
        if current.officer_id != actor.pk:
            refuse(
                actor=actor,
                action="patrol.visit_leave",
                obj=current,
                message="Only the officer who arrived logs leaving.",
            )
        if current.left_at is not None:
            raise ValidationError({"left_at": "This visit is already complete: start a new visit instead."})
        before = {name: audit_value(getattr(current, name)) for name in VISIT_FIELDS}
        current.left_at = left_at or timezone.now()
        current.observations = observations.strip()
        current.incident_references = incident_references.strip()
        current.full_clean()
        current.save(update_fields=["left_at", "observations", "incident_references"])
        after = {name: audit_value(getattr(current, name)) for name in VISIT_FIELDS}
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="patrol.visit_leave",
            obj=current,
            details={"changes": {n: {"old": before[n], "new": after[n]} for n in before if before[n] != after[n]}},
        )
    return current
