"""Who may write: refused attempts are logged (outside the change's transaction) and raised."""

from django.core.exceptions import PermissionDenied

from audit.choices import Category
from audit.services import audit_denied, audit_record
from intelligence import policies
from intelligence.models import IntelligenceLog


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


def audited(*, actor, category: str, action: str, log, **details) -> None:
    """One audit row about a report (or its source record), its details as keywords."""
    audit_record(actor=actor, category=category, action=action, obj=log, details=details)
