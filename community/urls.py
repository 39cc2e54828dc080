"""Patrol, engagement and PACT priority pages."""

from django.urls import path

from community.views import engagements, patrols

app_name = "community"

urlpatterns = [
    path("patrols/mine/", patrols.patrol_mine, name="patrol-mine"),
    path("patrols/new/", patrols.patrol_new, name="patrol-create"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol-detail"),
    path("patrols/<int:pk>/edit/", patrols.patrol_edit, name="patrol-edit"),
    path("patrols/<int:pk>/arrive/", patrols.visit_arrive, name="visit-arrive"),
    path("patrols/<int:pk>/visits/<int:visit_pk>/leave/", patrols.visit_leave, name="visit-leave"),
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
