"""The audit log is append-only: in Python on every backend, and in the database on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@pytest.fixture
def event(db):
    return audit_record(actor=None, category="security", action="auth.login_failed", username="someone")


def test_new_events_can_be_written(event):
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_an_existing_event_is_refused(event):
    event.action = "auth.login"

    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "auth.login_failed"


def test_saving_a_fetched_event_is_refused(event):
    fetched = AuditEvent.objects.get(pk=event.pk)

    with pytest.raises(AppendOnlyError):
        fetched.save(update_fields=["action"])


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    assert AuditEvent.objects.get(pk=event.pk).action == "auth.login_failed"


def test_queryset_delete_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_is_refused(event):
    event.action = "tampered"

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["action"])


@pytest.mark.postgres
@postgres_only
def test_raw_sql_update_is_rejected_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "auth.login_failed"


@pytest.mark.postgres
@postgres_only
def test_raw_sql_delete_is_rejected_by_the_database(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
