from datetime import timedelta

from django.db import models

from accounts.roles import Capability, has_capability, is_internal


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


class SharingAgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Officers choose an agreement when they share; partner users see agreements only as
        # named on their own shares (never the list, which names the other parties).
        return self if is_internal(user) else self.none()

    def review_due(self, today, days: int):
        """Agreements in force whose review date falls within `days` of `today` (or has passed).
        Expired ones are not reviewed but replaced: the list shows them as blocking sharing."""
        return self.filter(status="active", expires_on__gte=today, review_on__lte=today + timedelta(days=days))
