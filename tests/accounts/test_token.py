"""POST /api/v1/auth/token/: token issue, identical failures, and the shared lockout."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.factories import PASSWORD

TOKEN = reverse("api:auth-token")
NEIGHBOURHOODS = reverse("api:neighbourhood-list")


def ask_for_token(username: str, password: str, client: APIClient | None = None):
    return (client or APIClient()).post(TOKEN, {"username": username, "password": password}, format="json")


def fail(username: str, times: int):
    for _ in range(times):
        ask_for_token(username, "not-the-password")


def test_good_credentials_return_a_token(constable):
    response = ask_for_token("connor", PASSWORD)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=constable).key}


def test_asking_twice_returns_the_same_token(constable):
    first = ask_for_token("connor", PASSWORD).json()["token"]

    assert ask_for_token("connor", PASSWORD).json()["token"] == first


def test_issuing_a_token_writes_a_security_event(constable):
    response = ask_for_token("connor", PASSWORD)

    event = AuditEvent.objects.get(action="auth.token")
    assert (event.category, event.outcome, event.actor, event.source) == ("security", "allowed", constable, "api")
    assert event.request_id == response["X-Request-ID"]
    assert Token.objects.get(user=constable).key not in str(event.details)


def test_unknown_user_and_wrong_password_get_the_same_400(constable):
    wrong_password = ask_for_token("connor", "not-the-password")
    unknown_user = ask_for_token("nobody-by-this-name", "not-the-password")

    assert wrong_password.status_code == unknown_user.status_code == 400
    assert wrong_password.content == unknown_user.content
    assert not Token.objects.exists()


def test_failed_token_requests_are_audited_as_failed_logins(constable):
    ask_for_token("connor", "not-the-password")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.outcome, event.actor_username, event.source) == ("denied", "connor", "api")


def test_missing_fields_are_a_400_not_a_500(db):
    response = APIClient().post(TOKEN, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_inactive_user_gets_the_same_400(constable):
    constable.is_active = False
    constable.save()

    response = ask_for_token("connor", PASSWORD)

    assert response.status_code == 400
    assert response.content == ask_for_token("nobody-by-this-name", "x").content


def test_the_token_authenticates_api_calls(constable):
    key = ask_for_token("connor", PASSWORD).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(NEIGHBOURHOODS).status_code == 200


def test_a_made_up_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    assert client.get(NEIGHBOURHOODS).status_code == 401


def test_a_partner_token_does_not_open_internal_endpoints(partner):
    key = ask_for_token("carol", PASSWORD).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(NEIGHBOURHOODS).status_code == 404


def test_locked_account_gets_a_clear_429_even_with_the_right_password(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT)

    response = ask_for_token("connor", PASSWORD)

    assert response.status_code == 429
    assert "locked" in response.json()["detail"]
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    assert not Token.objects.exists()


def test_the_failure_that_reaches_the_limit_already_answers_locked(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT - 1)

    assert ask_for_token("connor", "not-the-password").status_code == 429


def test_locked_unknown_username_gets_the_same_answer(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT)
    fail("nobody-by-this-name", settings.AXES_FAILURE_LIMIT)

    real = ask_for_token("connor", PASSWORD)
    made_up = ask_for_token("nobody-by-this-name", PASSWORD)

    assert real.status_code == made_up.status_code == 429
    assert real.content == made_up.content


def test_failed_token_requests_lock_the_sign_in_page_too(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT)

    response = Client().post(reverse("accounts:login"), {"username": "connor", "password": PASSWORD})

    assert response.status_code == 429


def test_failed_sign_in_page_attempts_lock_the_token_endpoint_too(constable):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(reverse("accounts:login"), {"username": "connor", "password": "not-the-password"})

    assert ask_for_token("connor", PASSWORD).status_code == 429


def test_token_works_again_after_the_cool_off(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(minutes=1))

    assert ask_for_token("connor", PASSWORD).status_code == 200


def test_a_token_issue_clears_earlier_failures(constable):
    fail("connor", settings.AXES_FAILURE_LIMIT - 1)
    assert ask_for_token("connor", PASSWORD).status_code == 200

    fail("connor", settings.AXES_FAILURE_LIMIT - 1)

    assert ask_for_token("connor", PASSWORD).status_code == 200
