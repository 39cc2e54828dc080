"""Sharing case notes with partner agencies (ARCHITECTURE rule 4, docs/partners.md).

A share is a disclosure: its row and a disclosure audit event naming the recipient agency
are written together. Partner users reply, acknowledge and mark actions done only through
shares that are current for their own agency; a revoke ends that on the next request.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import PartnerAgency
from accounts.roles import Capability, has_capability
from audit.choices import Category
from audit.services import audit_consultation, audit_denied, audit_record
from incidents.models.notes import CaseNote
from partners.models import NoteReply, NoteShare, SharingAgreement
from partners.policies import can_revoke_share, can_revoke_share_now
from pcso.concurrency import locked

# A partner action is days or weeks away; a deadline years out is a typo.
MAX_ACTION_NOTICE = timedelta(days=366)


def refuse(*, actor, action: str, obj, message: str, category: str = Category.ALTERATION, **kw):
    """Log the refused attempt (outside the transaction that would roll it back) and raise."""
    audit_denied(actor=actor, action=action, category=category, obj=obj, **kw)
    raise PermissionDenied(message)


def require_may_share(actor) -> None:
    if not has_capability(actor, Capability.SHARE_NOTES):
        refuse(
            actor=actor,
            action="note.share",
            obj=None,
            category=Category.DISCLOSURE,
            message="Your role does not share case notes with partner agencies.",
        )


def require_may_revoke(actor, share: NoteShare) -> None:
    if not can_revoke_share(actor, share):
        refuse(actor=actor, action="note.share_revoke", obj=share, message="Only the sharer or a supervisor revokes.")


def sharing_problems(*, agency: PartnerAgency, agreement: SharingAgreement, today) -> dict[str, str]:
    """Why this agency may not receive a share under this agreement today (field -> reason)."""
    problems = {}
    blocked = agreement.blocks_sharing(today)
    if blocked:
        problems["agreement"] = blocked
    if not agency.is_active:
        problems["agency"] = f"{agency.name} is no longer an active partner agency."
    elif not agreement.parties.filter(pk=agency.pk).exists():
        problems["agency"] = f"{agency.name} is not party to {agreement.reference}: choose an agreement it signed."
    return problems


def clean_action(action: str, action_due_at: datetime | None, now: datetime, *, past_due_allowed: bool) -> str:
    action = (action or "").strip()
    if action_due_at is not None and not action:
        raise ValidationError({"action": "Say what the agency is asked to do by that time."})
    if action_due_at is not None and action_due_at <= now and not past_due_allowed:
        raise ValidationError({"action_due_at": "The deadline must be in the future."})
    if action_due_at is not None and action_due_at > now + MAX_ACTION_NOTICE:
        raise ValidationError({"action_due_at": "Set a deadline within a year (is the year right?)."})
    return action


def refuse_blocked_share(*, actor, note: CaseNote, agency: PartnerAgency, agreement: SharingAgreement, today) -> None:
    """Refuse a share the agency or agreement cannot take now; the attempt is still logged,
    naming the recipient."""
    problems = sharing_problems(agency=agency, agreement=agreement, today=today)
    if problems:
        audit_denied(
            actor=actor,
            action="note.share",
            category=Category.DISCLOSURE,
            obj=note,
            recipient=agency.code,
            details={"agreement": agreement.pk, "reasons": problems},
        )
        raise ValidationError(problems)


def save_new_share(share: NoteShare) -> None:
    """Insert the share unless the note is already shared with the agency (inside the caller's
    transaction); of two concurrent shares of the same note, the first insert wins."""
    already = f"This note is already shared with {share.agency.name}."
    if NoteShare.objects.select_for_update().current().filter(note=share.note, agency=share.agency).exists():
        raise ValidationError({"agency": already})
    share.full_clean(validate_constraints=False)  # the insert below answers for them
    try:
        with transaction.atomic():  # a savepoint: a concurrent share of the same note wins
            share.save()
    except IntegrityError as exc:
        raise ValidationError({"agency": already}) from exc


def disclosed(share: NoteShare) -> dict:
    """What a share discloses, for its audit row: the text as shared and the context chosen."""
    return {
        "note": share.note_id,
        "incident": share.note.incident_id,
        "agreement": share.agreement_id,
        "purpose": share.purpose,
        "body": share.body,
        "context": {"neighbourhood": share.context_neighbourhood, "reference": share.context_reference},
        "action": share.action,
        "action_due_at": share.action_due_at.isoformat() if share.action_due_at else None,
    }


def note_share(
    *,
    actor,
    note: CaseNote,
    agency: PartnerAgency,
    agreement: SharingAgreement,
    purpose: str,
    include_neighbourhood: bool = True,
    include_reference: bool = True,
    case_reference: str = "",
    action: str = "",
    action_due_at: datetime | None = None,
    past_due_allowed: bool = False,
) -> NoteShare:
    """Disclose `note` to `agency` under `agreement`, for `purpose`.

    The partner sees the note's text as it is now, plus only the context chosen here: the
    neighbourhood's name and a case reference (the incident's, or `case_reference` when a
    higher-level case, such as a missing-person case, shares its note). An `action` with
    `action_due_at` asks the agency to do something by then (e.g. a return home interview).
    A deadline typed by a person must be in the future; a statutory one computed by the
    caller may already have passed (`past_due_allowed`), and the partner then sees it overdue.
    """
    require_may_share(actor)
    now = timezone.now()
    refuse_blocked_share(actor=actor, note=note, agency=agency, agreement=agreement, today=timezone.localdate(now))
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": "State the purpose of this disclosure."})
    action = clean_action(action, action_due_at, now, past_due_allowed=past_due_allowed)
    incident = note.incident
    neighbourhood = incident.neighbourhood.name if include_neighbourhood and incident.neighbourhood else ""
    share = NoteShare(
        note=note,
        agency=agency,
        agreement=agreement,
        purpose=purpose,
        body=note.body,
        context_neighbourhood=neighbourhood,
        context_reference=(case_reference or incident.reference) if include_reference else "",
        shared_by=actor,
        shared_at=now,
        action=action,
        action_due_at=action_due_at,
    )
    with transaction.atomic():
        save_new_share(share)
        audit_record(
            actor=actor,
            category=Category.DISCLOSURE,
            action="note.share",
            obj=share,
            recipient=agency.code,
            details=disclosed(share),
        )
    return share


def share_revoke(*, actor, share: NoteShare, reason: str = "") -> NoteShare:
    """End the agency's access to the note from the next request on. The disclosure itself
    stays on record (the row and its audit events are kept)."""
    require_may_revoke(actor, share)
    with transaction.atomic():
        current = locked(share)
        if not can_revoke_share_now(actor, current):  # the role was checked above: it is revoked
            raise ValidationError({"share": "This share was already revoked."})
        current.revoked_at, current.revoked_by, current.revoke_reason = timezone.now(), actor, (reason or "").strip()
        current.full_clean()
        current.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="note.share_revoke",
            obj=current,
            recipient=current.agency.code,
            details={"note": current.note_id, "reason": current.revoke_reason},
        )
    return current


def current_share_for_partner(actor, share: NoteShare) -> NoteShare:
    """Lock the share and check it is still current and the actor's agency's (a revoke may
    have landed since the request read it); otherwise the same 404 as a missing share."""
    if not has_capability(actor, Capability.USE_PARTNER_PORTAL):
        raise Http404
    current = NoteShare.objects.visible_to(actor).select_for_update().filter(pk=share.pk).first()
    if current is None:
        raise Http404
    return current


def shared_note_reply(*, actor, share: NoteShare, body: str) -> NoteReply:
    """A partner user answers a shared note; police users see it with the note."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write your reply."})
    if len(body) > NoteReply._meta.get_field("body").max_length:
        raise ValidationError({"body": "Keep a reply under 4,000 characters."})
    with transaction.atomic():
        current = current_share_for_partner(actor, share)
        reply = NoteReply.objects.create(share=current, author=actor, body=body)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="note.reply",
            obj=reply,
            details={"share": current.pk, "note": current.note_id, "body": body},
        )
    return reply


def shared_note_acknowledge(*, actor, share: NoteShare) -> NoteShare:
    """Record that the agency has received the note (once; later presses change nothing)."""
    with transaction.atomic():
        current = current_share_for_partner(actor, share)
        if current.acknowledged_at is not None:
            return current
        current.acknowledged_at, current.acknowledged_by = timezone.now(), actor
        current.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="note.share_acknowledge",
            obj=current,
            details={"note": current.note_id},
        )
    return current


def shared_note_action_done(*, actor, share: NoteShare) -> NoteShare:
    """The agency says the action asked of it is done (once)."""
    with transaction.atomic():
        current = current_share_for_partner(actor, share)
        if not current.action:
            raise ValidationError({"action": "No action was asked of your agency on this note."})
        if current.action_done_at is not None:
            raise ValidationError({"action": "This action is already marked done."})
        current.action_done_at, current.action_done_by = timezone.now(), actor
        current.save(update_fields=["action_done_at", "action_done_by"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="note.share_action_done",
            obj=current,
            details={"changes": {"action_done_at": {"old": None, "new": current.action_done_at.isoformat()}}},
        )
    return current


def shared_notes_read(*, actor, shares: list[NoteShare], action: str, details: dict | None = None) -> None:
    """A partner read: one consultation event naming every share shown (so the force can say
    who at the agency saw which note, and when), and the first read time on each share."""
    ids = [share.pk for share in shares]
    with transaction.atomic():
        audit_consultation(
            actor=actor,
            action=action,
            obj=shares[0] if len(shares) == 1 else None,
            details={**(details or {}), "shares": ids, "notes": [share.note_id for share in shares]},
        )
        if ids:
            NoteShare.objects.filter(pk__in=ids, first_read_at__isnull=True).update(first_read_at=timezone.now())
