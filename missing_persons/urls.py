"""Missing-person case pages (docs/missing-persons.md)."""

from django.urls import path

from missing_persons.views.cases import (
    missing_case_assess_view,
    missing_case_detail,
    missing_case_edit,
    missing_case_index,
    missing_case_new,
    missing_case_photo_view,
    missing_case_timeline_view,
)
from missing_persons.views.work import (
    missing_case_action_done_view,
    missing_case_action_view,
    missing_case_checklist_view,
    missing_case_herbert_view,
    missing_case_refer_rhi_view,
    missing_case_return_view,
    missing_case_sighting_view,
    missing_case_trace_view,
)

app_name = "missing_persons"

urlpatterns = [
    path("missing-persons/", missing_case_index, name="missing-case-list"),
    path("missing-persons/new/", missing_case_new, name="missing-case-create"),
    path("missing-persons/<int:pk>/", missing_case_detail, name="missing-case-detail"),
    path("missing-persons/<int:pk>/edit/", missing_case_edit, name="missing-case-edit"),
    path("missing-persons/<int:pk>/assess/", missing_case_assess_view, name="missing-case-assess"),
    path("missing-persons/<int:pk>/sightings/", missing_case_sighting_view, name="missing-case-sighting"),
    path("missing-persons/<int:pk>/actions/", missing_case_action_view, name="missing-case-action"),
    path(
        "missing-persons/<int:pk>/actions/<int:action_pk>/done/",
        missing_case_action_done_view,
        name="missing-case-action-done",
    ),
    path(
        "missing-persons/<int:pk>/checklist/",
        missing_case_checklist_view,
        name="missing-case-checklist",
    ),
    path("missing-persons/<int:pk>/trace/", missing_case_trace_view, name="missing-case-trace"),
    path("missing-persons/<int:pk>/return/", missing_case_return_view, name="missing-case-return"),
    path(
        "missing-persons/<int:pk>/refer-rhi/",
        missing_case_refer_rhi_view,
        name="missing-case-refer-rhi",
    ),
    path(
        "missing-persons/<int:pk>/herbert-protocol/",
        missing_case_herbert_view,
        name="missing-case-herbert",
    ),
    path(
        "missing-persons/<int:pk>/photo/<str:which>/",
        missing_case_photo_view,
        name="missing-case-photo",
    ),
    path("missing-persons/<int:pk>/timeline/", missing_case_timeline_view, name="missing-case-timeline"),
]
