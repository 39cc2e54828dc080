"""Partner agencies, sharing agreements, note shares and the partner portal (docs/partners.md)."""

from django.urls import path

from partners.views import agreements as partners
from partners.views import shares

app_name = "partners"

urlpatterns = [
    path("partners/agencies/", partners.agency_index, name="agency-list"),
    path("partners/agencies/new/", partners.agency_new, name="agency-create"),
    path("partners/agencies/<slug:code>/edit/", partners.agency_edit, name="agency-edit"),
    path("partners/agreements/", partners.agreement_index, name="agreement-list"),
    path("partners/agreements/new/", partners.agreement_new, name="agreement-create"),
    path("partners/agreements/<int:pk>/", partners.agreement_detail, name="agreement-detail"),
    path("partners/agreements/<int:pk>/edit/", partners.agreement_edit, name="agreement-edit"),
    path("incidents/<int:pk>/notes/<int:note_pk>/share/", shares.note_share_view, name="note-share"),
    path("shares/", shares.share_index, name="share-list"),
    path("shares/<int:pk>/revoke/", shares.share_revoke_view, name="share-revoke"),
    path("shared-notes/", shares.portal, name="shared-note-list"),
    path("shared-notes/<int:pk>/", shares.shared_note_detail, name="shared-note-detail"),
    path("shared-notes/<int:pk>/reply/", shares.shared_note_reply_view, name="shared-note-reply"),
    path("shared-notes/<int:pk>/acknowledge/", shares.shared_note_acknowledge_view, name="shared-note-acknowledge"),
    path("shared-notes/<int:pk>/action-done/", shares.shared_note_action_done_view, name="shared-note-action-done"),
]
