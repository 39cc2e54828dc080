from django.urls import path

from .views import engagements, partners, patrols

app_name = "community"

urlpatterns = [
    path("patrols/mine/", patrols.patrol_mine, name="patrol-mine"),
    path("patrols/new/", patrols.patrol_new, name="patrol-create"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol-detail"),
    path("patrols/<int:pk>/edit/", patrols.patrol_edit, name="patrol-edit"),
    path("patrols/<int:pk>/arrive/", patrols.visit_arrive, name="visit-arrive"),
    path("patrols/<int:pk>/visits/<int:visit_pk>/leave/", patrols.visit_leave, name="visit-leave"),
    # Partners (docs/partners.md)
    path("partners/agencies/", partners.agency_index, name="agency-list"),
    path("partners/agencies/new/", partners.agency_new, name="agency-create"),
    path("partners/agencies/<slug:code>/edit/", partners.agency_edit, name="agency-edit"),
    path("partners/agreements/", partners.agreement_index, name="agreement-list"),
    path("partners/agreements/new/", partners.agreement_new, name="agreement-create"),
    path("partners/agreements/<int:pk>/", partners.agreement_detail, name="agreement-detail"),
    path("partners/agreements/<int:pk>/edit/", partners.agreement_edit, name="agreement-edit"),
    # Engagements and PACT priorities (docs/engagements.md).
    path("engagements/", engagements.engagement_index, name="engagement-list"),
    path("engagements/new/", engagements.engagement_new, name="engagement-create"),
    path("engagements/calendar/", engagements.engagement_calendar, name="engagement-calendar"),
    path("engagements/activity/", engagements.engagement_activity, name="engagement-activity"),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("priorities/", engagements.priority_index, name="priority-list"),
    path("priorities/new/", engagements.priority_new, name="priority-create"),
    path("priorities/<int:pk>/", engagements.priority_detail, name="priority-detail"),
    path("priorities/<int:pk>/edit/", engagements.priority_edit, name="priority-edit"),
    path("neighbourhoods/<slug:code>/you-said-we-did/", engagements.you_said_we_did, name="you-said-we-did"),
    path("neighbourhoods/<slug:code>/police-uk.json", engagements.police_uk_download, name="police-uk-download"),
]
