"""Project-level pages: the home page (which app's page a user starts on), the health check
and the 404. URL wiring, like pcso/urls.py: the base-layer contract lets it name apps."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.roles import is_internal
from briefings.views import my_briefings
from partners.views.shares import portal
from pcso.api import NOT_FOUND_BODY


@login_required
def home(request):
    """Shift start: today's briefings for the reader's neighbourhoods; for a partner user, the
    portal of notes shared with their agency (docs/partners.md)."""
    return my_briefings(request) if is_internal(request.user) else portal(request)


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
