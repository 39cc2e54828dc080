"""The end of an episode: the trace (found) and the return, with the safe and well check."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import PartnerAgency
from audit.changes import changes_between, save_new_version
from missing_persons.choices import MissingCaseStatus
from missing_persons.models import (
    MissingPersonCase,
)
from missing_persons.policies import (
    can_record_return,
)
from missing_persons.services.common import announce, require_active, require_may_work, snapshot
from missing_persons.services.rhi import RHI_AGENCY_KINDS
from pcso.concurrency import locked

TRACE_FIELDS = ["traced_at", "traced_where", "traced_how", "traced_by"]


# `rhi_referred_at` is not among them: it is set by the referral (missing_case_refer_rhi).
RETURN_FIELDS = [
    "safe_and_well_at",
    "safe_and_well_notes",
    "rhi_agency",
    "rhi_completed_at",
    "rhi_notes",
]


# --- Trace and return --------------------------------------------------------------------


def missing_case_trace(
    *,
    actor,
    case: MissingPersonCase,
    fields: dict[str, Any],
    version: int | None = None,
    rhi_agency: PartnerAgency | None = None,
) -> MissingPersonCase:
    """The person is found. For a child, the return home interview falls due MISSING_RHI_HOURS
    after they were traced, and is referred to the local authority given (or found)."""
    require_may_work(actor, case, "missing_case.trace")
    unknown = set(fields) - set(TRACE_FIELDS)
    if unknown:
        raise TypeError(f"Not trace fields: {sorted(unknown)}")
    errors = {name: "Required." for name in ("traced_at", "traced_where", "traced_how") if not fields.get(name)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locked(case, version)
        require_active(actor, current)
        changed = [
            *TRACE_FIELDS,
            "status",
            "next_review_due_at",
            "review_overdue_since",
            "rhi_agency",
            "rhi_due_at",
        ]
        before = snapshot(current, changed)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if current.traced_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError({"traced_at": "That is in the future."})
        if current.traced_at < current.missing_since:
            raise ValidationError({"traced_at": "That is before they went missing."})
        current.status = MissingCaseStatus.TRACED
        current.next_review_due_at = current.review_overdue_since = None
        if current.is_child:
            refer_return_home_interview(current, rhi_agency)
        current.full_clean()
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.trace",
            fields=changed,
            changes=changes_between(before, snapshot(current, changed)),
        )
        announce(current.neighbourhood_id)
    return current


def refer_return_home_interview(case: MissingPersonCase, agency: PartnerAgency | None) -> None:
    if agency is not None and agency.kind not in RHI_AGENCY_KINDS:
        raise ValidationError(
            {"rhi_agency": "Refer return home interviews to a local authority or children's services."}
        )
    agency = agency or PartnerAgency.objects.filter(kind__in=RHI_AGENCY_KINDS, is_active=True).order_by("id").first()
    # Only who it goes to and the deadline: the referral itself is a disclosure the officer
    # decides on afterwards (missing_case_refer_rhi), never made automatically here.
    case.rhi_agency = agency
    case.rhi_due_at = case.traced_at + timedelta(hours=settings.MISSING_RHI_HOURS)


def missing_case_record_return(*, actor, case: MissingPersonCase, fields: dict[str, Any], version: int | None = None):
    """The prevention interview (safe and well check) and the return home interview's progress."""
    require_may_work(actor, case, "missing_case.record_return")
    unknown = set(fields) - set(RETURN_FIELDS)
    if unknown:
        raise TypeError(f"Not return fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(case, version)
        if not can_record_return(actor, current):  # the role was checked above: the trace is missing
            raise ValidationError({"status": "Record the trace first: the person is still missing."})
        changed = [*RETURN_FIELDS, "safe_and_well_by"]
        before = snapshot(current, changed)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if "safe_and_well_at" in fields and current.safe_and_well_at:
            current.safe_and_well_by = actor
        check_return(current)
        current.full_clean()
        changes = changes_between(before, snapshot(current, changed))
        if changes:
            save_new_version(
                actor=actor, row=current, action="missing_case.record_return", changes=changes, fields=changed
            )
    return current


def check_return(case: MissingPersonCase) -> None:
    errors = {}
    now = timezone.now() + timedelta(minutes=5)
    for name in ("safe_and_well_at", "rhi_referred_at", "rhi_completed_at"):
        value = getattr(case, name)
        if value and value > now:
            errors[name] = "That is in the future."
        elif value and value < case.traced_at:
            errors[name] = "That is before they were traced."
    if (case.rhi_referred_at or case.rhi_completed_at) and not case.is_child:
        errors["rhi_completed_at"] = "Return home interviews are for children (under 18 when missing)."
    if case.rhi_agency_id and case.rhi_agency.kind not in RHI_AGENCY_KINDS:
        errors["rhi_agency"] = "Refer return home interviews to a local authority or children's services."
    share = case.rhi_share
    if share is not None and share.is_current and share.agency_id != case.rhi_agency_id:
        errors["rhi_agency"] = f"Referred to {share.agency.name}: revoke that share before changing who it goes to."
    if errors:
        raise ValidationError(errors)
