"""A real Celery worker runs the missing-person review timer through the real broker.

Same conditions as tests/test_celery_worker.py (Redis broker and PostgreSQL, or a skip;
PCSO_REQUIRE_SERVICES=1 in CI makes them failures), whose broker and worker fixtures it uses.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Notification
from audit.models import AuditEvent
from briefings.tasks import generate_daily_briefings
from community.choices import AssignmentKind
from missing_persons.models import MissingPersonCase
from missing_persons.tasks import flag_overdue_missing_person_reviews
from tests.factories import AssignmentFactory, MissingPersonCaseFactory, NeighbourhoodFactory, UserFactory
from tests.test_celery_worker import broker, worker  # noqa: F401 (fixtures)

pytestmark = pytest.mark.celery_worker


def test_worker_flags_an_overdue_review_and_a_rerun_tells_nobody_twice(worker):  # noqa: F811
    north = NeighbourhoodFactory(code="north", name="North")
    sam = UserFactory(username="sam", role=Role.SUPERVISOR)
    AssignmentFactory(user=sam, neighbourhood=north, kind=AssignmentKind.SUPERVISOR)
    case = MissingPersonCaseFactory(neighbourhood=north, next_review_due_at=timezone.now() - timedelta(minutes=3))

    flag_overdue_missing_person_reviews.delay()
    worker.wait_for("the overdue review to be flagged", Notification.objects.exists)

    flag_overdue_missing_person_reviews.delay()
    # One worker, one task at a time, in order: once this later task has run, so has the rerun.
    generate_daily_briefings.delay(date(2025, 3, 12).isoformat())
    worker.wait_for(
        "the rerun and the sentinel", lambda: AuditEvent.objects.filter(action="briefing.generate").exists()
    )

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["sam"]
    case.refresh_from_db()
    assert case.review_overdue_since == case.next_review_due_at
    [event] = AuditEvent.objects.filter(action="missing_case.review_overdue")
    assert event.source == "task" and event.details["notified"] == ["sam"]
    assert MissingPersonCase.objects.get().version == case.version
