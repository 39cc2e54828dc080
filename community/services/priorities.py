"""Raising and working PACT priorities, at most PCSO_PACT_MAX_ACTIVE_PRIORITIES active at once.

Each write is atomic with its audit row. The limit is checked under a row lock on the
neighbourhood, so two officers adopting a fourth priority at the same moment cannot both
pass the count (docs/engagements.md).
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_record
from community.choices import ACTIVE_PRIORITY_STATUSES
from community.models.engagements import Priority
from community.models.neighbourhoods import Neighbourhood
from community.services.engagements import require_may_work
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

PRIORITY_FIELDS = ["neighbourhood", "issue", "action", "issue_date", "action_date", "status", "source", "raised_at"]


def check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PRIORITY_FIELDS)
    if unknown:
        raise TypeError(f"Not priority fields: {sorted(unknown)}")


def snapshot(priority: Priority) -> dict[str, Any]:
    return {name: audit_value(getattr(priority, name)) for name in PRIORITY_FIELDS}


def check_active_limit(priority: Priority) -> None:
    """Refuse a priority becoming active when its neighbourhood already has the maximum.

    Call inside the transaction: the neighbourhood row stays locked until commit, so a
    concurrent adoption waits here and then counts ours.
    """
    if priority.status not in ACTIVE_PRIORITY_STATUSES:
        return
    neighbourhood = Neighbourhood.objects.select_for_update().get(pk=priority.neighbourhood_id)
    limit = settings.PACT_MAX_ACTIVE_PRIORITIES
    others = Priority.objects.filter(neighbourhood=neighbourhood).active().exclude(pk=priority.pk)
    if others.count() >= limit:
        references = ", ".join(other.reference for other in others.order_by("id"))
        raise ValidationError(
            {
                "status": (
                    f"{neighbourhood.name} already has {limit} active priorities ({references}). "
                    "Resolve, close or carry one over to the next meeting first, or keep this one proposed."
                )
            }
        )


def priority_create(*, actor, fields: dict[str, Any]) -> Priority:
    """Raise a priority in one of the actor's neighbourhoods (often from an engagement's concerns)."""
    check_fields(fields)
    require_may_work(actor, fields.get("neighbourhood"), action="priority.create")
    with transaction.atomic():
        priority = Priority(created_by=actor, **fields)
        priority.full_clean()
        check_active_limit(priority)
        priority.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="priority.create",
            obj=priority,
            details={"fields": snapshot(priority)},
        )
        if priority.status in ACTIVE_PRIORITY_STATUSES:
            announce_briefing_change(neighbourhood_id=priority.neighbourhood_id)
    return priority


def priority_update(*, actor, priority: Priority, version: int | None, fields: dict[str, Any]) -> Priority:
    """Change a priority (its action, status, dates); `version` is the one the editor read."""
    check_fields(fields)
    require_may_work(actor, priority.neighbourhood, action="priority.update", obj=priority)
    if "neighbourhood" in fields:
        require_may_work(actor, fields["neighbourhood"], action="priority.update", obj=priority)
    with transaction.atomic():
        # The neighbourhood lock (in check_active_limit) is taken after this row's lock in
        # every path that holds both, so two updates cannot deadlock each other.
        current = locked(priority, version)
        before = snapshot(current)
        was_in, was_active = current.neighbourhood_id, current.status in ACTIVE_PRIORITY_STATUSES
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        after = snapshot(current)
        changes = {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}
        if not changes:
            return current
        check_active_limit(current)
        current.version += 1
        current.save()
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="priority.update",
            obj=current,
            details={"version": current.version, "changes": changes},
        )
        if was_active or current.status in ACTIVE_PRIORITY_STATUSES:
            for neighbourhood_id in {was_in, current.neighbourhood_id}:
                announce_briefing_change(neighbourhood_id=neighbourhood_id)
    return current
