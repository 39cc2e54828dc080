"""Writing the audit trail. Call inside the same transaction.atomic as the change."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from audit.choices import Category, Outcome
from audit.models import AuditEvent
from pcso import context


def object_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def audit_record(
    *,
    actor,
    category: str,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    outcome: str = Outcome.ALLOWED,
    justification: str = "",
    recipient: str = "",
    details: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one event. `username` records an attempted name when there is no actor."""
    acting = context.current()
    is_user = getattr(actor, "is_authenticated", False)
    if obj is not None:
        object_type = object_type or object_label(obj)
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEvent.objects.create(
        category=category,
        action=action,
        outcome=outcome,
        actor=actor if is_user else None,
        actor_username=actor.username if is_user else (username or "")[:150],
        actor_role=getattr(actor, "role", "") if is_user else "",
        actor_agency=actor.agency.code if is_user and getattr(actor, "agency_id", None) else "",
        # Identifiers can come from a URL (the admin's object_id): cut them to the
        # column sizes so that a long value cannot make the audit write, and so the
        # request, fail on a database that enforces lengths.
        object_type=object_type[:80],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:255],
        justification=justification,
        recipient=recipient[:255],
        request_id=acting.request_id,
        source=acting.source,
        ip_address=acting.ip_address,
        details=details or {},
    )


def require_justification(justification: str) -> str:
    """Enforce the DPA setting: consultation of restricted data states why, when required."""
    justification = (justification or "").strip()
    if settings.AUDIT_REQUIRE_JUSTIFICATION and not justification:
        raise ValidationError({"justification": "State why you need to see this record."})
    return justification


def audit_consultation(*, actor, action: str, obj=None, details=None, justification="", **kw):
    return audit_record(
        actor=actor,
        category=Category.CONSULTATION,
        action=action,
        obj=obj,
        details=details,
        justification=justification,
        **kw,
    )


def audit_denied(*, actor, action: str, category: str = Category.CONSULTATION, **kw):
    return audit_record(actor=actor, category=category, action=action, outcome=Outcome.DENIED, **kw)
