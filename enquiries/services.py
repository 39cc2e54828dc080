"""House-to-house enquiries: setting one up, its premises list, visits, closing (docs/enquiries.md).

Answers and the people spoken to are personal data: recording a visit is a collection,
editing the enquiry an alteration with old and new values, both audited in the same
transaction. Visits are additions: they take no version, so two officers at one door
both keep their visit; the premises row is locked only to recompute its status.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value, changes_between
from audit.choices import Category
from audit.services import audit_denied, audit_record
from community.models.neighbourhoods import small_area_problem
from crimes.importers.police_uk import records
from enquiries.choices import EnquiryScope, EnquiryStatus, PremisesStatus
from enquiries.models import Enquiry, Premises, QuestionTemplate, Visit, VisitOutcome
from enquiries.policies import can_close_enquiry, can_close_enquiry_now, can_work_enquiries, can_work_open_enquiry
from incidents.models.incidents import Incident
from incidents.repeats import location_key
from pcso.concurrency import locked
from pcso.geo import half_point_errors, parse_point
from pcso.signals import announce_briefing_change

ENQUIRY_FIELDS = ["title", "scope", "streets", "area", "rationale", "coordinator", "neighbourhood"]


IMPORT_HEADER = ["address", "latitude", "longitude"]


MAX_IMPORT_ROWS = 5000


MAX_QUESTIONS = 30


MAX_PEOPLE = 20


CLOCK_TOLERANCE = timedelta(minutes=5)  # phones and servers disagree by a little


def require_may_work(actor, enquiry: Enquiry | None = None, action: str = "enquiry.create") -> None:
    if not can_work_enquiries(actor):
        category = Category.COLLECTION if enquiry is None else Category.ALTERATION
        audit_denied(actor=actor, action=action, category=category, obj=enquiry)
        raise PermissionDenied("Your role does not work house-to-house enquiries.")


def require_may_close(actor, enquiry: Enquiry) -> None:
    require_may_work(actor, enquiry, "enquiry.close")
    if not can_close_enquiry(actor, enquiry):
        audit_denied(actor=actor, action="enquiry.close", category=Category.ALTERATION, obj=enquiry)
        raise PermissionDenied("Only the coordinator or a supervisor closes the enquiry.")


def require_open(actor, enquiry: Enquiry, rule=can_work_open_enquiry) -> None:
    """After the role check, what is left of the action's rule (a policy) is the enquiry's state."""
    if not rule(actor, enquiry):
        raise ValidationError({"status": "The enquiry is closed."})


def snapshot(enquiry: Enquiry, fields: Sequence[str]) -> dict[str, Any]:
    return {name: audit_value(getattr(enquiry, name)) for name in fields}


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


def save_change(*, actor, enquiry: Enquiry, action: str, changes: dict, fields: list[str], **details) -> Enquiry:
    enquiry.version += 1
    enquiry.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(
        actor=actor,
        category=Category.ALTERATION,
        action=action,
        obj=enquiry,
        details={"version": enquiry.version, "changes": changes, **details},
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
        save_change(actor=actor, enquiry=current, action="enquiry.update", changes=changes, fields=ENQUIRY_FIELDS)
        if "neighbourhood" in changes:  # its revisits move from one briefing to another
            announce_briefing_change(neighbourhood_id=old_neighbourhood_id)
            announce_briefing_change(neighbourhood_id=current.neighbourhood_id)
        return current


# --- The premises list -------------------------------------------------------------------


def build_premises(enquiry: Enquiry, address: str, latitude, longitude) -> Premises:
    premises = Premises(
        enquiry=enquiry,
        address=" ".join((address or "").split()),
        latitude=latitude,
        longitude=longitude,
    )
    premises.address_key = location_key(premises.address)
    if not premises.address_key:
        raise ValidationError({"address": "Give the address."})
    if half_point := half_point_errors(latitude, longitude):
        raise ValidationError(half_point)
    premises.full_clean(exclude=["enquiry", "address_key"], validate_constraints=False, validate_unique=False)
    return premises


def premises_add(*, actor, enquiry: Enquiry, address: str, latitude=None, longitude=None) -> Premises:
    """Add one premises by hand; an address already on the list is refused, not doubled."""
    require_may_work(actor, enquiry, "enquiry.add_premises")
    with transaction.atomic():
        current = locked(enquiry)
        require_open(actor, current)
        premises = build_premises(current, address, latitude, longitude)
        if current.premises.filter(address_key=premises.address_key).exists():
            raise ValidationError({"address": f"{premises.address} is already on the list."})
        premises.save()
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.add_premises",
            obj=current,
            details={"premises": premises.pk, "address": premises.address},
        )
    return premises


class UnreadableImport(ValidationError):
    """The file as a whole cannot be read (not CSV, wrong header): nothing imported."""


@dataclass
class PremisesImport:
    """What an import did: rows read, premises added, and each skipped row as "file:line: why"."""

    file_name: str
    rows: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.file_name}: {self.rows} rows, {self.created} premises added, "
            f"{len(self.duplicates)} already on the list, {len(self.errors)} bad rows skipped"
        )

    def as_details(self) -> dict:
        return {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "duplicates": len(self.duplicates),
            "bad_rows": len(self.errors),
        }


def read_premises_csv(handle, file_name: str) -> list[tuple[int, dict | None, str]]:
    """Parse `address,latitude,longitude` lines (coordinates optional, any column order) into
    (line, row, "") or (line, None, what is wrong).

    Reuses the street-file reader: a bad line (not UTF-8, a stray quote) spoils that row only.
    """
    lines = records(handle)
    _, header, _ = next(lines, (0, None, ""))
    names = [name.strip().lower() for name in header or []]
    if "address" not in names or not set(names) <= set(IMPORT_HEADER) or len(set(names)) < len(names):
        raise UnreadableImport({"file": f"{file_name}: the first line must be {','.join(IMPORT_HEADER)}."})
    rows = []
    for number, fields, unparsed in lines:
        if len(rows) == MAX_IMPORT_ROWS:
            raise UnreadableImport({"file": f"{file_name}: at most {MAX_IMPORT_ROWS} premises in one file."})
        if unparsed or len(fields) != len(names):
            rows.append((number, None, unparsed or f"expected {len(names)} fields, found {len(fields)}"))
        else:
            rows.append((number, dict(zip(names, fields, strict=True)), ""))
    return rows


def premises_from_row(enquiry: Enquiry, row: dict) -> Premises:
    """One CSV row as a premises; raises ValidationError saying what is wrong."""
    try:
        latitude, longitude = parse_point(row.get("latitude", ""), row.get("longitude", ""))
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    return build_premises(enquiry, row["address"], latitude, longitude)


def premises_import(*, actor, enquiry: Enquiry, handle, file_name: str) -> PremisesImport:
    """Import a CSV of addresses. Bad rows are reported with file and line and skipped whole;
    addresses already on the list (or twice in the file) are reported, not doubled; the rest
    are added in one transaction with one audit event."""
    require_may_work(actor, enquiry, "enquiry.import_premises")
    file_name = (file_name or "upload.csv")[-100:]
    rows = read_premises_csv(handle, file_name)
    report = PremisesImport(file_name=file_name, rows=len(rows))
    with transaction.atomic():
        current = locked(enquiry)
        require_open(actor, current)
        known = set(current.premises.values_list("address_key", flat=True))
        new = []
        for number, row, problem in rows:
            try:
                if problem:
                    raise ValidationError(problem)
                premises = premises_from_row(current, row)
            except ValidationError as exc:
                report.errors.append(f"{file_name}:{number}: {'; '.join(exc.messages)}; row skipped")
                continue
            if premises.address_key in known:
                report.duplicates.append(f"{file_name}:{number}: {premises.address} is already on the list")
                continue
            known.add(premises.address_key)
            new.append(premises)
        Premises.objects.bulk_create(new)
        report.created = len(new)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.import_premises",
            obj=current,
            details=report.as_details(),
        )
    return report


# --- Visits ------------------------------------------------------------------------------


def clean_people(people: Sequence[dict]) -> list[dict]:
    cleaned = []
    for person in people or []:
        name = " ".join(str(person.get("name") or "").split())[:200]
        if name:
            cleaned.append({"name": name, "present": bool(person.get("present"))})
    if len(cleaned) > MAX_PEOPLE:
        raise ValidationError({"people": f"At most {MAX_PEOPLE} people on one visit."})
    return cleaned


def clean_answers(enquiry: Enquiry, answers: dict) -> dict:
    codes = [q["code"] for q in enquiry.questions]
    unknown = sorted(set(answers or {}) - set(codes))
    if unknown:
        raise ValidationError({"answers": f"Not questions of this enquiry: {', '.join(unknown)}."})
    cleaned = {code: str(answers[code]).strip()[:2000] for code in codes if str(answers.get(code) or "").strip()}
    return cleaned


def clean_visit(visit: Visit, outcome: VisitOutcome, now: datetime, incident: Incident) -> None:
    errors = {}
    if visit.visited_at > now + CLOCK_TOLERANCE:
        errors["visited_at"] = "That is in the future: record a visit once it is made."
    elif visit.visited_at < incident.occurred_at - CLOCK_TOLERANCE:
        errors["visited_at"] = "That is before the incident: check the date."
    if outcome.asks_card_reference and not visit.card_reference:
        errors["card_reference"] = "Give the reference of the card you left."
    if outcome.needs_revisit and visit.revisit_due_at is None:
        errors["revisit_due_at"] = "Schedule the call-back: when is it due?"
    if not outcome.needs_revisit and visit.revisit_due_at is not None:
        errors["revisit_due_at"] = f"“{outcome.name}” needs no call-back."
    if visit.revisit_due_at is not None and visit.revisit_due_at <= visit.visited_at:
        errors["revisit_due_at"] = "The call-back must be after the visit."
    if errors:
        raise ValidationError(errors)


def refresh_premises(premises: Premises) -> None:
    """The premises' status and revisit from all of its visits, latest last.

    Any completing visit completes it; otherwise the latest visit decides: a revisit
    due (with its time and officer) or visited but not complete.
    """
    visits = list(premises.visits.select_related("outcome").order_by("visited_at", "id"))
    premises.visit_count = len(visits)
    premises.revisit_due_at, premises.revisit_officer_id = None, None
    latest = visits[-1] if visits else None
    if any(v.outcome.completes for v in visits):
        premises.status = PremisesStatus.COMPLETED
    elif latest is None:
        premises.status = PremisesStatus.NOT_VISITED
    elif latest.outcome.needs_revisit:
        premises.status = PremisesStatus.REVISIT
        premises.revisit_due_at = latest.revisit_due_at
        premises.revisit_officer_id = latest.revisit_officer_id or latest.visited_by_id
    else:
        premises.status = PremisesStatus.ATTEMPTED
    premises.save(update_fields=["status", "visit_count", "revisit_due_at", "revisit_officer"])


def visit_record(
    *,
    actor,
    premises: Premises,
    outcome: VisitOutcome,
    visited_at: datetime | None = None,
    visited_by=None,
    card_reference: str = "",
    people: Sequence[dict] = (),
    answers: dict | None = None,
    notes: str = "",
    follow_up: str = "",
    revisit_due_at: datetime | None = None,
    revisit_officer=None,
) -> Visit:
    """Record a visit (a collection of personal data). No version: visits are additions."""
    enquiry = premises.enquiry
    require_may_work(actor, enquiry, "enquiry.record_visit")
    if outcome is None or not outcome.is_active:
        raise ValidationError({"outcome": "Choose an outcome from the list."})
    now = timezone.now()
    with transaction.atomic():
        # Lock the premises (not the enquiry): visits elsewhere go ahead, and two visits
        # here are both saved, one after the other, each recomputing the status from all.
        current = (
            Premises.objects.select_for_update(of=("self",)).select_related("enquiry__incident").get(pk=premises.pk)
        )
        require_open(actor, current.enquiry)
        visit = Visit(
            premises=current,
            visited_at=visited_at or now,
            visited_by=visited_by or actor,
            outcome=outcome,
            card_reference=(card_reference or "").strip(),
            people=clean_people(people),
            answers=clean_answers(current.enquiry, answers or {}),
            notes=(notes or "").strip(),
            follow_up=(follow_up or "").strip(),
            revisit_due_at=revisit_due_at,
            revisit_officer=revisit_officer,
            recorded_by=actor,
        )
        visit.full_clean(exclude=["premises", "visited_by", "recorded_by", "outcome", "revisit_officer"])
        clean_visit(visit, outcome, now, current.enquiry.incident)
        visit.save()
        before = current.status
        refresh_premises(current)
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="enquiry.record_visit",
            obj=current.enquiry,
            details={
                "visit": visit.pk,
                "premises": current.pk,
                "address": current.address,
                "outcome": outcome.code,
                "visited_by": visit.visited_by.username,
                "visited_at": visit.visited_at.isoformat(),
                "people": len(visit.people),
                "answered": sorted(visit.answers),
                "follow_up": bool(visit.follow_up),
                "revisit_due_at": audit_value(revisit_due_at),
                "premises_status": {"old": before, "new": current.status},
            },
        )
        if outcome.needs_revisit or before == PremisesStatus.REVISIT or visit.follow_up:
            announce_briefing_change(neighbourhood_id=current.enquiry.neighbourhood_id)
    return visit


def visit_follow_up_done(*, actor, visit: Visit) -> Visit:
    """Mark a visit's follow-up (e.g. CCTV collected) as done: an alteration of the visit."""
    enquiry = visit.premises.enquiry
    require_may_work(actor, enquiry, "enquiry.follow_up_done")
    with transaction.atomic():
        current = locked(visit)
        if not current.follow_up:
            raise ValidationError({"follow_up": "That visit needs no follow-up."})
        if current.follow_up_done_at is not None:
            return current
        current.follow_up_done_at = timezone.now()
        current.save(update_fields=["follow_up_done_at"])
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="enquiry.follow_up_done",
            obj=enquiry,
            details={
                "visit": current.pk,
                "follow_up": current.follow_up,
                "changes": {"follow_up_done_at": {"old": None, "new": audit_value(current.follow_up_done_at)}},
            },
        )
        announce_briefing_change(neighbourhood_id=enquiry.neighbourhood_id)
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
        save_change(
            actor=actor, enquiry=current, action="enquiry.close", changes=changes, fields=fields, unreached=unreached
        )
        announce_briefing_change(neighbourhood_id=current.neighbourhood_id)
    return current
