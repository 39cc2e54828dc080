from django.db import models

from accounts.roles import Capability, has_capability


class BriefingQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Every internal role may read every neighbourhood's briefing; partners none.
        return self if has_capability(user, Capability.VIEW_BRIEFINGS) else self.none()
