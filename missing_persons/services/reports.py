"""Opening a missing-person case from its report, editing it, and grading its risk (DOMAIN §5)."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value, changes_between, save_new_version
from audit.choices import Category
from audit.services import audit_record
from incidents.models.incidents import Incident, IncidentCategory
from incidents.services.incidents import incident_create
from missing_persons.choices import RiskAnswer
from missing_persons.models import (
    MissingPersonCase,
    MissingRiskAnswer,
    MissingRiskAssessment,
    RiskQuestion,
)
from missing_persons.policies import (
    can_review_missing_persons,
)
from missing_persons.services.common import (
    CASE_FIELDS,
    announce,
    person_key,
    require_active,
    require_may_work,
    review_minutes,
    snapshot,
)
from missing_persons.services.photos import attach_photo
from pcso.concurrency import locked

ASSESSMENT_FIELDS = ["risk_level", "rationale", "information_from", "information_at"]


MISSING_PERSON_CATEGORY = "missing-person"


# --- Opening a case ----------------------------------------------------------------------


def missing_category() -> IncidentCategory:
    category = IncidentCategory.objects.filter(code=MISSING_PERSON_CATEGORY).first()
    if category is None:
        raise ValidationError({"incident": "The 'missing person' incident category is missing: ask an administrator."})
    return category


def incident_for(*, actor, case: MissingPersonCase) -> Incident:
    """The incident record the case shares its notes and audit trail with, logged now."""
    account = f"Missing person reported: {case.name}. {case.circumstances}".strip()
    return incident_create(
        actor=actor,
        fields={
            "opening_category": missing_category(),
            "occurred_at": case.missing_since,
            "location_text": case.missing_from,
            "latitude": case.latitude,
            "longitude": case.longitude,
            "neighbourhood": case.neighbourhood,
            "account": account[:4000],
        },
    )


def check_incident(incident: Incident) -> None:
    if MissingPersonCase.objects.filter(incident=incident).exists():
        raise ValidationError({"incident": f"{incident.reference} already has a missing-person case."})


def build_assessment(case, actor, data: dict, answers: dict[str, tuple[str, str]]):
    """An unsaved assessment and its answers, checked. `answers` maps question code ->
    (yes/no/unknown, notes); questions left out are not recorded."""
    assessment = MissingRiskAssessment(
        case=case,
        assessed_by=actor,
        is_supervisor_review=can_review_missing_persons(actor),
        **{name: data.get(name) for name in ASSESSMENT_FIELDS},
    )
    if isinstance(assessment.rationale, str):
        assessment.rationale = assessment.rationale.strip()
    try:
        assessment.full_clean(exclude=["case", "assessed_by"])
    except ValidationError as exc:
        raise ValidationError(
            {f"risk_{k}" if k in ASSESSMENT_FIELDS else k: v for k, v in exc.message_dict.items()}
        ) from exc
    if assessment.information_at and assessment.information_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"risk_information_at": "That is in the future."})
    questions = {q.code: q for q in RiskQuestion.objects.filter(code__in=list(answers))}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError({"answers": f"Not questions of the questionnaire: {', '.join(unknown)}."})
    rows = []
    for code, (answer, notes) in answers.items():
        if answer not in RiskAnswer.values:
            raise ValidationError({"answers": f"{code}: answer yes, no or unknown."})
        rows.append(MissingRiskAnswer(question=questions[code], answer=answer, notes=(notes or "").strip()[:1000]))
    return assessment, rows


def save_assessment(assessment, rows) -> None:
    assessment.save()
    for row in rows:
        row.assessment = assessment
    MissingRiskAnswer.objects.bulk_create(rows)


def link_earlier_episodes(case: MissingPersonCase) -> list[str]:
    if not case.person_key:
        return []
    earlier = list(MissingPersonCase.objects.filter(person_key=case.person_key).exclude(pk=case.pk).order_by("id"))
    case.earlier_episodes.add(*earlier)
    return [e.reference for e in earlier]


def missing_case_open(
    *,
    actor,
    fields: dict[str, Any],
    assessment: dict[str, Any],
    answers: dict[str, tuple[str, str]] | None = None,
    incident: Incident | None = None,
    photo=None,
) -> MissingPersonCase:
    """Open a case from a report, with its first risk assessment. Logs the incident record too
    unless one is given. Earlier episodes of the same person (name and date of birth) are linked."""
    require_may_work(actor)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"Not case fields: {sorted(unknown)}")
    with transaction.atomic():
        case = MissingPersonCase(created_by=actor, risk_level=assessment.get("risk_level") or "", **fields)
        case.name = (case.name or "").strip()
        case.person_key = person_key(case.name, case.date_of_birth)
        if photo is not None:
            attach_photo(case, photo)
        case.full_clean(exclude=["incident", "risk_level"])
        risk, rows = build_assessment(case, actor, assessment, answers or {})
        if incident is not None:
            check_incident(incident)
        case.incident = incident or incident_for(actor=actor, case=case)
        if case.neighbourhood_id is None:
            case.neighbourhood_id = case.incident.neighbourhood_id
        now = timezone.now()
        case.next_review_due_at = now + timedelta(minutes=review_minutes(case.risk_level))
        if risk.is_supervisor_review:
            case.last_reviewed_at, case.last_reviewed_by = now, actor
        case.save()
        save_assessment(risk, rows)
        earlier = link_earlier_episodes(case)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="missing_case.open",
            obj=case,
            details={
                "fields": snapshot(case, [*CASE_FIELDS, "risk_level", "next_review_due_at"]),
                "incident": case.incident_id,
                "assessment": risk.pk,
                "answers": {row.question.code: row.answer for row in rows},
                "photo": bool(case.photo),
                "earlier_episodes": earlier,
            },
        )
        announce(case.neighbourhood_id)
    return case


# --- Editing -----------------------------------------------------------------------------


def missing_case_update(*, actor, case: MissingPersonCase, version: int, fields: dict[str, Any], photo=None):
    """Correct the person's and the report's details (and replace the photo)."""
    require_may_work(actor, case, "missing_case.update")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable case fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(case, version)
        before = snapshot(current, [*CASE_FIELDS, "person_key"])
        old_photo = current.photo.name
        for name, value in fields.items():
            setattr(current, name, value)
        current.person_key = person_key(current.name, current.date_of_birth)
        if photo is not None:
            attach_photo(current, photo)
        current.full_clean()
        changes = changes_between(before, snapshot(current, [*CASE_FIELDS, "person_key"]))
        if photo is not None:
            changes["photo"] = {"old": bool(old_photo), "new": "replaced" if old_photo else "added"}
        if not changes:
            return current
        changed = [*CASE_FIELDS, "person_key", "photo", "photo_content_type"]
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.update",
            changes=changes,
            fields=changed,
            earlier_episodes=link_earlier_episodes(current) if "person_key" in changes else [],
        )
        announce(current.neighbourhood_id, case.neighbourhood_id)
    return current


# --- Risk and supervision ----------------------------------------------------------------


def missing_case_assess(
    *, actor, case: MissingPersonCase, data: dict, answers: dict | None = None, version: int | None = None
) -> MissingRiskAssessment:
    """Grade (or re-grade) the risk. A supervisor's assessment is their review: the next one
    falls due after the level's interval. Anyone else's may bring the review forward, never
    push it back."""
    require_may_work(actor, case, "missing_case.assess")
    with transaction.atomic():
        current = locked(case, version)
        require_active(actor, current)
        risk, rows = build_assessment(current, actor, data, answers or {})
        fields = ["risk_level", "next_review_due_at", "last_reviewed_at", "last_reviewed_by", "review_overdue_since"]
        before = snapshot(current, fields)
        now = timezone.now()
        due = now + timedelta(minutes=review_minutes(risk.risk_level))
        current.risk_level = risk.risk_level
        if risk.is_supervisor_review:
            current.next_review_due_at = due
            current.last_reviewed_at, current.last_reviewed_by = now, actor
            current.review_overdue_since = None
        elif current.next_review_due_at is None or due < current.next_review_due_at:
            current.next_review_due_at = due
        save_assessment(risk, rows)
        save_new_version(
            actor=actor,
            row=current,
            action="missing_case.review" if risk.is_supervisor_review else "missing_case.assess",
            changes=changes_between(before, snapshot(current, fields)),
            fields=fields,
            assessment=risk.pk,
            information_from=risk.information_from,
            information_at=audit_value(risk.information_at),
            answers={row.question.code: row.answer for row in rows},
        )
        announce(current.neighbourhood_id)
    return risk
