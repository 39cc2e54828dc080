"""Setting up a house-to-house enquiry, editing it and closing it."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import changes_between, save_new_version
from audit.choices import Category
from audit.services import audit_record
from community.models.neighbourhoods import small_area_problem
from enquiries.choices import EnquiryScope, EnquiryStatus, PremisesStatus
from enquiries.models import Enquiry, QuestionTemplate
from enquiries.policies import can_close_enquiry_now
from enquiries.services.common import (
    ENQUIRY_FIELDS,
    require_may_close,
    require_may_work,
    require_open,
    snapshot,
)
from incidents.models.incidents import Incident
from pcso.concurrency import locked
from pcso.signals import announce_briefing_change

MAX_QUESTIONS = 30


def questionnaire(template_codes: Iterable[str], extra: Iterable[str]) -> list[dict]:
    """The enquiry's questions: the chosen templates, then any written for this enquiry."""
    codes = list(dict.fromkeys(template_codes))
    templates = {t.code: t for t in QuestionTemplate.objects.filter(code__in=codes, is_active=True)}
    unknown = [code for code in codes if code not in templates]
    if unknown:
        raise ValidationError({"question_templates": f"Unknown questions: {', '.join(unknown)}."})
    questions = [{"code": code, "text": templates[code].text} for code in codes]
    for number, text in enumerate((t.strip() for t in extra if t.strip()), start=1):
        if len(text) > 300:
            raise ValidationError({"extra_questions": "A question is at most 300 characters."})
        questions.append({"code": f"q{number}", "text": text})
    if not questions:
        raise ValidationError({"question_templates": "Choose or write at least one question."})
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError({"question_templates": f"At most {MAX_QUESTIONS} questions."})
    return questions


def clean_enquiry(enquiry: Enquiry) -> None:
    """The model's field checks and the scope's rules, reported together."""
    errors: dict[str, Any] = {}
    try:
        enquiry.full_clean(exclude=["questions"])
    except ValidationError as exc:
        errors = exc.message_dict
    if enquiry.area is not None and small_area_problem(enquiry.area):
        errors["area"] = small_area_problem(enquiry.area).replace("patrol area", "enquiry area")
    if enquiry.scope == EnquiryScope.STREETS and not (enquiry.streets or "").strip():
        errors["streets"] = "Name the streets, one per line."
    if enquiry.scope == EnquiryScope.AREA and enquiry.area is None and "area" not in errors:
        errors["area"] = "Draw the area on the map."
    if errors:
        raise ValidationError(errors)


def enquiry_create(
    *,
    actor,
    incident: Incident,
    fields: dict[str, Any],
    question_templates: Sequence[str] = (),
    extra_questions: Sequence[str] = (),
) -> Enquiry:
    """Set up an enquiry around an incident; its neighbourhood is the incident's unless given."""
    require_may_work(actor)
    unknown = set(fields) - set(ENQUIRY_FIELDS)
    if unknown:
        raise TypeError(f"Not enquiry fields: {sorted(unknown)}")
    with transaction.atomic():
        enquiry = Enquiry(incident=incident, created_by=actor, **fields)
        if enquiry.coordinator_id is None:
            enquiry.coordinator = actor
        if enquiry.neighbourhood_id is None:
            enquiry.neighbourhood_id = incident.neighbourhood_id
        enquiry.questions = questionnaire(question_templates, extra_questions)
        clean_enquiry(enquiry)
        enquiry.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.create",
            obj=enquiry,
            details={
                "incident": incident.pk,
                "fields": snapshot(enquiry, ENQUIRY_FIELDS),
                "questions": enquiry.questions,
            },
        )
    return enquiry


def enquiry_update(*, actor, enquiry: Enquiry, version: int, fields: dict[str, Any]) -> Enquiry:
    """Edit the parameters, rationale or coordinator of an open enquiry (If-Match version)."""
    require_may_work(actor, enquiry, "enquiry.update")
    unknown = set(fields) - set(ENQUIRY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable enquiry fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(enquiry, version)
        require_open(actor, current)
        before, old_neighbourhood_id = snapshot(current, ENQUIRY_FIELDS), current.neighbourhood_id
        for name, value in fields.items():
            setattr(current, name, value)
        clean_enquiry(current)
        changes = changes_between(before, snapshot(current, ENQUIRY_FIELDS))
        if not changes:
            return current
        save_new_version(actor=actor, row=current, action="enquiry.update", changes=changes, fields=ENQUIRY_FIELDS)
        if "neighbourhood" in changes:  # its revisits move from one briefing to another
            announce_briefing_change(neighbourhood_id=old_neighbourhood_id)
            announce_briefing_change(neighbourhood_id=current.neighbourhood_id)
        return current


# --- Closing -----------------------------------------------------------------------------


def enquiry_close(*, actor, enquiry: Enquiry, summary: str, unreached_reason: str = "", version: int | None = None):
    """Close with a summary; premises never completed need a reason, and their revisits lapse."""
    require_may_close(actor, enquiry)
    summary, unreached_reason = (summary or "").strip(), (unreached_reason or "").strip()
    with transaction.atomic():
        current = locked(enquiry, version)
        require_open(actor, current, can_close_enquiry_now)
        unreached = current.premises.exclude(status=PremisesStatus.COMPLETED).count()
        errors = {}
        if not summary:
            errors["summary"] = "Write a summary of what the enquiry found."
        if unreached and not unreached_reason:
            errors["unreached_reason"] = (
                f"{unreached} premises were never completed: say why the enquiry closes without them."
            )
        if errors:
            raise ValidationError(errors)
        fields = ["status", "summary", "unreached_reason", "closed_at"]
        before = snapshot(current, fields)
        current.status = EnquiryStatus.CLOSED
        current.summary = summary
        current.unreached_reason = unreached_reason if unreached else ""
        current.closed_at = timezone.now()
        changes = changes_between(before, snapshot(current, fields))
        save_new_version(
            actor=actor, row=current, action="enquiry.close", changes=changes, fields=fields, unreached=unreached
        )
        announce_briefing_change(neighbourhood_id=current.neighbourhood_id)
    return current
