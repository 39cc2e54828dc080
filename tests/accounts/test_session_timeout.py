"""Idle timeout: the session ends PCSO_SESSION_IDLE_MINUTES after the last request."""

import runpy
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

HOME = reverse("home")


def signed_in_client() -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "pat", "password": PASSWORD})
    assert response.status_code == 302
    return client


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def load_settings() -> dict:
    return runpy.run_path(str(settings.BASE_DIR / "pcso" / "settings.py"))


def test_session_lifetime_is_the_idle_timeout_renewed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert "pcso.middleware.IdleSessionMiddleware" in settings.MIDDLEWARE


def test_idle_timeout_defaults_to_thirty_minutes(monkeypatch):
    monkeypatch.delenv("PCSO_SESSION_IDLE_MINUTES", raising=False)

    assert load_settings()["SESSION_COOKIE_AGE"] == 30 * 60


def test_idle_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PCSO_SESSION_IDLE_MINUTES", "12")

    loaded = load_settings()

    assert loaded["SESSION_COOKIE_AGE"] == 12 * 60


def test_each_request_pushes_the_expiry_a_full_idle_period_ahead(pcso):
    client = signed_in_client()
    session = stored_session(client)
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()

    assert client.get(HOME).status_code == 200

    remaining = stored_session(client).expire_date - timezone.now()
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert idle - timedelta(minutes=1) < remaining <= idle


def test_a_session_idle_past_its_expiry_is_signed_out(pcso):
    client = signed_in_client()
    assert client.get(HOME).status_code == 200
    session = stored_session(client)
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()

    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_expired_session_cannot_call_the_api(pcso):
    client = signed_in_client()
    session = stored_session(client)
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()

    response = client.get(reverse("api:neighbourhood-list"))

    assert response.status_code in (401, 403)


def test_a_background_refresh_does_not_keep_an_idle_session_alive(pcso):
    client = signed_in_client()
    session = stored_session(client)
    session.expire_date = timezone.now() + timedelta(minutes=1)
    session.save()

    assert client.get(HOME, headers={"X-Background-Refresh": "1"}).status_code == 200

    assert stored_session(client).expire_date - timezone.now() < timedelta(minutes=2)
