"""crimes' API under /api/v1/ (names in the "api" namespace)."""

from crimes.api.views import CrimeViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("crimes", CrimeViewSet, basename="crime")
urlpatterns = router.urls
