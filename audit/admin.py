from django.contrib import admin

from accounts.roles import Capability, has_capability
from pcso.admin import ReadOnlyAdminMixin

from .models import AuditEvent
from .services import audit_consultation


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

    def changelist_view(self, request, extra_context=None):
        audit_consultation(actor=request.user, action="audit.search", details={"query": request.GET.dict()})
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        audit_consultation(actor=request.user, action="audit.view", object_type="audit.auditevent", object_id=object_id)
        return super().change_view(request, object_id, form_url, extra_context)
