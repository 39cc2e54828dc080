"""Information sharing agreements. Each write is atomic with its audit row (docs/partners.md).

Partner agencies themselves are written by `accounts.services.agency_upsert`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.roles import Capability, has_capability
from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_denied, audit_record
from partners.models import SharingAgreement
from pcso.concurrency import locked

AGREEMENT_FIELDS = [
    "title",
    "lawful_basis",
    "purpose",
    "data_shared",
    "starts_on",
    "review_on",
    "expires_on",
    "status",
    "status_reason",
]


def require_may_manage_agreements(actor, agreement: SharingAgreement | None = None) -> None:
    if not has_capability(actor, Capability.MANAGE_AGREEMENTS):
        action = "agreement.update" if agreement else "agreement.create"
        audit_denied(actor=actor, action=action, category=Category.ALTERATION, obj=agreement)
        raise PermissionDenied("Only supervisors and administrators record sharing agreements.")


def agreement_snapshot(agreement: SharingAgreement, parties) -> dict[str, Any]:
    return {
        **{name: audit_value(getattr(agreement, name)) for name in AGREEMENT_FIELDS},
        "parties": sorted(agency.code for agency in parties),
    }


def check_fields(fields: dict) -> None:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not agreement fields: {sorted(unknown)}")


def check_parties(parties) -> None:
    if not parties:
        raise ValidationError({"parties": "Name at least one partner agency that is party to it."})


def agreement_create(*, actor, fields: dict[str, Any], parties) -> SharingAgreement:
    check_fields(fields)
    require_may_manage_agreements(actor)
    parties = list(parties)
    with transaction.atomic():
        agreement = SharingAgreement(created_by=actor, **fields)
        agreement.full_clean()
        check_parties(parties)
        agreement.save()
        agreement.parties.set(parties)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="agreement.create",
            obj=agreement,
            details={"fields": agreement_snapshot(agreement, parties)},
        )
    return agreement


def agreement_update(
    *, actor, agreement: SharingAgreement, version: int | None, fields: dict[str, Any], parties=None
) -> SharingAgreement:
    """Change an agreement (suspend it, move its review date...). A stale `version` refuses."""
    check_fields(fields)
    require_may_manage_agreements(actor, agreement)
    with transaction.atomic():
        current = locked(agreement, version)
        before_parties = list(current.parties.all())
        before = agreement_snapshot(current, before_parties)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        new_parties = before_parties if parties is None else list(parties)
        check_parties(new_parties)
        after = agreement_snapshot(current, new_parties)
        changes = {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}
        if not changes:
            return current
        current.version += 1
        current.save()
        if parties is not None:
            current.parties.set(new_parties)
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="agreement.update",
            obj=current,
            details={"version": current.version, "changes": changes},
        )
    return current
