"""Reads of briefings: what a reader sees, and who has read what."""

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.choices import Role
from audit.services import audit_consultation
from briefings.models import Acknowledgement, Briefing
from community.choices import AssignmentKind
from community.models.neighbourhoods import Assignment, Neighbourhood
from crimes.selectors import crimes_recorded_since


def briefing_list(*, actor):
    return (
        Briefing.objects.visible_to(actor)
        .select_related("neighbourhood")
        .order_by("-date", "neighbourhood__name", "id")
    )


def briefing_get(*, actor, pk: int, action: str = "briefing.view") -> Briefing:
    """The briefing if `actor` may read it (404 otherwise); opening it is a consultation."""
    briefing = get_object_or_404(briefing_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=briefing)
    return briefing


def todays_briefings_for(*, actor, day: date | None = None) -> list[Briefing]:
    """Today's briefings for the neighbourhoods the reader works or supervises."""
    day = day or timezone.localdate()
    mine = Neighbourhood.objects.assigned_to(actor)
    return list(briefing_list(actor=actor).filter(date=day, neighbourhood__in=mine))


def acknowledgement_for(*, actor, briefing: Briefing) -> Acknowledgement | None:
    return briefing.acknowledgements.filter(user=actor).first()


def new_since(*, briefing: Briefing, since) -> dict:
    count, crimes = crimes_recorded_since(neighbourhood=briefing.neighbourhood, since=since)
    return {"since": since, "count": count, "crimes": crimes}


@dataclass
class ReadStatusRow:
    user: object
    role: str
    acknowledged_at: object


@dataclass
class NeighbourhoodReadStatus:
    neighbourhood: Neighbourhood
    briefing: Briefing | None
    rows: list[ReadStatusRow]

    @property
    def read_count(self) -> int:
        return sum(1 for row in self.rows if row.acknowledged_at)

    @property
    def percent_read(self) -> int:
        return round(100 * self.read_count / len(self.rows)) if self.rows else 0


def read_status(*, actor, day: date) -> list[NeighbourhoodReadStatus]:
    """For each neighbourhood the actor supervises (all, for administrators): who has read the day's briefing.

    Four queries whatever the number of neighbourhoods and officers.
    """
    neighbourhoods = (
        Neighbourhood.objects.all() if actor.role == Role.ADMIN else Neighbourhood.objects.supervised_by(actor)
    )
    neighbourhoods = list(neighbourhoods.order_by("name", "id"))
    briefings = {b.neighbourhood_id: b for b in Briefing.objects.filter(date=day, neighbourhood__in=neighbourhoods)}
    members = (
        Assignment.objects.filter(neighbourhood__in=neighbourhoods, kind=AssignmentKind.MEMBER, user__is_active=True)
        .select_related("user")
        .order_by("user__username", "id")
    )
    reads = {
        (ack.briefing_id, ack.user_id): ack.acknowledged_at
        for ack in Acknowledgement.objects.filter(briefing__in=briefings.values())
    }
    rows_by_neighbourhood: dict[int, list[ReadStatusRow]] = {n.pk: [] for n in neighbourhoods}
    for assignment in members:
        briefing = briefings.get(assignment.neighbourhood_id)
        read_at = reads.get((briefing.pk, assignment.user_id)) if briefing else None
        rows_by_neighbourhood[assignment.neighbourhood_id].append(
            ReadStatusRow(user=assignment.user, role=assignment.user.get_role_display(), acknowledged_at=read_at)
        )
    audit_consultation(actor=actor, action="briefing.read_status", details={"date": day.isoformat()})
    return [NeighbourhoodReadStatus(n, briefings.get(n.pk), rows_by_neighbourhood[n.pk]) for n in neighbourhoods]


def crime_points_for_patrols(*, actor, neighbourhood_ids, day: date) -> list[dict]:
    """The recent crime points of the day's briefings, to set patrols against (docs/patrols.md)."""
    points = []
    for sections in (
        briefing_list(actor=actor)
        .filter(date=day, neighbourhood_id__in=neighbourhood_ids)
        .values_list("sections", flat=True)
    ):
        points += (sections or {}).get("recent_crime", {}).get("points", [])
    return points
