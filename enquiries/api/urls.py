"""enquiries' API under /api/v1/ (names in the "api" namespace)."""

from enquiries.api.views import EnquiryViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("enquiries", EnquiryViewSet, basename="enquiry")
urlpatterns = router.urls
