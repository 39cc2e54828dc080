"""Logging community engagements. Each write is atomic with its audit row."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_record
from community import policies
from community.models.engagements import Engagement
from community.services.patrols import refuse
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

ENGAGEMENT_FIELDS = [
    "neighbourhood",
    "engagement_type",
    "title",
    "description",
    "status",
    "starts_at",
    "ends_at",
    "address",
    "latitude",
    "longitude",
    "contact_details",
    "publish",
    "attendance",
    "organisations",
    "topics",
    "concerns",
    "follow_ups",
    "resident_names",
    "resident_names_consent",
]


def require_may_work(actor, neighbourhood, *, action: str, obj=None) -> None:
    if not policies.can_work_engagements_in(actor, neighbourhood):
        refuse(
            actor=actor,
            action=action,
            obj=obj,
            message="Only officers of the neighbourhood's team log its engagements and priorities.",
        )


def check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(ENGAGEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not engagement fields: {sorted(unknown)}")


def check_reports_on(neighbourhood, priorities) -> None:
    strangers = [p.reference for p in priorities if p.neighbourhood_id != neighbourhood.pk]
    if strangers:
        raise ValidationError({"reports_on": f"Not priorities of {neighbourhood.name}: {', '.join(strangers)}."})


def snapshot(engagement: Engagement, agencies, priorities) -> dict[str, Any]:
    return {
        **{name: audit_value(getattr(engagement, name)) for name in ENGAGEMENT_FIELDS},
        "partner_agencies": sorted(agency.code for agency in agencies),
        "reports_on": sorted(priority.pk for priority in priorities),
    }


def touches_today(*moments) -> bool:
    today = timezone.localdate()
    return any(moment is not None and timezone.localdate(moment) == today for moment in moments)


def engagement_create(*, actor, fields: dict[str, Any], partner_agencies=(), reports_on=()) -> Engagement:
    """Record an engagement held or planned in one of the actor's neighbourhoods."""
    check_fields(fields)
    require_may_work(actor, fields.get("neighbourhood"), action="engagement.create")
    agencies, priorities = list(partner_agencies), list(reports_on)
    with transaction.atomic():
        engagement = Engagement(created_by=actor, **fields)
        engagement.full_clean()
        check_reports_on(engagement.neighbourhood, priorities)
        engagement.save()
        engagement.partner_agencies.set(agencies)
        engagement.reports_on.set(priorities)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="engagement.create",
            obj=engagement,
            details={"fields": snapshot(engagement, agencies, priorities)},
        )
        if touches_today(engagement.starts_at):
            announce_briefing_change(neighbourhood_id=engagement.neighbourhood_id)
    return engagement


def engagement_update(
    *,
    actor,
    engagement: Engagement,
    version: int | None,
    fields: dict[str, Any],
    partner_agencies=None,
    reports_on=None,
) -> Engagement:
    """Change an engagement; `version` is the one the editor read (StaleVersionError if older)."""
    check_fields(fields)
    require_may_work(actor, engagement.neighbourhood, action="engagement.update", obj=engagement)
    if "neighbourhood" in fields:
        require_may_work(actor, fields["neighbourhood"], action="engagement.update", obj=engagement)
    with transaction.atomic():
        current = locked(engagement, version, queryset=Engagement.objects.select_related("neighbourhood"))
        old_agencies, old_priorities = list(current.partner_agencies.all()), list(current.reports_on.all())
        before = snapshot(current, old_agencies, old_priorities)
        was_at, was_in = current.starts_at, current.neighbourhood_id
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        agencies = old_agencies if partner_agencies is None else list(partner_agencies)
        priorities = old_priorities if reports_on is None else list(reports_on)
        check_reports_on(current.neighbourhood, priorities)
        after = snapshot(current, agencies, priorities)
        changes = {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}
        if not changes:
            return current
        current.version += 1
        current.save()
        current.partner_agencies.set(agencies)
        current.reports_on.set(priorities)
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="engagement.update",
            obj=current,
            details={"version": current.version, "changes": changes},
        )
        if touches_today(was_at, current.starts_at):
            for neighbourhood_id in {was_in, current.neighbourhood_id}:
                announce_briefing_change(neighbourhood_id=neighbourhood_id)
    return current
