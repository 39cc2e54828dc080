"""Who may do what to an incident: pure predicates, no queries (docs/incidents.md)."""

from datetime import datetime, timedelta

from django.conf import settings

from accounts.choices import Role
from accounts.roles import Capability, has_capability
from incidents.choices import FINISHED_STATUSES, IncidentStatus

# Roles that can be given an incident to work.
ASSIGNABLE_ROLES = (Role.PCSO, Role.CONSTABLE, Role.SUPERVISOR)


# verb -> (statuses it may start from, status it leads to)
TRANSITIONS = {
    "assign": ({IncidentStatus.OPEN, IncidentStatus.ASSIGNED, IncidentStatus.IN_PROGRESS}, IncidentStatus.ASSIGNED),
    "start": ({IncidentStatus.ASSIGNED}, IncidentStatus.IN_PROGRESS),
    "resolve": ({IncidentStatus.OPEN, IncidentStatus.ASSIGNED, IncidentStatus.IN_PROGRESS}, IncidentStatus.RESOLVED),
    "close": (
        {IncidentStatus.OPEN, IncidentStatus.ASSIGNED, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED},
        IncidentStatus.CLOSED,
    ),
}


# For messages: "a closed incident cannot be started".
PAST_TENSE = {"assign": "assigned", "start": "started", "resolve": "resolved", "close": "closed"}


def can_view_incidents(user) -> bool:
    return has_capability(user, Capability.VIEW_INCIDENTS)


def can_log_incident(user) -> bool:
    return has_capability(user, Capability.LOG_INCIDENTS)


def is_supervising(user) -> bool:
    return has_capability(user, Capability.MANAGE_INCIDENTS)


def is_responsible(user, incident) -> bool:
    """The assignee; before anyone is assigned, whoever logged it."""
    owner = incident.assignee_id or incident.created_by_id
    return bool(user and user.pk) and owner == user.pk


def can_edit_incident(user, incident) -> bool:
    if not can_log_incident(user):
        return False
    return is_supervising(user) or (is_responsible(user, incident) and incident.status not in FINISHED_STATUSES)


def can_transition(user, incident, verb: str) -> bool:
    """May `user` use the workflow verb on `incident` (whatever its current status)?"""
    if not can_log_incident(user):
        return False
    if verb in ("assign", "close"):
        return is_supervising(user)
    if verb == "start":
        return incident.assignee_id == user.pk
    return is_supervising(user) or is_responsible(user, incident)


def transition_allowed_from(incident, verb: str) -> bool:
    return incident.status in TRANSITIONS[verb][0]


def available_transitions(user, incident) -> list[str]:
    return [
        verb for verb in TRANSITIONS if transition_allowed_from(incident, verb) and can_transition(user, incident, verb)
    ]


def can_add_note(user, incident) -> bool:
    return can_log_incident(user)


def note_edit_deadline(note) -> datetime:
    return note.created_at + timedelta(minutes=settings.NOTE_EDIT_MINUTES)


def can_edit_note(user, note, now: datetime) -> bool:
    return bool(user and user.pk) and note.author_id == user.pk and now <= note_edit_deadline(note)


# --- ASB cases (docs/asb.md) ----------------------------------------------------------


def can_work_asb_cases(user) -> bool:
    """PCSOs, constables and supervisors open cases, link incidents and record actions."""
    return has_capability(user, Capability.WORK_ASB_CASES)


def can_review_asb_case(user) -> bool:
    """Supervisors set the risk level and record reviews."""
    return can_work_asb_cases(user) and is_supervising(user)


def can_add_to_asb_case(user, case) -> bool:
    """Linking incidents and people and recording actions: while the case is open (the case
    page's forms and the services ask this; a closed case is reopened by editing it)."""
    return can_work_asb_cases(user) and case.is_open


def can_review_asb_case_now(user, case) -> bool:
    """A supervisor's review of an open case (the case page's review form and asb_case_review)."""
    return can_review_asb_case(user) and case.is_open


# --- Penalty notices (docs/notices.md) ----------------------------------------------------

# status -> the statuses a notice may move to from it; paid and cancelled are final.
NOTICE_TRANSITIONS = {
    "issued": {"paid", "unpaid", "contested", "cancelled"},
    "unpaid": {"paid", "contested", "cancelled"},
    "contested": {"paid", "unpaid", "cancelled"},
    "paid": set(),
    "cancelled": set(),
}


def can_issue_notices(user) -> bool:
    return has_capability(user, Capability.ISSUE_NOTICES)


def needs_designation(user) -> bool:
    """PCSOs issue only for the offences designated to them; constables and supervisors any."""
    return bool(user and user.is_authenticated) and user.role == Role.PCSO


def can_change_notice_status(user, notice) -> bool:
    """The issuing officer or a supervisor records payment, non-payment, a challenge or cancellation."""
    return can_issue_notices(user) and (is_supervising(user) or notice.issued_by_id == user.pk)


def can_manage_designations(user) -> bool:
    return has_capability(user, Capability.MANAGE_REFERENCE_DATA)
