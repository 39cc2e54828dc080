from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from incidents.models import CaseNote
from partners.choices import AgreementStatus
from partners.querysets import NoteReplyQuerySet, NoteShareQuerySet, SharingAgreementQuerySet


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


class NoteShare(models.Model):
    """One case note disclosed to one partner agency under an agreement (ARCHITECTURE rule 4).

    The row is at once the grant (partner users of `agency` see the note while
    `revoked_at` is empty), the disclosure record, and the only thing partner queries
    start from. What the partner sees of the case is what the sharer chose to copy here
    (`context_neighbourhood`, `context_reference`), never the case itself. An optional
    action for the agency (`action`, due `action_due_at`) is marked done by the partner.
    """

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("accounts.PartnerAgency", on_delete=models.PROTECT, related_name="note_shares")
    agreement = models.ForeignKey("partners.SharingAgreement", on_delete=models.PROTECT, related_name="note_shares")
    purpose = models.TextField(max_length=2000)
    # The note's text as disclosed: a later correction of the note is not disclosed silently.
    body = models.TextField(max_length=10000)
    context_neighbourhood = models.CharField(max_length=200, blank=True)
    context_reference = models.CharField(max_length=50, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)
    first_read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=500, blank=True, help_text="What the agency is asked to do")
    action_due_at = models.DateTimeField(null=True, blank=True)
    action_done_at = models.DateTimeField(null=True, blank=True)
    action_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = NoteShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [
            # Sharing the same note again with the same agency is a new row only after a revoke.
            models.UniqueConstraint(
                fields=["note", "agency"], condition=Q(revoked_at__isnull=True), name="one_current_share_per_agency"
            ),
            models.CheckConstraint(
                name="share_action_due_needs_action", condition=Q(action_due_at__isnull=True) | ~Q(action="")
            ),
        ]
        indexes = [models.Index(fields=["agency", "revoked_at", "shared_at"], name="share_agency_current")]

    def __str__(self):
        return f"Share {self.pk} of note {self.note_id} with {self.agency_id}"

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None

    @property
    def action_overdue(self) -> bool:
        return bool(self.action_due_at and not self.action_done_at and self.action_due_at < timezone.now())


class NoteReply(models.Model):
    """A partner user's reply to a shared note: attached to the note for police users, and
    to the share it came through (so a revoke also ends the partner's view of it)."""

    share = models.ForeignKey(NoteShare, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    objects = NoteReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "note replies"

    def __str__(self):
        return f"Reply {self.pk} on share {self.share_id}"
