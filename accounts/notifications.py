"""In-app notifications (and their email copies): writes and reads, for any app to call down to."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Notification, User

log = logging.getLogger(__name__)

# Backends that only print or drop mail: "email is not configured".
UNCONFIGURED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def email_configured() -> bool:
    return settings.EMAIL_BACKEND not in UNCONFIGURED_EMAIL_BACKENDS


def notify(*, recipients: Iterable[User], key: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Tell each recipient once per `key`; returns the notifications created now.

    The unique (recipient, key) constraint makes a rerun, or two workers racing, harmless.
    Email copies go after commit, so a rolled-back run sends nothing.
    """
    created = []
    for recipient in recipients:
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(recipient=recipient, key=key, title=title, body=body, url=url)
                )
        except IntegrityError:
            continue  # already told
    addresses = [n.recipient.email for n in created if n.recipient.email]
    if addresses and email_configured():
        transaction.on_commit(lambda: send_copies(addresses, title, body, url))
    return created


def send_copies(addresses: list[str], title: str, body: str, url: str) -> None:
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url and settings.SITE_URL else url
    try:
        send_mail(title, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, addresses)
    except OSError:
        # The in-app notification stands; a mail server outage must not fail the job.
        log.exception("could not email notification %r", title)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user):
    return Notification.objects.filter(recipient=user).order_by("read_at", "-created_at", "-id")


def notifications_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread ones when `ids` is None)."""
    scope = Notification.objects.filter(recipient=actor, read_at=None)
    if ids is not None:
        scope = scope.filter(pk__in=list(ids))
    return scope.update(read_at=timezone.now())
