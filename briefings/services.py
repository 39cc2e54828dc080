"""Building briefings and recording that they were read."""

import math
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.choices import Category
from audit.services import audit_record
from briefings.models import SECTION_KEYS, Acknowledgement, Briefing
from community.selectors import (
    engagements_for_briefing,
    patrols_for_briefing,
    priorities_for_briefing,
    suggested_visit_times,
)
from crimes.selectors import (
    category_counts_at,
    crime_clusters,
    crime_points,
    crime_window_counts,
    daily_crime_counts,
    latest_public_month,
    neighbourhood_has_demo_data,
    public_month_by_category,
    public_month_counts,
    repeat_locations,
)
from enquiries.selectors import enquiries_for_briefing
from incidents.selectors import asb_cases_for_briefing, incidents_for_briefing
from intelligence.policies import audience_of
from intelligence.selectors import intelligence_for_briefing
from intelligence.services import intelligence_logs_disclose
from missing_persons.selectors import missing_cases_for_briefing, risk_levels

MARKED_Z = 2.0  # "markedly" above or below: two standard deviations of a Poisson count


def briefing_period(day: date) -> tuple[datetime, datetime]:
    """The 24 hours a briefing for `day` reports: up to that day's scheduled build time."""
    end = timezone.make_aware(datetime.combine(day, time(settings.BRIEFING_HOUR, settings.BRIEFING_MINUTE)))
    return end - timedelta(hours=24), end


def compare_with_baseline(current: int, previous: list[int]) -> dict:
    """Compare a count with the same window in earlier weeks.

    Crime counts are roughly Poisson, so the spread expected around a mean m is
    sqrt(m); a count two such spreads away from the mean is flagged.
    """
    mean = sum(previous) / len(previous) if previous else 0.0
    z = (current - mean) / math.sqrt(max(mean, 1.0))
    status = "above" if z >= MARKED_Z else "below" if z <= -MARKED_Z else "usual"
    return {
        "counts": previous,
        "mean": round(mean, 2),
        "difference": round(current - mean, 2),
        "z": round(z, 2),
        "status": status,
    }


def recent_crime_section(*, neighbourhood, since: datetime, until: datetime) -> dict:
    weeks = settings.BRIEFING_BASELINE_WEEKS
    day = crime_window_counts(neighbourhood=neighbourhood, until=until, length=timedelta(hours=24), weeks=weeks)
    week = crime_window_counts(neighbourhood=neighbourhood, until=until, length=timedelta(days=7), weeks=weeks)
    trend_start = until - timedelta(days=28)
    daily = daily_crime_counts(neighbourhood=neighbourhood, since=trend_start, until=until)
    first_day = timezone.localtime(trend_start).date()
    points = crime_points(
        neighbourhood=neighbourhood,
        since=until - timedelta(days=7),
        until=until,
        limit=settings.BRIEFING_MAP_MAX_POINTS,
    )
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "total": day["current"],
        "by_category": day["by_category"],
        "baseline": {
            "method": f"the same 24 hours on the same weekday in each of the previous {weeks} weeks",
            **compare_with_baseline(day["current"], day["previous"]),
        },
        "last_7_days": {
            "since": (until - timedelta(days=7)).isoformat(),
            "total": week["current"],
            "by_category": week["by_category"],
            "baseline": {
                "method": f"the 7 days ending at the same time in each of the previous {weeks} weeks",
                **compare_with_baseline(week["current"], week["previous"]),
            },
        },
        "daily": [
            {"date": (first_day + timedelta(days=n)).isoformat(), "count": daily.get(first_day + timedelta(days=n), 0)}
            for n in range(29)
            if first_day + timedelta(days=n) <= timezone.localtime(until).date()
        ],
        "points": [{**point, "occurred_at": point["occurred_at"].isoformat()} for point in points],
    }


def hotspots_section(*, neighbourhood, until: datetime) -> list[dict]:
    since = until - timedelta(days=settings.BRIEFING_HOTSPOT_DAYS)
    minimum = settings.BRIEFING_HOTSPOT_MIN_CRIMES
    spots = [
        {
            "kind": "repeat_location",
            "location": row["location"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "count": row["count"],
            "last": row["last"].isoformat(),
            "categories": category_counts_at(
                neighbourhood=neighbourhood,
                since=since,
                until=until,
                latitude=row["latitude"],
                longitude=row["longitude"],
            ),
        }
        for row in repeat_locations(neighbourhood=neighbourhood, since=since, until=until, min_crimes=minimum)[:10]
    ]
    spots += [
        {"kind": "cluster", "location": cluster_label(cluster["locations"]), **cluster}
        for cluster in crime_clusters(neighbourhood=neighbourhood, since=since, until=until, min_crimes=minimum)[:5]
    ]
    for spot in spots:
        spot["window_days"] = settings.BRIEFING_HOTSPOT_DAYS
    return sorted(spots, key=lambda s: -s["count"])


def cluster_label(locations: list[str]) -> str:
    """ "Around Gracechurch Street, Lime Street and Bell Inn Yard" from data.police.uk snap names."""
    names = [name.removeprefix("On or near ").strip() for name in locations]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"Around {listed}"


def month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def monthly_context_section(*, neighbourhood, day: date) -> dict:
    latest = latest_public_month(neighbourhood=neighbourhood, on_or_before=day)
    if latest is None:
        return {"month": None, "total": 0, "by_category": {}, "trend": []}
    by_category = public_month_by_category(neighbourhood=neighbourhood, month=latest)
    first = month_start(latest, 11)
    totals = public_month_counts(neighbourhood=neighbourhood, first=first, last=latest)
    return {
        "month": latest.strftime("%Y-%m"),
        "total": sum(by_category.values()),
        "by_category": by_category,
        "trend": [
            {"month": month_start(latest, back).strftime("%Y-%m"), "total": totals.get(month_start(latest, back), 0)}
            for back in range(11, -1, -1)
        ],
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0.",
    }


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


def build_sections(*, neighbourhood, day: date) -> dict:
    since, until = briefing_period(day)
    sections: dict = {key: [] for key in SECTION_KEYS}
    sections["recent_crime"] = recent_crime_section(neighbourhood=neighbourhood, since=since, until=until)
    sections["monthly_context"] = monthly_context_section(neighbourhood=neighbourhood, day=day)
    sections["hotspots"] = hotspots_section(neighbourhood=neighbourhood, until=until)
    sections["incidents"] = incidents_section(neighbourhood=neighbourhood)
    sections["patrols"] = patrols_section(neighbourhood=neighbourhood, day=day)
    sections["missing_persons"] = missing_persons_section(neighbourhood=neighbourhood)
    sections["priorities"] = priorities_section(neighbourhood=neighbourhood)
    sections["engagements"] = engagements_section(neighbourhood=neighbourhood, day=day)
    sections["intelligence"] = intelligence_section(neighbourhood=neighbourhood, day=day, until=until)
    sections["enquiries"] = enquiries_section(neighbourhood=neighbourhood)
    return sections


def briefing_generate(*, actor, neighbourhood, day: date) -> Briefing:
    """Build (or rebuild) the neighbourhood's briefing for `day`. Never makes two."""
    since, until = briefing_period(day)
    values = {
        "generated_at": timezone.now(),
        "period_start": since,
        "period_end": until,
        "sections": build_sections(neighbourhood=neighbourhood, day=day),
        "contains_demo_data": neighbourhood_has_demo_data(neighbourhood=neighbourhood),
    }
    try:
        with transaction.atomic():
            briefing, created = Briefing.objects.update_or_create(
                neighbourhood=neighbourhood, date=day, defaults=values
            )
            audit_record(
                actor=actor,
                category=Category.COMBINATION,
                action="briefing.generate",
                obj=briefing,
                details={"created": created, "recent_crime_total": values["sections"]["recent_crime"]["total"]},
            )
            # Putting intelligence before the briefing's readers is a disclosure (DPA s.62).
            intelligence_logs_disclose(
                actor=actor,
                log_ids=[row["id"] for row in values["sections"]["intelligence"]],
                recipient=f"Briefing {neighbourhood.code} {day.isoformat()} (readers by role)",
            )
    except IntegrityError:
        # Another worker created it between our read and write; its copy stands.
        briefing = Briefing.objects.get(neighbourhood=neighbourhood, date=day)
    return briefing


@transaction.atomic
def briefing_acknowledge(*, actor, briefing: Briefing) -> Acknowledgement:
    """Record that `actor` has read the briefing. Pressing twice keeps the first time."""
    acknowledgement, created = Acknowledgement.objects.get_or_create(
        briefing=briefing, user=actor, defaults={"acknowledged_at": timezone.now()}
    )
    if created:
        audit_record(actor=actor, category=Category.COLLECTION, action="briefing.acknowledge", obj=briefing)
    return acknowledgement
