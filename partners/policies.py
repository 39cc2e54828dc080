from accounts.roles import Capability, has_capability
from incidents.policies import is_supervising

# --- Sharing notes with partner agencies (docs/partners.md) ----------------------------


def can_share_notes(user) -> bool:
    """PCSOs, constables and supervisors disclose notes to partner agencies."""
    return has_capability(user, Capability.SHARE_NOTES)


def can_revoke_share(user, share) -> bool:
    """The officer who shared it, or a supervisor."""
    return can_share_notes(user) and (share.shared_by_id == user.pk or is_supervising(user))


def can_revoke_share_now(user, share) -> bool:
    """The revoke button and share_revoke: one of those, while the agency can still see it."""
    return can_revoke_share(user, share) and share.is_current


def is_partner_user(user) -> bool:
    return has_capability(user, Capability.USE_PARTNER_PORTAL)
