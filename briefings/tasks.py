"""Thin, idempotent tasks: take ids, call the service. The schedule is in settings."""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from briefings.models import Briefing
from briefings.services.generate import briefing_generate
from community.models.neighbourhoods import Neighbourhood
from pcso import context

RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 5,
    "soft_time_limit": 120,
    "time_limit": 180,
}


@shared_task(**RELIABLE)
def generate_briefing(neighbourhood_id: int, day: str) -> int | None:
    neighbourhood = Neighbourhood.objects.filter(pk=neighbourhood_id).first()
    if neighbourhood is None:
        return None  # deleted since it was queued: nothing to build
    with context.acting(source="task"):
        return briefing_generate(actor=None, neighbourhood=neighbourhood, day=date.fromisoformat(day)).pk


@shared_task(**RELIABLE)
def generate_daily_briefings(day: str | None = None) -> int:
    """Queue one briefing per neighbourhood for `day` (default: today, local time)."""
    day = day or timezone.localdate().isoformat()
    ids = list(Neighbourhood.objects.order_by("id").values_list("id", flat=True))
    for neighbourhood_id in ids:
        generate_briefing.delay(neighbourhood_id, day)
    return len(ids)


@shared_task(**RELIABLE)
def refresh_briefing(neighbourhood_id: int, day: str) -> int | None:
    """Rebuild a briefing that already exists (one not yet built is left to the schedule)."""
    if not Briefing.objects.filter(neighbourhood_id=neighbourhood_id, date=date.fromisoformat(day)).exists():
        return None
    return generate_briefing(neighbourhood_id, day)


def schedule_briefing_refresh(sender, *, neighbourhood_id: int, **kwargs) -> None:
    """Receiver of `pcso.signals.briefing_content_changed`: refresh today's briefing after commit."""
    day = timezone.localdate().isoformat()
    transaction.on_commit(lambda: refresh_briefing.delay(neighbourhood_id, day))
