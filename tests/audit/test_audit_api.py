"""GET /api/v1/audit-events/: administrators only, and every read is itself logged.

A signed-in user without the audit capability gets the project-wide answer for a
closed endpoint (pcso.permissions.DenyAsNotFound): the same 404 as a missing
record, with the attempt logged as denied. Anonymous callers get 401.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.services import audit_record
from pcso.api import NOT_FOUND_BODY
from tests.conftest import api_client_for

LIST = reverse("api:audit-event-list")
NOT_ADMIN = ["pcso", "constable", "south_officer", "supervisor", "intelligence", "staff", "partner", "other_partner"]


def detail(pk) -> str:
    return reverse("api:audit-event-detail", args=[pk])


@pytest.fixture
def event(db):
    return audit_record(actor=None, category="security", action="auth.login_failed", username="someone")


@pytest.fixture
def admin_api(administrator):
    return api_client_for(administrator)


def consultations(action: str):
    return AuditEvent.objects.filter(action=action, category="consultation")


def test_administrator_can_list_the_audit_log(admin_api, event):
    response = admin_api.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert event.pk in [row["id"] for row in body["results"]]


def test_administrator_can_read_one_event(admin_api, event):
    response = admin_api.get(detail(event.pk))

    assert response.status_code == 200
    assert response.json()["action"] == "auth.login_failed"
    assert response.json()["actor_username"] == "someone"


@pytest.mark.parametrize("persona", NOT_ADMIN)
@pytest.mark.parametrize("url", ["list", "detail"])
def test_everyone_else_gets_the_not_found_answer_and_is_logged(personas, event, persona, url):
    user = personas[persona]
    path = LIST if url == "list" else detail(event.pk)

    response = api_client_for(user).get(path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY
    assert not consultations("audit.search").exists()
    assert not consultations("audit.view").exists()
    denied = AuditEvent.objects.get(outcome="denied", actor=user)
    assert denied.details["path"] == path


@pytest.mark.parametrize("persona", NOT_ADMIN)
def test_closed_answer_does_not_reveal_whether_the_event_exists(personas, event, persona):
    client = api_client_for(personas[persona])

    existing = client.get(detail(event.pk))
    missing = client.get(detail(event.pk + 1000))

    assert (existing.status_code, existing.content) == (missing.status_code, missing.content)


@pytest.mark.parametrize("url", ["list", "detail"])
def test_anonymous_is_asked_to_authenticate(event, url):
    response = api_client_for(None).get(LIST if url == "list" else detail(event.pk))

    assert response.status_code == 401
    assert not consultations("audit.search").exists()


def test_reading_the_list_writes_one_consultation_event_with_the_filters(admin_api, administrator, event):
    response = admin_api.get(LIST, {"category": "security", "actor": "someone"})

    assert response.status_code == 200
    search = consultations("audit.search").get()
    assert search.actor == administrator
    assert search.details == {"filters": {"category": "security", "actor": "someone"}}
    assert search.source == "api"
    assert search.request_id == response["X-Request-ID"]


def test_each_list_request_writes_its_own_event(admin_api, event):
    admin_api.get(LIST)
    admin_api.get(LIST, {"offset": 1})

    assert consultations("audit.search").count() == 2


def test_reading_one_event_writes_a_view_event(admin_api, administrator, event):
    admin_api.get(detail(event.pk))

    view = consultations("audit.view").get()
    assert view.actor == administrator
    assert (view.object_type, view.object_id) == ("audit.auditevent", str(event.pk))
    assert view.source == "api"


def test_missing_event_is_a_plain_404(admin_api, event):
    response = admin_api.get(detail(event.pk + 1000))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


@pytest.mark.parametrize("pk", ["abc", "1.5", "-1", "99999999999999999999999999"])
def test_non_integer_or_huge_id_is_a_json_404(admin_api, event, pk):
    response = admin_api.get(f"{LIST}{pk}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND_BODY


def test_filter_by_category(admin_api, event):
    audit_record(actor=None, category="collection", action="user.create")

    rows = admin_api.get(LIST, {"category": "collection"}).json()["results"]

    assert [row["action"] for row in rows] == ["user.create"]


def test_filter_by_actor(admin_api, event, pcso):
    audit_record(actor=pcso, category="consultation", action="crime.view")

    rows = admin_api.get(LIST, {"actor": "pat"}).json()["results"]

    assert [(row["actor_username"], row["action"]) for row in rows] == [("pat", "crime.view")]


def test_filter_by_occurred_after(admin_api, db):
    audit_record(actor=None, category="security", action="recent.event")
    # Events cannot be changed afterwards, so the old one is written with its date.
    three_days_ago = timezone.now() - timedelta(days=3)
    AuditEvent.objects.create(category="security", action="old.event", source="command", occurred_at=three_days_ago)

    after = (three_days_ago + timedelta(days=1)).isoformat()
    rows = admin_api.get(LIST, {"occurred_after": after}).json()["results"]

    actions = {row["action"] for row in rows}
    assert "recent.event" in actions
    assert "old.event" not in actions


def test_bad_filter_value_is_a_400(admin_api, event):
    response = admin_api.get(LIST, {"category": "not-a-category"})

    assert response.status_code == 400
    assert "category" in response.json()


def test_results_are_newest_first(admin_api, db):
    first = audit_record(actor=None, category="security", action="first")
    second = audit_record(actor=None, category="security", action="second")

    ids = [row["id"] for row in admin_api.get(LIST, {"action": "first"}).json()["results"]]
    ids += [row["id"] for row in admin_api.get(LIST, {"action": "second"}).json()["results"]]
    all_ids = [row["id"] for row in admin_api.get(LIST).json()["results"]]

    assert ids == [first.pk, second.pk]
    assert all_ids.index(second.pk) < all_ids.index(first.pk)


@pytest.mark.parametrize(
    ("method", "where"),
    [("post", "list"), ("put", "detail"), ("patch", "detail"), ("delete", "detail"), ("delete", "list")],
)
def test_the_log_cannot_be_written_through_the_api(admin_api, event, method, where):
    path = LIST if where == "list" else detail(event.pk)

    response = getattr(admin_api, method)(path, {"action": "tampered"}, format="json")

    assert response.status_code == 405
    assert AuditEvent.objects.filter(pk=event.pk, action="auth.login_failed").exists()


def test_token_authenticated_administrator_can_read_the_log(administrator, event):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=administrator).key}")

    assert client.get(LIST).status_code == 200
