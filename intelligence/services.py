"""Writes of intelligence logs (docs/intelligence.md): every change with its audit row.

Submitting is a collection (the report, and separately its source record); sanitising,
evaluating and rejecting are alterations with old and new values; putting a report into a
briefing is a disclosure. The source's identity never goes into an audit row's details.
"""

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.choices import Category
from audit.services import audit_denied, audit_record
from community.geo import NeighbourhoodLocator
from incidents.models import Incident
from incidents.repeats import contact_key
from pcso.concurrency import StaleVersionError
from pcso.signals import announce_briefing_change

from . import policies
from .choices import (
    Dissemination,
    HandlingCode,
    IntelligenceAssessment,
    LegacyHandling,
    LegacyIntelligence,
    LegacySource,
    LogStatus,
    Priority,
    SourceEvaluation,
)
from .models import IntelligenceLog, IntelligenceSubject, SourceRecord, subject_key

REPORT_FIELDS = [
    "original_text",
    "occurred_at",
    "location_text",
    "latitude",
    "longitude",
    "neighbourhood",
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "priority",
]
EVALUATION_FIELDS = [
    "source_evaluation",
    "intelligence_assessment",
    "handling_code",
    "handling_conditions",
    "conditions_permit_briefing",
    "priority",
    "dissemination",
]
SOURCE_FIELDS = ("name", "contact", "relationship")
MAX_SUBJECTS = 30
MAX_INCIDENTS = 20
LEAK_MESSAGE = (
    "This text names the source or gives their contact details. Take them out: who the source is "
    "goes only in the separate source record."
)


SUBJECT_LEAK_MESSAGE = (
    "One of the linked people, places or vehicles is the source. Take it out: who the source is "
    "goes only in the separate source record."
)


def refuse(*, actor, action: str, log: IntelligenceLog | None, message: str, category=Category.ALTERATION):
    audit_denied(actor=actor, action=action, category=category, obj=log)
    raise PermissionDenied(message)


def require_may_submit(actor) -> None:
    if not policies.can_submit(actor):
        refuse(
            actor=actor,
            action="intelligence_log.submit",
            log=None,
            message="Your role does not submit intelligence.",
            category=Category.COLLECTION,
        )


def require_unit(actor, log: IntelligenceLog, action: str) -> None:
    if not policies.is_intelligence_unit(actor):
        refuse(actor=actor, action=action, log=log, message="Only the intelligence unit evaluates reports.")


# --- The source check ---------------------------------------------------------------


def whole_word(word: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def names_source(text: str, name: str) -> bool:
    """The full name anywhere, in any case; or one of its words of three letters or more
    written as a name (capitalised), so "Doe said" and "DOE" match but, for a source called
    Will Rose, "he will be there" does not. Whole words only: "Ann" is not in "announced"."""
    name = " ".join(name.split())
    if not name:
        return False
    if whole_word(name).search(text):
        return True
    words = [word for word in re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", name) if len(word) >= 3]
    return any(found.group()[0].isupper() for word in words for found in whole_word(word).finditer(text))


def reveals_source(text: str, *, name: str, contact: str = "") -> bool:
    """Does `text` name the source (names_source) or give their phone number (by its digits,
    whatever the spacing, +44 as 0) or email?"""
    text = text or ""
    if names_source(text, name or ""):
        return True
    key = contact_key(contact)
    if not key:
        return False
    if "@" in key:
        return key in text.lower()
    numbers = re.findall(r"\+?\d[\d\s()-]{4,}\d", text or "")
    return len(key) >= 6 and any(key in contact_key(number) for number in numbers)


def check_text(text: str, *, source: dict | SourceRecord, field: str) -> None:
    name = source.name if isinstance(source, SourceRecord) else source.get("name", "")
    contact = source.contact if isinstance(source, SourceRecord) else source.get("contact", "")
    if reveals_source(text, name=name, contact=contact):
        raise ValidationError({field: LEAK_MESSAGE})


# --- Submission -----------------------------------------------------------------------


def clean_grading(values: dict) -> None:
    """The 3x5x2 codes of a new report or an evaluation, in words the officer can act on."""
    errors = {}
    if values.get("source_evaluation") not in SourceEvaluation.values:
        errors["source_evaluation"] = "Choose the source evaluation: 1, 2 or 3."
    if values.get("intelligence_assessment") not in IntelligenceAssessment.values:
        errors["intelligence_assessment"] = "Choose the intelligence assessment: A, B, C, D or E."
    if values.get("handling_code") not in HandlingCode.values:
        errors["handling_code"] = "Choose the handling code: P or C."
    elif values["handling_code"] == HandlingCode.CONDITIONS and not (values.get("handling_conditions") or "").strip():
        errors["handling_conditions"] = "Handling code C needs its conditions: say what they are."
    if values.get("priority", Priority.LOW) not in Priority.values:
        errors["priority"] = "Choose high, medium or low."
    if errors:
        raise ValidationError(errors)
    if values["handling_code"] == HandlingCode.PERMITTED:
        values["handling_conditions"] = ""


def build_subjects(
    log: IntelligenceLog, subjects: Sequence[dict], *, source: SourceRecord
) -> list[IntelligenceSubject]:
    """Linked subjects travel with the report to every reader, so the source is never one."""
    if len(subjects) > MAX_SUBJECTS:
        raise ValidationError({"subjects": f"Link at most {MAX_SUBJECTS} people, places and vehicles."})
    built, seen = [], set()
    for index, data in enumerate(subjects):
        subject = IntelligenceSubject(log=log, kind=data.get("kind", ""), text=(data.get("text") or "").strip())
        subject.key = subject_key(subject.kind, subject.text)
        try:
            subject.full_clean(exclude=["log", "key"])
        except ValidationError as exc:
            raise ValidationError({f"subjects[{index}]": exc.messages}) from exc
        if reveals_source(subject.text, name=source.name, contact=source.contact):
            raise ValidationError({"subjects": SUBJECT_LEAK_MESSAGE})
        if (subject.kind, subject.key) not in seen:
            seen.add((subject.kind, subject.key))
            built.append(subject)
    return built


def check_incidents(incidents: Sequence[Incident]) -> None:
    if len(incidents) > MAX_INCIDENTS:
        raise ValidationError({"incidents": f"Link at most {MAX_INCIDENTS} incidents."})


def clean_source(source: dict) -> SourceRecord:
    record = SourceRecord(**{name: (source.get(name) or "").strip() for name in SOURCE_FIELDS})
    try:
        record.full_clean(exclude=["log", "created_by"])
    except ValidationError as exc:
        raise ValidationError({f"source_{name}": errors for name, errors in exc.message_dict.items()}) from exc
    return record


def check_when(log: IntelligenceLog) -> None:
    if log.occurred_at and log.occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": "That is in the future: give when it happened or was learned."})


def place(log: IntelligenceLog) -> None:
    log.location_text = log.location_text.strip()
    if log.has_point and log.neighbourhood_id is None:
        log.neighbourhood_id = NeighbourhoodLocator.load(with_lsoas=False).locate("", log.longitude, log.latitude)


def intelligence_log_submit(
    *,
    actor,
    fields: dict[str, Any],
    source: dict,
    subjects: Sequence[dict] = (),
    incidents: Sequence[Incident] = (),
) -> IntelligenceLog:
    """Submit a report for evaluation, with its source in a separate restricted record.

    Refused with a field error if the report text names the source. Legacy 5x5x5 grades
    are not fields here: they only arrive with imported old reports.
    """
    require_may_submit(actor)
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise TypeError(f"Not report fields: {sorted(unknown)}")
    values = {"priority": Priority.LOW, **fields}
    clean_grading(values)
    record = clean_source(source)
    check_text(values.get("original_text", ""), source=record, field="original_text")
    check_incidents(incidents)
    with transaction.atomic():
        log = IntelligenceLog(submitted_by=actor, **values)
        place(log)
        log.full_clean()
        check_when(log)
        log.save()
        log.incidents.add(*incidents)
        built = build_subjects(log, subjects, source=record)
        IntelligenceSubject.objects.bulk_create(built)
        record.log, record.created_by = log, actor
        record.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="intelligence_log.submit",
            obj=log,
            details={
                "grading": log.grading,
                "priority": log.priority,
                "neighbourhood": log.neighbourhood_id,
                "subjects": [(s.kind, s.text) for s in built],
                "incidents": [i.pk for i in incidents],
            },
        )
        audit_record(actor=actor, category=Category.COLLECTION, action="source_record.create", obj=record)
    return log


# --- Evaluation by the intelligence unit ------------------------------------------------


def locked(log: IntelligenceLog, version: int | None) -> IntelligenceLog:
    current = IntelligenceLog.objects.select_for_update().get(pk=log.pk)
    if version is not None and current.version != version:
        raise StaleVersionError(current)
    return current


def snapshot(log: IntelligenceLog, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(log, name) for name in fields}


def changes_between(before: dict, after: dict) -> dict[str, dict]:
    return {name: {"old": before[name], "new": after[name]} for name in before if before[name] != after[name]}


def save_change(*, actor, log: IntelligenceLog, action: str, changes: dict, fields: list[str]) -> IntelligenceLog:
    log.version += 1
    log.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        category=Category.ALTERATION,
        action=action,
        obj=log,
        details={"version": log.version, "changes": changes},
    )
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
        if current.status == LogStatus.REJECTED or current.is_legacy:
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


# --- Disclosure ---------------------------------------------------------------------------


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


# --- Imported old reports (legacy 5x5x5) -----------------------------------------------------

LEGACY_GRADES = {
    "legacy_source": LegacySource.values,
    "legacy_intelligence": LegacyIntelligence.values,
    "legacy_handling": LegacyHandling.values,
}


def intelligence_log_import_legacy(*, actor, values: dict[str, Any]) -> tuple[IntelligenceLog, bool]:
    """Record one old report with its 5x5x5 grade, as already evaluated by the unit (the text
    was disseminated under the old system; its source stayed there). The only way a legacy
    grade enters; the same `legacy_reference` again changes nothing. Returns (log, created)."""
    if not policies.is_intelligence_unit(actor):
        refuse(actor=actor, action="intelligence_log.import", log=None, message="Only the intelligence unit imports.",
               category=Category.COLLECTION)  # fmt: skip
    reference = (values.get("legacy_reference") or "").strip()
    if not reference:
        raise ValidationError({"legacy_reference": "Give the old system's reference."})
    existing = IntelligenceLog.objects.filter(legacy_reference=reference).first()
    if existing:
        return existing, False
    errors = {
        name: f"Use one of {', '.join(allowed)}."
        for name, allowed in LEGACY_GRADES.items()
        if (values.get(name) or "").strip().upper() not in allowed
    }
    if errors:
        raise ValidationError(errors)
    text = (values.get("text") or "").strip()
    with transaction.atomic():
        log = IntelligenceLog(
            status=LogStatus.EVALUATED,
            original_text=text,
            sanitised_text=text,
            occurred_at=values.get("occurred_at"),
            location_text=(values.get("location_text") or "").strip(),
            neighbourhood_id=values.get("neighbourhood_id"),
            dissemination=values.get("dissemination") or Dissemination.UNIT,
            legacy_reference=reference,
            submitted_by=actor,
            evaluated_by=actor,
            evaluated_at=timezone.now(),
            **{name: values[name].strip().upper() for name in LEGACY_GRADES},
        )
        log.full_clean()
        log.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="intelligence_log.import",
            obj=log,
            details={"legacy_reference": reference, "grading": log.grading, "dissemination": log.dissemination},
        )
    return log, True
