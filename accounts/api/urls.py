"""accounts' API under /api/v1/: a token for an integration."""

from django.urls import path

from accounts.api.views import TokenView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
]
