"""ASB case pages (docs/asb.md): list, open, detail with its forms, edit."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from community.choices import PatrolOrigin
from community.policies import can_manage_patrols_in
from incidents.asb import review_threshold
from incidents.choices import RiskLevel
from incidents.filtersets import AsbCaseFilterSet
from incidents.forms import (
    AsbActionForm,
    AsbAddIncidentsForm,
    AsbAddPersonForm,
    AsbCaseEditForm,
    AsbCaseForm,
    AsbReviewForm,
)
from incidents.policies import can_add_to_asb_case, can_review_asb_case, can_review_asb_case_now, can_work_asb_cases
from incidents.selectors import asb_case_get, asb_case_list, asb_case_locations
from incidents.services.asb import (
    asb_case_add_incidents,
    asb_case_add_person,
    asb_case_create,
    asb_case_record_action,
    asb_case_review,
    asb_case_update,
)
from incidents.signals import asb_case_page, page_sections
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.pages import add_errors, invalid


@require_capability(Capability.VIEW_INCIDENTS)
def asb_case_index(request):
    filterset = AsbCaseFilterSet(request.GET, queryset=asb_case_list(actor=request.user))
    form = filterset.form
    form.fields["review_due_by"].widget.input_type = "date"
    form.fields["status"].empty_label = "Any status"
    form.fields["risk_level"].empty_label = "Any risk level"
    form.fields["review_threshold_met"].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]
    cases = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="asb_case.search", details={"filters": request.GET.dict()})
    return render(request, "incidents/asb_case_list.html", {"filter": filterset, "page": page})


@require_capability(Capability.WORK_ASB_CASES)
def asb_case_new(request):
    may_set_risk = can_review_asb_case(request.user)
    initial = {"incidents": request.GET.get("incident", "")[:20]}
    form = AsbCaseForm(request.POST or None, initial=initial, may_set_risk=may_set_risk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = asb_case_create(
                actor=request.user,
                fields={"title": data["title"], "summary": data["summary"], "neighbourhood": data["neighbourhood"]},
                incidents=data["incidents"],
                perpetrators=form.perpetrators(),
                risk_level=data.get("risk_level", RiskLevel.STANDARD),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{case.reference} opened.")
            return redirect("incidents:asb-case-detail", pk=case.pk)
    return render(request, "incidents/asb_case_form.html", {"form": form, "case": None})


@require_capability(Capability.VIEW_INCIDENTS)
def asb_case_detail(request, pk):
    case = asb_case_get(actor=request.user, pk=pk)
    may_work = can_add_to_asb_case(request.user, case)
    version = {"version": case.version}
    return render(
        request,
        "incidents/asb_case_detail.html",
        {
            "case": case,
            "threshold": review_threshold(case.incidents.all()),
            "locations": patrol_links(request.user, case, asb_case_locations(case)),
            "may_edit": can_work_asb_cases(request.user),
            **page_sections(asb_case_page, actor=request.user, case=case),  # partners: the shares
            "show_incident": True,
            "incident_form": AsbAddIncidentsForm(initial=version) if may_work else None,
            "person_form": AsbAddPersonForm(initial=version, auto_id="person_%s") if may_work else None,
            "action_form": AsbActionForm(auto_id="action_%s") if may_work else None,
            "review_form": (
                AsbReviewForm(initial={**version, "risk_level": case.risk_level}, auto_id="review_%s")
                if can_review_asb_case_now(request.user, case)
                else None
            ),
        },
    )


def patrol_links(user, case, locations: list[dict]) -> list[dict]:
    """Each located place of the case, with the patrol form's prefill for those who may plan there."""
    may_plan = case.neighbourhood is not None and can_manage_patrols_in(user, case.neighbourhood)
    for place in locations:
        if may_plan and place["latitude"] is not None:
            place["patrol_query"] = urlencode(
                {
                    "neighbourhood": case.neighbourhood.code,
                    "origin": PatrolOrigin.ASB_CASE,
                    "case_reference": case.reference,
                    "label": (place["location"] or case.title)[:200],
                    "latitude": place["latitude"],
                    "longitude": place["longitude"],
                }
            )
    return locations


def case_url(case) -> str:
    return reverse("incidents:asb-case-detail", args=[case.pk])


@require_capability(Capability.WORK_ASB_CASES)
def asb_case_edit(request, pk):
    case = asb_case_get(actor=request.user, pk=pk, action="asb_case.view_to_edit")
    may_close = can_review_asb_case(request.user)
    if request.method != "POST":
        form = AsbCaseEditForm(instance=case, initial={"version": case.version}, may_close=may_close)
        return render(request, "incidents/asb_case_form.html", {"form": form, "case": case})
    form = AsbCaseEditForm(request.POST, instance=case, may_close=may_close)
    conflict = False
    if form.is_valid():
        try:
            asb_case_update(
                actor=request.user, case=case, version=form.cleaned_data["version"], fields=form.case_fields()
            )
        except StaleVersionError as exc:
            form = pages.rebased_form(AsbCaseEditForm, request, exc.current, may_close=may_close)
            conflict = True
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Changes saved.")
            return redirect(case_url(case))
    return render(request, "incidents/asb_case_form.html", {"form": form, "case": case, "conflict": conflict})


def run_and_report(request, case, work, success: str):
    """Run a detail-page form's service; every outcome is a message on the case page."""
    return pages.run_and_report(request, work, success=success, back_to=case_url(case), thing="case")


def case_form_post(request, pk, *, form_class, action: str, service, success):
    """One detail-page form post: the case (404 if out of scope), the form, the service,
    and every outcome as a message on the case page. `service(case, data)` does the
    work; `success(data)` words the confirmation."""
    case = asb_case_get(actor=request.user, pk=pk, action=action)
    form = form_class(request.POST)
    if not form.is_valid():
        return run_and_report(request, case, invalid(form), "")
    data = form.cleaned_data
    return run_and_report(request, case, lambda: service(case, data), success(data))


@require_capability(Capability.WORK_ASB_CASES)
@require_POST
def asb_case_add_incident(request, pk):
    return case_form_post(
        request,
        pk,
        form_class=AsbAddIncidentsForm,
        action="asb_case.view_to_add_incident",
        service=lambda case, data: asb_case_add_incidents(
            actor=request.user, case=case, incidents=data["incidents"], version=data["version"]
        ),
        success=lambda data: "Incidents linked.",
    )


@require_capability(Capability.WORK_ASB_CASES)
@require_POST
def asb_case_add_person_view(request, pk):
    return case_form_post(
        request,
        pk,
        form_class=AsbAddPersonForm,
        action="asb_case.view_to_add_person",
        service=lambda case, data: asb_case_add_person(
            actor=request.user,
            case=case,
            data={name: data[name] for name in ("role", "name", "contact")},
            version=data["version"],
        ),
        success=lambda data: f"{data['name']} linked.",
    )


@require_capability(Capability.WORK_ASB_CASES)
@require_POST
def asb_case_record_action_view(request, pk):
    return case_form_post(
        request,
        pk,
        form_class=AsbActionForm,
        action="asb_case.view_to_record_action",
        service=lambda case, data: asb_case_record_action(actor=request.user, case=case, **data),
        success=lambda data: "Action recorded.",
    )


@require_capability(Capability.WORK_ASB_CASES)
@require_POST
def asb_case_review_view(request, pk):
    return case_form_post(
        request,
        pk,
        form_class=AsbReviewForm,
        action="asb_case.view_to_review",
        service=lambda case, data: asb_case_review(
            actor=request.user, case=case, risk_level=data["risk_level"], version=data["version"]
        ),
        success=lambda data: "Review recorded; next review date set.",
    )
