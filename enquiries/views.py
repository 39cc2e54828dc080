"""House-to-house enquiry pages (docs/enquiries.md): list, set up, the coordinator's page,
the phone visit form, edit, close, CSV export and the printable report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from enquiries.api.views import csv_response
from enquiries.display import map_premises, people_text, status_legend
from enquiries.filtersets import EnquiryFilterSet
from enquiries.forms import EnquiryCloseForm, EnquiryEditForm, EnquiryForm, PremisesForm, PremisesImportForm, VisitForm
from enquiries.policies import can_close_enquiry_now, can_work_enquiries, can_work_open_enquiry
from enquiries.selectors import (
    enquiry_follow_ups,
    enquiry_get,
    enquiry_list,
    enquiry_premises,
    enquiry_progress,
    enquiry_revisits,
    enquiry_visits,
    premises_get,
)
from enquiries.services.enquiry import enquiry_close, enquiry_create, enquiry_update
from enquiries.services.premises import premises_add, premises_import
from enquiries.services.visits import visit_follow_up_done, visit_record
from incidents.models.incidents import Incident
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.maps import tiles
from pcso.pages import add_errors, form_errors, invalid

PREMISES_PAGE = 100


def enquiry_url(enquiry) -> str:
    return reverse("enquiries:enquiry-detail", args=[enquiry.pk])


@require_capability(Capability.VIEW_INCIDENTS)
def enquiry_index(request):
    filterset = EnquiryFilterSet(request.GET, queryset=enquiry_list(actor=request.user))
    filterset.form.fields["status"].empty_label = "Any status"
    filterset.form.fields["revisits_due"].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]
    enquiries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(enquiries, 50).get_page(request.GET.get("page"))
    for enquiry in page.object_list:
        enquiry.progress = enquiry_progress(enquiry)
    audit_consultation(actor=request.user, action="enquiry.search", details={"filters": request.GET.dict()})
    return render(request, "enquiries/enquiry_list.html", {"filter": filterset, "page": page})


def map_context(enquiry=None, premises=()) -> dict:
    return {
        "tiles": tiles(),
        "area": enquiry.area if enquiry else None,
        "premises": map_premises(premises),
        "legend": status_legend(),
    }


@require_capability(Capability.LOG_INCIDENTS)
def enquiry_new(request):
    initial = {
        "incident": request.GET.get("incident", "")[:12],
        "question_templates": ["home-at-time", "saw-or-heard", "cctv"],
    }
    form = EnquiryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enquiry = set_up(request, form)
        if enquiry:
            return redirect(enquiry_url(enquiry))
    area = form["area"].value() if form.is_bound else None
    return render(
        request,
        "enquiries/enquiry_form.html",
        {"form": form, "enquiry": None, "map_data": map_context() | {"area": area}},
    )


def set_up(request, form):
    """Create the enquiry, then import the CSV given with it (its report as messages)."""
    data = form.cleaned_data
    incident = Incident.objects.visible_to(request.user).filter(pk=data["incident"]).first()
    if incident is None:
        form.add_error("incident", "There is no incident with that number.")
        return None
    try:
        enquiry = enquiry_create(
            actor=request.user,
            incident=incident,
            fields=form.enquiry_fields(),
            question_templates=data["question_templates"],
            extra_questions=data["extra_questions"].splitlines(),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    messages.success(request, f"{enquiry.reference} set up.")
    if data["premises_file"]:
        run_import(request, enquiry, data["premises_file"])
    return enquiry


def run_import(request, enquiry, upload) -> None:
    try:
        report = premises_import(actor=request.user, enquiry=enquiry, handle=upload, file_name=upload.name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    messages.success(request, report.summary + ".")
    for problem in [*report.errors, *report.duplicates][:50]:
        messages.warning(request, problem)


@require_capability(Capability.VIEW_INCIDENTS)
def enquiry_detail(request, pk):
    """The coordinator's page: progress, revisits due, follow-ups, the map, the premises list."""
    enquiry = enquiry_get(actor=request.user, pk=pk)
    premises = enquiry_premises(actor=request.user, enquiry=enquiry)
    may_work = can_work_open_enquiry(request.user, enquiry)
    return render(
        request,
        "enquiries/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "progress": enquiry_progress(enquiry),
            "revisits": enquiry_revisits(actor=request.user, enquiry=enquiry)[:50] if enquiry.is_open else [],
            "follow_ups": enquiry_follow_ups(actor=request.user, enquiry=enquiry)[:50],
            "page": Paginator(premises, PREMISES_PAGE).get_page(request.GET.get("page")),
            "map_data": map_context(enquiry, premises[:2000]),
            "legend": status_legend(),
            "may_work": may_work,
            "now": timezone.now(),
            "may_close": can_close_enquiry_now(request.user, enquiry),
            # The services take a follow-up done after the enquiry closed: the button stays.
            "may_follow_up": can_work_enquiries(request.user),
            "premises_form": PremisesForm(auto_id="premises_%s") if may_work else None,
            "import_form": PremisesImportForm(auto_id="import_%s") if may_work else None,
        },
    )


@require_capability(Capability.LOG_INCIDENTS)
def enquiry_edit(request, pk):
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_edit")
    if not can_work_open_enquiry(request.user, enquiry):
        return closed(request, enquiry)
    if request.method != "POST":
        form = EnquiryEditForm(instance=enquiry, initial={"version": enquiry.version})
        return render(request, "enquiries/enquiry_form.html", edit_context(form, enquiry))
    form = EnquiryEditForm(request.POST, instance=enquiry)
    conflict = False
    if form.is_valid():
        try:
            enquiry_update(
                actor=request.user, enquiry=enquiry, version=form.cleaned_data["version"], fields=form.enquiry_fields()
            )
        except StaleVersionError as exc:
            form = pages.rebased_form(EnquiryEditForm, request, exc.current)
            conflict = True
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, "Changes saved.")
            return redirect(enquiry_url(enquiry))
    return render(request, "enquiries/enquiry_form.html", edit_context(form, enquiry) | {"conflict": conflict})


def edit_context(form, enquiry) -> dict:
    area = form["area"].value() if form.is_bound else enquiry.area
    return {"form": form, "enquiry": enquiry, "map_data": map_context(enquiry) | {"area": area}}


def closed(request, enquiry):
    messages.error(request, f"{enquiry.reference} is closed: it takes no more changes or visits.")
    return redirect(enquiry_url(enquiry))


def report_outcome(request, enquiry, work, success: str):
    """Run a coordinator-page form's service; every outcome is a message on that page."""
    return pages.run_and_report(request, work, success=success, back_to=enquiry_url(enquiry), thing="enquiry")


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def enquiry_add_premises(request, pk):
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_add_premises")
    form = PremisesForm(request.POST)
    if not form.is_valid():
        return report_outcome(request, enquiry, invalid(form), "")
    return report_outcome(
        request,
        enquiry,
        lambda: premises_add(actor=request.user, enquiry=enquiry, **form.cleaned_data),
        f"{form.cleaned_data['address']} added.",
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def enquiry_import(request, pk):
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_import")
    form = PremisesImportForm(request.POST, request.FILES)
    if form.is_valid():
        run_import(request, enquiry, form.cleaned_data["file"])
    else:
        messages.error(request, " ".join(form_errors(form).messages))
    return redirect(enquiry_url(enquiry))


@require_capability(Capability.LOG_INCIDENTS)
def visit_new(request, pk, premises_pk):
    """The phone form for one call at one premises. No version field: visits are additions."""
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_record_visit")
    premises = premises_get(actor=request.user, enquiry=enquiry, pk=premises_pk)
    if not can_work_open_enquiry(request.user, enquiry):
        return closed(request, enquiry)
    form = VisitForm(request.POST or None, questions=enquiry.questions)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_record(actor=request.user, premises=premises, **form.visit_data())
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, f"Visit to {premises.address} recorded: {visit.outcome.name}.")
            return redirect(enquiry_url(enquiry) + "#premises-heading")
    earlier = enquiry_visits(actor=request.user, enquiry=enquiry).filter(premises=premises)
    return render(
        request,
        "enquiries/visit_form.html",
        {
            "enquiry": enquiry,
            "premises": premises,
            "form": form,
            "earlier": earlier[:20],
            "revisit_codes": [o.code for o in form.fields["outcome"].queryset if o.needs_revisit],
            "card_codes": [o.code for o in form.fields["outcome"].queryset if o.asks_card_reference],
        },
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def follow_up_done(request, pk, visit_pk):
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_follow_up")
    visit = get_object_or_404(enquiry_visits(actor=request.user, enquiry=enquiry), pk=visit_pk)
    return report_outcome(
        request,
        enquiry,
        lambda: visit_follow_up_done(actor=request.user, visit=visit),
        f"Follow-up at {visit.premises.address} marked done.",
    )


@require_capability(Capability.LOG_INCIDENTS)
def enquiry_close_view(request, pk):
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.view_to_close")
    if not can_close_enquiry_now(request.user, enquiry):
        messages.error(request, "Only the coordinator or a supervisor closes an open enquiry.")
        return redirect(enquiry_url(enquiry))
    form = EnquiryCloseForm(request.POST or None, initial={"version": enquiry.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enquiry_close(
                actor=request.user,
                enquiry=enquiry,
                summary=data["summary"],
                unreached_reason=data["unreached_reason"],
                version=data["version"],
            )
        except StaleVersionError:
            form.add_error(None, pages.stale_message("enquiry"))
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, f"{enquiry.reference} closed.")
            return redirect(enquiry_url(enquiry))
    progress = enquiry_progress(enquiry)
    unfinished = progress["total"] - progress["completed"]
    return render(
        request,
        "enquiries/enquiry_close.html",
        {"enquiry": enquiry, "form": form, "progress": progress, "unfinished": unfinished},
    )


@require_capability(Capability.VIEW_INCIDENTS)
def enquiry_export(request, pk):
    """The CSV for the case file; each download is one logged export."""
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.export")
    return csv_response(enquiry, request.user)


@require_capability(Capability.VIEW_INCIDENTS)
def enquiry_report(request, pk):
    """The printable report for the case file: every premises and every visit, with answers."""
    enquiry = enquiry_get(actor=request.user, pk=pk, action="enquiry.report")
    visits = list(enquiry_visits(actor=request.user, enquiry=enquiry).order_by("visited_at", "id"))
    by_premises: dict[int, list] = {}
    for visit in visits:
        visit.people_text = people_text(visit.people)
        visit.answer_rows = [(q["text"], visit.answers.get(q["code"], "")) for q in enquiry.questions]
        by_premises.setdefault(visit.premises_id, []).append(visit)
    premises = list(enquiry_premises(actor=request.user, enquiry=enquiry))
    for place in premises:
        place.visit_rows = by_premises.get(place.pk, [])
    return render(
        request,
        "enquiries/enquiry_report.html",
        {"enquiry": enquiry, "progress": enquiry_progress(enquiry), "premises": premises},
    )
