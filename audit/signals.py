"""Sign-in, sign-out, failed sign-in and lockout events."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.choices import Category, Outcome
from audit.services import audit_record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, category=Category.SECURITY, action="auth.login")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, category=Category.SECURITY, action="auth.logout")


def attempted_username(credentials) -> str:
    """The username that was tried; never `"None"` when the caller sent none."""
    value = (credentials or {}).get("username")
    return "" if value is None else str(value)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Credentials are cleansed by Django; only the attempted username is kept.
    audit_record(
        actor=None,
        category=Category.SECURITY,
        action="auth.login_failed",
        outcome=Outcome.DENIED,
        username=attempted_username(credentials),
    )


@receiver(user_locked_out)
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    # django-axes: the failure limit is reached, or an attempt was made while locked.
    audit_record(
        actor=None,
        category=Category.SECURITY,
        action="auth.locked_out",
        outcome=Outcome.DENIED,
        username="" if username is None else str(username),
    )
