"""Visits to premises: recorded from a phone, additions that never overwrite each other."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_record
from enquiries.choices import PremisesStatus
from enquiries.models import Enquiry, Premises, Visit, VisitOutcome
from enquiries.services.common import require_may_work, require_open
from incidents.models.incidents import Incident
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

MAX_PEOPLE = 20


CLOCK_TOLERANCE = timedelta(minutes=5)  # phones and servers disagree by a little


# --- Visits ------------------------------------------------------------------------------


def clean_people(people: Sequence[dict]) -> list[dict]:
    cleaned = []
    for person in people or []:
        name = " ".join(str(person.get("name") or "").split())[:200]
        if name:
            cleaned.append({"name": name, "present": bool(person.get("present"))})
    if len(cleaned) > MAX_PEOPLE:
        raise ValidationError({"people": f"At most {MAX_PEOPLE} people on one visit."})
    return cleaned


def clean_answers(enquiry: Enquiry, answers: dict) -> dict:
    codes = [q["code"] for q in enquiry.questions]
    unknown = sorted(set(answers or {}) - set(codes))
    if unknown:
        raise ValidationError({"answers": f"Not questions of this enquiry: {', '.join(unknown)}."})
    cleaned = {code: str(answers[code]).strip()[:2000] for code in codes if str(answers.get(code) or "").strip()}
    return cleaned


def clean_visit(visit: Visit, outcome: VisitOutcome, now: datetime, incident: Incident) -> None:
    errors = {}
    if visit.visited_at > now + CLOCK_TOLERANCE:
        errors["visited_at"] = "That is in the future: record a visit once it is made."
    elif visit.visited_at < incident.occurred_at - CLOCK_TOLERANCE:
        errors["visited_at"] = "That is before the incident: check the date."
    if outcome.asks_card_reference and not visit.card_reference:
        errors["card_reference"] = "Give the reference of the card you left."
    if outcome.needs_revisit and visit.revisit_due_at is None:
        errors["revisit_due_at"] = "Schedule the call-back: when is it due?"
    if not outcome.needs_revisit and visit.revisit_due_at is not None:
        errors["revisit_due_at"] = f"“{outcome.name}” needs no call-back."
    if visit.revisit_due_at is not None and visit.revisit_due_at <= visit.visited_at:
        errors["revisit_due_at"] = "The call-back must be after the visit."
    if errors:
        raise ValidationError(errors)


def refresh_premises(premises: Premises) -> None:
    """The premises' status and revisit from all of its visits, latest last.

    Any completing visit completes it; otherwise the latest visit decides: a revisit
    due (with its time and officer) or visited but not complete.
    """
    visits = list(premises.visits.select_related("outcome").order_by("visited_at", "id"))
    premises.visit_count = len(visits)
    premises.revisit_due_at, premises.revisit_officer_id = None, None
    latest = visits[-1] if visits else None
    if any(v.outcome.completes for v in visits):
        premises.status = PremisesStatus.COMPLETED
    elif latest is None:
        premises.status = PremisesStatus.NOT_VISITED
    elif latest.outcome.needs_revisit:
        premises.status = PremisesStatus.REVISIT
        premises.revisit_due_at = latest.revisit_due_at
        premises.revisit_officer_id = latest.revisit_officer_id or latest.visited_by_id
    else:
        premises.status = PremisesStatus.ATTEMPTED
    premises.save(update_fields=["status", "visit_count", "revisit_due_at", "revisit_officer"])


def audit_visit(actor, visit: Visit, *, status_before: str) -> None:
    """A visit is a collection: logged on its enquiry with what was collected, not the answers."""
    premises = visit.premises
    audit_record(
        actor=actor,
        category=Category.COLLECTION,
        action="enquiry.record_visit",
        obj=premises.enquiry,
        details={
            "visit": visit.pk,
            "premises": premises.pk,
            "address": premises.address,
            "outcome": visit.outcome.code,
            "visited_by": visit.visited_by.username,
            "visited_at": visit.visited_at.isoformat(),
            "people": len(visit.people),
            "answered": sorted(visit.answers),
            "follow_up": bool(visit.follow_up),
            "revisit_due_at": audit_value(visit.revisit_due_at),
            "premises_status": {"old": status_before, "new": premises.status},
        },
    )


def visit_record(
    *,
    actor,
    premises: Premises,
    outcome: VisitOutcome,
    visited_at: datetime | None = None,
    visited_by=None,
    card_reference: str = "",
    people: Sequence[dict] = (),
    answers: dict | None = None,
    notes: str = "",
    follow_up: str = "",
    revisit_due_at: datetime | None = None,
    revisit_officer=None,
) -> Visit:
    """Record a visit (a collection of personal data). No version: visits are additions."""
    enquiry = premises.enquiry
    require_may_work(actor, enquiry, "enquiry.record_visit")
    if outcome is None or not outcome.is_active:
        raise ValidationError({"outcome": "Choose an outcome from the list."})
    now = timezone.now()
    with transaction.atomic():
        # Lock the premises (not the enquiry): visits elsewhere go ahead, and two visits
        # here are both saved, one after the other, each recomputing the status from all.
        current = (
            Premises.objects.select_for_update(of=("self",)).select_related("enquiry__incident").get(pk=premises.pk)
        )
        require_open(actor, current.enquiry)
        visit = Visit(
            premises=current,
            visited_at=visited_at or now,
            visited_by=visited_by or actor,
            outcome=outcome,
            card_reference=(card_reference or "").strip(),
            people=clean_people(people),
            answers=clean_answers(current.enquiry, answers or {}),
            notes=(notes or "").strip(),
            follow_up=(follow_up or "").strip(),
            revisit_due_at=revisit_due_at,
            revisit_officer=revisit_officer,
            recorded_by=actor,
        )
        visit.full_clean(exclude=["premises", "visited_by", "recorded_by", "outcome", "revisit_officer"])
        clean_visit(visit, outcome, now, current.enquiry.incident)
        visit.save()
        before = current.status
        refresh_premises(current)
        audit_visit(actor, visit, status_before=before)
        if outcome.needs_revisit or before == PremisesStatus.REVISIT or visit.follow_up:
            announce_briefing_change(neighbourhood_id=current.enquiry.neighbourhood_id)
    return visit


def visit_follow_up_done(*, actor, visit: Visit) -> Visit:
    """Mark a visit's follow-up (e.g. CCTV collected) as done: an alteration of the visit."""
    enquiry = visit.premises.enquiry
    require_may_work(actor, enquiry, "enquiry.follow_up_done")
    with transaction.atomic():
        current = locked(visit)
        if not current.follow_up:
            raise ValidationError({"follow_up": "That visit needs no follow-up."})
        if current.follow_up_done_at is not None:
            return current
        current.follow_up_done_at = timezone.now()
        current.save(update_fields=["follow_up_done_at"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="enquiry.follow_up_done",
            obj=enquiry,
            details={
                "visit": current.pk,
                "follow_up": current.follow_up,
                "changes": {"follow_up_done_at": {"old": None, "new": audit_value(current.follow_up_done_at)}},
            },
        )
        announce_briefing_change(neighbourhood_id=enquiry.neighbourhood_id)
    return current
