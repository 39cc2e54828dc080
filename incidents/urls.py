from django.urls import path

from .views import crimes, incidents

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
    path("incidents/<int:pk>/notes/", incidents.note_new, name="note-create"),
    path("incidents/<int:pk>/notes/<int:note_pk>/edit/", incidents.note_change, name="note-edit"),
]
