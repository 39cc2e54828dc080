"""ASB cases: opening them from incidents, linking more, recording actions and reviews (docs/asb.md)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.changes import audit_value, changes_between, save_new_version
from audit.choices import Category
from audit.services import audit_denied, audit_record
from incidents.asb import next_review_date, review_threshold
from incidents.choices import AsbCaseRole, AsbCaseStatus, PersonRole, RiskLevel
from incidents.models.asb import AsbAction, AsbCase, AsbCasePerson, AsbTool
from incidents.models.incidents import Incident
from incidents.policies import can_add_to_asb_case, can_review_asb_case, can_review_asb_case_now, can_work_asb_cases
from incidents.repeats import person_key
from pcso.concurrency import locked

CASE_FIELDS = ["title", "summary", "neighbourhood", "status"]
VICTIM_ROLES = (PersonRole.AFFECTED, PersonRole.REPORTER_AFFECTED)
MAX_INCIDENTS = 200


def refuse(*, actor, action: str, case: AsbCase | None, message: str, category=Category.ALTERATION):
    audit_denied(actor=actor, action=action, category=category, obj=case)
    raise PermissionDenied(message)


def require_may_work(actor, case: AsbCase | None = None, action: str = "asb_case.create") -> None:
    if not can_work_asb_cases(actor):
        category = Category.COLLECTION if case is None else Category.ALTERATION
        refuse(actor=actor, action=action, case=case, message="Your role does not work ASB cases.", category=category)


def require_may_review(actor, case: AsbCase) -> None:
    if not can_review_asb_case(actor):
        refuse(actor=actor, action="asb_case.review", case=case, message="Only a supervisor reviews an ASB case.")


def snapshot(case: AsbCase, fields: Sequence[str]) -> dict[str, Any]:
    return {name: audit_value(getattr(case, name)) for name in fields}


def check_incidents(incidents: Sequence[Incident], *, field: str = "incidents") -> None:
    if not incidents:
        raise ValidationError({field: "Link at least one ASB incident."})
    if len(incidents) > MAX_INCIDENTS:
        raise ValidationError({field: f"Link at most {MAX_INCIDENTS} incidents at a time."})
    not_asb = [i.reference for i in incidents if not i.opening_category.is_asb]
    if not_asb:
        raise ValidationError({field: f"Only anti-social behaviour incidents go in an ASB case: {', '.join(not_asb)}."})


def link_victims(case: AsbCase, incidents: Sequence[Incident]) -> list[str]:
    """The incidents' affected people become the case's victims (once each)."""
    known = set(case.people.filter(role=AsbCaseRole.VICTIM).values_list("person_key", flat=True))
    added = []
    for incident in incidents:
        for person in incident.people.all():
            if person.role in VICTIM_ROLES and person.person_key and person.person_key not in known:
                known.add(person.person_key)
                AsbCasePerson.objects.create(
                    case=case,
                    role=AsbCaseRole.VICTIM,
                    name=person.name,
                    contact=person.contact,
                    person_key=person.person_key,
                    source=person,
                )
                added.append(person.name)
    return added


def build_person(case: AsbCase, data: dict, *, field: str) -> AsbCasePerson:
    person = AsbCasePerson(
        case=case,
        role=data.get("role", AsbCaseRole.PERPETRATOR),
        name=(data.get("name") or "").strip(),
        contact=(data.get("contact") or "").strip(),
    )
    person.person_key = person_key(person.name, person.contact)
    try:
        person.full_clean(exclude=["case"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if case.pk and case.people.filter(role=person.role, person_key=person.person_key).exists():
        raise ValidationError({field: f"{person.name} is already linked as {person.get_role_display().lower()}."})
    return person


def refresh_threshold(case: AsbCase) -> dict:
    """Flag (or unflag) the case against the ASB case review threshold, from its incidents."""
    state = review_threshold(case.incidents.all())
    if state["met"] and case.review_threshold_met_on is None:
        case.review_threshold_met_on = timezone.localdate()
    elif not state["met"]:
        case.review_threshold_met_on = None
    return state


def asb_case_create(
    *,
    actor,
    fields: dict[str, Any],
    incidents: Sequence[Incident],
    perpetrators: Sequence[dict] = (),
    risk_level: str = RiskLevel.STANDARD,
) -> AsbCase:
    """Open a case from one or more ASB incidents. Only a supervisor opens it above standard risk."""
    require_may_work(actor)
    unknown = set(fields) - {"title", "summary", "neighbourhood"}
    if unknown:
        raise TypeError(f"Not case fields: {sorted(unknown)}")
    if risk_level != RiskLevel.STANDARD and not can_review_asb_case(actor):
        raise ValidationError({"risk_level": "Only a supervisor sets the risk level; open it as standard."})
    check_incidents(incidents)
    with transaction.atomic():
        case = AsbCase(created_by=actor, risk_level=risk_level, next_review_on=next_review_date(risk_level), **fields)
        if case.neighbourhood_id is None:
            case.neighbourhood_id = next((i.neighbourhood_id for i in incidents if i.neighbourhood_id), None)
        case.full_clean()
        case.save()
        case.incidents.add(*incidents)
        people = [build_person(case, p, field=f"perpetrators[{n}]") for n, p in enumerate(perpetrators)]
        if len({(p.role, p.person_key) for p in people}) != len(people):
            raise ValidationError({"perpetrators": "The same person is listed twice."})
        AsbCasePerson.objects.bulk_create(people)
        victims = link_victims(case, incidents)
        threshold = refresh_threshold(case)
        case.save(update_fields=["review_threshold_met_on"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="asb_case.create",
            obj=case,
            details={
                "fields": snapshot(case, [*CASE_FIELDS, "risk_level", "next_review_on"]),
                "incidents": [i.pk for i in incidents],
                "victims": victims,
                "perpetrators": [p.name for p in people],
                "review_threshold_met": threshold["met"],
            },
        )
    return case


def require_open(actor, case: AsbCase, rule=can_add_to_asb_case) -> None:
    """After the role check, what is left of the action's rule (a policy) is the case's state."""
    if not rule(actor, case):
        raise ValidationError({"status": "The case is closed: reopen it first."})


def asb_case_update(*, actor, case: AsbCase, version: int, fields: dict[str, Any]) -> AsbCase:
    """Edit the title, summary, neighbourhood; supervisors also close or reopen it."""
    require_may_work(actor, case, "asb_case.update")
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable case fields: {sorted(unknown)}")
    with transaction.atomic():
        current = locked(case, version)
        before = snapshot(current, CASE_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        changes = changes_between(before, snapshot(current, CASE_FIELDS))
        if "status" in changes and not can_review_asb_case(actor):
            raise ValidationError({"status": "Only a supervisor closes or reopens an ASB case."})
        if not changes:
            return current
        return save_new_version(actor=actor, row=current, action="asb_case.update", changes=changes, fields=CASE_FIELDS)


def asb_case_add_incidents(*, actor, case: AsbCase, incidents: Sequence[Incident], version: int | None = None):
    """Link more ASB incidents (and their victims); re-check the review threshold."""
    require_may_work(actor, case, "asb_case.add_incident")
    check_incidents(incidents, field="incidents")
    with transaction.atomic():
        current = locked(case, version)
        require_open(actor, current)
        old = sorted(current.incidents.values_list("pk", flat=True))
        new_ones = [i for i in incidents if i.pk not in old]
        if not new_ones:
            raise ValidationError({"incidents": "Those incidents are already in this case."})
        current.incidents.add(*new_ones)
        victims = link_victims(current, new_ones)
        before = current.review_threshold_met_on
        threshold = refresh_threshold(current)
        changes = {"incidents": {"old": old, "new": sorted([*old, *(i.pk for i in new_ones)])}}
        if before != current.review_threshold_met_on:
            changes["review_threshold_met_on"] = {
                "old": audit_value(before),
                "new": audit_value(current.review_threshold_met_on),
            }
        return save_new_version(
            actor=actor,
            row=current,
            action="asb_case.add_incident",
            changes=changes,
            fields=["review_threshold_met_on"],
            victims_added=victims,
            review_threshold_met=threshold["met"],
        )


def asb_case_add_person(*, actor, case: AsbCase, data: dict, version: int | None = None) -> AsbCasePerson:
    """Link a victim or perpetrator by hand (victims also come from the incidents)."""
    require_may_work(actor, case, "asb_case.add_person")
    with transaction.atomic():
        current = locked(case, version)
        require_open(actor, current)
        person = build_person(current, data, field="name")
        person.save()
        save_new_version(
            actor=actor,
            row=current,
            action="asb_case.add_person",
            changes={"people": {"old": None, "new": {"role": person.role, "name": person.name}}},
            fields=[],
        )
    return person


def lasts_days(action: AsbAction) -> int:
    return (action.expires_on - action.taken_on).days


def clean_action(action: AsbAction, today: date) -> None:
    errors = {}
    tool = action.tool
    if action.taken_on and action.taken_on > today:
        errors["taken_on"] = "That is in the future: record an action once it is taken."
    if action.taken_on and action.expires_on and action.expires_on < action.taken_on:
        errors["expires_on"] = "It cannot expire before it was taken."
    elif tool.max_days and action.taken_on and action.expires_on and lasts_days(action) > tool.max_days:
        errors["expires_on"] = f"A {tool.name.lower()} lasts at most {tool.max_days} days."
    if errors:
        raise ValidationError(errors)


def asb_case_record_action(
    *, actor, case: AsbCase, tool: AsbTool, taken_on: date, issued_to: str, expires_on=None, details: str = ""
) -> AsbAction:
    """Record a tool used (DOMAIN §4): a new record, so a collection; the case's version moves on."""
    require_may_work(actor, case, "asb_case.record_action")
    if tool is None or not tool.is_active:
        raise ValidationError({"tool": "Choose a tool from the list."})
    with transaction.atomic():
        current = locked(case)
        require_open(actor, current)
        action = AsbAction(
            case=current,
            tool=tool,
            taken_on=taken_on,
            issued_to=(issued_to or "").strip(),
            expires_on=expires_on,
            details=(details or "").strip(),
            recorded_by=actor,
        )
        # Field errors first, then the rules (the check constraint's, in words).
        action.full_clean(exclude=["case", "recorded_by"], validate_constraints=False)
        clean_action(action, timezone.localdate())
        action.save()
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            category=Category.COLLECTION,
            action="asb_case.record_action",
            obj=current,
            details={
                "version": current.version,
                "action": action.pk,
                "tool": tool.code,
                "taken_on": taken_on.isoformat(),
                "issued_to": action.issued_to,
                "expires_on": expires_on.isoformat() if expires_on else None,
            },
        )
    return action


def asb_case_review(*, actor, case: AsbCase, risk_level: str, version: int | None = None) -> AsbCase:
    """A supervisor reviews the case and sets its risk level; the next review falls due after
    the level's interval (AsbReviewInterval)."""
    require_may_review(actor, case)
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": "Choose standard, medium or high."})
    with transaction.atomic():
        current = locked(case, version)
        require_open(actor, current, can_review_asb_case_now)
        fields = ["risk_level", "next_review_on", "last_reviewed_at", "review_threshold_met_on"]
        before = snapshot(current, fields)
        current.risk_level = risk_level
        current.next_review_on = next_review_date(risk_level)
        current.last_reviewed_at = timezone.now()
        refresh_threshold(current)
        changes = changes_between(before, snapshot(current, fields))
        return save_new_version(actor=actor, row=current, action="asb_case.review", changes=changes, fields=fields)


__all__ = [
    "asb_case_add_incidents",
    "asb_case_add_person",
    "asb_case_create",
    "asb_case_record_action",
    "asb_case_review",
    "asb_case_update",
]


def asb_cases_refresh_thresholds(*, actor) -> int:
    """Re-check every open case against the review threshold; returns how many changed.

    Complaints age out of the window, so a flag set when an incident was added can
    lapse without anyone touching the case. Runs nightly (CELERY_BEAT_SCHEDULE) so the
    list filter and the briefing, which read the stored flag, stay true.
    """
    changed = 0
    for case in AsbCase.objects.filter(status=AsbCaseStatus.OPEN).order_by("id"):
        with transaction.atomic():
            current = locked(case)
            before = current.review_threshold_met_on
            threshold = refresh_threshold(current)
            if before == current.review_threshold_met_on:
                continue
            change = {"old": audit_value(before), "new": audit_value(current.review_threshold_met_on)}
            save_new_version(
                actor=actor,
                row=current,
                action="asb_case.threshold_recheck",
                changes={"review_threshold_met_on": change},
                fields=["review_threshold_met_on"],
                review_threshold_met=threshold["met"],
            )
            changed += 1
    return changed
