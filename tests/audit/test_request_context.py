"""Who, from where, under which request id: the acting context that every audit row carries."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from pcso import context
from tests.conftest import api_client_for, client_for

AUDIT_API = reverse("api:audit-event-list")
LOGIN = reverse("accounts:login")


def failed_login(**headers):
    return Client().post(LOGIN, {"username": "someone", "password": "wrong"}, **headers)


def test_events_written_by_a_management_command_have_source_command(db):
    call_command("create_agency", "council", "--name", "Council", "--kind", "local_authority", stdout=io.StringIO())

    event = AuditEvent.objects.get(action="agency.create")
    assert event.source == "command"
    assert event.request_id
    assert event.ip_address is None


def test_one_command_run_shares_one_run_id(north):
    call_command("create_user", "newbie", "--role", "pcso", "--neighbourhood", "north", stdout=io.StringIO())
    call_command("create_user", "other", "--role", "pcso", "--neighbourhood", "north", stdout=io.StringIO())

    first = AuditEvent.objects.filter(object_repr="newbie").values_list("request_id", flat=True)
    second = AuditEvent.objects.filter(object_repr="other").values_list("request_id", flat=True)
    assert len(set(first)) == len(set(second)) == 1
    assert set(first) != set(second)


def test_events_from_an_api_call_have_source_api(administrator):
    response = api_client_for(administrator).get(AUDIT_API)

    event = AuditEvent.objects.get(action="audit.search")
    assert event.source == "api"
    assert event.request_id == response["X-Request-ID"]
    assert event.ip_address == "127.0.0.1"


def test_events_from_a_page_have_source_web(administrator):
    response = client_for(administrator).get(reverse("admin:audit_auditevent_changelist"))

    event = AuditEvent.objects.get(action="audit.search")
    assert event.source == "web"
    assert event.request_id == response["X-Request-ID"]


def test_every_response_carries_a_fresh_request_id(db):
    first = Client().get(reverse("health"))
    second = Client().get(reverse("health"))

    assert first["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize("supplied", ["abc-123", "7f6c1b0e-5d1a-4c36-9a8e-0c2f1a3d9b11", "00-4bf92f-00f067aa.01:x"])
def test_client_request_id_is_echoed_and_recorded_on_pages(db, supplied):
    response = failed_login(HTTP_X_REQUEST_ID=supplied)

    assert response["X-Request-ID"] == supplied
    assert AuditEvent.objects.get(action="auth.login_failed").request_id == supplied


def test_client_request_id_is_echoed_and_recorded_on_the_api(administrator):
    response = api_client_for(administrator).get(AUDIT_API, HTTP_X_REQUEST_ID="trace-42")

    assert response["X-Request-ID"] == "trace-42"
    assert AuditEvent.objects.get(action="audit.search").request_id == "trace-42"


@pytest.mark.parametrize("supplied", ["x" * 65, "has spaces", "semi;colon", "<script>", " "])
def test_unusable_client_request_id_is_replaced_by_a_fresh_one(db, supplied):
    response = failed_login(HTTP_X_REQUEST_ID=supplied)

    recorded = AuditEvent.objects.get(action="auth.login_failed").request_id
    assert response["X-Request-ID"] == recorded
    assert recorded != supplied.strip()
    assert len(recorded) == 32


@pytest.mark.parametrize(
    ("forwarded", "recorded"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # The proxy appends the address it saw; what the client sent before it is ignored.
        ("198.51.100.1, 203.0.113.7", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        # Not an address: fall back to the socket address rather than fail the audit write.
        ("not-an-ip", "127.0.0.1"),
        ("203.0.113.7, garbage", "127.0.0.1"),
    ],
)
def test_client_address_is_recorded_from_the_proxy_header(db, forwarded, recorded):
    failed_login(HTTP_X_FORWARDED_FOR=forwarded)

    assert AuditEvent.objects.get(action="auth.login_failed").ip_address == recorded


def test_the_context_ends_with_the_request(administrator):
    before = context.current()

    api_client_for(administrator).get(AUDIT_API, HTTP_X_REQUEST_ID="trace-42")

    assert context.current() == before
    assert context.current().request_id != "trace-42"


def test_acting_context_nests_and_restores(db):
    with context.acting(source="task", request_id="outer"):
        with context.acting(source="api", request_id="inner", ip_address="192.0.2.1"):
            assert context.current() == context.ActingContext("api", "inner", "192.0.2.1")
        assert context.current().request_id == "outer"
        context.set_source("web")
        assert context.current() == context.ActingContext("web", "outer", None)
    assert context.current() == context.ActingContext()


def test_acting_context_is_restored_after_an_error(db):
    with pytest.raises(RuntimeError), context.acting(source="task", request_id="boom"):
        raise RuntimeError

    assert context.current().request_id != "boom"
