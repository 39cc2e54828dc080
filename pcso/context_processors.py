from django.conf import settings

from accounts.choices import Role
from accounts.notifications import unread_count
from accounts.roles import Capability, has_capability


def site(request):
    user = getattr(request, "user", None)
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        # The nav badge: a callable, so it is counted only when a page shows it (signed-in pages).
        "unread_notifications": lambda: unread_count(user),
        # What the navigation may offer; the views enforce the same rules themselves.
        "can": {
            "view_briefings": has_capability(user, Capability.VIEW_BRIEFINGS),
            "view_crime": has_capability(user, Capability.VIEW_CRIME),
            "view_incidents": has_capability(user, Capability.VIEW_INCIDENTS),
            "log_incidents": has_capability(user, Capability.LOG_INCIDENTS),
            "work_asb_cases": has_capability(user, Capability.WORK_ASB_CASES),
            "issue_notices": has_capability(user, Capability.ISSUE_NOTICES),
            "manage_designations": has_capability(user, Capability.MANAGE_REFERENCE_DATA),
            "view_read_status": has_capability(user, Capability.VIEW_READ_STATUS),
            "view_patrols": has_capability(user, Capability.VIEW_PATROLS),
            "log_patrol_visits": has_capability(user, Capability.LOG_PATROL_VISITS),
            "manage_patrols": has_capability(user, Capability.MANAGE_PATROLS),
            "view_engagements": has_capability(user, Capability.VIEW_ENGAGEMENTS),
            "work_engagements": has_capability(user, Capability.WORK_ENGAGEMENTS),
            "view_intelligence": has_capability(user, Capability.VIEW_INTELLIGENCE),
            "submit_intelligence": has_capability(user, Capability.SUBMIT_INTELLIGENCE),
            "admin": bool(user and user.is_authenticated and user.role == Role.ADMIN),
        },
    }
