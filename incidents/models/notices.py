from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from community.models.neighbourhoods import Neighbourhood
from incidents.choices import NoticeStatus, NoticeType
from incidents.models.asb import AsbCase
from incidents.models.incidents import Incident
from incidents.querysets import PenaltyNoticeQuerySet
from pcso.models import ReferenceItem


class NoticeOffence(ReferenceItem):
    """An offence a fixed penalty or penalty notice for disorder is issued for, with its
    amount in pounds (DOMAIN §4 [data]; the seeded amounts are editable defaults)."""

    notice_type = models.CharField(max_length=20, choices=NoticeType.choices)
    amount = models.PositiveIntegerField(help_text="Penalty in whole pounds", validators=[MaxValueValidator(100_000)])

    class Meta(ReferenceItem.Meta):
        verbose_name = "notice offence"


class NoticeDesignation(models.Model):
    """The chief officer's designation: an offence this PCSO may issue notices for."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_designations")
    offence = models.ForeignKey(NoticeOffence, on_delete=models.CASCADE, related_name="designations")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "offence"]
        constraints = [models.UniqueConstraint(fields=["user", "offence"], name="notice_designation_once")]

    def __str__(self):
        return f"{self.user} may issue {self.offence}"


class PenaltyNotice(models.Model):
    """One notice in the register. `amount` is the offence's amount when it was issued."""

    offence = models.ForeignKey(NoticeOffence, on_delete=models.PROTECT, related_name="+")
    notice_type = models.CharField(max_length=20, choices=NoticeType.choices)
    amount = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    recipient_name = models.CharField(max_length=200)
    recipient_address = models.CharField(max_length=300, blank=True)
    location_text = models.CharField(max_length=255)
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="penalty_notices"
    )
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    asb_case = models.ForeignKey(AsbCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = PenaltyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(name="notice_status_valid", condition=models.Q(status__in=NoticeStatus.values)),
        ]
        indexes = [models.Index(fields=["neighbourhood", "status", "issued_at"], name="notice_nbhd_status")]

    def __str__(self):
        return f"{self.reference} {self.offence} to {self.recipient_name}"

    @property
    def reference(self) -> str:
        return f"PN-{self.pk:06d}" if self.pk else "PN-new"
