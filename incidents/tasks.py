"""Thin, idempotent tasks: take ids or nothing, call the service. The schedule is in settings."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from incidents.services.asb import asb_cases_refresh_thresholds
from pcso import context


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
