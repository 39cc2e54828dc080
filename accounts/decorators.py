from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .roles import Capability, has_capability


def require_capability(capability: Capability):
    """Page guard: signed in, and out of scope is a plain 404, as for a missing record."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
