"""Missing-person cases: opening, risk grading and supervision, enquiries, sightings, trace and
return (DOMAIN §5, docs/missing-persons.md).

Restricted data: opening a case is a collection, every change an alteration with old and
new values, each written in the same transaction as the change. Anything the briefing's
`missing_persons` section shows announces a briefing change.
"""

import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AgencyKind
from accounts.models import PartnerAgency
from accounts.notifications import notify
from audit.changes import audit_value, changes_between
from audit.choices import Category
from audit.services import audit_denied, audit_record
from community.choices import AssignmentKind
from incidents.models.incidents import Incident, IncidentCategory
from incidents.models.notes import CaseNote
from incidents.services.incidents import incident_create
from incidents.services.notes import note_create
from missing_persons.choices import MissingActionStatus, MissingCaseStatus, RiskAnswer
from missing_persons.models import (
    HerbertProtocol,
    HighRiskChecklistItem,
    MissingAction,
    MissingChecklistTick,
    MissingPersonCase,
    MissingRiskAnswer,
    MissingRiskAssessment,
    MissingRiskLevelSetting,
    MissingSighting,
    RiskQuestion,
)
from missing_persons.policies import (
    can_record_return,
    can_review_missing_persons,
    can_work_active_case,
    can_work_missing_persons,
    rhi_referral_blockers,
)
from partners.models import NoteShare
from partners.services.shares import note_share, require_may_share, sharing_problems
from pcso.concurrency import locked
from pcso.geo import half_point_errors
from pcso.signals import announce_briefing_change

PERSON_FIELDS = ["name", "date_of_birth", "age", "description", "is_vulnerable_adult"]


REPORT_FIELDS = [
    "missing_since",
    "reported_at",
    "reported_by",
    "reporter_contact",
    "missing_from",
    "latitude",
    "longitude",
    "neighbourhood",
    "last_seen_at",
    "last_seen_place",
    "circumstances",
]


CASE_FIELDS = [*PERSON_FIELDS, *REPORT_FIELDS]


TRACE_FIELDS = ["traced_at", "traced_where", "traced_how", "traced_by"]


# `rhi_referred_at` is not among them: it is set by the referral (missing_case_refer_rhi).
RETURN_FIELDS = [
    "safe_and_well_at",
    "safe_and_well_notes",
    "rhi_agency",
    "rhi_completed_at",
    "rhi_notes",
]


HERBERT_FIELDS = ["description", "routines", "significant_places", "medication", "handed_over_by"]


ASSESSMENT_FIELDS = ["risk_level", "rationale", "information_from", "information_at"]


RHI_AGENCY_KINDS = (AgencyKind.LOCAL_AUTHORITY, AgencyKind.CHILDRENS_SERVICES)


RHI_ACTION = "Return home interview"


RHI_PURPOSE = "Return home interview for a child who was missing (offered within 72 hours of their return)"


MISSING_PERSON_CATEGORY = "missing-person"


# The first bytes of the only photo formats accepted (no image library: the content is
# sniffed, never the name or the browser's claimed type).
IMAGE_SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}


# --- Who may ---------------------------------------------------------------------------


def refuse(*, actor, action: str, case: MissingPersonCase | None, message: str, category=Category.ALTERATION):
    """Log the refused attempt (outside any transaction that would roll it back) and raise."""
    audit_denied(actor=actor, action=action, category=category, obj=case)
    raise PermissionDenied(message)


def require_may_work(actor, case: MissingPersonCase | None = None, action: str = "missing_case.open") -> None:
    if not can_work_missing_persons(actor):
        category = Category.COLLECTION if case is None else Category.ALTERATION
        refuse(
            actor=actor,
            action=action,
            case=case,
            message="Your role does not work missing-person cases.",
            category=category,
        )


def require_active(actor, case: MissingPersonCase) -> None:
    """After require_may_work: what is left of can_work_active_case is the case's state."""
    if not can_work_active_case(actor, case):
        raise ValidationError({"status": "The person has been traced: this case is no longer active."})


# --- Helpers -----------------------------------------------------------------------------


def snapshot(obj, fields: Sequence[str]) -> dict[str, Any]:
    return {name: audit_value(getattr(obj, name)) for name in fields}


def person_key(name: str, date_of_birth) -> str:
    """Normalised name and date of birth: a name alone is too common to call an episode a repeat."""
    if not date_of_birth:
        return ""
    words = re.findall(r"[a-z0-9]+", (name or "").lower())
    return f"{' '.join(words)}|{date_of_birth.isoformat()}"


def review_minutes(level: str) -> int:
    setting = MissingRiskLevelSetting.objects.filter(level=level).first()
    if setting is None:
        raise ValidationError({"risk_level": "This risk level has no review interval: ask an administrator."})
    return setting.review_minutes


def clean_photo(upload) -> tuple[str, str]:
    """(content type, extension) of an uploaded JPEG or PNG; anything else is refused."""
    if upload.size > settings.MISSING_PHOTO_MAX_BYTES:
        raise ValidationError(
            {"photo": f"The photo is too large: at most {settings.MISSING_PHOTO_MAX_BYTES // 1024} KB."}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError({"photo": "Upload a photo as a JPEG or PNG image."})


def attach_photo(record, upload) -> None:
    """Store the upload under MEDIA_ROOT with a random name (the person's name never reaches the disk)."""
    content_type, extension = clean_photo(upload)
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    record.photo = upload
    record.photo_content_type = content_type


def save_change(*, actor, case: MissingPersonCase, action: str, changes: dict, fields: Sequence[str], **details):
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        category=Category.ALTERATION,
        action=action,
        obj=case,
        details={"version": case.version, "changes": changes, **details},
    )
    return case


def announce(*neighbourhood_ids) -> None:
    for neighbourhood_id in set(neighbourhood_ids):
        announce_briefing_change(neighbourhood_id=neighbourhood_id)


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
        save_change(
            actor=actor,
            case=current,
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
        save_change(
            actor=actor,
            case=current,
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


def supervisors_of(case: MissingPersonCase):
    """The supervisors of the case's neighbourhood; every supervisor when it has none."""
    from accounts.choices import Role
    from accounts.models import User

    scope = User.objects.filter(is_active=True, role=Role.SUPERVISOR)
    if case.neighbourhood_id is not None:
        scope = scope.filter(
            assignments__neighbourhood_id=case.neighbourhood_id, assignments__kind=AssignmentKind.SUPERVISOR
        )
    return scope.order_by("username").distinct()


def overdue_words(case: MissingPersonCase) -> str:
    level = MissingRiskLevelSetting.objects.filter(level=case.risk_level).first()
    return f"{case.reference}: {level or case.get_risk_level_display()} risk, supervisor review was due " + (
        timezone.localtime(case.next_review_due_at).strftime("%H:%M on %d %b %Y")
    )


def missing_cases_flag_overdue_reviews(*, actor=None, now: datetime | None = None) -> int:
    """Mark reviews that have fallen due and tell the neighbourhood's supervisors, once each.

    A case is flagged once per due time: the flag (review_overdue_since) is cleared only by a
    supervisor's review, which also sets a new due time; the notification key names the due
    time, and (recipient, key) is unique. So running this every minute, or twice at once,
    tells each supervisor once per overdue review. Returns how many cases were flagged now.
    """
    now = now or timezone.now()
    flagged = 0
    due = MissingPersonCase.objects.review_overdue(now).filter(review_overdue_since=None).order_by("id")
    for case_id in due.values_list("id", flat=True)[:500]:
        with transaction.atomic():
            current = MissingPersonCase.objects.select_for_update().filter(pk=case_id).first()
            if current is None or not current.is_active or current.review_overdue_since is not None:
                continue  # reviewed, traced or flagged by another run meanwhile
            if current.next_review_due_at is None or current.next_review_due_at >= now:
                continue
            current.review_overdue_since = current.next_review_due_at
            recipients = list(supervisors_of(current))
            told = notify(
                recipients=recipients,
                key=f"missing-review:{current.pk}:{current.next_review_due_at.isoformat()}",
                title=f"Missing-person review overdue: {current.reference}",
                body=overdue_words(current),
                url=reverse("missing_persons:missing-case-detail", args=[current.pk]),
            )
            save_change(
                actor=actor,
                case=current,
                action="missing_case.review_overdue",
                changes={"review_overdue_since": {"old": None, "new": audit_value(current.review_overdue_since)}},
                fields=["review_overdue_since"],
                notified=[n.recipient.username for n in told],
            )
            flagged += 1
    return flagged


def missing_case_tick_checklist(*, actor, case: MissingPersonCase, item: HighRiskChecklistItem, notes: str = ""):
    """Record that a high-risk checklist item is in place."""
    require_may_work(actor, case, "missing_case.checklist")
    if item is None or not item.is_active:
        raise ValidationError({"item": "Choose an item of the checklist."})
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        if current.checklist_ticks.filter(item=item).exists():
            raise ValidationError({"item": f"“{item.name}” is already ticked."})
        tick = MissingChecklistTick.objects.create(
            case=current, item=item, notes=(notes or "").strip()[:500], done_by=actor
        )
        save_change(
            actor=actor,
            case=current,
            action="missing_case.checklist",
            changes={"checklist": {"old": None, "new": item.code}},
            fields=[],
        )
    return tick


# --- Enquiries and sightings -------------------------------------------------------------


def missing_case_add_sighting(*, actor, case: MissingPersonCase, data: dict) -> MissingSighting:
    """A reported sighting: an addition (no If-Match), a collection on the case's trail."""
    require_may_work(actor, case, "missing_case.add_sighting")
    sighting = MissingSighting(case=case, recorded_by=actor, **data)
    sighting.place = (sighting.place or "").strip()
    sighting.full_clean(exclude=["case", "recorded_by"], validate_constraints=False)
    if sighting.seen_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"seen_at": "That is in the future."})
    if half_point := half_point_errors(sighting.latitude, sighting.longitude):
        raise ValidationError(half_point)
    if not sighting.place and not sighting.has_point:
        raise ValidationError({"place": "Say where, or mark the place on the map."})
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        sighting.case = current
        sighting.save()
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="missing_case.add_sighting",
            obj=current,
            details={"version": current.version, "sighting": sighting.pk, **snapshot(sighting, [*data])},
        )
        announce(current.neighbourhood_id)
    return sighting


def missing_case_add_action(*, actor, case: MissingPersonCase, description: str, assigned_to, due_at) -> MissingAction:
    """A line of enquiry or action for a named person, due by a time."""
    require_may_work(actor, case, "missing_case.add_action")
    if assigned_to is None or not assigned_to.is_active or not can_work_missing_persons(assigned_to):
        raise ValidationError({"assigned_to": "Choose an active officer or member of staff."})
    action = MissingAction(
        case=case, description=(description or "").strip(), assigned_to=assigned_to, due_at=due_at, created_by=actor
    )
    action.full_clean(exclude=["case", "created_by"])
    with transaction.atomic():
        current = locked(case)
        require_active(actor, current)
        action.case = current
        action.save()
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="missing_case.add_action",
            obj=current,
            details={
                "version": current.version,
                "action": action.pk,
                "description": action.description,
                "assigned_to": assigned_to.username,
                "due_at": audit_value(due_at),
            },
        )
    return action


def missing_action_complete(*, actor, action: MissingAction, result: str) -> MissingAction:
    """Mark an action done with its result (anyone working the case: enquiries are shared work)."""
    require_may_work(actor, action.case, "missing_case.complete_action")
    result = (result or "").strip()
    if not result:
        raise ValidationError({"result": "Say what the enquiry found."})
    with transaction.atomic():
        current = locked(action)
        if current.status == MissingActionStatus.DONE:
            raise ValidationError({"result": "That action is already done."})
        current.status, current.result, current.done_at, current.done_by = (
            MissingActionStatus.DONE,
            result[:4000],
            timezone.now(),
            actor,
        )
        current.save(update_fields=["status", "result", "done_at", "done_by"])
        case = MissingPersonCase.objects.select_for_update().get(pk=current.case_id)
        change = {f"action[{current.pk}]": {"old": "open", "new": "done"}}
        save_change(
            actor=actor,
            case=case,
            action="missing_case.complete_action",
            fields=[],
            changes=change,
            result=current.result,
        )
    return current


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
        save_change(
            actor=actor,
            case=current,
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
            save_change(actor=actor, case=current, action="missing_case.record_return", changes=changes, fields=changed)
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
        save_change(
            actor=actor,
            case=current,
            action="missing_case.refer_rhi",
            changes=changes_between(before, snapshot(current, fields)),
            fields=fields,
            note=note.pk,
            recipient=share.agency.code,
        )
    return share


# --- Herbert Protocol --------------------------------------------------------------------


def herbert_protocol_save(*, actor, case: MissingPersonCase, fields: dict[str, Any], photo=None) -> HerbertProtocol:
    """Attach (or update) the Herbert Protocol form handed over for a person with dementia."""
    require_may_work(actor, case, "missing_case.herbert_protocol")
    unknown = set(fields) - set(HERBERT_FIELDS)
    if unknown:
        raise TypeError(f"Not Herbert Protocol fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(case)
        form = HerbertProtocol.objects.select_for_update().filter(case=current).first()
        created = form is None
        form = form or HerbertProtocol(case=current, recorded_by=actor)
        before = {} if created else snapshot(form, HERBERT_FIELDS)
        for name, value in fields.items():
            setattr(form, name, (value or "").strip())
        if photo is not None:
            attach_photo(form, photo)
        form.full_clean(exclude=["case", "recorded_by"])
        after = snapshot(form, HERBERT_FIELDS)
        changes = {
            name: {"old": before.get(name), "new": after[name]} for name in after if before.get(name) != after[name]
        }
        if photo is not None:
            changes["photo"] = {"old": None, "new": "added"}
        if not changes and not created:
            return form
        form.recorded_by = actor
        form.save()
        save_change(
            actor=actor,
            case=current,
            action="missing_case.herbert_protocol",
            changes=changes,
            fields=[],
            created=created,
        )
    return form


__all__ = [
    "herbert_protocol_save",
    "missing_action_complete",
    "missing_case_add_action",
    "missing_case_add_sighting",
    "missing_case_assess",
    "missing_case_open",
    "missing_case_record_return",
    "missing_case_refer_rhi",
    "missing_case_tick_checklist",
    "missing_case_trace",
    "missing_case_update",
    "missing_cases_flag_overdue_reviews",
]
