from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..querysets import CaseNoteQuerySet, NoteReplyQuerySet, NoteShareQuerySet
from .incidents import Incident


class CaseNote(models.Model):
    """One entry of an incident's running narrative. Append-only, except that its author
    may correct it for PCSO_NOTE_EDIT_MINUTES; every edit's old and new text is audited."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    body = models.TextField(max_length=10000)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["incident", "created_at"], name="note_incident_created")]

    def __str__(self):
        return f"Note {self.pk} on {self.incident.reference}"


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
    agreement = models.ForeignKey("community.SharingAgreement", on_delete=models.PROTECT, related_name="note_shares")
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
