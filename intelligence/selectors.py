"""Reads of intelligence logs. Every read of a report is a consultation; reading a source
record or an unsanitised original also needs a reason, and is refused (404, logged) to
anyone outside the intelligence unit."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from audit.services import audit_consultation, audit_denied
from incidents.models.incidents import Incident
from intelligence import policies
from intelligence.choices import Dissemination, HandlingCode, IntelligenceAssessment
from intelligence.models import IntelligenceLog, IntelligenceSubject, SourceRecord


def intelligence_log_list(*, actor):
    """The reports `actor` may see, newest first, with what a list row shows."""
    return (
        IntelligenceLog.objects.visible_to(actor)
        .select_related("neighbourhood", "submitted_by", "evaluated_by")
        .prefetch_related(
            Prefetch("subjects", queryset=IntelligenceSubject.objects.order_by("kind", "id")),
            Prefetch("incidents", queryset=Incident.objects.only("id").order_by("-id")),
        )
        .order_by("-occurred_at", "-id")
    )


def intelligence_log_get(*, actor, pk, action: str = "intelligence_log.view") -> IntelligenceLog:
    """The report if `actor` may see it (404 otherwise); looking at it is a consultation."""
    log = get_object_or_404(intelligence_log_list(actor=actor), pk=pk)
    audit_consultation(actor=actor, action=action, obj=log, details={"status": log.status})
    return log


def require_reason(justification: str) -> str:
    """Source records and originals always ask why (PCSO_INTELLIGENCE_REQUIRE_JUSTIFICATION);
    the reason is stored on the consultation row."""
    justification = (justification or "").strip()
    required = settings.INTELLIGENCE_REQUIRE_JUSTIFICATION or settings.AUDIT_REQUIRE_JUSTIFICATION
    if required and not justification:
        raise ValidationError({"justification": "State why you need to see this."})
    return justification


def restricted_read(*, actor, log: IntelligenceLog, action: str, justification: str) -> str:
    """The intelligence unit, with a reason: anyone else gets the 404 of a missing record."""
    if not policies.is_intelligence_unit(actor):
        audit_denied(actor=actor, action=action, obj=log)
        raise Http404
    return require_reason(justification)


def source_record_get(*, actor, log: IntelligenceLog, justification: str) -> SourceRecord:
    """Who the source is. The consultation row names the report and the reason, never the source."""
    reason = restricted_read(actor=actor, log=log, action="source_record.view", justification=justification)
    record = get_object_or_404(SourceRecord.objects.visible_to(actor), log=log)
    audit_consultation(actor=actor, action="source_record.view", obj=record, justification=reason)
    return record


def original_text_get(*, actor, log: IntelligenceLog, justification: str) -> str:
    """The text as submitted, before the unit sanitised it."""
    reason = restricted_read(actor=actor, log=log, action="intelligence_log.view_original", justification=justification)
    audit_consultation(actor=actor, action="intelligence_log.view_original", obj=log, justification=reason)
    return log.original_text


def may_enter_briefing(log: IntelligenceLog) -> bool:
    """Never an E (suspected false); a C only when its conditions permit; never unit-only."""
    if log.intelligence_assessment == IntelligenceAssessment.SUSPECTED_FALSE or log.is_legacy:
        return False
    if log.handling_code == HandlingCode.CONDITIONS and not log.conditions_permit_briefing:
        return False
    return bool(policies.audience_of(log.dissemination))


def intelligence_for_briefing(*, neighbourhood, since: datetime, until: datetime, limit: int = 20):
    """Reports evaluated for the neighbourhood in [since, until) that may enter a briefing:
    high priority first, then the newest."""
    candidates = (
        IntelligenceLog.objects.in_neighbourhood(neighbourhood)
        .evaluated()
        .filter(evaluated_at__gte=since, evaluated_at__lt=until, legacy_source="")
        .exclude(intelligence_assessment=IntelligenceAssessment.SUSPECTED_FALSE)
        .exclude(handling_code=HandlingCode.CONDITIONS, conditions_permit_briefing=False)
        .exclude(dissemination=Dissemination.UNIT)
        .prefetch_related(Prefetch("subjects", queryset=IntelligenceSubject.objects.order_by("kind", "id")))
        .order_by("-evaluated_at", "-id")
    )
    chosen = [log for log in candidates[:limit] if may_enter_briefing(log)]
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(chosen, key=lambda log: order.get(log.priority, 3))[:limit]
