"""What every missing-person service shares: the role and state checks, the audited save of a
change with its old and new values, and the briefing announcement."""

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_denied
from missing_persons.models import (
    MissingPersonCase,
    MissingRiskLevelSetting,
)
from missing_persons.policies import (
    can_work_active_case,
    can_work_missing_persons,
)
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


def announce(*neighbourhood_ids) -> None:
    for neighbourhood_id in set(neighbourhood_ids):
        announce_briefing_change(neighbourhood_id=neighbourhood_id)
