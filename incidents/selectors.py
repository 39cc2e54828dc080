"""Reads of recorded crime and incidents, for the pages/API and the daily briefing.

Every aggregate is one indexed query on (neighbourhood, occurred_at) or
(neighbourhood, source, month), so a briefing costs the same with one thousand
or ten million crimes elsewhere in the force.
"""

from django.db.models import Case, Count, Prefetch, Q, When
from django.shortcuts import get_object_or_404

from audit.services import audit_consultation
from incidents.models.asb import AsbAction, AsbCase, AsbCasePerson
from incidents.models.incidents import Incident, IncidentPerson
from incidents.models.notes import CaseNote
from incidents.models.notices import PenaltyNotice

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
    from incidents.policies import can_manage_designations

    users = (
        User.objects.filter(role=Role.PCSO).order_by("username")
        if can_manage_designations(actor)
        else User.objects.none()
    )
    return users.prefetch_related("notice_designations__offence")
