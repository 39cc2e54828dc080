from django.db import models

from accounts.roles import Capability, has_capability
from incidents.choices import ACTIVE_STATUSES


class InternalCaseQuerySet(models.QuerySet):
    """Case data read by the internal roles that read incidents. Partners see none of it:
    their only door is a current `NoteShare` (below)."""

    def visible_to(self, user):
        return self if has_capability(user, Capability.VIEW_INCIDENTS) else self.none()

    def in_neighbourhood(self, neighbourhood):
        return self.filter(neighbourhood=neighbourhood)


class IncidentQuerySet(InternalCaseQuerySet):
    """Incidents are read force-wide by every internal role, like recorded crime
    (docs/incidents.md); partners see none, not even shared notes' parents."""

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class IncidentPersonQuerySet(InternalCaseQuerySet):
    """People are seen with their incident, by the same roles."""


class CaseNoteQuerySet(InternalCaseQuerySet):
    """A note is seen with its incident; partners reach one only through a current share."""


class AsbCaseQuerySet(InternalCaseQuerySet):
    """ASB cases are read by the same internal roles as incidents; partners see none."""

    def open(self):
        return self.filter(status="open")


class PenaltyNoticeQuerySet(InternalCaseQuerySet):
    """The notice register is read by every internal role; partners see none."""
