"""API permissions. Kept apart from pcso.api so DRF settings can import them early."""

from rest_framework import permissions

from accounts.roles import Capability, has_capability, is_internal


class IsInternalUser(permissions.BasePermission):
    """Default for every endpoint: police officers and staff only. Partners are opened in code."""

    def has_permission(self, request, view):
        return is_internal(request.user)


def capability_permission(capability: Capability):
    class HasCapability(permissions.BasePermission):
        def has_permission(self, request, view):
            return has_capability(request.user, capability)

    HasCapability.__name__ = f"Has_{capability}"
    return HasCapability
