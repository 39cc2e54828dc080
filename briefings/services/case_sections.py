"""The briefing's case sections: incidents, ASB, missing persons, patrols, priorities,
engagements, intelligence and house-to-house revisits."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from community.selectors import (
    engagements_for_briefing,
    patrols_for_briefing,
    priorities_for_briefing,
    suggested_visit_times,
)
from enquiries.selectors import enquiries_for_briefing
from incidents.selectors import asb_cases_for_briefing, incidents_for_briefing
from intelligence.policies import audience_of
from intelligence.selectors import intelligence_for_briefing
from missing_persons.selectors import missing_cases_for_briefing, risk_levels


def asb_case_rows(*, neighbourhood) -> list[dict]:
    """Open ASB cases in the neighbourhood, reviews due first (rows of kind "asb_case")."""
    return [
        {
            "kind": "asb_case",
            "id": case.pk,
            "reference": case.reference,
            "title": case.title,
            "risk_level": case.risk_level,
            "next_review_on": case.next_review_on.isoformat(),
            "review_threshold_met": case.review_threshold_met_on is not None,
            "incident_count": case.incident_count,
        }
        for case in asb_cases_for_briefing(neighbourhood=neighbourhood)
    ]


def incidents_section(*, neighbourhood) -> list[dict]:
    """Open ASB cases (reviews due first), then open incidents in the neighbourhood, repeats first."""
    return asb_case_rows(neighbourhood=neighbourhood) + [
        {
            "id": incident.pk,
            "reference": incident.reference,
            "category": incident.opening_category.name,
            "asb_qualifier": incident.asb_qualifier,
            "asb_subtype": incident.asb_subtype.name if incident.asb_subtype else "",
            "status": incident.status,
            "occurred_at": incident.occurred_at.isoformat(),
            "location": incident.location_text,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
            "repeat_location": incident.repeat_location,
            "repeat_person": incident.repeat_person,
            "assignee": incident.assignee.display_name if incident.assignee else "",
        }
        for incident in incidents_for_briefing(neighbourhood=neighbourhood)
    ]


def missing_person_row(case, levels: dict) -> dict:
    """One active missing person as the briefing shows them. The photo is the audited view's
    URL (never a media URL); a later sighting replaces the report's "last seen"."""
    sighting = next(iter(case.sightings.all()), None)
    if sighting and (case.last_seen_at is None or sighting.seen_at > case.last_seen_at):
        last_seen_at, last_seen = sighting.seen_at, sighting.place or "a map point (see the case)"
    else:
        last_seen_at, last_seen = case.last_seen_at, case.last_seen_place
    level = levels.get(case.risk_level)
    return {
        "id": case.pk,
        "reference": case.reference,
        "name": case.name,
        "age": case.age_when_missing,
        "is_child": case.is_child,
        "risk_level": case.risk_level,
        "risk_label": level.name if level else case.get_risk_level_display(),
        "description": case.description,
        "missing_since": case.missing_since.isoformat(),
        "missing_from": case.missing_from,
        "last_seen_at": last_seen_at.isoformat() if last_seen_at else None,
        "last_seen": last_seen,
        "if_seen": level.if_seen if level else "",
        "photo_url": reverse("missing_persons:missing-case-photo", args=[case.pk, "person"]) if case.photo else "",
    }


def missing_persons_section(*, neighbourhood) -> list[dict]:
    """Active missing persons in the neighbourhood, high risk first; traced ones drop off."""
    levels = risk_levels()
    return [missing_person_row(case, levels) for case in missing_cases_for_briefing(neighbourhood=neighbourhood)]


def patrols_section(*, neighbourhood, day: date) -> list[dict]:
    """The neighbourhood's patrol plans whose shift touches `day` (the page marks the reader's own)."""
    return [
        {
            "id": plan.pk,
            "reference": plan.reference,
            "label": plan.label,
            "status": plan.status,
            "shift_start": plan.shift_start.isoformat(),
            "shift_end": plan.shift_end.isoformat(),
            "latitude": plan.latitude,
            "longitude": plan.longitude,
            "radius_metres": plan.radius_metres,
            "visits_planned": plan.visits_planned,
            "visit_minutes": plan.visit_minutes,
            "suggested_times": [moment.isoformat() for moment in suggested_visit_times(plan)],
            "officers": [
                {"username": officer.username, "name": officer.display_name}
                for officer in sorted(plan.officers.all(), key=lambda o: o.username)
            ],
        }
        for plan in patrols_for_briefing(neighbourhood=neighbourhood, day=day)
    ]


def priorities_section(*, neighbourhood) -> list[dict]:
    """The neighbourhood's active PACT priorities (adopted, in progress, carried over), oldest first."""
    return [
        {
            "id": priority.pk,
            "reference": priority.reference,
            "issue": priority.short_issue,
            "action": priority.action,
            "status": priority.status,
            "status_label": priority.get_status_display(),
            "issue_date": priority.issue_date.isoformat(),
            "patrol_count": priority.patrol_count,
        }
        for priority in priorities_for_briefing(neighbourhood=neighbourhood)
    ]


def engagements_section(*, neighbourhood, day: date) -> list[dict]:
    """The neighbourhood's engagements on `day` (today's surgeries, meetings and visits)."""
    return [
        {
            "id": engagement.pk,
            "title": engagement.title,
            "type": engagement.engagement_type.name,
            "status": engagement.status,
            "starts_at": engagement.starts_at.isoformat(),
            "ends_at": engagement.ends_at.isoformat() if engagement.ends_at else None,
            "address": engagement.address,
        }
        for engagement in engagements_for_briefing(neighbourhood=neighbourhood, day=day)
    ]


def intelligence_section(*, neighbourhood, day: date, until: datetime) -> list[dict]:
    """Evaluated reports for the neighbourhood: sanitised text only, never an E, a C only when
    its conditions permit briefings. Each row keeps its audience (roles): the page and the API
    show a reader only the rows their role may see (intelligence.policies.briefing_rows_for)."""
    # Today's briefing, rebuilt after an evaluation, includes it; an old date's stays as it was.
    upper = max(until, timezone.now()) if day >= timezone.localdate() else until
    since = until - timedelta(days=settings.INTELLIGENCE_BRIEFING_DAYS)
    return [
        {
            "id": log.pk,
            "reference": log.reference,
            "text": log.sanitised_text,
            "grading": log.grading,
            "grading_words": log.grading_words,
            "handling_code": log.handling_code,
            "handling_conditions": log.handling_conditions,
            "priority": log.priority,
            "occurred_at": log.occurred_at.isoformat(),
            "evaluated_at": log.evaluated_at.isoformat(),
            "location": log.location_text,
            "latitude": log.latitude,
            "longitude": log.longitude,
            "subjects": [{"kind": s.kind, "text": s.text} for s in log.subjects.all()],
            "audience": audience_of(log.dissemination),
        }
        for log in intelligence_for_briefing(neighbourhood=neighbourhood, since=since, until=upper)
    ]


def officer_row(user) -> dict | None:
    return {"username": user.username, "name": user.display_name} if user else None


def enquiries_section(*, neighbourhood) -> list[dict]:
    """Open house-to-house enquiries' revisits due (soonest first), then answers needing
    follow-up. Each row names its officer, so the page puts the reader's own first."""
    revisits, follow_ups = enquiries_for_briefing(neighbourhood=neighbourhood)
    return [
        {
            "kind": "revisit",
            "enquiry_id": place.enquiry_id,
            "enquiry_reference": place.enquiry.reference,
            "premises_id": place.pk,
            "address": place.address,
            "due_at": place.revisit_due_at.isoformat(),
            "officer": officer_row(place.revisit_officer),
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
        for place in revisits
    ] + [
        {
            "kind": "follow_up",
            "enquiry_id": visit.premises.enquiry_id,
            "enquiry_reference": visit.premises.enquiry.reference,
            "visit_id": visit.pk,
            "address": visit.premises.address,
            "follow_up": visit.follow_up,
            "visited_at": visit.visited_at.isoformat(),
            "officer": officer_row(visit.visited_by),
        }
        for visit in follow_ups
    ]
