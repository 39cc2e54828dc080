"""Intelligence pages (docs/intelligence.md): search, submit from a phone, read, evaluate,
reject, and the unit's restricted reads of the source record and the original."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from community.selectors import neighbourhood_outlines
from intelligence import policies, selectors
from intelligence.filtersets import IntelligenceLogFilterSet
from intelligence.forms import EvaluateForm, JustificationForm, RejectForm, SubmitForm
from intelligence.services import intelligence_log_evaluate, intelligence_log_reject, intelligence_log_submit
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.maps import patrol_map, picker_map
from pcso.pages import add_errors


@require_capability(Capability.VIEW_INTELLIGENCE)
def log_index(request):
    """Search: every request is one consultation row with the terms used."""
    filterset = IntelligenceLogFilterSet(request.GET, queryset=selectors.intelligence_log_list(actor=request.user))
    fields = filterset.form.fields
    for name in ("occurred_after", "occurred_before"):
        fields[name].widget.input_type = "datetime-local"
    fields["occurred_after"].label, fields["occurred_before"].label = "On or after", "Before"
    for name in ("status", "source_evaluation", "intelligence_assessment", "handling_code", "priority"):
        fields[name].choices = [("", "Any"), *list(fields[name].choices)[1:]]
    logs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(logs, 25).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="intelligence_log.search", details={"filters": request.GET.dict()})
    rows = [(log, policies.report_text(request.user, log)) for log in page.object_list]
    return render(request, "intelligence/log_list.html", {"filter": filterset, "page": page, "rows": rows})


@require_capability(Capability.SUBMIT_INTELLIGENCE)
def log_new(request):
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log = intelligence_log_submit(
                actor=request.user,
                fields=form.report_fields(),
                source=form.source(),
                subjects=form.subjects(),
                incidents=form.cleaned_data["incident_refs"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"{log.reference} submitted. The intelligence unit will evaluate it.")
            return redirect("intelligence:log-detail", pk=log.pk)
    map_data = picker_map(boundaries=neighbourhood_outlines())
    return render(request, "intelligence/log_form.html", {"form": form, "map_data": map_data})


@require_capability(Capability.VIEW_INTELLIGENCE)
def log_detail(request, pk):
    log = selectors.intelligence_log_get(actor=request.user, pk=pk)
    unit = policies.is_intelligence_unit(request.user)
    return render(
        request,
        "intelligence/log_detail.html",
        {
            "log": log,
            "text": policies.report_text(request.user, log),
            "sees_original": policies.sees_original_as_report(request.user, log),
            "unit": unit,
            "may_evaluate": policies.can_evaluate(request.user, log),
            "reject_form": (
                RejectForm(initial={"version": log.version}, auto_id="reject_%s")
                if policies.can_reject(request.user, log)
                else None
            ),
            "map_data": point_map(log),
        },
    )


def point_map(log) -> dict | None:
    """The report's place for the shared Leaflet point map (static/js/patrols.js draws `points`)."""
    if not log.has_point:
        return None
    return patrol_map(
        points=[{"latitude": log.latitude, "longitude": log.longitude, "location": log.location_text or log.reference}]
    )


def unit_log(request, pk, action: str):
    """The report for a unit-only page (the decorator already refused everyone else)."""
    return selectors.intelligence_log_get(actor=request.user, pk=pk, action=action)


@require_capability(Capability.EVALUATE_INTELLIGENCE)
def log_evaluate(request, pk):
    log = unit_log(request, pk, "intelligence_log.view_to_evaluate")
    if not policies.can_evaluate(request.user, log):
        messages.error(request, "A rejected or imported report cannot be evaluated.")
        return redirect("intelligence:log-detail", pk=log.pk)
    if request.method != "POST":
        # First evaluation: the readers' text starts as the original, for the unit to edit.
        initial = {"version": log.version, "sanitised_text": log.sanitised_text or log.original_text}
        return evaluate_page(request, log, EvaluateForm(instance=log, initial=initial))
    form = EvaluateForm(request.POST, instance=log)
    if not form.is_valid():
        return evaluate_page(request, log, form)
    try:
        intelligence_log_evaluate(
            actor=request.user,
            log=log,
            values=form.evaluation(),
            version=form.cleaned_data["version"],
            sanitised_text=form.cleaned_data["sanitised_text"],
        )
    except StaleVersionError as exc:
        form = pages.rebased_form(EvaluateForm, request, exc.current)
        return evaluate_page(request, exc.current, form, conflict=True)
    except ValidationError as exc:
        add_errors(form, exc)
        return evaluate_page(request, log, form)
    messages.success(request, f"{log.reference} evaluated and released as {log.grading}.")
    return redirect("intelligence:log-detail", pk=log.pk)


def evaluate_page(request, log, form, conflict=False):
    context = {"log": log, "form": form, "conflict": conflict}
    return render(request, "intelligence/log_evaluate.html", context)


@require_capability(Capability.EVALUATE_INTELLIGENCE)
@require_POST
def log_reject(request, pk):
    log = unit_log(request, pk, "intelligence_log.view_to_reject")
    form = RejectForm(request.POST)

    def reject():
        if not form.is_valid():
            raise ValidationError(form.errors.get("reason") or "Reload the page and try again.")
        intelligence_log_reject(
            actor=request.user, log=log, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
        )

    return pages.run_and_report(
        request,
        reject,
        success=f"{log.reference} rejected. The submitter can read why.",
        back_to=reverse("intelligence:log-detail", args=[log.pk]),
        thing="report",
    )


RESTRICTED_READS = {
    "source": ("Source record", selectors.source_record_get),
    "original": ("Original text, before sanitising", selectors.original_text_get),
}


@require_capability(Capability.EVALUATE_INTELLIGENCE)
@never_cache  # a source's name must not stay in a browser or proxy cache
def log_restricted(request, pk, what: str):
    """Ask why; then show the source record or the original, once, logged with the reason.

    A POST, so the reason stays out of URLs and browser history, and a reload asks again.
    """
    if what not in RESTRICTED_READS:
        raise Http404
    title, read = RESTRICTED_READS[what]
    log = unit_log(request, pk, f"intelligence_log.view_to_read_{what}")
    form = JustificationForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        try:
            shown = read(actor=request.user, log=log, justification=form.cleaned_data["justification"])
        except ValidationError as exc:
            add_errors(form, exc)
    context = {"log": log, "form": form, "title": title, "what": what, "shown": shown}
    return render(request, "intelligence/log_restricted.html", context)
