"""partners' API under /api/v1/ (names in the "api" namespace; docs/partners.md)."""

from partners.api.agreements import PartnerAgencyViewSet, SharingAgreementViewSet
from partners.api.shares import NoteViewSet, SharedNoteViewSet, ShareViewSet
from pcso.api import AppRouter

router = AppRouter()
router.register("partner-agencies", PartnerAgencyViewSet, basename="partner-agency")
router.register("sharing-agreements", SharingAgreementViewSet, basename="sharing-agreement")
router.register("notes", NoteViewSet, basename="note")
router.register("shares", ShareViewSet, basename="share")
router.register("shared-notes", SharedNoteViewSet, basename="shared-note")
urlpatterns = router.urls
