from django.db import models
from django.db.models import Q

from accounts.roles import Capability, has_capability
from intelligence.choices import LogStatus
from intelligence.policies import disseminations_reaching, is_intelligence_unit


class IntelligenceLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Default deny. The intelligence unit reads every report; anyone else their own
        # submissions and the evaluated reports disseminated to their role. Partners: none.
        if not has_capability(user, Capability.VIEW_INTELLIGENCE):
            return self.none()
        if is_intelligence_unit(user):
            return self
        reached = Q(status=LogStatus.EVALUATED, dissemination__in=disseminations_reaching(user.role))
        return self.filter(reached | Q(submitted_by=user))

    def in_neighbourhood(self, neighbourhood):
        return self.filter(neighbourhood=neighbourhood)

    def evaluated(self):
        return self.filter(status=LogStatus.EVALUATED)


class SourceRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Who the source is: the intelligence unit only, never the submitter once written.
        return self if has_capability(user, Capability.EVALUATE_INTELLIGENCE) else self.none()
