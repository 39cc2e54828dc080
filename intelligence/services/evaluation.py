"""The intelligence unit's evaluation: sanitise, grade and release, or reject. Each an
alteration with old and new values, refused on a stale version (412)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import changes_between
from audit.choices import Category
from audit.services import audit_record
from intelligence import policies
from intelligence.choices import Dissemination, HandlingCode, LogStatus
from intelligence.models import IntelligenceLog, SourceRecord
from intelligence.services.access import audited, require_unit
from intelligence.services.source_check import check_text
from intelligence.services.submission import clean_grading
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

EVALUATION_FIELDS = [
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "conditions_permit_briefing",
    "priority",
    "dissemination",
]


def snapshot(log: IntelligenceLog, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(log, name) for name in fields}


def save_change(*, actor, log: IntelligenceLog, action: str, changes: dict, fields: list[str]) -> IntelligenceLog:
    log.version += 1
    log.save(update_fields=[*fields, "version", "updated_at"])
    audited(actor=actor, category=Category.ALTERATION, action=action, log=log, version=log.version, changes=changes)
    if log.is_evaluated:
        announce_briefing_change(neighbourhood_id=log.neighbourhood_id)
    return log


def apply_sanitised_text(log: IntelligenceLog, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"sanitised_text": "Write the text readers will see (it may match the original)."})
    if len(text) > IntelligenceLog._meta.get_field("sanitised_text").max_length:
        raise ValidationError({"sanitised_text": "That is too long: shorten it."})
    source = SourceRecord.objects.filter(log=log).first()
    if source is not None:
        check_text(text, source=source, field="sanitised_text")
    log.sanitised_text = text


def intelligence_log_sanitise(*, actor, log: IntelligenceLog, sanitised_text: str, version: int | None):
    """Write (or correct) the text everyone but the unit reads; the original is kept."""
    require_unit(actor, log, "intelligence_log.sanitise")
    with transaction.atomic():
        current = locked(log, version)
        if not policies.can_evaluate(actor, current):  # sanitising is part of evaluating
            raise ValidationError({"status": "A rejected or imported report is not sanitised."})
        before = snapshot(current, ["sanitised_text"])
        apply_sanitised_text(current, sanitised_text)
        changes = changes_between(before, snapshot(current, ["sanitised_text"]))
        if not changes:
            return current
        return save_change(
            actor=actor, log=current, action="intelligence_log.sanitise", changes=changes, fields=["sanitised_text"]
        )


def intelligence_log_evaluate(
    *, actor, log: IntelligenceLog, values: dict[str, Any], version: int | None, sanitised_text: str | None = None
) -> IntelligenceLog:
    """Grade the report, set its dissemination and release it (or re-grade an evaluated one).

    The sanitised text is given here or was written before; readers never see the original.
    """
    require_unit(actor, log, "intelligence_log.evaluate")
    unknown = set(values) - set(EVALUATION_FIELDS)
    if unknown:
        raise TypeError(f"Not evaluation fields: {sorted(unknown)}")
    values = dict(values)
    clean_grading(values)
    if values.get("dissemination", Dissemination.UNIT) not in Dissemination.values:
        raise ValidationError({"dissemination": "Choose who may read it."})
    with transaction.atomic():
        current = locked(log, version)
        if not policies.can_evaluate(actor, current):
            raise ValidationError({"status": "A rejected or imported report cannot be evaluated."})
        fields = [*EVALUATION_FIELDS, "sanitised_text", "status"]
        before = snapshot(current, fields)
        for name, value in values.items():
            setattr(current, name, value)
        if current.handling_code != HandlingCode.CONDITIONS:
            current.conditions_permit_briefing = False
        apply_sanitised_text(current, current.sanitised_text if sanitised_text is None else sanitised_text)
        current.status = LogStatus.EVALUATED
        changes = changes_between(before, snapshot(current, fields))
        if not changes:
            return current
        if before["status"] != LogStatus.EVALUATED:
            current.evaluated_by, current.evaluated_at = actor, timezone.now()
        saved = [*fields, "evaluated_by", "evaluated_at"]
        return save_change(actor=actor, log=current, action="intelligence_log.evaluate", changes=changes, fields=saved)


def intelligence_log_reject(*, actor, log: IntelligenceLog, reason: str, version: int | None) -> IntelligenceLog:
    """Reject a submitted report with a reason the submitter reads. It reaches nobody else."""
    require_unit(actor, log, "intelligence_log.reject")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is rejected: the submitter reads this."})
    with transaction.atomic():
        current = locked(log, version)
        if not policies.can_reject(actor, current):
            raise ValidationError({"status": "Only a report awaiting evaluation can be rejected."})
        changes = {
            "status": {"old": current.status, "new": LogStatus.REJECTED},
            "rejection_reason": {"old": current.rejection_reason, "new": reason},
        }
        current.status, current.rejection_reason = LogStatus.REJECTED, reason
        current.evaluated_by, current.evaluated_at = actor, timezone.now()
        fields = ["status", "rejection_reason", "evaluated_by", "evaluated_at"]
        return save_change(actor=actor, log=current, action="intelligence_log.reject", changes=changes, fields=fields)


def intelligence_logs_disclose(*, actor, log_ids: Sequence[int], recipient: str, audience: str = "") -> int:
    """One disclosure row per report put before someone outside the unit (a briefing's readers).

    Call inside the transaction that stores what was disclosed.
    """
    logs = IntelligenceLog.objects.filter(pk__in=log_ids).order_by("pk")
    for log in logs:
        audit_record(
            actor=actor,
            category=Category.DISCLOSURE,
            action="intelligence_log.disclose",
            obj=log,
            recipient=recipient,
            details={"grading": log.grading, "audience": audience or policies.audience_of(log.dissemination)},
        )
    return len(logs)
