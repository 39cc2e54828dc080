"""audit_record and the sign-in signal handlers: what an event holds."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from audit.models import AuditEvent
from audit.services import audit_consultation, audit_denied, audit_record, require_justification


def test_event_records_the_actor_frozen_as_text(partner):
    event = audit_record(actor=partner, category="consultation", action="note.view")

    assert event.actor == partner
    assert (event.actor_username, event.actor_role, event.actor_agency) == ("carol", "partner", "council")


def test_event_records_the_object_by_type_id_and_description(north):
    event = audit_record(actor=None, category="alteration", action="neighbourhood.update", obj=north)

    assert event.object_type == "community.neighbourhood"
    assert (event.object_id, event.object_repr) == (str(north.pk), "North")


def test_anonymous_actor_is_recorded_as_nobody_with_the_attempted_name(db):
    event = audit_record(actor=AnonymousUser(), category="security", action="auth.login_failed", username="who")

    assert event.actor is None
    assert (event.actor_username, event.actor_role) == ("who", "")


def test_overlong_values_are_cut_to_fit_their_columns(db):
    event = audit_record(
        actor=None,
        category="consultation",
        action="audit.view",
        object_type="t" * 100,
        object_id="9" * 100,
        object_repr="r" * 300,
        recipient="p" * 300,
        username="u" * 200,
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (len(stored.object_type), len(stored.object_id), len(stored.object_repr)) == (80, 64, 255)
    assert (len(stored.recipient), len(stored.actor_username)) == (255, 150)


def test_consultation_and_denied_helpers_set_category_and_outcome(pcso):
    seen = audit_consultation(actor=pcso, action="crime.view", justification="patrol planning")
    refused = audit_denied(actor=pcso, action="audit.search")

    assert (seen.category, seen.outcome, seen.justification) == ("consultation", "allowed", "patrol planning")
    assert (refused.category, refused.outcome) == ("consultation", "denied")


def test_justification_is_required_only_when_the_setting_says_so(settings):
    settings.AUDIT_REQUIRE_JUSTIFICATION = False
    assert require_justification("  ") == ""

    settings.AUDIT_REQUIRE_JUSTIFICATION = True
    assert require_justification(" checking a report ") == "checking a report"
    with pytest.raises(ValidationError):
        require_justification("   ")


def test_failed_login_without_a_username_records_an_empty_name_not_none(db):
    request = RequestFactory().post("/accounts/login/")

    assert authenticate(request, username=None, password="whatever") is None

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_username == ""


def test_failed_login_never_stores_the_password(pcso):
    request = RequestFactory().post("/accounts/login/")

    authenticate(request, username="pat", password="my-secret-guess")

    event = AuditEvent.objects.get(action="auth.login_failed")
    assert "my-secret-guess" not in str(event.details)
    assert event.actor_username == "pat"
