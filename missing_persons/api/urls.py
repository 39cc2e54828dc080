"""missing_persons' API under /api/v1/ (names in the "api" namespace)."""

from missing_persons.api.views import MissingPersonCaseViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("missing-person-cases", MissingPersonCaseViewSet, basename="missing-person-case")
urlpatterns = router.urls
