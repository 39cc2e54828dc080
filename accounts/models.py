from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from accounts.choices import AgencyKind, Role
from accounts.roles import is_internal


class PartnerAgencyQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Officers choose recipients from the list; a partner user never sees it (it would
        # name the force's other partners).
        return self if is_internal(user) else self.none()


class PartnerAgency(models.Model):
    """An organisation outside the force (council, school, ...) whose users see shared notes.

    Lives in accounts rather than community because every partner user belongs to
    exactly one agency from the moment the account exists (see docs/architecture.md).
    """

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=AgencyKind.choices)
    contact_name = models.CharField(max_length=200, blank=True, help_text="Who the force deals with there")
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # the API's ETag (pcso.api.ETagMixin)

    objects = PartnerAgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "partner agencies"

    def __str__(self):
        return self.name


class PcsoUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey(PartnerAgency, null=True, blank=True, on_delete=models.PROTECT, related_name="users")

    objects = PcsoUserManager()

    class Meta:
        ordering = ["username", "id"]
        constraints = [
            models.CheckConstraint(
                name="partner_user_has_exactly_one_agency",
                condition=(
                    Q(role=Role.PARTNER, agency__isnull=False) | (~Q(role=Role.PARTNER) & Q(agency__isnull=True))
                ),
            ),
            models.CheckConstraint(name="user_role_valid", condition=Q(role__in=Role.values)),
        ]

    def save(self, *args, **kwargs):
        # Only administrators reach the Django admin; the flag follows the role.
        self.is_staff = self.role == Role.ADMIN or self.is_superuser
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    def __str__(self):
        return self.display_name


class Notification(models.Model):
    """Something the system tells one person in the app (a missing-person review overdue, ...).

    `key` names the event; one per recipient, so a job that runs again tells nobody twice.
    Kept free of case details (a reference and a link): the record itself is read, and
    audited, where the link leads.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title
