"""`create_agency CODE --name NAME --kind KIND`: idempotent upsert of a partner agency."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.choices import AgencyKind
from accounts.models import PartnerAgency
from audit.models import AuditEvent


def create_agency(*args) -> str:
    out = io.StringIO()
    call_command("create_agency", *args, stdout=out)
    return out.getvalue()


def test_creates_an_agency_and_audits_it(db):
    output = create_agency("council", "--name", "City Council", "--kind", "local_authority")

    agency = PartnerAgency.objects.get(code="council")
    assert (agency.name, agency.kind) == ("City Council", AgencyKind.LOCAL_AUTHORITY)
    assert "Created: agency council" in output
    event = AuditEvent.objects.get()
    assert (event.category, event.action, event.source) == ("collection", "agency.create", "command")
    assert (event.object_type, event.object_id) == ("accounts.partneragency", str(agency.pk))
    assert event.details["after"]["name"] == "City Council"


def test_second_identical_run_changes_nothing_and_writes_no_audit_row(db):
    create_agency("council", "--name", "City Council", "--kind", "local_authority")

    output = create_agency("council", "--name", "City Council", "--kind", "local_authority")

    assert PartnerAgency.objects.count() == 1
    assert AuditEvent.objects.count() == 1
    assert "Up to date: agency council" in output


def test_rerun_updates_name_and_kind_with_an_alteration_event(db):
    create_agency("council", "--name", "City Council", "--kind", "local_authority")

    output = create_agency("council", "--name", "Borough Council", "--kind", "other")

    agency = PartnerAgency.objects.get(code="council")
    assert (agency.name, agency.kind) == ("Borough Council", AgencyKind.OTHER)
    assert "Updated: agency council" in output
    event = AuditEvent.objects.get(action="agency.update")
    assert event.category == "alteration"
    assert event.source == "command"
    assert event.details["before"] == {"name": "City Council", "kind": "local_authority"}
    assert event.details["after"] == {"name": "Borough Council", "kind": "other"}


def test_contacts_are_kept_when_a_rerun_does_not_mention_them(db):
    create_agency("council", "--name", "City Council", "--kind", "local_authority", "--email", "team@council.example")

    create_agency("council", "--name", "City Council", "--kind", "local_authority")

    assert PartnerAgency.objects.get(code="council").contact_email == "team@council.example"
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("kind", AgencyKind.values)
def test_every_documented_kind_is_accepted(db, kind):
    create_agency("agency", "--name", "An agency", "--kind", kind)

    assert PartnerAgency.objects.get(code="agency").kind == kind


def test_unknown_kind_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'bank'"):
        create_agency("council", "--name", "City Council", "--kind", "bank")
    assert not PartnerAgency.objects.exists()
    assert not AuditEvent.objects.exists()


def test_invalid_code_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="slug"):
        create_agency("not a code", "--name", "City Council", "--kind", "other")
    assert not PartnerAgency.objects.exists()
    assert not AuditEvent.objects.exists()


def test_name_is_required(db):
    with pytest.raises(CommandError, match="--name"):
        create_agency("council", "--kind", "other")
