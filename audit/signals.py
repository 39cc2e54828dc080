"""Sign-in, sign-out and failed sign-in events."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .choices import Category, Outcome
from .services import audit_record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    audit_record(actor=user, category=Category.SECURITY, action="auth.login")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, category=Category.SECURITY, action="auth.logout")


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # Credentials are cleansed by Django; only the attempted username is kept.
    audit_record(
        actor=None,
        category=Category.SECURITY,
        action="auth.login_failed",
        outcome=Outcome.DENIED,
        username=str(credentials.get("username", "")),
    )
