"""Reads of recorded crime and incidents, for the pages/API and the daily briefing.

Every aggregate is one indexed query on (neighbourhood, occurred_at) or
(neighbourhood, source, month), so a briefing costs the same with one thousand
or ten million crimes elsewhere in the force.
"""

import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, Max, Prefetch, Q, When
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from audit.choices import Category
from audit.models import AuditEvent
from audit.services import audit_consultation, audit_denied

from .choices import CrimeSource, PremisesStatus
from .models import (
    AsbAction,
    AsbCase,
    AsbCasePerson,
    CaseNote,
    Crime,
    Enquiry,
    Incident,
    IncidentPerson,
    NoteReply,
    NoteShare,
    PenaltyNotice,
    Premises,
    Visit,
)
from .policies import is_partner_user

# About 110 m north-south (70 m east-west) at UK latitudes; clusters are 3x3 blocks.
CLUSTER_CELL_DEGREES = 0.001


def crime_list(*, actor):
    """The crimes `actor` may see, with what a list row shows, newest first."""
    queryset = Crime.objects.visible_to(actor).select_related("neighbourhood")
    return queryset.order_by("-month", "-occurred_at", "-id")


def crime_window_counts(*, neighbourhood, until: datetime, length: timedelta, weeks: int) -> dict:
    """Dated crimes in [until - length, until) and in the same window 1..weeks weeks earlier.

    One query with conditional counts. Returns {"current": n, "by_category": {...},
    "previous": [n_week1, ...]}.
    """
    windows = {f"w{k}": (until - length - timedelta(weeks=k), until - timedelta(weeks=k)) for k in range(weeks + 1)}
    earliest = windows[f"w{weeks}"][0]
    scope = Crime.objects.in_neighbourhood(neighbourhood).occurred_between(earliest, until)
    counts = scope.aggregate(
        **{
            name: Count("id", filter=Q(occurred_at__gte=start, occurred_at__lt=end))
            for name, (start, end) in windows.items()
        }
    )
    current_start = windows["w0"][0]
    by_category = dict(
        scope.filter(occurred_at__gte=current_start).values_list("category").annotate(n=Count("id")).order_by()
    )
    return {
        "current": counts["w0"],
        "by_category": dict(sorted(by_category.items(), key=lambda item: (-item[1], item[0]))),
        "previous": [counts[f"w{k}"] for k in range(1, weeks + 1)],
    }


def daily_crime_counts(*, neighbourhood, since: datetime, until: datetime) -> dict[date, int]:
    """Dated crimes per local calendar day."""
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def crime_points(*, neighbourhood, since: datetime, until: datetime, limit: int) -> list[dict]:
    """The most recent located crimes in the window, for the map."""
    return list(
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .order_by("-occurred_at", "-id")
        .values("reference", "occurred_at", "category", "location", "latitude", "longitude", "is_demo")[:limit]
    )


def repeat_locations(*, neighbourhood, since: datetime, until: datetime, min_crimes: int) -> list[dict]:
    """Snap points with at least `min_crimes` dated crimes in the window."""
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .values("location", "latitude", "longitude")
        .annotate(count=Count("id"), last=Max("occurred_at"))
        .filter(count__gte=min_crimes)
        .order_by("-count", "location")
    )
    return list(rows)


def crime_clusters(
    *, neighbourhood, since: datetime, until: datetime, min_crimes: int, limit: int = 5000
) -> list[dict]:
    """Small areas where several nearby snap points add up to a cluster.

    Points fall into a grid of ~100 m cells; a cluster is a 3x3 block of cells
    (~300 m across), taken greedily from the densest block, so a group of points
    is not split by a cell edge. Only blocks spanning two or more distinct points
    count: a single busy point is already a repeat location.
    """
    points = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .exclude(latitude=None)
        .values_list("latitude", "longitude", "location", "category")[:limit]
    )
    cells: dict[tuple[int, int], list] = defaultdict(list)
    for point in points:
        cells[(math.floor(point[0] / CLUSTER_CELL_DEGREES), math.floor(point[1] / CLUSTER_CELL_DEGREES))].append(point)

    def block(cell):
        return [
            (cell[0] + di, cell[1] + dj)
            for di in (-1, 0, 1)
            for dj in (-1, 0, 1)
            if (cell[0] + di, cell[1] + dj) in cells
        ]

    used: set[tuple[int, int]] = set()
    clusters = []
    for cell in sorted(cells, key=lambda c: (-sum(len(cells[b]) for b in block(c)), c)):
        members_cells = [b for b in block(cell) if b not in used]
        members = [point for b in members_cells for point in cells[b]]
        if cell in used or len(members) < min_crimes or len({(lat, lon) for lat, lon, _, _ in members}) < 2:
            continue
        used.update(members_cells)
        clusters.append(cluster_summary(members))
    return sorted(clusters, key=lambda c: (-c["count"], c["latitude"], c["longitude"]))


def cluster_summary(members: list[tuple]) -> dict:
    return {
        "count": len(members),
        "latitude": round(sum(m[0] for m in members) / len(members), 6),
        "longitude": round(sum(m[1] for m in members) / len(members), 6),
        "locations": [name for name, _ in Counter(m[2] for m in members).most_common(3)],
        "categories": dict(Counter(m[3] for m in members).most_common()),
    }


def category_counts_at(*, neighbourhood, since: datetime, until: datetime, latitude: float, longitude: float) -> dict:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .occurred_between(since, until)
        .filter(latitude=latitude, longitude=longitude)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by("-n", "category")
    )
    return dict(rows)


def latest_public_month(*, neighbourhood, on_or_before: date) -> date | None:
    return (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month__lte=on_or_before)
        .aggregate(latest=Max("month"))["latest"]
    )


def public_month_counts(*, neighbourhood, first: date, last: date) -> dict[date, int]:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month__gte=first, month__lte=last)
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def public_month_by_category(*, neighbourhood, month: date) -> dict[str, int]:
    rows = (
        Crime.objects.in_neighbourhood(neighbourhood)
        .filter(source=CrimeSource.POLICE_UK, month=month)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by("-n", "category")
    )
    return dict(rows)


def crimes_recorded_since(*, neighbourhood, since: datetime, limit: int = 50) -> tuple[int, list[Crime]]:
    """Dated crimes recorded after `since` (for "new since you read it")."""
    scope = Crime.objects.in_neighbourhood(neighbourhood).filter(source=CrimeSource.FORCE, recorded_at__gt=since)
    return scope.count(), list(scope.order_by("-recorded_at", "-id")[:limit])


def neighbourhood_has_demo_data(*, neighbourhood) -> bool:
    return Crime.objects.in_neighbourhood(neighbourhood).filter(is_demo=True).exists()


# --- Incidents and case notes --------------------------------------------------------


def incident_list(*, actor):
    """The incidents `actor` may see, with what a list row shows, newest first."""
    return (
        Incident.objects.visible_to(actor)
        .select_related("opening_category", "closing_category", "asb_subtype", "neighbourhood", "assignee")
        .order_by("-occurred_at", "-id")
    )


def incident_get(*, actor, pk, action: str = "incident.view") -> Incident:
    """The incident if `actor` may see it (404 otherwise); looking at it is a consultation."""
    incident = get_object_or_404(incident_list(actor=actor).select_related("created_by", "priority"), pk=pk)
    audit_consultation(actor=actor, action=action, obj=incident)
    return incident


def incident_notes(*, actor, incident: Incident):
    return (
        CaseNote.objects.visible_to(actor)
        .filter(incident=incident)
        .select_related("author")
        .order_by("created_at", "id")
    )


def note_get(*, actor, incident: Incident, pk) -> CaseNote:
    return get_object_or_404(incident_notes(actor=actor, incident=incident), pk=pk)


def incident_people(*, actor, incident: Incident) -> list[IncidentPerson]:
    return list(IncidentPerson.objects.visible_to(actor).filter(incident=incident).order_by("id"))


def incident_changes_since(*, incident: Incident, version: int) -> list[dict]:
    """What changed after `version`, from the audit trail (each alteration row holds its version
    and field-level old/new values): shown to an editor whose copy went stale."""
    events = AuditEvent.objects.filter(
        object_type="incidents.incident", object_id=str(incident.pk), category=Category.ALTERATION, outcome="allowed"
    ).order_by("-occurred_at", "-id")[:50]
    return [
        {"when": event.occurred_at, "who": event.actor_username, "action": event.action, **event.details}
        for event in reversed(events)
        if (event.details or {}).get("version", 0) > version
    ]


def incidents_for_briefing(*, neighbourhood, limit: int = 50) -> list[Incident]:
    """Open incidents in the neighbourhood: repeats first, then the newest."""
    return list(
        Incident.objects.in_neighbourhood(neighbourhood)
        .active()
        .select_related("opening_category", "asb_subtype", "assignee")
        .order_by(
            Case(When(Q(repeat_location=True) | Q(repeat_person=True), then=0), default=1),
            "-occurred_at",
            "-id",
        )[:limit]
    )


# --- Note shares: the police side (what was disclosed to whom) -------------------------


def share_list(*, actor):
    """Every share the actor may see (police users: all; partners: their agency's current
    ones), with what a row shows and the replies, in a fixed number of queries."""
    return (
        NoteShare.objects.visible_to(actor)
        .select_related("note", "agency", "agreement", "shared_by", "revoked_by", "acknowledged_by", "action_done_by")
        .prefetch_related(Prefetch("replies", queryset=NoteReply.objects.select_related("author")))
        .order_by("-shared_at", "-id")
    )


def incident_shares(*, actor, incident: Incident) -> list[NoteShare]:
    """What was shared from this incident's notes, with whom, under which agreement, whether it
    was read or acknowledged, and the replies. Police users only (partners: none)."""
    if is_partner_user(actor):
        return []
    return list(share_list(actor=actor).filter(note__incident=incident))


def case_shares(*, actor, case: AsbCase) -> list[NoteShare]:
    """What was shared from the notes of a case's incidents (one subquery on the case's
    incident links, so the many-to-many join cannot duplicate rows)."""
    if is_partner_user(actor):
        return []
    links = AsbCase.incidents.through.objects.filter(asbcase_id=case.pk).values("incident_id")
    return list(share_list(actor=actor).filter(note__incident__in=links).select_related("note__incident"))


def note_shares(*, actor, note: CaseNote):
    return share_list(actor=actor).filter(note=note) if not is_partner_user(actor) else NoteShare.objects.none()


def share_get(*, actor, pk, action: str = "share.view") -> NoteShare:
    """One share as police users see it (404 for partners: their surface is shared-notes)."""
    scope = share_list(actor=actor) if not is_partner_user(actor) else NoteShare.objects.none()
    share = get_object_or_404(scope.select_related("note__incident"), pk=pk)
    audit_consultation(actor=actor, action=action, obj=share, recipient=share.agency.code)
    return share


# --- Shared notes: the partner's surface ---------------------------------------------
# Every query starts from the share row, filtered by the caller's agency and "not revoked"
# (NoteShare.objects.visible_to); it never touches the note's incident or other notes.


def shared_note_list(*, actor):
    """The current shares of the caller's agency (partner users only), actions due first."""
    if not is_partner_user(actor):
        return NoteShare.objects.none()
    return (
        NoteShare.objects.visible_to(actor)
        .select_related("agreement", "shared_by", "acknowledged_by", "action_done_by")
        .order_by(
            Case(When(action_due_at__isnull=False, action_done_at__isnull=True, then=0), default=1),
            "action_due_at",
            "-shared_at",
            "-id",
        )
    )


def shared_note_get(*, actor, pk) -> NoteShare:
    """One current share of the caller's agency, or the same 404 as a missing one; the attempt
    is logged as denied (a revoked share, another agency's, or none). The caller records the
    read (services.shared_notes_read), which the page and API both do."""
    share = shared_note_list(actor=actor).filter(pk=pk).first()
    if share is None:
        audit_denied(actor=actor, action="shared_note.view", details={"share": str(pk)[:20]})
        raise Http404
    return share


def shared_note_replies(*, actor, share: NoteShare):
    """Replies on one share: one subquery on the shares the actor may see."""
    return NoteReply.objects.visible_to(actor).filter(share=share).select_related("author").order_by("created_at", "id")


# --- ASB cases -----------------------------------------------------------------------


def asb_case_list(*, actor):
    """The ASB cases `actor` may see: reviews due first."""
    return (
        AsbCase.objects.visible_to(actor)
        .select_related("neighbourhood")
        .annotate(incident_count=Count("incidents", distinct=True))
        .order_by("status", "next_review_on", "-id")
    )


def asb_case_get(*, actor, pk, action: str = "asb_case.view") -> AsbCase:
    """The case if `actor` may see it (404 otherwise), with its incidents, people and actions;
    looking at it is a consultation."""
    case = get_object_or_404(
        AsbCase.objects.visible_to(actor)
        .select_related("neighbourhood", "created_by")
        .prefetch_related(
            Prefetch(
                "incidents",
                queryset=Incident.objects.select_related("opening_category", "asb_subtype").order_by(
                    "-occurred_at", "-id"
                ),
            ),
            Prefetch("people", queryset=AsbCasePerson.objects.order_by("role", "id")),
            Prefetch("actions", queryset=AsbAction.objects.select_related("tool", "recorded_by")),
        ),
        pk=pk,
    )
    audit_consultation(actor=actor, action=action, obj=case)
    return case


def asb_case_locations(case: AsbCase) -> list[dict]:
    """The distinct places of the case's incidents (from the prefetched incidents), most used first."""
    places: dict[str, dict] = {}
    for incident in case.incidents.all():
        key = incident.location_key or f"{incident.latitude},{incident.longitude}"
        place = places.setdefault(
            key,
            {"location": incident.location_text, "latitude": incident.latitude,
             "longitude": incident.longitude, "incidents": 0},
        )  # fmt: skip
        place["incidents"] += 1
    return sorted(places.values(), key=lambda p: (-p["incidents"], p["location"]))


def asb_cases_for_briefing(*, neighbourhood, limit: int = 50) -> list[AsbCase]:
    """Open ASB cases in the neighbourhood, reviews due first."""
    return list(
        AsbCase.objects.in_neighbourhood(neighbourhood)
        .open()
        .annotate(incident_count=Count("incidents", distinct=True))
        .order_by("next_review_on", "-id")[:limit]
    )


# --- Penalty notices -------------------------------------------------------------------


def notice_list(*, actor):
    """The notice register `actor` may see, newest first."""
    return (
        PenaltyNotice.objects.visible_to(actor)
        .select_related("offence", "neighbourhood", "issued_by")
        .order_by("-issued_at", "-id")
    )


def notice_get(*, actor, pk, action: str = "notice.view") -> PenaltyNotice:
    notice = get_object_or_404(notice_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=notice)
    return notice


def designated_users(*, actor):
    """PCSOs with their designated offences (administrators' page and API)."""
    from accounts.choices import Role
    from accounts.models import User

    from .policies import can_manage_designations

    users = (
        User.objects.filter(role=Role.PCSO).order_by("username")
        if can_manage_designations(actor)
        else User.objects.none()
    )
    return users.prefetch_related("notice_designations__offence")


# --- House-to-house enquiries (docs/enquiries.md) -------------------------------------------

ENQUIRY_ROLES = ("pcso", "constable", "supervisor", "staff")


def enquiry_list(*, actor):
    """The enquiries `actor` may see, with their progress counts (one query): open ones first."""
    return (
        Enquiry.objects.visible_to(actor)
        .select_related("incident", "neighbourhood", "coordinator", "created_by")
        .annotate(
            premises_total=Count("premises", distinct=True),
            premises_completed=Count("premises", filter=Q(premises__status=PremisesStatus.COMPLETED), distinct=True),
            # A closed enquiry's call-backs lapse: nobody is due to make them.
            revisits_due=Count(
                "premises", filter=Q(premises__status=PremisesStatus.REVISIT, status="open"), distinct=True
            ),
        )
        .order_by("status", "-created_at", "-id")
    )


def enquiry_officers():
    """Who may be named as visiting, calling back or coordinating: the roles that work enquiries."""
    from accounts.models import User

    return User.objects.filter(is_active=True, role__in=ENQUIRY_ROLES).order_by("username")


def enquiry_get(*, actor, pk, action: str = "enquiry.view", details: dict | None = None):
    """The enquiry if `actor` may see it (404 otherwise); looking at it is a consultation."""
    enquiry = get_object_or_404(enquiry_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=enquiry, details=details)
    return enquiry


def enquiry_premises(*, actor, enquiry):
    """The premises list with what a row shows, in the order it was given."""
    return (
        Premises.objects.visible_to(actor)
        .filter(enquiry=enquiry)
        .select_related("revisit_officer")
        .order_by("id")  # as listed or imported: a CSV is usually in walking order
    )


def premises_get(*, actor, enquiry, pk):
    return get_object_or_404(enquiry_premises(actor=actor, enquiry=enquiry).select_related("enquiry"), pk=pk)


def enquiry_visits(*, actor, enquiry):
    """Every visit of the enquiry, newest first."""
    return (
        Visit.objects.visible_to(actor)
        .filter(premises__enquiry=enquiry)
        .select_related("premises", "outcome", "visited_by", "revisit_officer", "recorded_by")
        .order_by("-visited_at", "-id")
    )


def enquiry_revisits(*, actor, enquiry):
    """Premises waiting for a call-back, soonest due first."""
    return (
        enquiry_premises(actor=actor, enquiry=enquiry)
        .filter(status=PremisesStatus.REVISIT)
        .order_by("revisit_due_at", "id")
    )


def enquiry_follow_ups(*, actor, enquiry):
    """Visits whose answers need following up (e.g. CCTV to collect), not yet done, oldest first."""
    return (
        enquiry_visits(actor=actor, enquiry=enquiry)
        .exclude(follow_up="")
        .filter(follow_up_done_at__isnull=True)
        .order_by("visited_at", "id")
    )


def enquiry_progress(enquiry) -> dict:
    """Completed of total (from the list's annotations), as the progress bar shows it."""
    total, done = enquiry.premises_total, enquiry.premises_completed
    return {
        "total": total,
        "completed": done,
        "revisits_due": enquiry.revisits_due,
        "percent": round(100 * done / total) if total else 0,
    }


def enquiries_for_briefing(*, neighbourhood, limit: int = 100) -> tuple[list, list]:
    """Open enquiries' outstanding revisits and follow-ups in the neighbourhood, soonest first."""
    revisits = list(
        Premises.objects.filter(
            enquiry__neighbourhood=neighbourhood, enquiry__status="open", status=PremisesStatus.REVISIT
        )
        .select_related("enquiry", "revisit_officer")
        .order_by("revisit_due_at", "id")[:limit]
    )
    follow_ups = list(
        Visit.objects.filter(premises__enquiry__neighbourhood=neighbourhood, premises__enquiry__status="open")
        .exclude(follow_up="")
        .filter(follow_up_done_at__isnull=True)
        .select_related("premises__enquiry", "visited_by")
        .order_by("visited_at", "id")[:limit]
    )
    return revisits, follow_ups
