from django.contrib import admin
from django.core.exceptions import PermissionDenied

from accounts.roles import Capability, has_capability
from audit.models import AuditEvent
from audit.services import audit_consultation, audit_denied
from pcso.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the log is append-only, and reading it is itself logged.

    Audit access is narrower than other admin pages: VIEW_AUDIT, not just reference data.
    """

    def has_module_permission(self, request):
        return has_capability(request.user, Capability.VIEW_AUDIT)

    def has_view_permission(self, request, obj=None):
        return has_capability(request.user, Capability.VIEW_AUDIT)

    list_display = [
        "occurred_at",
        "category",
        "action",
        "outcome",
        "actor_username",
        "object_type",
        "object_id",
        "source",
    ]
    list_filter = ["category", "outcome", "source"]
    search_fields = ["actor_username", "action", "object_id", "request_id"]
    date_hierarchy = "occurred_at"

    # The permission check comes before the consultation event: a refused reader
    # is logged as denied, never as having read the log.
    def changelist_view(self, request, extra_context=None):
        self.audit_read(request, action="audit.search", details={"query": request.GET.dict()})
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.audit_read(request, action="audit.view", object_type="audit.auditevent", object_id=object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def audit_read(self, request, **event):
        if not self.has_view_permission(request):
            audit_denied(actor=request.user, **event)
            raise PermissionDenied
        audit_consultation(actor=request.user, **event)
