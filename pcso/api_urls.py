"""The API under /api/v1/ (namespace "api"): every app's api/urls.py, and the root listing
their resources. Included by dotted name, so the project package imports no app."""

from django.urls import include, path

from pcso.api import api_root_patterns

APP_API_URLCONFS = [
    include(f"{app}.api.urls")
    for app in (
        "accounts",
        "audit",
        "community",
        "crimes",
        "incidents",
        "partners",
        "missing_persons",
        "enquiries",
        "intelligence",
        "briefings",
    )
]

urlpatterns = [
    *(path("", urlconf) for urlconf in APP_API_URLCONFS),
    *api_root_patterns(APP_API_URLCONFS),
]
