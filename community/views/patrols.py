"""Patrol pages: the supervisor's plan form, the officer's "My patrols today", one plan."""

import re
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation, audit_denied
from community import policies
from community.choices import PatrolOrigin
from community.forms import LeaveForm, PatrolPlanForm
from community.models.neighbourhoods import Neighbourhood
from community.selectors import (
    patrol_get,
    patrol_visits,
    patrols_today_for,
    plan_map_point,
    plan_progress,
    suggested_visit_times,
    supervised_neighbourhoods,
    visit_get,
    visit_map_point,
)
from community.services.patrols import patrol_plan_create, patrol_plan_update, patrol_visit_arrive, patrol_visit_leave
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.maps import patrol_map
from pcso.pages import add_errors


def plannable_neighbourhoods(user):
    """Where the user may plan: every neighbourhood for an administrator, else those they supervise."""
    if user.role == Role.ADMIN:
        return Neighbourhood.objects.visible_to(user).order_by("name", "id")
    return supervised_neighbourhoods(actor=user)


ASB_REFERENCE = re.compile(r"ASB-\d{1,10}")


def hotspot_initial(query) -> dict:
    """The form prefilled from a briefing hotspot's or an ASB case's button (GET parameters);
    junk is ignored."""
    initial = {}
    for name in ("label", "latitude", "longitude", "hotspot_count"):
        if query.get(name):
            initial[name] = query[name][:200]
    if query.get("neighbourhood"):
        initial["neighbourhood"] = query["neighbourhood"][:50]
    if query.get("origin") in PatrolOrigin.values:
        initial["origin"] = query["origin"]
    if initial.get("origin") == PatrolOrigin.PRIORITY and query.get("priority", "").isdigit():
        initial["priority"] = int(query["priority"][:10])
    case_reference = query.get("case_reference", "")
    if initial.get("origin") == PatrolOrigin.ASB_CASE and ASB_REFERENCE.fullmatch(case_reference):
        # community may not read ASB cases (a higher app): the reference is kept as text.
        initial["origin_reason"] = f"ASB case {case_reference}: short visits where its incidents happen."
    if initial.get("origin") == PatrolOrigin.HOTSPOT and initial.get("label"):
        initial["hotspot_label"] = initial["label"]
        count = initial.get("hotspot_count", "")
        initial["origin_reason"] = f"Briefing hotspot: {count} crimes recently." if count.isdigit() else ""
    now = timezone.localtime()
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    initial.setdefault("shift_start", start)
    initial.setdefault("shift_end", start + timedelta(hours=8))
    return initial


def map_data(plan, visits) -> dict:
    return patrol_map(
        plans=[plan_map_point(plan)],
        visits=[visit_map_point(visit, plan, label=visit_label(visit)) for visit in visits],
    )


def visit_label(visit) -> str:
    return f"{visit.officer.display_name} {timezone.localtime(visit.arrived_at):%H:%M}"


@require_capability(Capability.MANAGE_PATROLS)
def patrol_new(request):
    neighbourhoods = plannable_neighbourhoods(request.user)
    if request.method == "POST":
        form = PatrolPlanForm(request.POST, neighbourhoods=neighbourhoods)
    else:
        form = PatrolPlanForm(initial=hotspot_initial(request.GET), neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        try:
            plan = patrol_plan_create(
                actor=request.user, fields=form.plan_fields(), officers=form.cleaned_data["officers"]
            )
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{plan.reference} planned: {plan.visits_planned} visits.")
            return redirect("community:patrol-detail", pk=plan.pk)
    return render(request, "community/patrolplan_form.html", {"form": form, "plan": None})


@require_capability(Capability.MANAGE_PATROLS)
def patrol_edit(request, pk):
    plan = patrol_get(actor=request.user, pk=pk, action="patrol.view_to_edit")
    if not policies.can_manage_patrols_in(request.user, plan.neighbourhood):
        audit_denied(actor=request.user, action="page.denied", details={"method": request.method, "path": request.path})
        raise Http404
    neighbourhoods = plannable_neighbourhoods(request.user)
    if request.method != "POST":
        form = PatrolPlanForm(
            instance=plan,
            initial={"version": plan.version, "officers": list(plan.officers.all())},
            neighbourhoods=neighbourhoods,
        )
        return render(request, "community/patrolplan_form.html", {"form": form, "plan": plan})
    form = PatrolPlanForm(request.POST, instance=plan, neighbourhoods=neighbourhoods)
    conflict = False
    if form.is_valid():
        try:
            patrol_plan_update(
                actor=request.user,
                plan=plan,
                version=form.cleaned_data["version"],
                fields=form.plan_fields(),
                officers=form.cleaned_data["officers"],
            )
        except StaleVersionError as exc:
            conflict = True
            form = pages.rebased_form(PatrolPlanForm, request, exc.current, neighbourhoods=neighbourhoods)
        except (PermissionDenied, ValidationError) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Patrol plan saved.")
            return redirect("community:patrol-detail", pk=plan.pk)
    return render(request, "community/patrolplan_form.html", {"form": form, "plan": plan, "conflict": conflict})


@require_capability(Capability.VIEW_PATROLS)
def patrol_detail(request, pk):
    plan = patrol_get(actor=request.user, pk=pk)
    visits = list(patrol_visits(actor=request.user, plan=plan))
    may_log = policies.can_log_visit(request.user, plan)
    open_visit = next((v for v in visits if v.officer_id == request.user.pk and v.left_at is None), None)
    return render(
        request,
        "community/patrolplan_detail.html",
        {
            "plan": plan,
            "visits": visits,
            "times": suggested_visit_times(plan),
            "progress": plan_progress(plan),
            "may_log": may_log,
            "open_visit": open_visit,
            "leave_form": LeaveForm() if may_log and open_visit else None,
            "can_edit": policies.can_manage_patrols_in(request.user, plan.neighbourhood),
            "map_data": map_data(plan, visits),
        },
    )


@require_capability(Capability.VIEW_PATROLS)
def patrol_mine(request):
    """The officer's patrols for today, on a phone: suggested times and Arrived / Left."""
    plans = patrols_today_for(actor=request.user)
    cards = []
    for plan in plans:
        visits = list(plan.visits.all())
        cards.append(
            {
                "plan": plan,
                "times": suggested_visit_times(plan),
                "progress": plan_progress(plan),
                "open_visit": next((v for v in visits if v.officer_id == request.user.pk and v.left_at is None), None),
                "may_log": policies.can_log_visit(request.user, plan),
                "visits": visits,
            }
        )
    audit_consultation(actor=request.user, action="patrol.search", details={"filters": {"mine": "today"}})
    return render(
        request,
        "community/patrol_mine.html",
        {"cards": cards, "today": timezone.localdate(), "leave_form": LeaveForm()},
    )


def back(request, plan):
    if request.POST.get("next") == "mine":
        return redirect("community:patrol-mine")
    return redirect("community:patrol-detail", pk=plan.pk)


@require_capability(Capability.LOG_PATROL_VISITS)
@require_POST
def visit_arrive(request, pk):
    plan = patrol_get(actor=request.user, pk=pk, action="patrol.view_to_log")
    try:
        patrol_visit_arrive(actor=request.user, plan=plan)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, pages.refusal_text(exc))
    else:
        messages.success(request, f"Arrived at {plan.label} at {timezone.localtime():%H:%M}. Press Left when you go.")
    return back(request, plan)


@require_capability(Capability.LOG_PATROL_VISITS)
@require_POST
def visit_leave(request, pk, visit_pk):
    plan = patrol_get(actor=request.user, pk=pk, action="patrol.view_to_log")
    visit = visit_get(actor=request.user, plan=plan, pk=visit_pk)
    form = LeaveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(" ".join(e for errors in form.errors.values() for e in errors))
        patrol_visit_leave(actor=request.user, visit=visit, **form.cleaned_data)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, pages.refusal_text(exc))
    else:
        messages.success(request, f"Visit to {plan.label} logged. Thank you.")
    return back(request, plan)
