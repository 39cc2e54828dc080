"""Incident, case note, ASB case and penalty notice pages."""

from django.urls import path

from incidents.views import asb, incidents, notices

app_name = "incidents"

urlpatterns = [
    path("incidents/", incidents.incident_index, name="incident-list"),
    path("incidents/new/", incidents.incident_new, name="incident-create"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident-detail"),
    path("incidents/<int:pk>/edit/", incidents.incident_edit, name="incident-edit"),
    *[
        path(f"incidents/<int:pk>/{verb}/", incidents.incident_workflow, {"verb": verb}, name=f"incident-{verb}")
        for verb in incidents.WORKFLOW_SERVICES
    ],
    path("incidents/asb-cases/", asb.asb_case_index, name="asb-case-list"),
    path("incidents/asb-cases/new/", asb.asb_case_new, name="asb-case-create"),
    path("incidents/asb-cases/<int:pk>/", asb.asb_case_detail, name="asb-case-detail"),
    path("incidents/asb-cases/<int:pk>/edit/", asb.asb_case_edit, name="asb-case-edit"),
    path("incidents/asb-cases/<int:pk>/incidents/", asb.asb_case_add_incident, name="asb-case-add-incident"),
    path("incidents/asb-cases/<int:pk>/people/", asb.asb_case_add_person_view, name="asb-case-add-person"),
    path("incidents/asb-cases/<int:pk>/actions/", asb.asb_case_record_action_view, name="asb-case-record-action"),
    path("incidents/asb-cases/<int:pk>/review/", asb.asb_case_review_view, name="asb-case-review"),
    path("incidents/notices/", notices.notice_index, name="notice-list"),
    path("incidents/notices/new/", notices.notice_new, name="notice-create"),
    path("incidents/notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("incidents/notices/<int:pk>/status/", notices.notice_status, name="notice-status"),
    path("incidents/notices/designations/", notices.designation_index, name="designation-list"),
    path("incidents/notices/designations/<str:username>/", notices.designation_edit, name="designation-edit"),
    path("incidents/<int:pk>/notes/", incidents.note_new, name="note-create"),
    path("incidents/<int:pk>/notes/<int:note_pk>/edit/", incidents.note_change, name="note-edit"),
]
