from datetime import datetime, time, timedelta

from django.db import models
from django.utils import timezone

from accounts.roles import Capability, has_capability, is_internal
from community.choices import ACTIVE_PRIORITY_STATUSES


class NeighbourhoodQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Geography is force-wide knowledge for internal users; partners see none.
        return self if is_internal(user) else self.none()

    def assigned_to(self, user):
        return self.filter(assignments__user=user).distinct()

    def supervised_by(self, user):
        return self.filter(assignments__user=user, assignments__kind="supervisor").distinct()


class PatrolPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Patrol plans are read force-wide by every internal role (who patrols where is
        # operational knowledge for the whole team); partners see none.
        return self if has_capability(user, Capability.VIEW_PATROLS) else self.none()

    def assigned_to(self, user):
        return self.filter(pk__in=self.model.officers.through.objects.filter(user=user).values("patrolplan_id"))

    def on_day(self, day, tz=None):
        """Plans whose shift window overlaps the local calendar day `day`."""
        start = timezone.make_aware(datetime.combine(day, time.min), tz)
        return self.filter(shift_start__lt=start + timedelta(days=1), shift_end__gt=start)


class PatrolVisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if has_capability(user, Capability.VIEW_PATROLS) else self.none()


class EngagementQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Engagements are read force-wide by every internal role (the whole team plans
        # visible presence from them); partners see none (docs/engagements.md).
        return self if has_capability(user, Capability.VIEW_ENGAGEMENTS) else self.none()

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).exclude(status="cancelled")

    def on_day(self, day, tz=None):
        start = timezone.make_aware(datetime.combine(day, time.min), tz)
        return self.filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=1))


class PriorityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if has_capability(user, Capability.VIEW_ENGAGEMENTS) else self.none()

    def active(self):
        return self.filter(status__in=ACTIVE_PRIORITY_STATUSES)
