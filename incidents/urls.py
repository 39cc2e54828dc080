from django.urls import path

from .views import asb, crimes, enquiries, incidents, missing_persons, notices, shares

app_name = "incidents"

urlpatterns = [
    path("crimes/", crimes.crime_index, name="crime-list"),
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
    # Missing persons (docs/missing-persons.md)
    path("missing-persons/", missing_persons.missing_case_index, name="missing-case-list"),
    path("missing-persons/new/", missing_persons.missing_case_new, name="missing-case-create"),
    path("missing-persons/<int:pk>/", missing_persons.missing_case_detail, name="missing-case-detail"),
    path("missing-persons/<int:pk>/edit/", missing_persons.missing_case_edit, name="missing-case-edit"),
    path("missing-persons/<int:pk>/assess/", missing_persons.missing_case_assess_view, name="missing-case-assess"),
    path(
        "missing-persons/<int:pk>/sightings/", missing_persons.missing_case_sighting_view, name="missing-case-sighting"
    ),
    path("missing-persons/<int:pk>/actions/", missing_persons.missing_case_action_view, name="missing-case-action"),
    path(
        "missing-persons/<int:pk>/actions/<int:action_pk>/done/",
        missing_persons.missing_case_action_done_view,
        name="missing-case-action-done",
    ),
    path(
        "missing-persons/<int:pk>/checklist/",
        missing_persons.missing_case_checklist_view,
        name="missing-case-checklist",
    ),
    path("missing-persons/<int:pk>/trace/", missing_persons.missing_case_trace_view, name="missing-case-trace"),
    path("missing-persons/<int:pk>/return/", missing_persons.missing_case_return_view, name="missing-case-return"),
    path(
        "missing-persons/<int:pk>/refer-rhi/",
        missing_persons.missing_case_refer_rhi_view,
        name="missing-case-refer-rhi",
    ),
    path(
        "missing-persons/<int:pk>/herbert-protocol/",
        missing_persons.missing_case_herbert_view,
        name="missing-case-herbert",
    ),
    path(
        "missing-persons/<int:pk>/photo/<str:which>/",
        missing_persons.missing_case_photo_view,
        name="missing-case-photo",
    ),
    path(
        "missing-persons/<int:pk>/timeline/", missing_persons.missing_case_timeline_view, name="missing-case-timeline"
    ),
    path("incidents/<int:pk>/notes/", incidents.note_new, name="note-create"),
    path("incidents/<int:pk>/notes/<int:note_pk>/edit/", incidents.note_change, name="note-edit"),
    # Sharing notes with partner agencies (docs/partners.md)
    path("incidents/<int:pk>/notes/<int:note_pk>/share/", shares.note_share_view, name="note-share"),
    path("shares/", shares.share_index, name="share-list"),
    path("shares/<int:pk>/revoke/", shares.share_revoke_view, name="share-revoke"),
    path("shared-notes/", shares.portal, name="shared-note-list"),
    path("shared-notes/<int:pk>/", shares.shared_note_detail, name="shared-note-detail"),
    path("shared-notes/<int:pk>/reply/", shares.shared_note_reply_view, name="shared-note-reply"),
    path("shared-notes/<int:pk>/acknowledge/", shares.shared_note_acknowledge_view, name="shared-note-acknowledge"),
    path("shared-notes/<int:pk>/action-done/", shares.shared_note_action_done_view, name="shared-note-action-done"),
]

# House-to-house enquiries (docs/enquiries.md)
urlpatterns += [
    path("incidents/enquiries/", enquiries.enquiry_index, name="enquiry-list"),
    path("incidents/enquiries/new/", enquiries.enquiry_new, name="enquiry-create"),
    path("incidents/enquiries/<int:pk>/", enquiries.enquiry_detail, name="enquiry-detail"),
    path("incidents/enquiries/<int:pk>/edit/", enquiries.enquiry_edit, name="enquiry-edit"),
    path("incidents/enquiries/<int:pk>/premises/", enquiries.enquiry_add_premises, name="enquiry-add-premises"),
    path("incidents/enquiries/<int:pk>/import/", enquiries.enquiry_import, name="enquiry-import"),
    path("incidents/enquiries/<int:pk>/premises/<int:premises_pk>/visit/", enquiries.visit_new, name="enquiry-visit"),
    path(
        "incidents/enquiries/<int:pk>/visits/<int:visit_pk>/follow-up-done/",
        enquiries.follow_up_done,
        name="enquiry-follow-up-done",
    ),
    path("incidents/enquiries/<int:pk>/close/", enquiries.enquiry_close_view, name="enquiry-close"),
    path("incidents/enquiries/<int:pk>/export.csv", enquiries.enquiry_export, name="enquiry-export"),
    path("incidents/enquiries/<int:pk>/report/", enquiries.enquiry_report, name="enquiry-report"),
]
