"""The one row lock with its version check (pcso.concurrency), which every app's service uses."""

import pytest
from django.db import transaction

from accounts.models import PartnerAgency
from pcso.concurrency import StaleVersionError, check_version, locked
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_locked_returns_the_row_as_stored_when_the_version_is_current():
    agency = AgencyFactory(name="Council")
    PartnerAgency.objects.filter(pk=agency.pk).update(name="Borough council")
    with transaction.atomic():
        current = locked(agency, agency.version)
    assert current is not agency and current.name == "Borough council" and current.version == agency.version


def test_locked_refuses_a_stale_version_and_hands_back_the_row_as_it_is_now():
    agency = AgencyFactory()
    PartnerAgency.objects.filter(pk=agency.pk).update(version=agency.version + 1, name="Changed meanwhile")
    with transaction.atomic(), pytest.raises(StaleVersionError) as refused:
        locked(agency, agency.version)
    assert refused.value.current.name == "Changed meanwhile"
    assert refused.value.current.version == agency.version + 1


def test_locked_without_a_version_only_locks_and_rereads():
    agency = AgencyFactory()
    PartnerAgency.objects.filter(pk=agency.pk).update(version=agency.version + 5)
    with transaction.atomic():
        assert locked(agency).version == agency.version + 5


def test_locked_reads_through_the_queryset_it_is_given():
    agency = AgencyFactory(is_active=False)
    with transaction.atomic(), pytest.raises(PartnerAgency.DoesNotExist):
        locked(agency, agency.version, queryset=PartnerAgency.objects.filter(is_active=True))


def test_check_version_accepts_none_and_the_current_version_only():
    agency = AgencyFactory()
    assert check_version(agency, None) is agency
    assert check_version(agency, agency.version) is agency
    with pytest.raises(StaleVersionError):
        check_version(agency, agency.version - 1)
