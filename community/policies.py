"""Pure predicates: who may plan patrols, log visits (docs/patrols.md) and work engagements."""

from accounts.choices import Role
from accounts.roles import Capability, has_capability
from community.choices import AssignmentKind, PatrolStatus


def can_manage_patrols_in(user, neighbourhood) -> bool:
    """Supervisors of that neighbourhood, and administrators, plan its patrols."""
    if not has_capability(user, Capability.MANAGE_PATROLS):
        return False
    if user.role == Role.ADMIN:
        return True
    return neighbourhood.assignments.filter(user=user, kind=AssignmentKind.SUPERVISOR).exists()


def can_log_visit(user, plan) -> bool:
    """Only an officer the plan is assigned to logs its visits, while it is not finished."""
    if not has_capability(user, Capability.LOG_PATROL_VISITS):
        return False
    if plan.status in (PatrolStatus.DONE, PatrolStatus.CANCELLED):
        return False
    # officers.all() uses a prefetch when the list pages made one (no query per plan).
    return any(officer.pk == user.pk for officer in plan.officers.all())


def can_work_engagements_in(user, neighbourhood) -> bool:
    """Officers of that neighbourhood's team (members and supervisors) log its engagements
    and raise and update its priorities (docs/engagements.md)."""
    if neighbourhood is None or not has_capability(user, Capability.WORK_ENGAGEMENTS):
        return False
    return any(a.user_id == user.pk for a in neighbourhood.assignments.all())
