"""Reads of missing-person cases (selectors) and the supervision timer in words
(docs/missing-persons.md). Kept apart from selectors.py, which is already long."""

from datetime import datetime

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from audit.services import audit_consultation
from incidents.models.notes import CaseNote
from missing_persons.choices import MISSING_RISK_ORDER
from missing_persons.models import (
    HighRiskChecklistItem,
    MissingAction,
    MissingChecklistTick,
    MissingPersonCase,
    MissingRiskAnswer,
    MissingRiskAssessment,
    MissingRiskLevelSetting,
    MissingSighting,
)
from partners.models import NoteReply

RISK_RANK = Case(
    *[When(risk_level=level, then=Value(rank)) for rank, level in enumerate(MISSING_RISK_ORDER)],
    default=Value(len(MISSING_RISK_ORDER)),
    output_field=IntegerField(),
)


DETAIL_RELATED = [
    "neighbourhood",
    "created_by",
    "incident",
    "last_reviewed_by",
    "rhi_agency",
    "safe_and_well_by",
    "herbert_protocol",
]


def missing_case_list(*, actor):
    """The cases `actor` may see: still missing first, then high risk first, newest first."""
    return (
        MissingPersonCase.objects.visible_to(actor)
        .select_related("neighbourhood")
        .annotate(risk_rank=RISK_RANK)
        .order_by("status", "risk_rank", "-missing_since", "-id")
    )


def missing_case_get(*, actor, pk, action: str = "missing_case.view") -> MissingPersonCase:
    """The case if `actor` may see it (404 otherwise), with its history; every look is a consultation."""
    case = get_object_or_404(
        MissingPersonCase.objects.visible_to(actor)
        .select_related(
            "neighbourhood",
            "created_by",
            "incident",
            "last_reviewed_by",
            "rhi_agency",
            "rhi_share__agency",
            "rhi_share__agreement",
            "rhi_share__shared_by",
            "rhi_share__acknowledged_by",
            "rhi_share__action_done_by",
            "safe_and_well_by",
            "herbert_protocol",
        )
        .prefetch_related(
            Prefetch("rhi_share__replies", queryset=NoteReply.objects.select_related("author")),
            Prefetch(
                "assessments",
                queryset=MissingRiskAssessment.objects.select_related("assessed_by").prefetch_related(
                    Prefetch("answers", queryset=MissingRiskAnswer.objects.select_related("question"))
                ),
            ),
            Prefetch("sightings", queryset=MissingSighting.objects.select_related("recorded_by")),
            Prefetch("actions", queryset=MissingAction.objects.select_related("assigned_to", "done_by", "created_by")),
            Prefetch("checklist_ticks", queryset=MissingChecklistTick.objects.select_related("item", "done_by")),
            Prefetch("earlier_episodes", queryset=MissingPersonCase.objects.order_by("-missing_since", "-id")),
            Prefetch("later_episodes", queryset=MissingPersonCase.objects.order_by("-missing_since", "-id")),
        ),
        pk=pk,
    )
    audit_consultation(actor=actor, action=action, obj=case)
    return case


def missing_case_for_update(*, actor, pk) -> MissingPersonCase:
    """The bare case for a write (404 if out of scope); the service audits what it changes."""
    return get_object_or_404(MissingPersonCase.objects.visible_to(actor), pk=pk)


def missing_case_photo(*, actor, pk, which: str = "person") -> FileResponse:
    """The person's photo (or the Herbert Protocol's), only for those who may see the case.
    Reading it is a consultation; it is never served as a public media URL."""
    case = get_object_or_404(MissingPersonCase.objects.visible_to(actor).select_related("herbert_protocol"), pk=pk)
    record = case if which == "person" else getattr(case, "herbert_protocol", None)
    if record is None or not record.photo:
        raise Http404
    audit_consultation(actor=actor, action="missing_case.photo_view", obj=case, details={"photo": which})
    response = FileResponse(record.photo.open("rb"), content_type=record.photo_content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def risk_levels() -> dict[str, MissingRiskLevelSetting]:
    return {setting.level: setting for setting in MissingRiskLevelSetting.objects.all()}


def risk_label(level: str, levels: dict | None = None) -> str:
    levels = risk_levels() if levels is None else levels
    return levels[level].name if level in levels else level.replace("_", " ").capitalize()


def checklist(case: MissingPersonCase) -> list[dict]:
    """The high-risk checklist with what is done on this case (children's items only for a child)."""
    ticks = {tick.item_id: tick for tick in case.checklist_ticks.all()}
    items = HighRiskChecklistItem.objects.filter(is_active=True)
    return [
        {"item": item, "tick": ticks.get(item.pk)}
        for item in items
        if item.pk in ticks or not item.children_only or case.is_child
    ]


def checklist_progress(rows: list[dict]) -> dict:
    done = sum(1 for row in rows if row["tick"])
    return {"done": done, "total": len(rows), "percent": round(100 * done / len(rows)) if rows else 0}


def plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def duration_words(seconds: float) -> str:
    """Plain words: minutes (rounded down) under an hour, hours and minutes under three
    hours, then whole hours (to the nearest) and days: "40 minutes", "2 hours 10 minutes",
    "4 hours", "1 day 3 hours"."""
    minutes = max(int(seconds // 60), 1)
    if minutes < 60:
        return plural(minutes, "minute")
    if minutes < 180:
        hours, rest = divmod(minutes, 60)
        return f"{plural(hours, 'hour')} {plural(rest, 'minute')}" if rest else plural(hours, "hour")
    hours = round(minutes / 60)
    if hours < 24:
        return plural(hours, "hour")
    days, hours = divmod(hours, 24)
    return f"{plural(days, 'day')} {plural(hours, 'hour')}" if hours else plural(days, "day")


def review_timer(case: MissingPersonCase, now: datetime | None = None) -> dict:
    """The supervision timer in words: "Review due in 40 minutes", "Review overdue by 2 hours"."""
    now = now or timezone.now()
    due = case.next_review_due_at
    if not case.is_active or due is None:
        return {"state": "none", "words": "No review due: the person has been traced.", "due_at": None}
    seconds = (due - now).total_seconds()
    if seconds >= 0:
        return {"state": "due", "words": f"Review due in {duration_words(seconds)}", "due_at": due}
    return {"state": "overdue", "words": f"Review overdue by {duration_words(-seconds)}", "due_at": due}


def plain_time(value: datetime, *, year: bool = False) -> str:
    """Like "Mon 1 Dec 17:47" (with the year if asked), in local time."""
    value = timezone.localtime(value)
    day = f"{value:%a} {value.day} {value:%b}"
    return f"{day} {value.year} {value:%H:%M}" if year else f"{day} {value:%H:%M}"


def rhi_current_share(case: MissingPersonCase):
    """The referral's share while the agency can still see it (a revoked one is history)."""
    share = case.rhi_share
    return share if share is not None and share.is_current else None


def rhi_timer(case: MissingPersonCase, now: datetime | None = None) -> dict | None:
    """The return home interview's 72-hour deadline, in words (children only). Done when the
    police recorded it held, or when the agency marked the referral's action done."""
    if case.rhi_due_at is None:
        return None
    if case.rhi_completed_at:
        return {"state": "done", "words": "Return home interview held"}
    share = rhi_current_share(case)
    if share is not None and share.action_done_at:
        when = plain_time(share.action_done_at)
        return {"state": "done", "words": f"Return home interview done ({share.agency.name} said so {when})"}
    seconds = (case.rhi_due_at - (now or timezone.now())).total_seconds()
    if seconds >= 0:
        return {"state": "due", "words": f"Return home interview due within {duration_words(seconds)}"}
    return {"state": "overdue", "words": f"Return home interview overdue by {duration_words(-seconds)}"}


def rhi_referral_text(case: MissingPersonCase) -> str:
    """The minimum a local authority needs to offer a return home interview: who, how old,
    missing from when and where to when, and where they were traced. The officer edits it."""

    def when(value) -> str:
        return plain_time(value, year=True) if value else "not recorded"

    born = f" (born {case.date_of_birth.day} {case.date_of_birth:%b %Y})" if case.date_of_birth else ""
    age = case.age_when_missing
    lines = [
        f"Return home interview referral for {case.name}, aged {age}{born}.",
        f"Missing from {case.missing_from} since {when(case.missing_since)}.",
        f"Traced {when(case.traced_at)} at {case.traced_where or 'a place not recorded'}.",
        f"Police reference {case.reference}.",
    ]
    return "\n".join(lines)


def event(at, kind: str, title: str, text: str = "", who: str = "") -> dict:
    return {"at": at, "kind": kind, "title": title, "text": text, "who": who}


def missing_case_timeline(*, actor, case: MissingPersonCase) -> list[dict]:
    """Everything that happened in the case, oldest first: one printable list.
    Uses the case's prefetched history and its incident's case notes."""
    levels = risk_levels()
    events = [
        event(case.missing_since, "missing", "Went missing", case.missing_from),
        event(case.reported_at, "report", f"Reported by {case.reported_by}", case.circumstances),
    ]
    if case.last_seen_at:
        events.append(event(case.last_seen_at, "last_seen", "Last seen", case.last_seen_place))
    for a in case.assessments.all():
        what = "Supervisor review" if a.is_supervisor_review else "Risk assessment"
        title = f"{what}: {risk_label(a.risk_level, levels)} risk"
        text = f"{a.rationale} (information from {a.information_from})"
        events.append(event(a.assessed_at, "assessment", title, text, a.assessed_by.display_name))
    for s in case.sightings.all():
        title = f"Sighting ({s.get_confidence_display().lower()}) reported by {s.reported_by}"
        text = " · ".join(filter(None, [s.place, s.details]))
        events.append(event(s.seen_at, "sighting", title, text, s.recorded_by.display_name))
    for act in case.actions.all():
        title = f"Action for {act.assigned_to.display_name}"
        events.append(event(act.created_at, "action", title, act.description, act.created_by.display_name))
        if act.done_at:
            title = f"Action done: {act.description}"
            events.append(event(act.done_at, "action_done", title, act.result, act.done_by.display_name))
    for tick in case.checklist_ticks.all():
        title = f"Checklist: {tick.item.name}"
        events.append(event(tick.done_at, "checklist", title, tick.notes, tick.done_by.display_name))
    notes = CaseNote.objects.visible_to(actor).filter(incident_id=case.incident_id).select_related("author")
    events += [event(n.created_at, "note", "Case note", n.body, n.author.display_name) for n in notes]
    if case.traced_at:
        title = f"Traced: {case.traced_how}"
        events.append(event(case.traced_at, "traced", title, case.traced_where, case.traced_by))
    if case.safe_and_well_at:
        who = case.safe_and_well_by.display_name if case.safe_and_well_by else ""
        title = "Prevention interview (safe and well check)"
        events.append(event(case.safe_and_well_at, "safe_and_well", title, case.safe_and_well_notes, who))
    share = case.rhi_share
    if case.rhi_referred_at and share is not None:
        title = f"Return home interview referred to {share.agency.name} under {share.agreement.reference}"
        events.append(event(case.rhi_referred_at, "rhi_referral", title, "", share.shared_by.display_name))
        if share.action_done_at:
            title = f"{share.agency.name} marked the return home interview done"
            events.append(event(share.action_done_at, "rhi_done", title))
    if case.rhi_completed_at:
        events.append(event(case.rhi_completed_at, "rhi", "Return home interview held", case.rhi_notes))
    return sorted(events, key=lambda e: e["at"])


def missing_cases_for_briefing(*, neighbourhood, limit: int = 50) -> list[MissingPersonCase]:
    """Active cases in the neighbourhood, high risk first, with their latest sighting."""
    return list(
        MissingPersonCase.objects.in_neighbourhood(neighbourhood)
        .active()
        .annotate(risk_rank=RISK_RANK)
        .prefetch_related(Prefetch("sightings", queryset=MissingSighting.objects.order_by("-seen_at", "-id")))
        .order_by("risk_rank", "-missing_since", "-id")[:limit]
    )
