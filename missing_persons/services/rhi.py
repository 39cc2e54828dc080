"""The child's return home interview referral: a case note shared with the agency that does it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import AgencyKind
from audit.changes import changes_between, save_new_version
from audit.choices import Category
from audit.services import audit_denied
from incidents.models.notes import CaseNote
from incidents.services.notes import note_create
from missing_persons.models import (
    MissingPersonCase,
)
from missing_persons.policies import (
    rhi_referral_blockers,
)
from missing_persons.services.common import require_may_work, snapshot
from partners.models import NoteShare
from partners.services.shares import note_share, require_may_share, sharing_problems
from pcso.concurrency import locked

RHI_AGENCY_KINDS = (AgencyKind.LOCAL_AUTHORITY, AgencyKind.CHILDRENS_SERVICES)


RHI_ACTION = "Return home interview"


RHI_PURPOSE = "Return home interview for a child who was missing (offered within 72 hours of their return)"


def require_may_refer_rhi(actor, case: MissingPersonCase) -> None:
    """The role half of can_refer_rhi: refused (and logged) before the case is looked at."""
    require_may_work(actor, case, "missing_case.refer_rhi")
    require_may_share(actor)


def rhi_referral_problems(case: MissingPersonCase, note_text: str, purpose: str) -> dict[str, str]:
    """Why this referral cannot be made (field -> reason): the case's state (the policy's
    rhi_referral_blockers, the rule the case page asks too), then the text."""
    problems = rhi_referral_blockers(case)
    if "case" in problems or "status" in problems:
        return problems
    if not (note_text or "").strip():
        problems["note_text"] = "Write what the local authority needs to know."
    elif len(note_text.strip()) > CaseNote._meta.get_field("body").max_length:
        problems["note_text"] = "Keep the referral under 10,000 characters."
    if not (purpose or "").strip():
        problems["purpose"] = "State the purpose of this disclosure."
    return problems


def missing_case_refer_rhi(
    *, actor, case: MissingPersonCase, agreement, note_text: str, purpose: str = RHI_PURPOSE
) -> NoteShare:
    """Refer a traced child's return home interview to the case's `rhi_agency` (an officer's
    decision, and a disclosure): a case note with `note_text` on the case's incident, shared
    with the agency under `agreement` with the action "Return home interview" due at
    `rhi_due_at`. The case links the share and stamps `rhi_referred_at`; whether the agency
    read it, acknowledged it, replied or did the interview is read from the share."""
    require_may_refer_rhi(actor, case)
    problems = rhi_referral_problems(case, note_text, purpose)
    if problems:
        raise ValidationError(problems)
    agency = case.rhi_agency
    refused = sharing_problems(agency=agency, agreement=agreement, today=timezone.localdate())
    if refused:
        # A refused disclosure is logged naming the recipient, outside the transaction below.
        audit_denied(
            actor=actor,
            action="missing_case.refer_rhi",
            category=Category.DISCLOSURE,
            obj=case,
            recipient=agency.code,
            details={"agreement": agreement.pk, "reasons": refused},
        )
        raise ValidationError(refused)
    with transaction.atomic():
        current = locked(case)
        problems = rhi_referral_problems(current, note_text, purpose)  # a referral may have landed meanwhile
        if problems:
            raise ValidationError(problems)
        note = note_create(actor=actor, incident=current.incident, body=note_text)
        share = note_share(
            actor=actor,
            note=note,
            agency=current.rhi_agency,
            agreement=agreement,
            purpose=purpose,
            case_reference=current.reference,
            action=RHI_ACTION,
            action_due_at=current.rhi_due_at,
            # A late referral is still made: the partner sees the statutory deadline as overdue.
            past_due_allowed=True,
        )
        fields = ["rhi_share", "rhi_referred_at"]
        before = snapshot(current, fields)
        current.rhi_share, current.rhi_referred_at = share, share.shared_at
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.refer_rhi",
            changes=changes_between(before, snapshot(current, fields)),
            fields=fields,
            note=note.pk,
            recipient=share.agency.code,
        )
    return share
