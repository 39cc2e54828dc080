"""Reads for patrols (lists through visible_to, suggested visit times, planned vs done),
partner agencies and information sharing agreements, and engagements and priorities
(calendar, activity, the police.uk export, "you said, we did")."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from audit.services import audit_consultation
from community.choices import ACTIVE_PRIORITY_STATUSES
from community.models.engagements import Engagement, Priority
from community.models.neighbourhoods import Neighbourhood, PatrolPlan, PatrolVisit

ROUND_MINUTES = 5


def patrol_list(*, actor):
    """Plans the actor may see, with what a list row shows, in one query per relation."""
    return (
        PatrolPlan.objects.visible_to(actor)
        .select_related("neighbourhood", "created_by")
        .prefetch_related("officers")
        .annotate(visits_done=Count("visits", filter=Q(visits__left_at__isnull=False), distinct=True))
        .order_by("shift_start", "id")
    )


def patrol_get(*, actor, pk, action: str = "patrol.view") -> PatrolPlan:
    """One plan (404 out of scope); reading it is a consultation."""
    plan = get_object_or_404(patrol_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=plan)
    return plan


def patrol_visits(*, actor, plan: PatrolPlan):
    return (
        PatrolVisit.objects.visible_to(actor).filter(plan=plan).select_related("officer").order_by("arrived_at", "id")
    )


def visit_get(*, actor, plan: PatrolPlan, pk) -> PatrolVisit:
    return get_object_or_404(patrol_visits(actor=actor, plan=plan), pk=pk)


def patrols_today_for(*, actor, day: date | None = None) -> list[PatrolPlan]:
    """The actor's own plans whose shift touches `day` (today), with their visits."""
    day = day or timezone.localdate()
    return list(
        patrol_list(actor=actor)
        .assigned_to(actor)
        .on_day(day)
        .prefetch_related(
            Prefetch("visits", queryset=PatrolVisit.objects.select_related("officer").order_by("arrived_at", "id"))
        )
    )


def patrols_for_briefing(*, neighbourhood, day: date) -> list[PatrolPlan]:
    """Every plan of the neighbourhood whose shift touches `day`, cancelled ones excluded."""
    return list(
        PatrolPlan.objects.filter(neighbourhood=neighbourhood)
        .on_day(day)
        .exclude(status="cancelled")
        .prefetch_related("officers")
        .order_by("shift_start", "id")
    )


def suggested_visit_times(plan: PatrolPlan) -> list[datetime]:
    """When to start each visit: one in each equal slice of the shift, at a random point in it.

    Stratified jitter: visits are spread across the whole window (never bunched) but not
    on a clock-face rhythm an offender could learn (DOMAIN §10). Seeded by the plan's id,
    so an officer sees the same times on every page and the tests are stable. Times are
    rounded to 5 minutes and every visit ends inside the window.
    """
    length = timedelta(minutes=plan.visit_minutes)
    usable = plan.shift_end - plan.shift_start - length
    if usable < timedelta(0) or plan.visits_planned < 1:
        return []
    rng = random.Random(plan.pk or 0)
    slice_ = usable / plan.visits_planned
    times = []
    for index in range(plan.visits_planned):
        offset = slice_ * index + slice_ * rng.random()
        minutes = int(offset.total_seconds() // 60) // ROUND_MINUTES * ROUND_MINUTES
        start = plan.shift_start + timedelta(minutes=minutes)
        times.append(max(plan.shift_start, min(start, plan.shift_end - length)))
    return times


@dataclass
class Progress:
    planned: int
    done: int

    @property
    def shown_done(self) -> int:
        return min(self.done, self.planned)

    @property
    def percent(self) -> int:
        return round(100 * self.shown_done / self.planned) if self.planned else 0


def plan_progress(plan: PatrolPlan) -> Progress:
    done = plan.visits_done if hasattr(plan, "visits_done") else plan.visits.filter(left_at__isnull=False).count()
    return Progress(planned=plan.visits_planned, done=done)


def patrol_overview(*, actor, plans) -> list[dict]:
    """Planned vs done per neighbourhood, from already-filtered plans (cancelled ones left out)."""
    rows: dict[int, dict] = {}
    for plan in plans:
        if plan.status == "cancelled":
            continue
        row = rows.setdefault(
            plan.neighbourhood_id, {"neighbourhood": plan.neighbourhood, "planned": 0, "done": 0, "plans": 0}
        )
        progress = plan_progress(plan)
        row["planned"] += progress.planned
        row["done"] += progress.shown_done
        row["plans"] += 1
    result = []
    for row in sorted(rows.values(), key=lambda r: (r["neighbourhood"].name, r["neighbourhood"].pk)):
        result.append({**row, "progress": Progress(planned=row["planned"], done=row["done"])})
    return result


def supervised_neighbourhoods(*, actor):
    return Neighbourhood.objects.visible_to(actor).supervised_by(actor).order_by("name", "id")


def patrol_visits_of(*, actor, plans) -> list[PatrolVisit]:
    """The visits of several plans in one query (for a map)."""
    return list(
        PatrolVisit.objects.visible_to(actor)
        .filter(plan__in=plans)
        .select_related("officer", "plan")
        .order_by("arrived_at", "id")
    )


def neighbourhood_outlines() -> list[dict]:
    """Every neighbourhood with a boundary, for a map picker to draw: [{name, boundary}]."""
    outlines = Neighbourhood.objects.exclude(boundary=None).order_by("name", "id").values_list("name", "boundary")
    return [{"name": name, "boundary": boundary} for name, boundary in outlines]


def visit_map_point(visit: PatrolVisit, plan: PatrolPlan, *, label: str) -> dict:
    """A visit on a map: where it was logged, or its plan's point when no position was given."""
    at = visit if visit.latitude is not None else plan
    return {"label": label, "latitude": at.latitude, "longitude": at.longitude}


def plan_map_point(plan: PatrolPlan) -> dict:
    """What a map draws for a plan: its label, point, radius and area (patrol pages and overview)."""
    return {
        "label": f"{plan.reference} {plan.label}",
        "latitude": plan.latitude,
        "longitude": plan.longitude,
        "radius": plan.radius_metres,
        "area": plan.area,
    }


# Engagements and PACT priorities (docs/engagements.md).


def engagement_list(*, actor):
    """Engagements the actor may see, with what a list row shows, newest first."""
    return (
        Engagement.objects.visible_to(actor)
        .select_related("neighbourhood", "engagement_type", "created_by")
        .prefetch_related("partner_agencies", "reports_on")
        .order_by("-starts_at", "-id")
    )


def engagement_get(*, actor, pk, action: str = "engagement.view") -> Engagement:
    """One engagement (404 out of scope); reading it is a consultation."""
    engagement = get_object_or_404(engagement_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=engagement)
    return engagement


def priority_list(*, actor):
    return (
        Priority.objects.visible_to(actor)
        .select_related("neighbourhood", "raised_at", "created_by")
        .annotate(patrol_count=Count("patrols", distinct=True), report_count=Count("reported_at", distinct=True))
        .order_by("-issue_date", "-id")
    )


def priority_get(*, actor, pk, action: str = "priority.view") -> Priority:
    priority = get_object_or_404(priority_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=priority)
    return priority


def priority_links(*, actor, priority: Priority) -> dict:
    """What was done about a priority: its patrols, the engagements that raised it and
    reported back, and its incidents.

    Incidents belong to the higher `incidents` app, which links them here
    (`Incident.priority`); they are read through the reverse relation and that app's own
    `visible_to`, so community never imports it (docs/architecture.md).
    """
    engagements = Engagement.objects.visible_to(actor).select_related("engagement_type")
    return {
        "patrols": list(
            PatrolPlan.objects.visible_to(actor)
            .filter(priority=priority)
            .annotate(visits_done=Count("visits", filter=Q(visits__left_at__isnull=False), distinct=True))
            .order_by("shift_start", "id")
        ),
        "raised_at": engagements.filter(pk=priority.raised_at_id).first() if priority.raised_at_id else None,
        "reported_at": list(engagements.filter(reports_on=priority).order_by("starts_at", "id")),
        "incidents": list(
            priority.incidents.visible_to(actor).select_related("opening_category").order_by("-occurred_at", "-id")
        ),
    }


def active_priorities(*, neighbourhood) -> list[Priority]:
    return list(Priority.objects.filter(neighbourhood=neighbourhood).active().order_by("issue_date", "id"))


def priorities_for_briefing(*, neighbourhood) -> list[Priority]:
    """The neighbourhood's active priorities, oldest first, with how many patrols work on each."""
    return list(
        Priority.objects.filter(neighbourhood=neighbourhood)
        .active()
        .annotate(patrol_count=Count("patrols", distinct=True))
        .order_by("issue_date", "id")
    )


def engagements_for_briefing(*, neighbourhood, day: date) -> list[Engagement]:
    """The neighbourhood's engagements starting on `day`, cancelled ones left out."""
    return list(
        Engagement.objects.filter(neighbourhood=neighbourhood)
        .on_day(day)
        .exclude(status="cancelled")
        .select_related("engagement_type")
        .order_by("starts_at", "id")
    )


def engagement_calendar(*, actor, neighbourhood=None, start: date, days: int) -> list[dict]:
    """Engagements from `start` for `days` days, grouped by local day (empty days left out)."""
    begin = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    engagements = engagement_list(actor=actor).filter(starts_at__gte=begin, starts_at__lt=begin + timedelta(days=days))
    if neighbourhood is not None:
        engagements = engagements.filter(neighbourhood=neighbourhood)
    by_day: dict[date, list[Engagement]] = {}
    for engagement in engagements.order_by("starts_at", "id"):
        by_day.setdefault(timezone.localdate(engagement.starts_at), []).append(engagement)
    return [{"day": day, "engagements": items} for day, items in by_day.items()]


def engagement_activity(*, actor, neighbourhood=None, months: int = 12, today: date | None = None) -> dict:
    """Engagements held per month and type over the last `months` months (for a stacked chart)."""
    today = today or timezone.localdate()
    first = month_shift(today.replace(day=1), -(months - 1))
    held = Engagement.objects.visible_to(actor).filter(
        status="held", starts_at__gte=timezone.make_aware(datetime.combine(first, datetime.min.time()))
    )
    if neighbourhood is not None:
        held = held.filter(neighbourhood=neighbourhood)
    month_keys = [month_shift(first, n).strftime("%Y-%m") for n in range(months)]
    counts: dict[str, dict[str, int]] = {}
    for engagement in held.select_related("engagement_type").only("starts_at", "engagement_type__name"):
        key = timezone.localdate(engagement.starts_at).strftime("%Y-%m")
        row = counts.setdefault(engagement.engagement_type.name, dict.fromkeys(month_keys, 0))
        if key in row:
            row[key] += 1
    return {
        "months": month_keys,
        "series": [{"type": name, "counts": [row[m] for m in month_keys]} for name, row in sorted(counts.items())],
        "totals": [sum(row[m] for row in counts.values()) for m in month_keys],
    }


def month_shift(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def police_uk_export(*, neighbourhood, now: datetime | None = None) -> dict:
    """The neighbourhood's priorities and upcoming published events in the shape police.uk
    publishes (DOMAIN §8): priority = issue, action, issue date, action date; event = title,
    type, description, address, start, end, contact details. Proposals are not published."""
    priorities = (
        Priority.objects.filter(neighbourhood=neighbourhood).exclude(status="proposed").order_by("-issue_date", "-id")
    )
    events = (
        Engagement.objects.filter(neighbourhood=neighbourhood, publish=True)
        .upcoming(now)
        .select_related("engagement_type")
        .order_by("starts_at", "id")
    )
    return {
        "neighbourhood": {"code": neighbourhood.code, "name": neighbourhood.name},
        "priorities": [
            {
                "issue": priority.issue,
                "issue-date": priority.issue_date.isoformat(),
                "action": priority.action or None,
                "action-date": priority.action_date.isoformat() if priority.action_date else None,
            }
            for priority in priorities
        ],
        "events": [
            {
                "title": event.title,
                "type": event.engagement_type.name,
                "description": event.description or None,
                "address": event.address,
                "start_date": timezone.localtime(event.starts_at).isoformat(),
                "end_date": timezone.localtime(event.ends_at).isoformat() if event.ends_at else None,
                "contact_details": {"text": event.contact_details} if event.contact_details else {},
            }
            for event in events
        ],
    }


def you_said_we_did(*, actor, neighbourhood) -> dict:
    """The one-page summary for the next meeting: each current priority with what was done
    (patrols and visits, incidents, report-backs), and the next events."""
    current = list(
        priority_list(actor=actor)
        .filter(neighbourhood=neighbourhood)
        .exclude(status__in=["proposed", "closed_unresolved"])
        .filter(Q(status__in=ACTIVE_PRIORITY_STATUSES) | Q(action_date__gte=timezone.localdate() - timedelta(days=90)))
        .order_by("issue_date", "id")
    )
    rows = []
    for priority in current:
        links = priority_links(actor=actor, priority=priority)
        rows.append(
            {
                "priority": priority,
                "patrols": len(links["patrols"]),
                "visits": sum(plan.visits_done for plan in links["patrols"]),
                "incidents": len(links["incidents"]),
                "reported_at": links["reported_at"],
            }
        )
    upcoming = (
        engagement_list(actor=actor).filter(neighbourhood=neighbourhood, publish=True).upcoming().order_by("starts_at")
    )
    return {"rows": rows, "upcoming": list(upcoming[:5])}
