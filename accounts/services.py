"""Writes for users and partner agencies. Each writes its audit row."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.choices import AgencyKind, Role
from accounts.models import PartnerAgency, User
from audit.choices import Category
from audit.services import audit_record
from pcso.concurrency import check_version

AGENCY_FIELDS = ["name", "kind", "contact_name", "contact_email", "contact_phone", "is_active"]


@transaction.atomic
def agency_upsert(
    *, actor, code: str, name: str, kind: str, version: int | None = None, **fields
) -> tuple[PartnerAgency, bool]:
    """Create the agency or bring it up to date. Returns (agency, created).

    `version` is the one an editor read (the API's If-Match, the page's hidden field): a
    newer one raises StaleVersionError instead of overwriting someone else's change.
    """
    if kind not in AgencyKind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}; one of {', '.join(AgencyKind.values)}."})
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"Not agency fields: {sorted(unknown)}")
    agency = PartnerAgency.objects.select_for_update().filter(code=code).first()
    created = agency is None
    if not created:
        check_version(agency, version)
    agency = agency or PartnerAgency(code=code)
    wanted = {"name": name, "kind": kind, **fields}
    before = {key: getattr(agency, key) for key in wanted} if not created else None
    if not created and before == wanted:
        return agency, False
    for key, value in wanted.items():
        setattr(agency, key, value)
    agency.full_clean()
    if not created:
        agency.version += 1
    agency.save()
    audit_record(
        actor=actor,
        category=Category.COLLECTION if created else Category.ALTERATION,
        action=f"agency.{'create' if created else 'update'}",
        obj=agency,
        details={"before": before, "after": wanted, "version": agency.version},
    )
    return agency, created


@transaction.atomic
def user_upsert(
    *,
    actor,
    username: str,
    role: str,
    agency: PartnerAgency | None = None,
    email: str = "",
    password: str | None = None,
) -> tuple[User, bool]:
    """Create the user or update role, agency and email. Returns (user, created)."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; one of {', '.join(Role.values)}."})
    if role == Role.PARTNER and agency is None:
        raise ValidationError({"agency": "A partner user needs an agency (--agency CODE)."})
    if role != Role.PARTNER and agency is not None:
        raise ValidationError({"agency": "Only partner users belong to an agency."})
    user = User.objects.filter(username=username).first()
    created = user is None
    user = user or User(username=username)
    before = None if created else user_state(user)
    user.role, user.agency, user.email = role, agency, email or user.email
    if role != Role.ADMIN:
        # The role is the source of truth: a leftover superuser flag would keep admin
        # powers (and the Django admin, see User.save) after a change of role.
        user.is_superuser = False
    after = user_state(user)
    if before == after and password is None:
        return user, False  # nothing to change: no write, no audit row
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        category=Category.COLLECTION if created else Category.ALTERATION,
        action=f"user.{'create' if created else 'update'}",
        obj=user,
        details={
            "before": before,
            "after": after,
            "password_set": password is not None,
        },
    )
    return user, created


def user_state(user: User) -> dict:
    """What user_upsert manages, as recorded in its audit rows."""
    return {"role": user.role, "agency": user.agency_id, "email": user.email, "is_superuser": user.is_superuser}


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The API token of a user who has just proved their password (POST auth/token/).

    A sign-in in all but name: it is audited, and, like a web sign-in, it clears the
    user's failed attempts when AXES_RESET_ON_SUCCESS is on.
    """
    token, created = Token.objects.get_or_create(user=user)
    if settings.AXES_RESET_ON_SUCCESS:
        axes_reset(username=user.get_username())
    audit_record(actor=user, category=Category.SECURITY, action="auth.token", details={"token_created": created})
    return token
