from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.roles import Capability, has_capability


def require_capability(capability: Capability):
    """Page guard: signed in, and out of scope is a plain 404 (logged as denied), as for a missing record."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                from audit.services import audit_denied  # audit sits above accounts

                audit_denied(
                    actor=request.user, action="page.denied", details={"method": request.method, "path": request.path}
                )
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
