from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("patrols/mine/", views.patrol_mine, name="patrol-mine"),
    path("patrols/new/", views.patrol_new, name="patrol-create"),
    path("patrols/<int:pk>/", views.patrol_detail, name="patrol-detail"),
    path("patrols/<int:pk>/edit/", views.patrol_edit, name="patrol-edit"),
    path("patrols/<int:pk>/arrive/", views.visit_arrive, name="visit-arrive"),
    path("patrols/<int:pk>/visits/<int:visit_pk>/leave/", views.visit_leave, name="visit-leave"),
]
