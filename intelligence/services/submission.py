"""Submitting a report: a collection of the report and, apart, of its source record."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.choices import Category
from community.geo import NeighbourhoodLocator
from incidents.models.incidents import Incident
from intelligence.choices import HandlingCode, IntelligenceAssessment, Priority, SourceEvaluation
from intelligence.models import IntelligenceLog, IntelligenceSubject, SourceRecord, subject_key
from intelligence.services.access import audited, require_may_submit
from intelligence.services.source_check import SUBJECT_LEAK_MESSAGE, check_text, reveals_source

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
SOURCE_FIELDS = ("name", "contact", "relationship")
MAX_SUBJECTS = 30
MAX_INCIDENTS = 20


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
        collected = {"actor": actor, "category": Category.COLLECTION}
        audited(**collected, action="intelligence_log.submit", log=log, grading=log.grading, priority=log.priority,
                neighbourhood=log.neighbourhood_id, subjects=[(s.kind, s.text) for s in built],
                incidents=[i.pk for i in incidents])  # fmt: skip
        audited(**collected, action="source_record.create", log=record)  # names the report, never the source
    return log
