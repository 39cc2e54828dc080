from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import TokenView
from audit.api.views import AuditEventViewSet
from briefings.api.views import BriefingViewSet
from community.api.engagements import EngagementViewSet, PriorityViewSet
from community.api.patrols import PatrolPlanViewSet
from community.api.views import NeighbourhoodViewSet
from crimes.api.views import CrimeViewSet
from enquiries.api.views import EnquiryViewSet
from incidents.api.asb import AsbCaseViewSet
from incidents.api.incidents import IncidentViewSet
from incidents.api.notices import NoticeDesignationViewSet, PenaltyNoticeViewSet
from intelligence.api.views import IntelligenceLogViewSet
from missing_persons.api.views import MissingPersonCaseViewSet
from partners.api.agreements import PartnerAgencyViewSet, SharingAgreementViewSet
from partners.api.shares import NoteViewSet, SharedNoteViewSet, ShareViewSet

router = DefaultRouter()
router.register("neighbourhoods", NeighbourhoodViewSet, basename="neighbourhood")
router.register("crimes", CrimeViewSet, basename="crime")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("asb-cases", AsbCaseViewSet, basename="asb-case")
router.register("notices", PenaltyNoticeViewSet, basename="notice")
router.register("missing-person-cases", MissingPersonCaseViewSet, basename="missing-person-case")
router.register("notice-designations", NoticeDesignationViewSet, basename="notice-designation")
router.register("patrols", PatrolPlanViewSet, basename="patrol")
# Partners (docs/partners.md)
router.register("partner-agencies", PartnerAgencyViewSet, basename="partner-agency")
router.register("sharing-agreements", SharingAgreementViewSet, basename="sharing-agreement")
router.register("notes", NoteViewSet, basename="note")
router.register("shares", ShareViewSet, basename="share")
router.register("shared-notes", SharedNoteViewSet, basename="shared-note")
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("intelligence-logs", IntelligenceLogViewSet, basename="intelligence-log")
router.register("enquiries", EnquiryViewSet, basename="enquiry")
router.register("briefings", BriefingViewSet, basename="briefing")
router.register("audit-events", AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]
