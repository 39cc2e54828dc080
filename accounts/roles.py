"""Role -> capability map. Code, not data: who may do what is reviewed in git."""

from enum import StrEnum

from accounts.choices import Role


class Capability(StrEnum):
    VIEW_CRIME = "view_crime"
    VIEW_INCIDENTS = "view_incidents"
    LOG_INCIDENTS = "log_incidents"
    MANAGE_INCIDENTS = "manage_incidents"  # assign, close, edit any incident (docs/incidents.md)
    WORK_ASB_CASES = "work_asb_cases"  # open ASB cases, link incidents, record actions (docs/asb.md)
    ISSUE_NOTICES = "issue_notices"  # penalty notices; PCSOs only for their designated offences (docs/notices.md)
    VIEW_BRIEFINGS = "view_briefings"
    VIEW_READ_STATUS = "view_read_status"
    VIEW_AUDIT = "view_audit"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    VIEW_PATROLS = "view_patrols"
    LOG_PATROL_VISITS = "log_patrol_visits"  # only on plans the officer is assigned to (docs/patrols.md)
    MANAGE_PATROLS = "manage_patrols"  # plan patrols: supervisors of the neighbourhood, administrators
    # Partners (docs/partners.md): officers disclose case notes to agencies under an agreement;
    # supervisors and administrators record agreements; partner users work the portal.
    SHARE_NOTES = "share_notes"
    MANAGE_AGREEMENTS = "manage_agreements"
    USE_PARTNER_PORTAL = "use_partner_portal"
    VIEW_ENGAGEMENTS = "view_engagements"
    # log engagements, raise and update priorities: officers of the neighbourhood (docs/engagements.md)
    WORK_ENGAGEMENTS = "work_engagements"
    # Intelligence (docs/intelligence.md): who reads evaluated reports also depends on each
    # report's dissemination; only the intelligence unit evaluates and reads source records.
    VIEW_INTELLIGENCE = "view_intelligence"
    SUBMIT_INTELLIGENCE = "submit_intelligence"
    EVALUATE_INTELLIGENCE = "evaluate_intelligence"


INTERNAL = {
    Capability.VIEW_CRIME,
    Capability.VIEW_BRIEFINGS,
    Capability.VIEW_INCIDENTS,
    Capability.VIEW_PATROLS,
    Capability.VIEW_ENGAGEMENTS,
    Capability.VIEW_INTELLIGENCE,
}
# The people who log incidents from the street or the front desk, and patrol visits.
LOGGING = INTERNAL | {Capability.LOG_INCIDENTS, Capability.LOG_PATROL_VISITS}

# Officers on the ground work ASB cases; staff log incidents but do not.
OFFICERS = LOGGING | {
    Capability.WORK_ASB_CASES,
    Capability.ISSUE_NOTICES,
    Capability.SHARE_NOTES,
    Capability.WORK_ENGAGEMENTS,
    Capability.SUBMIT_INTELLIGENCE,
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.PCSO: frozenset(OFFICERS),
    Role.CONSTABLE: frozenset(OFFICERS),
    Role.SUPERVISOR: frozenset(
        OFFICERS
        | {
            Capability.VIEW_READ_STATUS,
            Capability.MANAGE_INCIDENTS,
            Capability.MANAGE_PATROLS,
            Capability.MANAGE_AGREEMENTS,
        }
    ),
    Role.INTELLIGENCE: frozenset(INTERNAL | {Capability.SUBMIT_INTELLIGENCE, Capability.EVALUATE_INTELLIGENCE}),
    Role.STAFF: frozenset(LOGGING),
    Role.PARTNER: frozenset({Capability.USE_PARTNER_PORTAL}),
    Role.ADMIN: frozenset(
        INTERNAL
        | {
            Capability.VIEW_READ_STATUS,
            Capability.VIEW_AUDIT,
            Capability.MANAGE_REFERENCE_DATA,
            Capability.MANAGE_PATROLS,
            Capability.MANAGE_AGREEMENTS,
        }
    ),
}


def has_capability(user, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def is_internal(user) -> bool:
    """Police officers and staff: every authenticated role except partner users."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role != Role.PARTNER)
