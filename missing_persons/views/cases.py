"""Missing-person case pages: list, open, the case page with its forms, edit, risk
assessment, the printable timeline and the audited photo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.changes import changes_since
from audit.services import audit_consultation
from community.selectors import neighbourhood_outlines
from incidents.models.incidents import Incident
from incidents.selectors import incident_notes
from missing_persons import selectors as reads
from missing_persons.choices import MissingRiskLevel
from missing_persons.filtersets import MissingPersonCaseFilterSet
from missing_persons.forms import (
    ActionForm,
    MissingCaseEditForm,
    MissingCaseForm,
    ReferRhiForm,
    ReturnForm,
    RiskAssessmentForm,
    SightingForm,
    TraceForm,
)
from missing_persons.policies import (
    can_record_return,
    can_refer_rhi,
    can_review_missing_persons,
    can_work_active_case,
    can_work_missing_persons,
)
from missing_persons.services.reports import missing_case_assess, missing_case_open, missing_case_update
from missing_persons.services.rhi import RHI_PURPOSE
from partners.selectors import agreements_usable
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.maps import map_point, picker_map
from pcso.pages import add_errors

PHOTO_KINDS = ("person", "herbert")


def case_url(case) -> str:
    return reverse("missing_persons:missing-case-detail", args=[case.pk])


def map_data(case=None, *, point=None) -> dict:
    """What the map draws (static/js/incident_form.js): outlines, the point being picked, and
    the case's known places (missing from, sightings) as labelled dots."""
    return picker_map(boundaries=neighbourhood_outlines(), point=point, points=known_places(case))


def known_places(case) -> list[dict]:
    if case is None:
        return []
    home = map_point(case)
    places = [{"latitude": home[0], "longitude": home[1], "label": "Missing from", "kind": "home"}] if home else []
    return places + [
        {
            "latitude": s.latitude,
            "longitude": s.longitude,
            "kind": "sighting",
            "label": f"Sighting {s.seen_at:%d %b %H:%M} ({s.get_confidence_display().lower()})",
        }
        for s in case.sightings.all()
        if s.has_point
    ]


def tidy_filter_form(form) -> None:
    fields = form.fields
    fields["status"].empty_label = "Any status"
    fields["risk_level"].empty_label = "Any risk level"
    fields["review_overdue"].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]
    for name in ("missing_after", "missing_before"):
        fields[name].widget.input_type = "datetime-local"
    fields["missing_after"].label, fields["missing_before"].label = "Missing on or after", "Missing before"


@require_capability(Capability.VIEW_INCIDENTS)
def missing_case_index(request):
    filterset = MissingPersonCaseFilterSet(request.GET, queryset=reads.missing_case_list(actor=request.user))
    tidy_filter_form(filterset.form)
    cases = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    # Restricted data: the search itself is logged, with its filters.
    audit_consultation(actor=request.user, action="missing_case.search", details={"filters": request.GET.dict()})
    levels = reads.risk_levels()
    rows = [(case, reads.risk_label(case.risk_level, levels), reads.review_timer(case)) for case in page]
    return render(request, "missing_persons/missing_case_list.html", {"filter": filterset, "page": page, "rows": rows})


def linked_incident(request) -> Incident | None:
    """The incident named by ?incident= (or the form's hidden field), if the user may see it."""
    value = request.POST.get("incident") or request.GET.get("incident") or ""
    if not value.isdigit():
        return None
    return get_object_or_404(Incident.objects.visible_to(request.user), pk=int(value))


@require_capability(Capability.LOG_INCIDENTS)
def missing_case_new(request):
    incident = linked_incident(request)
    levels = reads.risk_levels()
    initial = {"missing_from": incident.location_text, "neighbourhood": incident.neighbourhood_id} if incident else {}
    form = MissingCaseForm(request.POST or None, request.FILES or None, initial=initial)
    risk = RiskAssessmentForm(request.POST or None, prefix="risk", levels=levels)
    if request.method == "POST" and form.is_valid() and risk.is_valid():
        try:
            case = missing_case_open(
                actor=request.user,
                fields=form.case_fields(),
                assessment=risk.assessment(),
                answers=risk.answers(),
                incident=incident,
                photo=form.cleaned_data.get("photo"),
            )
        except ValidationError as exc:
            add_risk_errors(form, risk, exc)
        else:
            messages.success(request, f"{case.reference} opened: {case.name} is recorded as missing.")
            return redirect(case_url(case))
    point = point_of(form)
    context = {"form": form, "risk": risk, "incident": incident, "case": None, "map_data": map_data(point=point)}
    return render(request, "missing_persons/missing_case_form.html", context)


def point_of(form):
    lat, lon = form["latitude"].value(), form["longitude"].value()
    try:
        return [float(lat), float(lon)] if lat not in (None, "") and lon not in (None, "") else None
    except (TypeError, ValueError):
        return None


def add_risk_errors(form, risk, exc: ValidationError) -> None:
    """The service names assessment fields risk_<name>: put them on the assessment form."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        name = (field or "").removeprefix("risk_")
        if field and field.startswith("risk_") and name in risk.fields:
            risk.add_error(name, errors)
        elif field == "answers":
            risk.add_error(None, errors)
        else:
            add_errors(form, ValidationError({field: errors}) if field else ValidationError(errors))


@require_capability(Capability.VIEW_INCIDENTS)
def missing_case_detail(request, pk):
    case = reads.missing_case_get(actor=request.user, pk=pk)
    return render(request, "missing_persons/missing_case_detail.html", detail_context(request, case))


def detail_context(request, case, rhi_form=None) -> dict:
    may_work = can_work_missing_persons(request.user)
    may_work_active = can_work_active_case(request.user, case)  # the forms the services take only while missing
    version = {"version": case.version}
    levels = reads.risk_levels()
    shows_checklist = case.risk_level == MissingRiskLevel.HIGH or case.checklist_ticks.all()
    checklist = reads.checklist(case) if shows_checklist else []
    context = {
        "case": case,
        "risk_label": reads.risk_label(case.risk_level, levels),
        "interval_words": reads.duration_words(levels[case.risk_level].review_minutes * 60)
        if case.risk_level in levels
        else "",
        "may_review": can_review_missing_persons(request.user),
        "timer": reads.review_timer(case),
        "rhi_timer": reads.rhi_timer(case),
        "checklist": checklist,
        "checklist_progress": reads.checklist_progress(checklist),
        "assessments": [(a, reads.risk_label(a.risk_level, levels)) for a in case.assessments.all()],
        "notes": incident_notes(actor=request.user, incident=case.incident),
        "may_work": may_work,
        "map_data": map_data(case),
        "may_work_active": may_work_active,
        "sighting_form": SightingForm() if may_work_active else None,
        "action_form": ActionForm(auto_id="action_%s") if may_work_active else None,
        "trace_form": TraceForm(auto_id="trace_%s", initial=version) if may_work_active else None,
        "return_form": (
            ReturnForm(auto_id="return_%s", initial={**version, **return_initial(case)}, child=case.is_child)
            if can_record_return(request.user, case)
            else None
        ),
        **rhi_referral_context(request.user, case, rhi_form),
    }
    return context


def rhi_agreements(user, case):
    return agreements_usable(actor=user, agency=case.rhi_agency, today=timezone.localdate())


def rhi_referral_context(user, case, form=None) -> dict:
    if not can_refer_rhi(user, case):
        return {"rhi_form": None, "rhi_may_refer": False}
    agreements = rhi_agreements(user, case)
    initial = {"note_text": reads.rhi_referral_text(case), "purpose": RHI_PURPOSE}
    if len(agreements) == 1:
        initial["agreement"] = agreements[0].pk
    form = form or ReferRhiForm(auto_id="rhi_%s", agreements=agreements, initial=initial)
    return {"rhi_form": form if agreements else None, "rhi_may_refer": True}


def return_initial(case) -> dict:
    return {
        name: getattr(case, name)
        for name in ("safe_and_well_at", "safe_and_well_notes", "rhi_completed_at", "rhi_notes")
    }


@require_capability(Capability.LOG_INCIDENTS)
def missing_case_edit(request, pk):
    case = reads.missing_case_get(actor=request.user, pk=pk, action="missing_case.view_to_edit")
    if request.method != "POST":
        form = MissingCaseEditForm(instance=case, initial={"version": case.version})
        return edit_page(request, case, form)
    form = MissingCaseEditForm(request.POST, request.FILES, instance=case)
    if form.is_valid():
        try:
            missing_case_update(
                actor=request.user,
                case=case,
                version=form.cleaned_data["version"],
                fields=form.case_fields(),
                photo=form.cleaned_data.get("photo"),
            )
        except StaleVersionError as exc:
            form = pages.rebased_form(MissingCaseEditForm, request, exc.current)
            seen = int(request.POST.get("version") or 0)
            return edit_page(request, case, form, conflict=changes_since(obj=case, version=seen))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Changes saved.")
            return redirect(case_url(case))
    return edit_page(request, case, form)


def edit_page(request, case, form, conflict=None):
    context = {"form": form, "case": case, "conflict": conflict, "map_data": map_data(point=point_of(form))}
    return render(request, "missing_persons/missing_case_form.html", context)


@require_capability(Capability.LOG_INCIDENTS)
def missing_case_assess_view(request, pk):
    """Re-grade the risk with the questionnaire; a supervisor's grading is their review."""
    case = reads.missing_case_get(actor=request.user, pk=pk, action="missing_case.view_to_assess")
    levels = reads.risk_levels()
    form = RiskAssessmentForm(
        request.POST or None, levels=levels, initial={"risk_level": case.risk_level, "version": case.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            missing_case_assess(
                actor=request.user,
                case=case,
                data=form.assessment(),
                answers=form.answers(),
                version=form.cleaned_data.get("version"),
            )
        except StaleVersionError:
            messages.error(request, pages.stale_message("case"))
            return redirect(case_url(case))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field.removeprefix("risk_")
                form.add_error(name if name in form.fields else None, errors)
        else:
            review = can_review_missing_persons(request.user)
            messages.success(request, "Supervisor review recorded." if review else "Risk assessment recorded.")
            return redirect(case_url(case))
    is_review = can_review_missing_persons(request.user)
    context = {"case": case, "risk": form, "is_review": is_review, "levels": levels.values()}
    return render(request, "missing_persons/missing_case_assess.html", context)


@require_capability(Capability.VIEW_INCIDENTS)
@require_GET
def missing_case_photo_view(request, pk, which):
    if which not in PHOTO_KINDS:
        raise Http404
    return reads.missing_case_photo(actor=request.user, pk=pk, which=which)


@require_capability(Capability.VIEW_INCIDENTS)
def missing_case_timeline_view(request, pk):
    case = reads.missing_case_get(actor=request.user, pk=pk, action="missing_case.view_timeline")
    events = reads.missing_case_timeline(actor=request.user, case=case)
    context = {"case": case, "events": events, "risk_label": reads.risk_label(case.risk_level)}
    return render(request, "missing_persons/missing_case_timeline.html", context)
