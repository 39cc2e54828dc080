from django.db import models

from accounts.roles import is_internal


class NeighbourhoodQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Geography is force-wide knowledge for internal users; partners see none.
        return self if is_internal(user) else self.none()

    def assigned_to(self, user):
        return self.filter(assignments__user=user).distinct()

    def supervised_by(self, user):
        return self.filter(assignments__user=user, assignments__kind="supervisor").distinct()
