"""The database keeps partner users in exactly one agency, and everyone else in none."""

import pytest
from django.db import IntegrityError, transaction

from accounts.choices import Role
from accounts.models import User


def raw_save(user: User) -> None:
    """Straight to the database: no full_clean, no service."""
    with transaction.atomic():
        user.save()


def test_partner_without_an_agency_cannot_be_saved(db):
    with pytest.raises(IntegrityError):
        raw_save(User(username="pam", role=Role.PARTNER))
    assert not User.objects.exists()


def test_officer_with_an_agency_cannot_be_saved(council):
    with pytest.raises(IntegrityError):
        raw_save(User(username="plod", role=Role.PCSO, agency=council))
    assert not User.objects.exists()


def test_existing_partner_cannot_lose_their_agency(partner):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=partner.pk).update(agency=None)


def test_unknown_role_cannot_be_saved(db):
    with pytest.raises(IntegrityError):
        raw_save(User(username="odd", role="sheriff"))


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.PARTNER])
def test_internal_roles_without_agency_are_saved(db, role):
    raw_save(User(username="someone", role=role))

    assert User.objects.get(username="someone").role == role


def test_partner_with_agency_is_saved(council):
    raw_save(User(username="pam", role=Role.PARTNER, agency=council))

    assert User.objects.get(username="pam").agency == council


def test_django_staff_flag_follows_the_role(db):
    user = User(username="ada", role=Role.ADMIN)
    raw_save(user)
    assert user.is_staff

    user.role = Role.PCSO
    raw_save(user)
    assert not User.objects.get(username="ada").is_staff
