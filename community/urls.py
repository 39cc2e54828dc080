from django.urls import path

from .views import partners, patrols

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
]
