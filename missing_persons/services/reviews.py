"""Supervisor review timers: overdue reviews notify the neighbourhood's supervisors once."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.notifications import notify
from audit.changes import audit_value, save_new_version
from community.choices import AssignmentKind
from missing_persons.models import (
    MissingPersonCase,
    MissingRiskLevelSetting,
)


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
            save_new_version(
                actor=actor,
                row=current,
                action="missing_case.review_overdue",
                changes={"review_overdue_since": {"old": None, "new": audit_value(current.review_overdue_since)}},
                fields=["review_overdue_since"],
                notified=[n.recipient.username for n in told],
            )
            flagged += 1
    return flagged
