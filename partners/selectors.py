from datetime import date

from django.db.models import Case, Prefetch, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import PartnerAgency
from audit.services import audit_consultation, audit_denied
from incidents.models.asb import AsbCase
from incidents.models.incidents import Incident
from incidents.models.notes import CaseNote
from partners.models import NoteReply, NoteShare, SharingAgreement
from partners.policies import is_partner_user

# --- Note shares: the police side (what was disclosed to whom) -------------------------


def share_list(*, actor):
    """Every share the actor may see (police users: all; partners: their agency's current
    ones), with what a row shows and the replies, in a fixed number of queries."""
    return (
        NoteShare.objects.visible_to(actor)
        .select_related("note", "agency", "agreement", "shared_by", "revoked_by", "acknowledged_by", "action_done_by")
        .prefetch_related(Prefetch("replies", queryset=NoteReply.objects.select_related("author")))
        .order_by("-shared_at", "-id")
    )


def incident_shares(*, actor, incident: Incident) -> list[NoteShare]:
    """What was shared from this incident's notes, with whom, under which agreement, whether it
    was read or acknowledged, and the replies. Police users only (partners: none)."""
    if is_partner_user(actor):
        return []
    return list(share_list(actor=actor).filter(note__incident=incident))


def case_shares(*, actor, case: AsbCase) -> list[NoteShare]:
    """What was shared from the notes of a case's incidents (one subquery on the case's
    incident links, so the many-to-many join cannot duplicate rows)."""
    if is_partner_user(actor):
        return []
    links = AsbCase.incidents.through.objects.filter(asbcase_id=case.pk).values("incident_id")
    return list(share_list(actor=actor).filter(note__incident__in=links).select_related("note__incident"))


def note_shares(*, actor, note: CaseNote):
    return share_list(actor=actor).filter(note=note) if not is_partner_user(actor) else NoteShare.objects.none()


def share_get(*, actor, pk, action: str = "share.view") -> NoteShare:
    """One share as police users see it (404 for partners: their surface is shared-notes)."""
    scope = share_list(actor=actor) if not is_partner_user(actor) else NoteShare.objects.none()
    share = get_object_or_404(scope.select_related("note__incident"), pk=pk)
    audit_consultation(actor=actor, action=action, obj=share, recipient=share.agency.code)
    return share


# --- Shared notes: the partner's surface ---------------------------------------------
# Every query starts from the share row, filtered by the caller's agency and "not revoked"
# (NoteShare.objects.visible_to); it never touches the note's incident or other notes.


def shared_note_list(*, actor):
    """The current shares of the caller's agency (partner users only), actions due first."""
    if not is_partner_user(actor):
        return NoteShare.objects.none()
    return (
        NoteShare.objects.visible_to(actor)
        .select_related("agreement", "shared_by", "acknowledged_by", "action_done_by")
        .order_by(
            Case(When(action_due_at__isnull=False, action_done_at__isnull=True, then=0), default=1),
            "action_due_at",
            "-shared_at",
            "-id",
        )
    )


def shared_note_get(*, actor, pk) -> NoteShare:
    """One current share of the caller's agency, or the same 404 as a missing one; the attempt
    is logged as denied (a revoked share, another agency's, or none). The caller records the
    read (services.shared_notes_read), which the page and API both do."""
    share = shared_note_list(actor=actor).filter(pk=pk).first()
    if share is None:
        audit_denied(actor=actor, action="shared_note.view", details={"share": str(pk)[:20]})
        raise Http404
    return share


def shared_note_replies(*, actor, share: NoteShare):
    """Replies on one share: one subquery on the shares the actor may see."""
    return NoteReply.objects.visible_to(actor).filter(share=share).select_related("author").order_by("created_at", "id")


# --- Partner agencies and information sharing agreements (docs/partners.md) ---------------


def agency_list(*, actor):
    return PartnerAgency.objects.visible_to(actor).order_by("name", "id")


def agency_get(*, actor, code: str, action: str = "agency.view") -> PartnerAgency:
    agency = get_object_or_404(agency_list(actor=actor), code=code)
    audit_consultation(actor=actor, action=action, obj=agency)
    return agency


def agreement_list(*, actor):
    """Agreements with their parties (one prefetch), reviews due first."""
    return (
        SharingAgreement.objects.visible_to(actor)
        .select_related("created_by")
        .prefetch_related(Prefetch("parties", queryset=PartnerAgency.objects.order_by("name", "id")))
        .order_by("review_on", "id")
    )


def agreement_get(*, actor, pk, action: str = "agreement.view") -> SharingAgreement:
    agreement = get_object_or_404(agreement_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=agreement)
    return agreement


def agreements_review_due(*, actor, today: date, days: int) -> list[SharingAgreement]:
    """Active agreements to review within `days` (or overdue): the supervisors' reminder."""
    return list(agreement_list(actor=actor).review_due(today, days)[:50])


def agreements_usable(*, actor, agency: PartnerAgency | None = None, today: date):
    """Agreements one may share under today (optionally: to which `agency` is party), in one
    subquery on the parties table, never a chained join across it."""
    scope = agreement_list(actor=actor).filter(status="active", starts_on__lte=today, expires_on__gte=today)
    if agency is not None:
        through = SharingAgreement.parties.through.objects.filter(partneragency=agency)
        scope = scope.filter(pk__in=through.values("sharingagreement_id"))
    return scope
