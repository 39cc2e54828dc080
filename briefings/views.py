from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from community.models import Neighbourhood
from incidents.choices import CrimeCategory

from . import selectors
from .filtersets import BriefingFilterSet
from .services import briefing_acknowledge


@require_capability(Capability.VIEW_BRIEFINGS)
def my_briefings(request):
    return render(
        request,
        "briefings/briefing_mine.html",
        {
            "briefings": selectors.todays_briefings_for(actor=request.user),
            "today": timezone.localdate(),
            "has_neighbourhood": Neighbourhood.objects.assigned_to(request.user).exists(),
        },
    )


@require_capability(Capability.VIEW_BRIEFINGS)
def briefing_index(request):
    filterset = BriefingFilterSet(request.GET, queryset=selectors.briefing_list(actor=request.user))
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
    day = parse_day(request.GET.get("date")) or timezone.localdate()
    return render(
        request,
        "briefings/read_status.html",
        {"day": day, "statuses": selectors.read_status(actor=request.user, day=day), "today": timezone.localdate()},
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
