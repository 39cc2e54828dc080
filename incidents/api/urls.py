"""incidents' API under /api/v1/ (names in the "api" namespace)."""

from incidents.api.asb import AsbCaseViewSet
from incidents.api.incidents import IncidentViewSet
from incidents.api.notices import NoticeDesignationViewSet, PenaltyNoticeViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("asb-cases", AsbCaseViewSet, basename="asb-case")
router.register("notices", PenaltyNoticeViewSet, basename="notice")
router.register("notice-designations", NoticeDesignationViewSet, basename="notice-designation")
urlpatterns = router.urls
