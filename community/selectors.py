"""Reads for patrols (lists through visible_to, suggested visit times, planned vs done) and for
partner agencies and information sharing agreements."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import PartnerAgency
from audit.services import audit_consultation

from .models import Neighbourhood, PatrolPlan, PatrolVisit, SharingAgreement

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


def plan_map_point(plan: PatrolPlan) -> dict:
    """What a map draws for a plan: its label, point, radius and area (patrol pages and overview)."""
    return {
        "label": f"{plan.reference} {plan.label}",
        "latitude": plan.latitude,
        "longitude": plan.longitude,
        "radius": plan.radius_metres,
        "area": plan.area,
    }


# --- Partner agencies and information sharing agreements (docs/partners.md) ---------------


def agency_list(*, actor):
    return PartnerAgency.objects.visible_to(actor).order_by("name", "id")


def agency_get(*, actor, code: str, action: str = "agency.view") -> PartnerAgency:
    agency = get_object_or_404(agency_list(actor=actor), code=code)
    audit_consultation(actor=actor, action=action, obj=agency)
    return agency


def agreement_list(*, actor):
    """Agreements with their parties (one prefetch), reviews due first."""
    return (
        SharingAgreement.objects.visible_to(actor)
        .select_related("created_by")
        .prefetch_related(Prefetch("parties", queryset=PartnerAgency.objects.order_by("name", "id")))
        .order_by("review_on", "id")
    )


def agreement_get(*, actor, pk, action: str = "agreement.view") -> SharingAgreement:
    agreement = get_object_or_404(agreement_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=agreement)
    return agreement


def agreements_review_due(*, actor, today: date, days: int) -> list[SharingAgreement]:
    """Active agreements to review within `days` (or overdue): the supervisors' reminder."""
    return list(agreement_list(actor=actor).review_due(today, days)[:50])


def agreements_usable(*, actor, agency: PartnerAgency | None = None, today: date):
    """Agreements one may share under today (optionally: to which `agency` is party), in one
    subquery on the parties table, never a chained join across it."""
    scope = agreement_list(actor=actor).filter(status="active", starts_on__lte=today, expires_on__gte=today)
    if agency is not None:
        through = SharingAgreement.parties.through.objects.filter(partneragency=agency)
        scope = scope.filter(pk__in=through.values("sharingagreement_id"))
    return scope
