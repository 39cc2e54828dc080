from django.db import models

from accounts.roles import Capability, has_capability


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
