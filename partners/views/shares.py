"""Sharing case notes with partner agencies (docs/partners.md).

Police side: the share form for one note and the revoke button (the incident page lists
what was shared). Partner side: the portal, the partner's home page, showing only the
notes currently shared with their agency, with replies, acknowledgement and actions.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import require_capability
from accounts.roles import Capability
from audit.services import audit_consultation
from incidents.selectors import incident_get, note_get
from partners.filtersets import NoteShareFilterSet
from partners.forms import ReplyForm, RevokeForm, ShareNoteForm
from partners.models import NoteShare
from partners.selectors import (
    agency_list,
    agreement_list,
    share_get,
    share_list,
    shared_note_get,
    shared_note_list,
    shared_note_replies,
)
from partners.services.shares import (
    note_share,
    share_revoke,
    shared_note_acknowledge,
    shared_note_action_done,
    shared_note_reply,
    shared_notes_read,
)
from pcso import pages

PORTAL_PAGE_SIZE = 20


RECENTLY_ENDED_DAYS = 90


def error_text(exc) -> str:
    return pages.refusal_text(exc)


def shares_url(incident) -> str:
    return reverse("incidents:incident-detail", args=[incident.pk]) + "#shares"


# --- Police side -----------------------------------------------------------------------


@require_capability(Capability.VIEW_INCIDENTS)
def share_index(request):
    """Every disclosure to partner agencies, newest first: to whom, under what, read, acted on."""
    filterset = NoteShareFilterSet(request.GET, queryset=share_list(actor=request.user))
    for name in ("current", "action_open"):
        filterset.form.fields[name].widget.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]
    shares = filterset.qs.select_related("note__incident") if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(shares, 50).get_page(request.GET.get("page"))
    audit_consultation(actor=request.user, action="share.search", details={"filters": request.GET.dict()})
    return render(
        request,
        "partners/share_list.html",
        {"filter": filterset, "page": page, "shares": [(share, False) for share in page], "show_incident": True},
    )


@require_capability(Capability.SHARE_NOTES)
def note_share_view(request, pk, note_pk):
    incident = incident_get(actor=request.user, pk=pk, action="incident.view_to_share")
    note = note_get(actor=request.user, incident=incident, pk=note_pk)
    today = timezone.localdate()
    form = ShareNoteForm(
        request.POST if request.method == "POST" else None,
        agencies=agency_list(actor=request.user).filter(is_active=True),
        # Agreements that ended long ago are left out; recently blocked ones stay, marked.
        agreements=agreement_list(actor=request.user).exclude(
            expires_on__lt=today - timedelta(days=RECENTLY_ENDED_DAYS)
        ),
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        shared, refused = share_with_each(request.user, note, form)
        if shared:
            names = ", ".join(share.agency.name for share in shared)
            messages.success(request, f"Shared with {names}. They see this note only, until you revoke it.")
            for message in refused:
                messages.error(request, message)
            return redirect(shares_url(incident))
        for message in refused:
            form.add_error(None, message)
    return render(request, "partners/note_share_form.html", {"incident": incident, "note": note, "form": form})


def share_with_each(actor, note, form) -> tuple[list[NoteShare], list[str]]:
    """One disclosure per agency: each is its own share row and audit event, and one
    agency's refusal (not party to the agreement) does not stop the others."""
    shared, refused = [], []
    agreement, options = form.cleaned_data["agreement"], form.share_options()
    for agency in form.cleaned_data["agencies"]:
        try:
            shared.append(note_share(actor=actor, note=note, agency=agency, agreement=agreement, **options))
        except (PermissionDenied, ValidationError) as exc:
            refused.append(f"Not shared with {agency.name}: {error_text(exc)}")
    return shared, refused


@require_capability(Capability.SHARE_NOTES)
@require_POST
def share_revoke_view(request, pk):
    share = share_get(actor=request.user, pk=pk, action="share.view_to_revoke")
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        share_revoke(actor=request.user, share=share, reason=reason)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Revoked: {share.agency.name} can no longer see this note.")
    return redirect(shares_url(share.note.incident))


# --- Partner side: the portal ----------------------------------------------------------


@require_capability(Capability.USE_PARTNER_PORTAL)
def portal(request):
    """The partner's home: the notes currently shared with their agency, actions due first."""
    page = Paginator(shared_note_list(actor=request.user), PORTAL_PAGE_SIZE).get_page(request.GET.get("page"))
    shared_notes_read(actor=request.user, shares=list(page), action="shared_note.list",
                      details={"filters": request.GET.dict()})  # fmt: skip
    return render(request, "partner_home.html", {"page": page, "now": timezone.now()})


@require_capability(Capability.USE_PARTNER_PORTAL)
def shared_note_detail(request, pk):
    share = shared_note_get(actor=request.user, pk=pk)
    shared_notes_read(actor=request.user, shares=[share], action="shared_note.view")
    replies = shared_note_replies(actor=request.user, share=share)
    return render(
        request,
        "partners/shared_note_detail.html",
        {"share": share, "replies": replies, "reply_form": ReplyForm(), "now": timezone.now()},
    )


def partner_post(request, pk, service, success: str):
    """Run a partner's button or form on a share that is still theirs (else the same 404)."""
    share = shared_note_get(actor=request.user, pk=pk)
    try:
        service(share)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("partners:shared-note-detail", pk=share.pk)


@require_capability(Capability.USE_PARTNER_PORTAL)
@require_POST
def shared_note_reply_view(request, pk):
    form = ReplyForm(request.POST)

    def reply(share):
        if not form.is_valid():
            raise ValidationError(form.errors["body"])
        shared_note_reply(actor=request.user, share=share, body=form.cleaned_data["body"])

    return partner_post(request, pk, reply, "Reply sent to the police.")


@require_capability(Capability.USE_PARTNER_PORTAL)
@require_POST
def shared_note_acknowledge_view(request, pk):
    return partner_post(
        request, pk, lambda share: shared_note_acknowledge(actor=request.user, share=share), "Receipt acknowledged."
    )


@require_capability(Capability.USE_PARTNER_PORTAL)
@require_POST
def shared_note_action_done_view(request, pk):
    return partner_post(
        request, pk, lambda share: shared_note_action_done(actor=request.user, share=share), "Action marked done."
    )
