"""community's API under /api/v1/ (names in the "api" namespace)."""

from community.api.engagements import EngagementViewSet, PriorityViewSet
from community.api.patrols import PatrolPlanViewSet
from community.api.views import NeighbourhoodViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("neighbourhoods", NeighbourhoodViewSet, basename="neighbourhood")
router.register("patrols", PatrolPlanViewSet, basename="patrol")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("priorities", PriorityViewSet, basename="priority")
urlpatterns = router.urls
