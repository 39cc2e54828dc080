from celery import shared_task
from django.db import InterfaceError, OperationalError

from missing_persons.services.reviews import missing_cases_flag_overdue_reviews
from pcso import context


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
