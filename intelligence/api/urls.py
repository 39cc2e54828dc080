"""intelligence's API under /api/v1/ (names in the "api" namespace)."""

from intelligence.api.views import IntelligenceLogViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("intelligence-logs", IntelligenceLogViewSet, basename="intelligence-log")
urlpatterns = router.urls
