from django.conf import settings
from django.db import models
from django.utils import timezone

from incidents.models.incidents import Incident
from incidents.querysets import CaseNoteQuerySet


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
