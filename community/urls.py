from django.urls import path

from .views import patrols

app_name = "community"

urlpatterns = [
    path("patrols/mine/", patrols.patrol_mine, name="patrol-mine"),
    path("patrols/new/", patrols.patrol_new, name="patrol-create"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol-detail"),
    path("patrols/<int:pk>/edit/", patrols.patrol_edit, name="patrol-edit"),
    path("patrols/<int:pk>/arrive/", patrols.visit_arrive, name="visit-arrive"),
    path("patrols/<int:pk>/visits/<int:visit_pk>/leave/", patrols.visit_leave, name="visit-leave"),
]
