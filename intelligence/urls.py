from django.urls import path

from intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("intelligence/", views.log_index, name="log-list"),
    path("intelligence/new/", views.log_new, name="log-create"),
    path("intelligence/<int:pk>/", views.log_detail, name="log-detail"),
    path("intelligence/<int:pk>/evaluate/", views.log_evaluate, name="log-evaluate"),
    path("intelligence/<int:pk>/reject/", views.log_reject, name="log-reject"),
    path("intelligence/<int:pk>/source/", views.log_restricted, {"what": "source"}, name="log-source"),
    path("intelligence/<int:pk>/original/", views.log_restricted, {"what": "original"}, name="log-original"),
]
