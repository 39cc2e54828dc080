from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pcso import views

admin.site.site_header = "Neighbourhood policing: administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("briefings/", include("briefings.urls")),
    path("", include("community.urls")),
    path("", include("crimes.urls")),
    path("", include("incidents.urls")),
    path("", include("partners.urls")),
    path("", include("missing_persons.urls")),
    path("", include("enquiries.urls")),
    path("", include("intelligence.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("pcso.api_urls", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]

handler404 = "pcso.views.not_found"
