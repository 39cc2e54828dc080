"""Imported old reports, graded 5x5x5: the only way a legacy grade enters."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.choices import Category
from intelligence import policies
from intelligence.choices import Dissemination, LegacyHandling, LegacyIntelligence, LegacySource, LogStatus
from intelligence.models import IntelligenceLog
from intelligence.services.access import audited, refuse

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
        audited(actor=actor, category=Category.COLLECTION, action="intelligence_log.import", log=log,
                legacy_reference=reference, grading=log.grading, dissemination=log.dissemination)  # fmt: skip
    return log, True
