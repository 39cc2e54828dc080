"""Who may do what with intelligence: pure predicates, no queries (docs/intelligence.md)."""

from accounts.choices import Role
from accounts.roles import Capability, has_capability
from intelligence.choices import Dissemination, LogStatus

# The roles an evaluated report reaches, by its dissemination. The intelligence unit reads
# every report and the submitter their own; partners are never in any audience.
AUDIENCE_ROLES: dict[str, frozenset[str]] = {
    Dissemination.UNIT: frozenset(),
    Dissemination.SUPERVISORS: frozenset({Role.SUPERVISOR}),
    Dissemination.OFFICERS: frozenset({Role.PCSO, Role.CONSTABLE, Role.SUPERVISOR}),
    Dissemination.ALL_STAFF: frozenset({Role.PCSO, Role.CONSTABLE, Role.SUPERVISOR, Role.STAFF, Role.ADMIN}),
}


def can_view_intelligence(user) -> bool:
    return has_capability(user, Capability.VIEW_INTELLIGENCE)


def can_submit(user) -> bool:
    return has_capability(user, Capability.SUBMIT_INTELLIGENCE)


def is_intelligence_unit(user) -> bool:
    """Evaluates reports and alone reads source records and unsanitised originals."""
    return has_capability(user, Capability.EVALUATE_INTELLIGENCE)


def disseminations_reaching(role: str) -> list[str]:
    return [code for code, roles in AUDIENCE_ROLES.items() if role in roles]


def audience_of(dissemination: str) -> list[str]:
    return sorted(AUDIENCE_ROLES.get(dissemination, frozenset()))


def reaches(user, *, audience: list[str]) -> bool:
    """May `user` read a briefing row stored with this audience (a list of roles)?"""
    return is_intelligence_unit(user) or (can_view_intelligence(user) and user.role in audience)


def sees_original_as_report(user, log) -> bool:
    """Before evaluation the report is its original text, read only by its submitter and the
    unit (who must read it to evaluate it). Afterwards everyone reads the sanitised text, and
    the original is a restricted record of its own (read with a reason, unit only)."""
    if log.status == LogStatus.EVALUATED:
        return False
    return is_intelligence_unit(user) or log.submitted_by_id == user.pk


def report_text(user, log) -> str:
    return log.original_text if sees_original_as_report(user, log) else log.sanitised_text


def can_evaluate(user, log) -> bool:
    """Grading and sanitising (the evaluate page does both; the API has them apart): the unit,
    on any report not rejected and not imported from the legacy system."""
    return is_intelligence_unit(user) and log.status != LogStatus.REJECTED and not log.is_legacy


def can_reject(user, log) -> bool:
    return is_intelligence_unit(user) and log.status == LogStatus.SUBMITTED


def briefing_rows_for(user, rows: list[dict]) -> list[dict]:
    """The briefing snapshot's intelligence rows this reader's role may see (page and API)."""
    return [row for row in rows or [] if reaches(user, audience=row.get("audience", []))]
