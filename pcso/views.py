from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.roles import is_internal
from pcso.api import NOT_FOUND_BODY


@login_required
def home(request):
    """Shift start: today's briefings for the reader's neighbourhoods; for a partner user, the
    portal of notes shared with their agency (docs/partners.md)."""
    if not is_internal(request.user):
        from partners.views.shares import portal

        return portal(request)
    from briefings.views import my_briefings

    return my_briefings(request)


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    """The same 404 whether a record is missing or out of scope; JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse(dict(NOT_FOUND_BODY), status=404)
    return render(request, "404.html", status=404)
