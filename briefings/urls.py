from django.urls import path

from briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.briefing_index, name="list"),
    path("patrols/", views.patrol_overview, name="patrols"),
    path("read-status/", views.read_status_page, name="read-status"),
    path("<int:pk>/", views.briefing_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/new/", views.new_since_fragment, name="new-since"),
]
