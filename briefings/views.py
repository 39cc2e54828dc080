from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from briefings import selectors
from briefings.filtersets import BriefingFilterSet
from briefings.selectors import crime_points_for_patrols
from briefings.services.generate import briefing_acknowledge
from community.filtersets import PatrolPlanFilterSet
from community.models.neighbourhoods import Neighbourhood
from community.policies import can_manage_patrols_in
from community.selectors import Progress, patrol_list, patrol_visits_of, plan_map_point, plan_progress, visit_map_point
from crimes.choices import CrimeCategory
from incidents.choices import AsbQualifier, IncidentStatus, RiskLevel
from intelligence.policies import briefing_rows_for
from pcso.maps import patrol_map, tiles


@require_capability(Capability.VIEW_BRIEFINGS)
def my_briefings(request):
    briefings = selectors.todays_briefings_for(actor=request.user)
    by_neighbourhood = {b.neighbourhood_id: b for b in briefings}
    neighbourhoods = list(Neighbourhood.objects.assigned_to(request.user).order_by("name", "id"))
    # One card per neighbourhood the reader works, so a missing briefing shows as such.
    cards = []
    for neighbourhood in neighbourhoods:
        briefing = by_neighbourhood.get(neighbourhood.pk)
        cards.append(
            {
                "neighbourhood": neighbourhood,
                "briefing": briefing,
                "acknowledgement": briefing and selectors.acknowledgement_for(actor=request.user, briefing=briefing),
                "recent": briefing and recent_summary(briefing.sections.get("recent_crime", {})),
            }
        )
    return render(
        request,
        "briefings/briefing_mine.html",
        {
            "briefings": briefings,
            "cards": cards,
            "today": timezone.localdate(),
            "has_neighbourhood": bool(neighbourhoods),
        },
    )


@require_capability(Capability.VIEW_BRIEFINGS)
def briefing_index(request):
    filterset = BriefingFilterSet(request.GET, queryset=selectors.briefing_list(actor=request.user))
    filterset.form.fields["date"].widget.input_type = "date"  # a date picker on phones
    page = Paginator(filterset.qs if filterset.is_valid() else filterset.queryset.none(), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "briefings/briefing_list.html", {"filter": filterset, "page": page})


@require_capability(Capability.VIEW_BRIEFINGS)
def briefing_detail(request, pk):
    briefing = selectors.briefing_get(actor=request.user, pk=pk)
    acknowledgement = selectors.acknowledgement_for(actor=request.user, briefing=briefing)
    since = acknowledgement.acknowledged_at if acknowledgement else briefing.period_end
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "briefing": briefing,
            "sections": briefing.sections,
            "acknowledgement": acknowledgement,
            "new": selectors.new_since(briefing=briefing, since=since),
            "category_names": dict(CrimeCategory.choices),
            "map_data": map_data(briefing),
            "chart_data": chart_data(briefing),
            "can_plan_patrols": can_manage_patrols_in(request.user, briefing.neighbourhood),
            **briefing_presentation(briefing, reader=request.user),
        },
    )


@require_capability(Capability.VIEW_BRIEFINGS)
def new_since_fragment(request, pk):
    """The "new since you read it" panel, refreshed in place during the shift."""
    briefing = selectors.briefing_get(actor=request.user, pk=pk, action="briefing.view_new_since")
    acknowledgement = selectors.acknowledgement_for(actor=request.user, briefing=briefing)
    since = acknowledgement.acknowledged_at if acknowledgement else briefing.period_end
    return render(
        request,
        "briefings/_new_since.html",
        {
            "briefing": briefing,
            "acknowledgement": acknowledgement,
            "new": selectors.new_since(briefing=briefing, since=since),
        },
    )


@require_capability(Capability.VIEW_BRIEFINGS)
@require_POST
def acknowledge(request, pk):
    briefing = selectors.briefing_get(actor=request.user, pk=pk, action="briefing.view_to_acknowledge")
    briefing_acknowledge(actor=request.user, briefing=briefing)
    messages.success(request, "Marked as read. New crimes recorded from now on will show at the top.")
    return redirect("briefings:detail", pk=briefing.pk)


@require_capability(Capability.VIEW_READ_STATUS)
def read_status_page(request):
    today = timezone.localdate()
    day = parse_day(request.GET.get("date")) or today
    return render(
        request,
        "briefings/read_status.html",
        {
            "day": day,
            "statuses": selectors.read_status(actor=request.user, day=day),
            "today": today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1) if day < today else None,
        },
    )


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def map_data(briefing) -> dict:
    """What the briefing map draws: the neighbourhood outline, crimes, hotspots."""
    sections = briefing.sections
    return {
        "boundary": briefing.neighbourhood.boundary,
        "points": sections.get("recent_crime", {}).get("points", []),
        "hotspots": sections.get("hotspots", []),
        "categories": dict(CrimeCategory.choices),
        "time_zone": settings.TIME_ZONE,
        "tiles": tiles(),
    }


def chart_data(briefing) -> dict:
    recent = briefing.sections.get("recent_crime", {})
    monthly = briefing.sections.get("monthly_context", {})
    return {
        "daily": recent.get("daily", []),
        "baseline_mean": recent.get("baseline", {}).get("mean"),
        "monthly": monthly.get("trend", []),
        "by_category": [
            {"label": CrimeCategory(slug).label if slug in CrimeCategory.values else slug, "count": n}
            for slug, n in monthly.get("by_category", {}).items()
        ],
    }


# Presentation: the template shows words and labels, not slugs and ISO strings.

STATUS_WORDS = {
    "above": ("▲", "Markedly above usual"),
    "below": ("▼", "Markedly below usual"),
    "usual": ("●", "About usual"),
}


def category_label(slug: str) -> str:
    return CrimeCategory(slug).label if slug in CrimeCategory.values else slug


def category_rows(by_category: dict) -> list[tuple[str, int]]:
    return [(category_label(slug), n) for slug, n in by_category.items()]


def recent_summary(window: dict) -> dict:
    """A count window (24 hours or 7 days) with its baseline put into words."""
    baseline = window.get("baseline") or {}
    symbol, words = STATUS_WORDS.get(baseline.get("status"), STATUS_WORDS["usual"])
    return {
        "total": window.get("total", 0),
        "by_category": category_rows(window.get("by_category", {})),
        "status": baseline.get("status", "usual"),
        "symbol": symbol,
        "words": words,
        "mean": baseline.get("mean"),
        "counts": baseline.get("counts", []),
        "method": baseline.get("method", ""),
    }


def parse_when(value: str | None):
    return datetime.fromisoformat(value) if value else None


def hotspot_patrol_query(briefing, spot: dict) -> str:
    """The patrol form's prefill for a hotspot: its point, label and count, as given."""
    return urlencode(
        {
            "neighbourhood": briefing.neighbourhood.code,
            "origin": "hotspot",
            "label": spot.get("location", "")[:200],
            "latitude": spot.get("latitude", ""),
            "longitude": spot.get("longitude", ""),
            "hotspot_count": spot.get("count", ""),
        }
    )


def patrol_rows(items: list[dict], reader) -> list[dict]:
    username = getattr(reader, "username", None)
    return [
        {
            **item,
            "shift_start": parse_when(item.get("shift_start")),
            "shift_end": parse_when(item.get("shift_end")),
            "officer_names": [officer["name"] for officer in item.get("officers", [])],
            "mine": any(officer["username"] == username for officer in item.get("officers", [])),
        }
        for item in items
    ]


def enquiry_rows(items: list[dict], reader) -> dict:
    """House-to-house revisits and follow-ups, the reader's own first (docs/enquiries.md)."""
    username = getattr(reader, "username", None)
    rows = [
        {
            **item,
            "due_at": parse_when(item.get("due_at")),
            "visited_at": parse_when(item.get("visited_at")),
            "mine": (item.get("officer") or {}).get("username") == username,
        }
        for item in items
    ]
    ordered = sorted(rows, key=lambda row: not row["mine"])  # stable: soonest first within each
    return {
        "revisits": [row for row in ordered if row["kind"] == "revisit"],
        "follow_ups": [row for row in ordered if row["kind"] == "follow_up"],
        "mine": sum(row["mine"] for row in rows),
    }


def briefing_presentation(briefing, reader=None) -> dict:
    """The stored sections as the template shows them: dates parsed, codes in words."""
    sections = briefing.sections
    return crime_presentation(briefing, sections) | case_presentation(sections, reader)


def crime_presentation(briefing, sections: dict) -> dict:
    recent = sections.get("recent_crime", {})
    monthly = sections.get("monthly_context", {})
    month = monthly.get("month")
    return {
        "recent": recent_summary(recent),
        "week": recent_summary(recent.get("last_7_days", {})),
        "daily": [{"date": date.fromisoformat(day["date"]), "count": day["count"]} for day in recent.get("daily", [])],
        "points": [
            {**point, "occurred_at": parse_when(point["occurred_at"]), "category": category_label(point["category"])}
            for point in recent.get("points", [])
        ],
        "hotspots": [
            {
                **spot,
                "last": parse_when(spot.get("last")),
                "categories": category_rows(spot.get("categories", {})),
                "patrol_query": hotspot_patrol_query(briefing, spot),
            }
            for spot in sections.get("hotspots", [])
        ],
        "monthly": {
            **monthly,
            "month": date.fromisoformat(f"{month}-01") if month else None,
            "by_category": category_rows(monthly.get("by_category", {})),
            "trend": [{**row, "month": date.fromisoformat(f"{row['month']}-01")} for row in monthly.get("trend", [])],
        },
    }


def case_presentation(sections: dict, reader) -> dict:
    return {
        "incidents": [
            {
                **incident,
                "occurred_at": parse_when(incident.get("occurred_at")),
                "qualifier": AsbQualifier(incident["asb_qualifier"]).label if incident.get("asb_qualifier") else "",
                "status_label": IncidentStatus(incident["status"]).label,
            }
            for incident in sections.get("incidents", [])
            if incident.get("kind", "incident") == "incident"
        ],
        "asb_cases": [
            {
                **case,
                "next_review_on": date.fromisoformat(case["next_review_on"]),
                "risk_label": RiskLevel(case["risk_level"]).label,
            }
            for case in sections.get("incidents", [])
            if case.get("kind") == "asb_case"
        ],
        "patrols": sorted(patrol_rows(sections.get("patrols") or [], reader), key=lambda p: not p["mine"]),
        "missing_persons": [
            {
                **person,
                "missing_since": parse_when(person.get("missing_since")),
                "last_seen_at": parse_when(person.get("last_seen_at")),
            }
            for person in sections.get("missing_persons") or []
        ],
        "intelligence": [
            {**row, "occurred_at": parse_when(row.get("occurred_at"))}
            for row in briefing_rows_for(reader, sections.get("intelligence"))
        ],
        "enquiries": enquiry_rows(sections.get("enquiries") or [], reader),
        "priorities": [
            {**item, "issue_date": date.fromisoformat(item["issue_date"])} for item in sections.get("priorities") or []
        ],
        "engagements": [
            {**item, "starts_at": parse_when(item.get("starts_at")), "ends_at": parse_when(item.get("ends_at"))}
            for item in sections.get("engagements") or []
        ],
    }


@require_capability(Capability.VIEW_PATROLS)
def patrol_overview(request):
    """Planned vs done per plan and per neighbourhood, and a map of patrol against crime."""
    today = timezone.localdate()
    query = request.GET.copy()
    query.setdefault("date", today.isoformat())
    filterset = PatrolPlanFilterSet(query, queryset=patrol_list(actor=request.user))
    filterset.form.fields["date"].widget.input_type = "date"
    plans = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    rows = [{"plan": plan, "progress": plan_progress(plan)} for plan in page.object_list]
    day = filterset.form.cleaned_data.get("date") if filterset.is_valid() else None
    visits = patrol_visits_of(actor=request.user, plans=[row["plan"] for row in rows])
    audit_consultation(actor=request.user, action="patrol.search", details={"filters": query.dict()})
    return render(
        request,
        "briefings/patrol_overview.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "day": day,
            "neighbourhoods": patrol_totals(plans),
            "map_data": patrol_map(
                plans=[plan_map_point(row["plan"]) for row in rows],
                visits=[patrol_map_visit(visit) for visit in visits],
                points=crime_points_for_patrols(
                    actor=request.user,
                    neighbourhood_ids={row["plan"].neighbourhood_id for row in rows},
                    day=day or today,
                ),
            ),
        },
    )


def patrol_totals(plans) -> list[dict]:
    """Per neighbourhood: visits planned and done (a plan's extra visits do not count twice)."""
    totals: dict[int, dict] = {}
    for row in plans.exclude(status="cancelled").values(
        "neighbourhood_id", "neighbourhood__name", "visits_planned", "visits_done"
    ):
        total = totals.setdefault(
            row["neighbourhood_id"], {"name": row["neighbourhood__name"], "planned": 0, "done": 0, "plans": 0}
        )
        total["planned"] += row["visits_planned"]
        total["done"] += min(row["visits_done"], row["visits_planned"])
        total["plans"] += 1
    return [
        {**total, "progress": Progress(planned=total["planned"], done=total["done"])}
        for total in sorted(totals.values(), key=lambda t: t["name"])
    ]


def patrol_map_visit(visit) -> dict:
    label = f"{visit.plan.label}: {visit.officer.display_name} {timezone.localtime(visit.arrived_at):%H:%M}"
    return visit_map_point(visit, visit.plan, label=label)
