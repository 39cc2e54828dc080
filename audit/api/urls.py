"""audit's API under /api/v1/ (names in the "api" namespace)."""

from audit.api.views import AuditEventViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("audit-events", AuditEventViewSet, basename="audit-event")
urlpatterns = router.urls
