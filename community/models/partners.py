from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from ..choices import AgreementStatus
from ..querysets import SharingAgreementQuerySet


class SharingAgreement(models.Model):
    """An information sharing agreement: the lawful footing for disclosing case notes to the
    partner agencies that are party to it (DOMAIN §8, docs/partners.md).

    Every share names one; sharing under it is refused while it is suspended or expired
    (by status, or because `expires_on` has passed), and the page says which.
    """

    title = models.CharField(max_length=200)
    parties = models.ManyToManyField("accounts.PartnerAgency", related_name="sharing_agreements")
    lawful_basis = models.TextField(
        max_length=2000, help_text="E.g. Crime and Disorder Act 1998 s.115; DPA 2018 s.35 (law enforcement)"
    )
    purpose = models.TextField(max_length=2000, help_text="What the sharing is for")
    data_shared = models.TextField(max_length=2000, help_text="What may be shared under it, and what may not")
    starts_on = models.DateField()
    review_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE)
    status_reason = models.CharField(max_length=500, blank=True, help_text="Why it was suspended or ended")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = SharingAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "id"]
        constraints = [
            models.CheckConstraint(name="agreement_status_valid", condition=Q(status__in=AgreementStatus.values)),
            models.CheckConstraint(name="agreement_expires_after_start", condition=Q(expires_on__gte=F("starts_on"))),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"ISA-{self.pk:04d}" if self.pk else "ISA-new"

    def blocks_sharing(self, today) -> str:
        """Why nothing new may be shared under it on `today`, or "" when sharing is allowed."""
        reason = f" ({self.status_reason})" if self.status_reason else ""
        if self.status == AgreementStatus.SUSPENDED:
            return f"{self.reference} is suspended{reason}: nothing new may be shared under it."
        if self.status == AgreementStatus.EXPIRED:
            return f"{self.reference} has ended{reason}: nothing new may be shared under it."
        if today > self.expires_on:
            return f"{self.reference} expired on {self.expires_on:%-d %B %Y}: nothing new may be shared under it."
        if today < self.starts_on:
            return f"{self.reference} starts on {self.starts_on:%-d %B %Y}: nothing may be shared under it yet."
        return ""

    def clean(self):
        errors = {}
        if self.starts_on and self.expires_on and self.expires_on < self.starts_on:
            errors["expires_on"] = "An agreement cannot expire before it starts."
        if self.starts_on and self.review_on and self.review_on < self.starts_on:
            errors["review_on"] = "The review cannot come before the start."
        if self.review_on and self.expires_on and self.review_on > self.expires_on:
            errors["review_on"] = "Review it before it expires."
        if self.status != AgreementStatus.ACTIVE and not (self.status_reason or "").strip():
            errors["status_reason"] = "Say why it is suspended or ended: the sharing page shows it."
        if errors:
            raise ValidationError(errors)
