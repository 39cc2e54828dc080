from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.changes import changes_since
from audit.services import audit_consultation
from community.selectors import neighbourhood_outlines
from incidents.choices import AsbQualifier, IncidentStatus
from incidents.filtersets import IncidentFilterSet
from incidents.forms import EditIncidentForm, LogIncidentForm, NoteForm, WorkflowForm
from incidents.models.incidents import IncidentCategory
from incidents.policies import (
    PAST_TENSE,
    available_transitions,
    can_add_note,
    can_edit_incident,
    can_edit_note,
    note_edit_deadline,
)
from incidents.repeats import incident_repeats
from incidents.selectors import (
    incident_get,
    incident_list,
    incident_notes,
    incident_people,
    note_get,
)
from incidents.services.incidents import (
    incident_assign,
    incident_close,
    incident_create,
    incident_resolve,
    incident_start,
    incident_update,
)
from incidents.services.notes import note_create, note_edit
from incidents.signals import incident_page, page_sections
from pcso import pages
from pcso.concurrency import StaleVersionError
from pcso.maps import map_point, picker_map

WORKFLOW_SERVICES = {
    "assign": incident_assign,
    "start": incident_start,
    "resolve": incident_resolve,
    "close": incident_close,
}
WORKFLOW_INPUTS = {"assign": ["assignee"], "start": [], "resolve": ["closing_category"], "close": ["closing_category"]}
CHANGE_WORDS = {
    "incident.update": "edited it",
    "incident.assign": "assigned it",
    "incident.start": "started work on it",
    "incident.resolve": "resolved it",
    "incident.close": "closed it",
}


@require_capability(Capability.VIEW_INCIDENTS)
def incident_index(request):
    filterset = IncidentFilterSet(request.GET, queryset=incident_list(actor=request.user))
    present_filter_form(filterset.form)
    incidents = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="incident.search", details={"filters": request.GET.dict()})
    return render(request, "incidents/incident_list.html", {"filter": filterset, "page": page})


def present_filter_form(form) -> None:
    """Plain labels and native pickers for the page; the FilterSet (shared with the API) is untouched."""
    fields = form.fields
    fields["occurred_after"].widget.input_type = "datetime-local"
    fields["occurred_before"].widget.input_type = "datetime-local"
    fields["occurred_after"].label = "Happened on or after"
    fields["occurred_before"].label = "Happened before"
    fields["status"].widget.attrs["size"] = len(IncidentStatus.choices)
    fields["category"].empty_label = "Any category"
    fields["asb_qualifier"].widget.choices = [("", "Any"), *AsbQualifier.choices]
    for name in ("active", "repeat"):
        fields[name].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]


def map_data(incident=None) -> dict:
    """What the location picker draws: neighbourhood outlines, the point already chosen, and
    which categories show the ASB questions."""
    return picker_map(
        boundaries=neighbourhood_outlines(),
        point=map_point(incident),
        asb_categories=IncidentCategory.objects.filter(is_asb=True).values_list("pk", flat=True),
    )


def form_page(request, form, *, incident=None, conflict=None):
    context = {"form": form, "incident": incident, "conflict": conflict, "map_data": map_data(incident)}
    return render(request, "incidents/incident_form.html", context)


@require_capability(Capability.LOG_INCIDENTS)
def incident_new(request):
    form = LogIncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = incident_create(actor=request.user, fields=form.incident_fields(), people=form.people())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{incident.reference} logged.")
            return redirect("incidents:incident-detail", pk=incident.pk)
    return form_page(request, form)


@require_capability(Capability.VIEW_INCIDENTS)
def incident_detail(request, pk):
    incident = incident_get(actor=request.user, pk=pk)
    notes = list(incident_notes(actor=request.user, incident=incident))
    sections = page_sections(incident_page, actor=request.user, incident=incident)  # partners: the shares
    shared_with = sections.pop("shared_with", {})
    now = timezone.now()
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "people": incident_people(actor=request.user, incident=incident),
            "repeats": incident_repeats(incident),
            "window_days": settings.REPEAT_WINDOW_DAYS,
            "notes": [(note, can_edit_note(request.user, note, now), shared_with.get(note.pk, [])) for note in notes],
            "note_form": NoteForm() if can_add_note(request.user, incident) else None,
            "can_edit": can_edit_incident(request.user, incident),
            "workflow": workflow_buttons(request.user, incident),
            **sections,
        },
    )


WORKFLOW_LABELS = {"assign": "Assign", "start": "Start work", "resolve": "Resolve", "close": "Close"}


def workflow_buttons(user, incident) -> list[dict]:
    """One small form per verb the user may use now; ids are per form, so two can share a page."""
    initial = {
        "version": incident.version,
        "closing_category": incident.closing_category_id or incident.opening_category_id,
    }
    return [
        {
            "verb": verb,
            "label": WORKFLOW_LABELS[verb],
            "url": reverse(f"incidents:incident-{verb}", args=[incident.pk]),
            "form": WorkflowForm(auto_id=f"{verb}_%s", initial={**initial, "assignee": incident.assignee_id}),
            "inputs": WORKFLOW_INPUTS[verb],
        }
        for verb in available_transitions(user, incident)
    ]


def changes_for_display(incident, version: int) -> list[dict]:
    """The audit trail's field-level changes since `version`, in words."""
    return [
        {**change, "what": CHANGE_WORDS.get(change["action"], change["action"])}
        for change in changes_since(obj=incident, version=version)
    ]


@require_capability(Capability.LOG_INCIDENTS)
def incident_edit(request, pk):
    incident = incident_get(actor=request.user, pk=pk, action="incident.view_to_edit")
    if not can_edit_incident(request.user, incident):
        messages.error(request, "You may not edit this incident: ask its assignee or a supervisor.")
        return redirect("incidents:incident-detail", pk=incident.pk)
    if request.method != "POST":
        return form_page(
            request, EditIncidentForm(instance=incident, initial={"version": incident.version}), incident=incident
        )
    form = EditIncidentForm(request.POST, instance=incident)
    if not form.is_valid():
        return form_page(request, form, incident=incident)
    try:
        incident_update(actor=request.user, incident=incident, version=form.cleaned_data["version"],
                        fields=form.incident_fields())  # fmt: skip
    except StaleVersionError as exc:
        return conflict_page(request, exc.current, seen=form.cleaned_data["version"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return form_page(request, form, incident=incident)
    messages.success(request, "Changes saved.")
    return redirect("incidents:incident-detail", pk=incident.pk)


def conflict_page(request, current, *, seen: int):
    """Someone saved first: keep the editor's text, show what changed, and base the form on the
    current version, so saving again is a deliberate choice rather than a silent overwrite."""
    form = pages.rebased_form(EditIncidentForm, request, current)
    return form_page(request, form, incident=current, conflict=changes_for_display(current, seen))


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def incident_workflow(request, pk, verb):
    incident = incident_get(actor=request.user, pk=pk, action=f"incident.view_to_{verb}")
    form = WorkflowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That did not work: reload the page and try again.")
        return redirect("incidents:incident-detail", pk=incident.pk)
    values = {name: form.cleaned_data[name] for name in WORKFLOW_INPUTS[verb]}
    return pages.run_and_report(
        request,
        lambda: WORKFLOW_SERVICES[verb](
            actor=request.user, incident=incident, version=form.cleaned_data["version"], **values
        ),
        success=f"{incident.reference}: {PAST_TENSE[verb]}.",
        back_to=reverse("incidents:incident-detail", args=[incident.pk]),
        thing="incident",
    )


@require_capability(Capability.LOG_INCIDENTS)
@require_POST
def note_new(request, pk):
    incident = incident_get(actor=request.user, pk=pk, action="incident.view_to_add_note")
    form = NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["body"])
        note_create(actor=request.user, incident=incident, body=form.cleaned_data["body"])
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, pages.refusal_text(exc))
    else:
        messages.success(request, "Note added.")
    return redirect(f"{incident_url(incident)}#notes")


def incident_url(incident) -> str:
    return reverse("incidents:incident-detail", args=[incident.pk])


@require_capability(Capability.LOG_INCIDENTS)
def note_change(request, pk, note_pk):
    incident = incident_get(actor=request.user, pk=pk, action="incident.view_to_edit_note")
    note = note_get(actor=request.user, incident=incident, pk=note_pk)
    if not can_edit_note(request.user, note, timezone.now()):
        messages.error(request, "Only its author may correct a note, within minutes of writing it. Add a new note.")
        return redirect(f"{incident_url(incident)}#notes")
    form = NoteForm(request.POST or None, initial={"body": note.body})
    form.fields["body"].label = "Note"
    if request.method == "POST" and form.is_valid():
        try:
            note_edit(actor=request.user, note=note, body=form.cleaned_data["body"])
        except (PermissionDenied, ValidationError) as exc:
            form.add_error("body", exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, "Note corrected. The earlier text is kept in the audit log.")
            return redirect(f"{incident_url(incident)}#notes")
    deadline = note_edit_deadline(note)
    return render(
        request, "incidents/note_form.html", {"incident": incident, "note": note, "form": form, "deadline": deadline}
    )
