"""Community: patrol visits (arrived, left) and PACT priorities."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from community.models.engagements import Priority
from community.models.neighbourhoods import PatrolPlan, PatrolVisit
from pcso.api import etag_for
from tests.factories import PatrolPlanFactory, PatrolVisitFactory, PriorityFactory
from tests.parity.actions import Action


def patrol(status: str = "planned", *, on_visit: bool = False, left: bool = False) -> Callable:
    """A North plan Pat is assigned to; with Pat's visit when `on_visit` (the visit is the record)."""

    def build(fixture):
        pcso = fixture("pcso")
        plan = PatrolPlanFactory(neighbourhood=fixture("north"), officers=[pcso], status=status)
        if not on_visit:
            return plan
        return PatrolVisitFactory(plan=plan, officer=pcso, left_at=timezone.now() if left else None)

    return build


def patrol_page(plan) -> str:
    return reverse("community:patrol-detail", args=[plan.pk])


def visits_state(plan) -> dict:
    return {
        "open visits": PatrolVisit.objects.filter(plan=plan, left_at=None).count(),
        "visits": PatrolVisit.objects.filter(plan=plan).count(),
        "status": PatrolPlan.objects.get(pk=plan.pk).status,
    }


def arrive(build) -> Action:
    return Action(
        build=build,
        page=lambda plan: (reverse("community:visit-arrive", args=[plan.pk]), {"next": "detail"}),
        api=lambda plan: ("post", reverse("api:patrol-visits", args=[plan.pk]), {}, None),
        state=visits_state,
        shown_on=patrol_page,
    )


def leave(build) -> Action:
    notes = "Quiet; two cyclists moved on from the bus stop."
    return Action(
        build=build,
        page=lambda visit: (
            reverse("community:visit-leave", args=[visit.plan_id, visit.pk]),
            {"next": "detail", "observations": notes, "incident_references": ""},
        ),
        api=lambda visit: (
            "post",
            reverse("api:patrol-visit-leave", args=[visit.plan_id, visit.pk]),
            {"observations": notes},
            None,
        ),
        state=lambda visit: {
            "left": PatrolVisit.objects.get(pk=visit.pk).left_at is not None,
            "observations": PatrolVisit.objects.get(pk=visit.pk).observations,
        },
        shown_on=lambda visit: patrol_page(visit.plan),
    )


def priority(status: str = "adopted", *, active_elsewhere: int = 0) -> Callable:
    """A North priority, with `active_elsewhere` other active ones in North."""

    def build(fixture) -> Priority:
        north = fixture("north")
        for n in range(active_elsewhere):
            PriorityFactory(neighbourhood=north, status="adopted", issue=f"Issue {n}")
        return PriorityFactory(neighbourhood=north, created_by=fixture("pcso"), status=status)

    return build


def update_priority(build, change: dict, *, shown: bool = True) -> Action:
    def form(priority) -> dict:
        """The edit form as rendered for this priority, with `change` typed in."""
        fields = {
            "neighbourhood": priority.neighbourhood.code,
            "issue": priority.issue,
            "action": priority.action,
            "status": priority.status,
            "source": priority.source,
            "issue_date": priority.issue_date.isoformat(),
            "action_date": "",
            "raised_at": "",
            "version": priority.version,
        }
        return fields | change

    return Action(
        build=build,
        page=lambda priority: (reverse("community:priority-edit", args=[priority.pk]), form(priority)),
        api=lambda priority: ("patch", reverse("api:priority-detail", args=[priority.pk]), change, etag_for(priority)),
        state=lambda priority: Priority.objects.values("action", "status", "version").get(pk=priority.pk),
        # The edit link is offered to the team; the limit on active priorities is checked on saving.
        shown_on=(lambda priority: reverse("community:priority-detail", args=[priority.pk])) if shown else None,
    )


NEW_ACTION = {"action": "Bike marking at the station on Saturday"}


ACTIONS: dict[str, Action] = {
    "arrive": arrive(patrol()),
    "arrive at finished patrol": arrive(patrol("done")),
    "arrive while on a visit": arrive(lambda fixture: patrol(on_visit=True)(fixture).plan),
    "leave": leave(patrol("active", on_visit=True)),
    "leave twice": leave(patrol("active", on_visit=True, left=True)),
    "update priority": update_priority(priority(), NEW_ACTION),
    "adopt a fourth priority": update_priority(
        priority("proposed", active_elsewhere=3), {"status": "adopted"}, shown=False
    ),
}
