"""The case page's form posts: sightings, actions, checklist, trace, return, the RHI
referral and the Herbert Protocol; each outcome is a message on the case page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from missing_persons import selectors as reads
from missing_persons.forms import (
    ActionDoneForm,
    ActionForm,
    ChecklistTickForm,
    HerbertProtocolForm,
    ReferRhiForm,
    ReturnForm,
    SightingForm,
    TraceForm,
)
from missing_persons.models import MissingAction
from missing_persons.policies import (
    can_refer_rhi,
    rhi_referral_blockers,
)
from missing_persons.services.herbert import herbert_protocol_save
from missing_persons.services.outcome import missing_case_record_return, missing_case_trace
from missing_persons.services.rhi import missing_case_refer_rhi, require_may_refer_rhi
from missing_persons.services.search import (
    missing_action_complete,
    missing_case_add_action,
    missing_case_add_sighting,
    missing_case_tick_checklist,
)
from missing_persons.views.cases import case_url, detail_context, rhi_agreements
from pcso import pages
from pcso.pages import add_errors, form_errors


def run_and_report(request, case, work, success: str):
    """Run a case-page form's service; every outcome is a message on the case page."""
    return pages.run_and_report(request, work, success=success, back_to=case_url(case), thing="case")


def case_form_post(request, pk, *, form, service, success: str):
    """One case-page form post: the case (404 if out of scope), the form, then the service
    (which audits what it changes). `form` is a form class, or a function of the case."""
    case = reads.missing_case_for_update(actor=request.user, pk=pk)
    bound = form(request.POST) if isinstance(form, type) else form(case)
    if not bound.is_valid():
        return run_and_report(request, case, raiser(form_errors(bound)), "")
    return run_and_report(request, case, lambda: service(case, bound.cleaned_data), success)


def raiser(exc):
    def fail():
        raise exc

    return fail


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_sighting_view(request, pk):
    return case_form_post(
        request,
        pk,
        form=SightingForm,
        service=lambda case, data: missing_case_add_sighting(actor=request.user, case=case, data=data),
        success="Sighting added.",
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_action_view(request, pk):
    return case_form_post(
        request,
        pk,
        form=ActionForm,
        service=lambda case, data: missing_case_add_action(actor=request.user, case=case, **data),
        success="Action added.",
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_action_done_view(request, pk, action_pk):
    case = reads.missing_case_for_update(actor=request.user, pk=pk)
    action = get_object_or_404(MissingAction.objects.select_related("case"), pk=action_pk, case=case)
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        return run_and_report(request, case, raiser(form_errors(form)), "")
    work = lambda: missing_action_complete(actor=request.user, action=action, result=form.cleaned_data["result"])  # noqa: E731
    return run_and_report(request, case, work, "Action marked done.")


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_checklist_view(request, pk):
    return case_form_post(
        request,
        pk,
        form=ChecklistTickForm,
        service=lambda case, data: missing_case_tick_checklist(actor=request.user, case=case, **data),
        success="Checklist item ticked.",
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_trace_view(request, pk):
    def trace(case, data):
        fields = {name: data[name] for name in ("traced_at", "traced_where", "traced_how", "traced_by")}
        missing_case_trace(
            actor=request.user, case=case, fields=fields, version=data["version"], rhi_agency=data["rhi_agency"]
        )

    return case_form_post(
        request, pk, form=TraceForm, service=trace, success="Traced: the case has left the briefing's missing persons."
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def missing_case_return_view(request, pk):
    def record(case, data):
        fields = {name: value for name, value in data.items() if name != "version"}
        missing_case_record_return(actor=request.user, case=case, fields=fields, version=data["version"])

    form = lambda case: ReturnForm(request.POST, child=case.is_child)  # noqa: E731
    return case_form_post(request, pk, form=form, service=record, success="Return recorded.")


@require_capability(Capability.SHARE_NOTES)
@require_POST
def missing_case_refer_rhi_view(request, pk):
    """Refer a traced child's return home interview to the local authority: a disclosure the
    officer decides on. Field problems show on the case page's form."""
    case = reads.missing_case_for_update(actor=request.user, pk=pk)
    if not can_refer_rhi(request.user, case):
        # Say why on the case page, in the service's words: the role (refused and logged
        # there), else what about the case blocks it (the same rule can_refer_rhi asks).
        def refuse():
            require_may_refer_rhi(request.user, case)
            raise ValidationError(rhi_referral_blockers(case))

        return run_and_report(request, case, refuse, "")
    form = ReferRhiForm(request.POST, auto_id="rhi_%s", agreements=rhi_agreements(request.user, case))
    if form.is_valid():
        try:
            share = missing_case_refer_rhi(actor=request.user, case=case, **form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(case_url(case))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Referred to {share.agency.name}: they see this note only, with the deadline.")
            return redirect(case_url(case) + "#rhi")
    case = reads.missing_case_get(actor=request.user, pk=pk, action="missing_case.view_to_refer_rhi")
    return render(request, "missing_persons/missing_case_detail.html", detail_context(request, case, form))


@require_capability(Capability.LOG_INCIDENTS)
def missing_case_herbert_view(request, pk):
    case = reads.missing_case_get(actor=request.user, pk=pk, action="missing_case.view_herbert_protocol")
    existing = getattr(case, "herbert_protocol", None)
    initial = {
        name: getattr(existing, name) for name in HerbertProtocolForm.base_fields if existing and name != "photo"
    }
    form = HerbertProtocolForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            herbert_protocol_save(
                actor=request.user, case=case, fields=form.herbert_fields(), photo=form.cleaned_data.get("photo")
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Herbert Protocol details saved.")
            return redirect(case_url(case))
    return render(request, "missing_persons/missing_case_herbert.html", {"case": case, "form": form})
