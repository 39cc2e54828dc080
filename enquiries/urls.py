"""House-to-house enquiry pages (docs/enquiries.md)."""

from django.urls import path

from enquiries import views as enquiries

app_name = "enquiries"

urlpatterns = [
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
