"""What every house-to-house service shares: the role and open-enquiry checks and the
audited save of a change."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from audit.changes import audit_value
from audit.choices import Category
from audit.services import audit_denied
from enquiries.models import Enquiry
from enquiries.policies import can_close_enquiry, can_work_enquiries, can_work_open_enquiry

ENQUIRY_FIELDS = ["title", "scope", "streets", "area", "rationale", "coordinator", "neighbourhood"]


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
