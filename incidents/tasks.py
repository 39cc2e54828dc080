"""Thin, idempotent tasks: take ids or nothing, call the service. The schedule is in settings."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from pcso import context

from .services.asb import asb_cases_refresh_thresholds
from .services.missing_persons import missing_cases_flag_overdue_reviews


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=30,
    max_retries=5,
    soft_time_limit=300,
    time_limit=360,
)
def refresh_asb_review_thresholds() -> int:
    with context.acting(source="task"):
        return asb_cases_refresh_thresholds(actor=None)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=10,
    max_retries=5,
    soft_time_limit=50,
    time_limit=60,
)
def flag_overdue_missing_person_reviews() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): overdue supervisor reviews surface by themselves."""
    with context.acting(source="task"):
        return missing_cases_flag_overdue_reviews(actor=None)
