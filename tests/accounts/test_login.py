"""The sign-in page: audit of sign-in and sign-out, identical failures, lockout (django-axes)."""

import re
import runpy
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int):
    for _ in range(times):
        sign_in(client, username, "not-the-password")


def normalised(content: bytes) -> bytes:
    return CSRF_INPUT.sub(b'name="csrfmiddlewaretoken" value="CSRF"', content)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def is_lockout_page(response) -> bool:
    return response.status_code == 429 and "accounts/locked_out.html" in [t.name for t in response.templates]


def test_correct_login_signs_in_and_writes_a_security_event(pcso):
    client = Client()

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)
    event = AuditEvent.objects.get(action="auth.login")
    assert event.category == "security"
    assert event.outcome == "allowed"
    assert event.actor == pcso
    assert event.actor_username == "pat"
    assert event.actor_role == "pcso"
    assert event.source == "web"
    assert event.ip_address == "127.0.0.1"
    assert event.request_id == response["X-Request-ID"]
    assert event.request_id


def test_logout_by_post_signs_out_and_writes_a_security_event(pcso):
    client = Client()
    sign_in(client, "pat", PASSWORD)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert not is_signed_in(client)
    event = AuditEvent.objects.get(action="auth.logout")
    assert (event.category, event.actor, event.source) == ("security", pcso, "web")
    assert event.request_id == response["X-Request-ID"]


def test_logout_by_get_is_refused_and_signs_nobody_out(pcso):
    client = Client()
    sign_in(client, "pat", PASSWORD)

    assert client.get(LOGOUT).status_code == 405
    assert is_signed_in(client)
    assert not AuditEvent.objects.filter(action="auth.logout").exists()


def test_unknown_username_and_wrong_password_get_byte_identical_pages(pcso):
    wrong_password = sign_in(Client(), "pat", "not-the-password")
    # Same attempted username, now belonging to nobody: only existence differs.
    pcso.username = "patricia"
    pcso.save()
    unknown_user = sign_in(Client(), "pat", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert not wrong_password.context["form"].is_valid()
    assert normalised(wrong_password.content) == normalised(unknown_user.content)


def test_inactive_account_with_the_right_password_gets_the_wrong_password_page(pcso):
    wrong_password = sign_in(Client(), "pat", "not-the-password")
    pcso.is_active = False
    pcso.save()

    inactive = sign_in(Client(), "pat", PASSWORD)

    assert inactive.status_code == 200
    assert normalised(inactive.content) == normalised(wrong_password.content)


@pytest.mark.parametrize("username", ["pat", "nobody-by-this-name"])
def test_each_failed_login_writes_a_denied_event_with_the_attempted_username(pcso, username):
    response = sign_in(Client(), username, "not-the-password")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.category == "security"
    assert event.outcome == "denied"
    assert event.actor is None
    assert event.actor_username == username
    assert event.source == "web"
    assert event.request_id == response["X-Request-ID"]
    assert "not-the-password" not in str(event.details)


def test_five_failures_lock_the_account_even_against_the_right_password(pcso):
    client = Client()
    fail(client, "pat", settings.AXES_FAILURE_LIMIT - 1)

    fifth = sign_in(client, "pat", "not-the-password")
    sixth = sign_in(client, "pat", PASSWORD)

    assert is_lockout_page(fifth)
    assert is_lockout_page(sixth)
    assert not is_signed_in(client)
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    locked = AuditEvent.objects.filter(action="auth.locked_out")
    assert locked.count() == 2
    assert {event.actor_username for event in locked} == {"pat"}
    assert {event.outcome for event in locked} == {"denied"}


def test_four_failures_do_not_lock(pcso):
    client = Client()
    fail(client, "pat", settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in(client, "pat", PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_lockout_is_per_account_not_per_address(pcso, constable):
    fail(Client(), "pat", settings.AXES_FAILURE_LIMIT)

    response = sign_in(Client(), "connor", PASSWORD)

    assert response.status_code == 302


def test_unknown_username_is_locked_out_the_same_way(pcso):
    """No account-existence leak: a made-up name gets the same lockout page as a real one."""
    real, made_up = Client(), Client()
    fail(real, "pat", settings.AXES_FAILURE_LIMIT)
    fail(made_up, "nobody-by-this-name", settings.AXES_FAILURE_LIMIT)

    real_sixth = sign_in(real, "pat", PASSWORD)
    made_up_sixth = sign_in(made_up, "nobody-by-this-name", PASSWORD)

    assert is_lockout_page(real_sixth)
    assert is_lockout_page(made_up_sixth)
    assert normalised(real_sixth.content) == normalised(made_up_sixth.content)


def age_attempts(by: timedelta) -> None:
    """Move the recorded failures into the past, as if that much time had gone by."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_lockout_still_holds_before_the_cool_off_ends(pcso):
    client = Client()
    fail(client, "pat", settings.AXES_FAILURE_LIMIT)
    age_attempts(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))

    assert is_lockout_page(sign_in(client, "pat", PASSWORD))


def test_login_works_again_after_the_cool_off(pcso):
    client = Client()
    fail(client, "pat", settings.AXES_FAILURE_LIMIT)
    age_attempts(settings.AXES_COOLOFF_TIME + timedelta(minutes=1))

    response = sign_in(client, "pat", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_successful_login_clears_earlier_failures(pcso):
    fail(Client(), "pat", settings.AXES_FAILURE_LIMIT - 1)
    sign_in(Client(), "pat", PASSWORD)

    fail(Client(), "pat", settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in(Client(), "pat", PASSWORD).status_code == 302


def load_settings() -> dict:
    return runpy.run_path(str(settings.BASE_DIR / "pcso" / "settings.py"))


def test_lockout_defaults_are_five_failures_for_ten_minutes_per_username(monkeypatch):
    monkeypatch.delenv("PCSO_LOCKOUT_FAILURES", raising=False)
    monkeypatch.delenv("PCSO_LOCKOUT_MINUTES", raising=False)

    loaded = load_settings()

    assert loaded["AXES_FAILURE_LIMIT"] == 5
    assert loaded["AXES_COOLOFF_TIME"] == timedelta(minutes=10)
    assert loaded["AXES_LOCKOUT_PARAMETERS"] == ["username"]


def test_lockout_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PCSO_LOCKOUT_FAILURES", "3")
    monkeypatch.setenv("PCSO_LOCKOUT_MINUTES", "25")

    loaded = load_settings()

    assert loaded["AXES_FAILURE_LIMIT"] == 3
    assert loaded["AXES_COOLOFF_TIME"] == timedelta(minutes=25)


def test_a_lower_failure_limit_locks_sooner(pcso, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    fail(client, "pat", 2)

    assert is_lockout_page(sign_in(client, "pat", PASSWORD))
