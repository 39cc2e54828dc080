from django.db import models

from accounts.roles import Capability, has_capability

from .choices import ACTIVE_STATUSES


class CrimeQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Recorded crime is force-wide knowledge for every internal role; partners see none.
        return self if has_capability(user, Capability.VIEW_CRIME) else self.none()

    def in_neighbourhood(self, neighbourhood):
        return self.filter(neighbourhood=neighbourhood)

    def dated(self):
        return self.filter(occurred_at__isnull=False)

    def occurred_between(self, since, until):
        return self.filter(occurred_at__gte=since, occurred_at__lt=until)


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


class NoteShareQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Police users see every share (what was disclosed, to whom); a partner user only
        their own agency's current shares. Partner reads start here and nowhere else."""
        if has_capability(user, Capability.VIEW_INCIDENTS):
            return self
        if has_capability(user, Capability.USE_PARTNER_PORTAL) and user.agency_id:
            # An agency that is no longer a partner loses access to what it was sent.
            return self.current().filter(agency_id=user.agency_id, agency__is_active=True)
        return self.none()

    def current(self):
        return self.filter(revoked_at__isnull=True)


class NoteReplyQuerySet(models.QuerySet):
    def visible_to(self, user):
        # One subquery on the visible shares: no join across the many-valued relation.
        shares = self.model._meta.get_field("share").related_model.objects.visible_to(user)
        return self.filter(share__in=shares.values("pk"))


class MissingPersonCaseQuerySet(InternalCaseQuerySet):
    """Restricted data, read by every internal role (the briefing shows active cases to all
    of them); partners see none, not even that a case exists (docs/missing-persons.md)."""

    def active(self):
        return self.filter(status="active")

    def review_overdue(self, now):
        return self.active().filter(next_review_due_at__lt=now)


class EnquiryQuerySet(InternalCaseQuerySet):
    """House-to-house enquiries are read by the internal roles that read incidents; partners
    see none. Their answers are personal data: reads are consultations."""

    def open(self):
        return self.filter(status="open")


class PremisesQuerySet(InternalCaseQuerySet):
    """Seen with their enquiry, by the same roles."""


class VisitQuerySet(InternalCaseQuerySet):
    """Seen with their premises, by the same roles."""
