"""The audit log in the Django admin: read-only, administrators only, and reading it is logged."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from audit.services import audit_record
from tests.conftest import client_for

CHANGELIST = reverse("admin:audit_auditevent_changelist")
NOT_ADMIN = ["pcso", "constable", "south_officer", "supervisor", "intelligence", "staff", "partner", "other_partner"]


@pytest.fixture
def event(db):
    return audit_record(actor=None, category="security", action="auth.login_failed", username="someone")


def change_url(pk) -> str:
    return reverse("admin:audit_auditevent_change", args=[pk])


def test_audit_admin_grants_no_add_change_or_delete(administrator, event):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get(CHANGELIST)
    request.user = administrator

    assert model_admin.has_view_permission(request, event)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_administrator_sees_the_changelist_and_the_search_is_logged(administrator, event):
    response = client_for(administrator).get(CHANGELIST, {"category__exact": "security"})

    assert response.status_code == 200
    search = AuditEvent.objects.get(action="audit.search")
    assert search.category == "consultation"
    assert search.actor == administrator
    assert search.details == {"query": {"category__exact": "security"}}
    assert search.source == "web"
    assert search.request_id == response["X-Request-ID"]


def test_administrator_can_view_an_event_read_only_and_the_view_is_logged(administrator, event):
    response = client_for(administrator).get(change_url(event.pk))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    view = AuditEvent.objects.get(action="audit.view")
    assert (view.object_type, view.object_id, view.actor) == ("audit.auditevent", str(event.pk), administrator)


def test_add_page_is_forbidden(administrator, event):
    client = client_for(administrator)

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_add"), {"action": "forged"}).status_code == 403
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_changing_through_the_admin_is_forbidden(administrator, event):
    response = client_for(administrator).post(change_url(event.pk), {"action": "tampered"})

    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "auth.login_failed"


def test_deleting_through_the_admin_is_forbidden(administrator, event):
    client = client_for(administrator)
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])

    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_long_made_up_id_in_the_admin_url_does_not_break_the_audit_write(administrator, event):
    made_up = "x" * 200

    response = client_for(administrator).get(change_url(made_up))

    assert response.status_code == 302
    view = AuditEvent.objects.get(action="audit.view")
    assert view.object_id == made_up[:64]


@pytest.mark.parametrize("persona", NOT_ADMIN)
def test_other_roles_cannot_reach_the_admin(personas, event, persona):
    client = client_for(personas[persona])

    for path in (reverse("admin:index"), CHANGELIST, change_url(event.pk)):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEvent.objects.filter(action__in=["audit.search", "audit.view"]).exists()


def test_anonymous_cannot_reach_the_audit_admin(event):
    response = client_for(None).get(CHANGELIST)

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="audit.search").exists()


def test_superuser_flag_alone_does_not_open_the_audit_log(pcso, event):
    """Access follows the role: a PCSO who is somehow a superuser still cannot read the log."""
    pcso.is_superuser = True
    pcso.save()

    response = client_for(pcso).get(CHANGELIST)

    assert response.status_code == 403
    attempt = AuditEvent.objects.get(action="audit.search")
    assert (attempt.outcome, attempt.actor) == ("denied", pcso)
