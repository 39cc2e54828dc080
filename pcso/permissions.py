"""API permissions. Kept apart from pcso.api so DRF settings can import them early.

A signed-in user who may not use an endpoint gets the same 404 as for a record
that does not exist (default deny, nothing revealed), and the attempt is logged
with outcome "denied". Anonymous callers get 401.
"""

from rest_framework import exceptions, permissions

from accounts.roles import Capability, has_capability, is_internal
from audit.services import audit_denied


class DenyAsNotFound(permissions.BasePermission):
    def allowed(self, request, view) -> bool:
        raise NotImplementedError

    def has_permission(self, request, view):
        if self.allowed(request, view):
            return True
        if request.user and request.user.is_authenticated:
            audit_denied(
                actor=request.user, action="api.denied", details={"method": request.method, "path": request.path}
            )
            raise exceptions.NotFound()
        return False


class IsInternalUser(DenyAsNotFound):
    """Default for every endpoint: police officers and staff only. Partners are opened in code."""

    def allowed(self, request, view):
        return is_internal(request.user)


def capability_permission(capability: Capability):
    class HasCapability(DenyAsNotFound):
        def allowed(self, request, view):
            return has_capability(request.user, capability)

    HasCapability.__name__ = f"Has_{capability}"
    return HasCapability
