"""Penalty notices: issuing (within the officer's designations), status changes, designations."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from audit.choices import Category
from audit.services import audit_denied, audit_record
from incidents.models.incidents import EARLIEST_OCCURRENCE
from incidents.models.notices import NoticeDesignation, NoticeOffence, PenaltyNotice
from incidents.policies import (
    NOTICE_TRANSITIONS,
    can_change_notice_status,
    can_issue_notices,
    can_manage_designations,
    needs_designation,
)
from pcso.concurrency import locked

NOTICE_FIELDS = ["issued_at", "recipient_name", "recipient_address", "location_text", "neighbourhood", "incident",
                 "asb_case"]  # fmt: skip


def offences_for(user):
    """The active offences `user` may issue notices for (the ones a form offers)."""
    offences = NoticeOffence.objects.filter(is_active=True)
    if not can_issue_notices(user):
        return offences.none()
    if needs_designation(user):
        return offences.filter(designations__user=user)
    return offences


def require_may_issue(actor) -> None:
    if not can_issue_notices(actor):
        audit_denied(actor=actor, action="notice.issue", category=Category.COLLECTION)
        raise PermissionDenied("Your role does not issue penalty notices.")


def require_may_change_status(actor, notice: PenaltyNotice) -> None:
    if not can_change_notice_status(actor, notice):
        audit_denied(actor=actor, action="notice.status", category=Category.ALTERATION, obj=notice)
        raise PermissionDenied("Only the issuing officer or a supervisor changes a notice's status.")


def require_may_manage_designations(actor) -> None:
    if not can_manage_designations(actor):
        audit_denied(actor=actor, action="notice.designations", category=Category.ALTERATION)
        raise PermissionDenied("Only an administrator sets designations.")


def notice_issue(*, actor, offence: NoticeOffence | None, fields: dict) -> PenaltyNotice:
    """Record a notice. A PCSO is refused (field error on `offence`) outside their designations."""
    require_may_issue(actor)
    unknown = set(fields) - set(NOTICE_FIELDS)
    if unknown:
        raise TypeError(f"Not notice fields: {sorted(unknown)}")
    if offence is None or not offences_for(actor).filter(pk=offence.pk).exists():
        audit_denied(actor=actor, action="notice.issue", category=Category.COLLECTION, obj=offence)
        raise ValidationError({"offence": "You are not designated to issue notices for that offence."})
    issued_at: datetime = fields.get("issued_at") or timezone.now()
    if issued_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"issued_at": "That is in the future: give when it was issued."})
    if issued_at < EARLIEST_OCCURRENCE:
        raise ValidationError({"issued_at": "That is too long ago: check the year."})
    with transaction.atomic():
        notice = PenaltyNotice(
            offence=offence,
            notice_type=offence.notice_type,
            amount=offence.amount,
            issued_by=actor,
            **{**fields, "issued_at": issued_at},
        )
        for name in ("recipient_name", "recipient_address", "location_text"):
            setattr(notice, name, (getattr(notice, name) or "").strip())
        if notice.neighbourhood_id is None and notice.incident_id:
            notice.neighbourhood_id = notice.incident.neighbourhood_id
        notice.full_clean()
        notice.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="notice.issue",
            obj=notice,
            details={
                "offence": offence.code,
                "amount": notice.amount,
                "recipient_name": notice.recipient_name,
                "location_text": notice.location_text,
                "issued_at": issued_at.isoformat(),
            },
        )
    return notice


def notice_set_status(*, actor, notice: PenaltyNotice, status: str, version: int | None = None) -> PenaltyNotice:
    """Move a notice along: issued → paid/unpaid/contested/cancelled (NOTICE_TRANSITIONS)."""
    require_may_change_status(actor, notice)
    with transaction.atomic():
        current = locked(notice, version)
        if status not in NOTICE_TRANSITIONS.get(current.status, set()):
            raise ValidationError(
                {"status": f"A {current.get_status_display().lower()} notice cannot become “{status}”."}
            )
        old = current.status
        current.status = status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="notice.status",
            obj=current,
            details={"version": current.version, "changes": {"status": {"old": old, "new": status}}},
        )
    return current


def designations_set(*, actor, user, offences: Sequence[NoticeOffence]) -> list[str]:
    """Replace `user`'s designations (administrators). Only PCSOs need them."""
    require_may_manage_designations(actor)
    if user.role != Role.PCSO:
        raise ValidationError({"user": "Designations are for PCSOs; constables may issue every notice."})
    with transaction.atomic():
        old = sorted(NoticeDesignation.objects.filter(user=user).values_list("offence__code", flat=True))
        new = sorted({offence.code for offence in offences})
        if old == new:
            return new
        NoticeDesignation.objects.filter(user=user).exclude(offence__in=offences).delete()
        NoticeDesignation.objects.bulk_create(
            [NoticeDesignation(user=user, offence=o, granted_by=actor) for o in offences if o.code not in old],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="notice.designations",
            obj=user,
            details={"changes": {"designations": {"old": old, "new": new}}},
        )
    return new
