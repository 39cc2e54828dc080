"""briefings' API under /api/v1/ (names in the "api" namespace)."""

from briefings.api.views import BriefingViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("briefings", BriefingViewSet, basename="briefing")
urlpatterns = router.urls
