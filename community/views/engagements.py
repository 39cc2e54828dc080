"""Engagement and PACT priority pages (docs/engagements.md): log from a phone, the calendar,
priorities with what was done, "you said, we did", the police.uk download, and activity."""

import json
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.changes import changes_since
from audit.services import audit_consultation, audit_denied
from community import policies, selectors
from community.choices import PatrolOrigin, PrioritySource
from community.filtersets import EngagementFilterSet, PriorityFilterSet
from community.forms import EngagementForm, PriorityForm
from community.models import Neighbourhood
from community.services import engagement_create, engagement_update, priority_create, priority_update
from pcso.concurrency import StaleVersionError
from pcso.maps import map_point, picker_map, tiles
from pcso.pages import add_errors, rebased_form

WEEK_DAYS = 7
CALENDAR_VIEWS = {"week": WEEK_DAYS, "month": 35}


def team_neighbourhoods(user):
    """Where the user works (member or supervisor): where they may log and raise priorities."""
    return Neighbourhood.objects.visible_to(user).assigned_to(user).order_by("name", "id")


def picker_data(neighbourhoods, engagement=None) -> dict:
    """What the form's map picker draws: the officer's neighbourhoods and the point chosen."""
    outlines = [{"name": n.name, "boundary": n.boundary} for n in neighbourhoods if n.boundary]
    return picker_map(boundaries=outlines, point=map_point(engagement))


def points_data(engagements, neighbourhood=None) -> dict:
    """What a map of engagements draws: each located one, and the neighbourhood's outline."""
    return {
        "boundary": neighbourhood.boundary if neighbourhood else None,
        "points": [
            {
                "label": engagement.title,
                "when": timezone.localtime(engagement.starts_at).strftime("%a %-d %b %H:%M"),
                "address": engagement.address,
                "latitude": engagement.latitude,
                "longitude": engagement.longitude,
            }
            for engagement in engagements
            if engagement.latitude is not None
        ],
        "tiles": tiles(),
    }


def form_page(request, form, *, engagement=None, conflict=None):
    context = {
        "form": form,
        "engagement": engagement,
        "conflict": conflict,
        "map_data": picker_data(form.fields["neighbourhood"].queryset, engagement),
    }
    return render(request, "community/engagement_form.html", context)


def refuse_page(request):
    audit_denied(actor=request.user, action="page.denied", details={"method": request.method, "path": request.path})
    raise Http404


def neighbourhood_from(request):
    """The `neighbourhood` GET parameter (a code), else the user's only team, else None (all)."""
    code = request.GET.get("neighbourhood", "")[:50]
    visible = Neighbourhood.objects.visible_to(request.user)
    if code:
        return get_object_or_404(visible, code=code)
    mine = list(team_neighbourhoods(request.user)[:2])
    return mine[0] if len(mine) == 1 else None


# Engagements


@require_capability(Capability.VIEW_ENGAGEMENTS)
def engagement_index(request):
    filterset = EngagementFilterSet(request.GET, queryset=selectors.engagement_list(actor=request.user))
    for name in ("starts_from", "starts_to"):
        filterset.form.fields[name].widget.input_type = "date"
    engagements = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(engagements, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="engagement.search", details={"filters": request.GET.dict()})
    return render(request, "community/engagement_list.html", {"filter": filterset, "page": page})


@require_capability(Capability.WORK_ENGAGEMENTS)
def engagement_new(request):
    neighbourhoods = team_neighbourhoods(request.user)
    form = EngagementForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = engagement_create(actor=request.user, fields=form.engagement_fields(), **form.relations())
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{engagement.reference} {engagement.title} saved.")
            return redirect(engagement.get_absolute_url())
    return form_page(request, form)


@require_capability(Capability.VIEW_ENGAGEMENTS)
def engagement_detail(request, pk):
    engagement = selectors.engagement_get(actor=request.user, pk=pk)
    may_work = policies.can_work_engagements_in(request.user, engagement.neighbourhood)
    return render(
        request,
        "community/engagement_detail.html",
        {
            "engagement": engagement,
            "raised": list(engagement.priorities_raised.order_by("issue_date", "id")),
            "may_work": may_work,
            "priority_query": urlencode({"engagement": engagement.pk}),
            "map_data": points_data([engagement], engagement.neighbourhood),
        },
    )


@require_capability(Capability.WORK_ENGAGEMENTS)
def engagement_edit(request, pk):
    engagement = selectors.engagement_get(actor=request.user, pk=pk, action="engagement.view_to_edit")
    if not policies.can_work_engagements_in(request.user, engagement.neighbourhood):
        refuse_page(request)

    def save(form):
        return engagement_update(
            actor=request.user,
            engagement=engagement,
            version=form.cleaned_data["version"],
            fields=form.engagement_fields(),
            **form.relations(),
        )

    def page(form, current, conflict):
        return form_page(request, form, engagement=current, conflict=conflict)

    return edit_page(request, engagement, EngagementForm, save=save, page=page, saved="Engagement saved.")


def edit_page(request, record, form_class, *, save, page, saved: str):
    """The edit flow of engagements and priorities: the form with the version read; on a post,
    `save(form)`; a lost race shows what changed and the editor's answers over the latest
    version, so saving again is a deliberate choice, never a silent overwrite."""
    neighbourhoods = team_neighbourhoods(request.user)
    if request.method != "POST":
        return page(
            form_class(instance=record, initial={"version": record.version}, neighbourhoods=neighbourhoods),
            record,
            None,
        )
    form = form_class(request.POST, instance=record, neighbourhoods=neighbourhoods)
    if form.is_valid():
        try:
            saved_record = save(form)
        except StaleVersionError as exc:
            seen = form.cleaned_data["version"] or 0
            form = rebased_form(form_class, request, exc.current, neighbourhoods=neighbourhoods)
            return page(form, exc.current, changes_since(obj=exc.current, version=seen))
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect(saved_record.get_absolute_url())
    return page(form, record, None)


@require_capability(Capability.VIEW_ENGAGEMENTS)
def engagement_calendar(request):
    """Upcoming engagements of a neighbourhood, a week or a month at a time, as a day list."""
    neighbourhood = neighbourhood_from(request)
    view = request.GET.get("view") if request.GET.get("view") in CALENDAR_VIEWS else "week"
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = timezone.localdate()
    days = CALENDAR_VIEWS[view]
    calendar = selectors.engagement_calendar(actor=request.user, neighbourhood=neighbourhood, start=start, days=days)
    audit_consultation(
        actor=request.user,
        action="engagement.search",
        details={
            "filters": {
                "calendar": view,
                "start": start.isoformat(),
                "neighbourhood": request.GET.get("neighbourhood", ""),
            }
        },
    )

    def link(**changes) -> str:
        query = {"neighbourhood": neighbourhood.code if neighbourhood else "", "view": view, "start": start}
        return "?" + urlencode({**query, **changes})

    return render(
        request,
        "community/engagement_calendar.html",
        {
            "neighbourhood": neighbourhood,
            "neighbourhoods": Neighbourhood.objects.visible_to(request.user).order_by("name", "id"),
            "view": view,
            "start": start,
            "end": start + timedelta(days=days - 1),
            "calendar": calendar,
            "map_data": points_data((e for day in calendar for e in day["engagements"]), neighbourhood),
            "previous": link(start=start - timedelta(days=days)),
            "next": link(start=start + timedelta(days=days)),
            "other_view": link(view="month" if view == "week" else "week"),
        },
    )


@require_capability(Capability.MANAGE_PATROLS)
def engagement_activity(request):
    """Supervisors: engagements held per month and type, to plan visible presence."""
    neighbourhood = neighbourhood_from(request)
    activity = selectors.engagement_activity(actor=request.user, neighbourhood=neighbourhood)
    audit_consultation(
        actor=request.user,
        action="engagement.activity",
        details={"filters": {"neighbourhood": request.GET.get("neighbourhood", "")}},
    )
    months = [date.fromisoformat(f"{key}-01") for key in activity["months"]]
    return render(
        request,
        "community/engagement_activity.html",
        {
            "neighbourhood": neighbourhood,
            "neighbourhoods": Neighbourhood.objects.visible_to(request.user).order_by("name", "id"),
            "activity": activity,
            "month_dates": months,
            "table": [{"type": row["type"], "counts": row["counts"]} for row in activity["series"]],
            "chart_data": {
                "labels": [month.strftime("%b %y") for month in months],
                "series": activity["series"],
            },
        },
    )


# Priorities


@require_capability(Capability.VIEW_ENGAGEMENTS)
def priority_index(request):
    filterset = PriorityFilterSet(request.GET, queryset=selectors.priority_list(actor=request.user))
    filterset.form.fields["active"].widget.choices = [("unknown", "Any"), ("true", "Active"), ("false", "Not active")]
    priorities = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(priorities, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="priority.search", details={"filters": request.GET.dict()})
    return render(request, "community/priority_list.html", {"filter": filterset, "page": page})


def priority_initial(request) -> dict:
    """Turning an engagement's concern into a priority: its neighbourhood, the concerns as the
    issue, the engagement as where it came from."""
    pk = request.GET.get("engagement", "")
    if not pk.isdigit():
        return {}
    engagement = selectors.engagement_get(actor=request.user, pk=pk[:10], action="engagement.view_to_raise")
    return {
        "neighbourhood": engagement.neighbourhood.code,
        "issue": engagement.concerns,
        "raised_at": engagement.pk,
        "source": PrioritySource.MEETING,
        "issue_date": timezone.localdate(engagement.starts_at),
    }


@require_capability(Capability.WORK_ENGAGEMENTS)
def priority_new(request):
    neighbourhoods = team_neighbourhoods(request.user)
    if request.method == "POST":
        form = PriorityForm(request.POST, neighbourhoods=neighbourhoods)
    else:
        form = PriorityForm(initial=priority_initial(request), neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        try:
            priority = priority_create(actor=request.user, fields=form.priority_fields())
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{priority.reference} saved as {priority.get_status_display().lower()}.")
            return redirect(priority.get_absolute_url())
    return render(request, "community/priority_form.html", {"form": form, "priority": None})


@require_capability(Capability.VIEW_ENGAGEMENTS)
def priority_detail(request, pk):
    priority = selectors.priority_get(actor=request.user, pk=pk)
    may_plan = policies.can_manage_patrols_in(request.user, priority.neighbourhood)
    patrol_query = urlencode(
        {"neighbourhood": priority.neighbourhood.code, "origin": PatrolOrigin.PRIORITY, "priority": priority.pk}
    )
    return render(
        request,
        "community/priority_detail.html",
        {
            "priority": priority,
            "links": selectors.priority_links(actor=request.user, priority=priority),
            "may_work": policies.can_work_engagements_in(request.user, priority.neighbourhood),
            "patrol_query": patrol_query if may_plan else "",
        },
    )


@require_capability(Capability.WORK_ENGAGEMENTS)
def priority_edit(request, pk):
    priority = selectors.priority_get(actor=request.user, pk=pk, action="priority.view_to_edit")
    if not policies.can_work_engagements_in(request.user, priority.neighbourhood):
        refuse_page(request)

    def save(form):
        version = form.cleaned_data["version"]
        return priority_update(actor=request.user, priority=priority, version=version, fields=form.priority_fields())

    def page(form, current, conflict):
        context = {"form": form, "priority": current, "conflict": conflict}
        return render(request, "community/priority_form.html", context)

    return edit_page(request, priority, PriorityForm, save=save, page=page, saved="Priority saved.")


# The neighbourhood's public face: the printable summary and the police.uk download.


@require_capability(Capability.VIEW_ENGAGEMENTS)
def you_said_we_did(request, code):
    neighbourhood = get_object_or_404(Neighbourhood.objects.visible_to(request.user), code=code)
    summary = selectors.you_said_we_did(actor=request.user, neighbourhood=neighbourhood)
    audit_consultation(actor=request.user, action="priority.summary", obj=neighbourhood)
    return render(
        request,
        "community/you_said_we_did.html",
        {"neighbourhood": neighbourhood, "today": timezone.localdate(), **summary},
    )


@require_capability(Capability.VIEW_ENGAGEMENTS)
def police_uk_download(request, code):
    neighbourhood = get_object_or_404(Neighbourhood.objects.visible_to(request.user), code=code)
    export = selectors.police_uk_export(neighbourhood=neighbourhood)
    audit_consultation(
        actor=request.user,
        action="priority.export",
        obj=neighbourhood,
        details={"format": "police.uk", "source": "page"},
    )
    response = HttpResponse(json.dumps(export, indent=2, ensure_ascii=False), content_type="application/json")
    filename = f"{neighbourhood.code}-police-uk-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
