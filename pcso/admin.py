"""The Django admin is for administrators (role `admin`) only, whatever model permissions say."""

from django.contrib import admin

from accounts.roles import Capability, has_capability


class AdministratorOnlyMixin:
    def has_module_permission(self, request):
        return has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)

    def has_view_permission(self, request, obj=None):
        return has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)

    def has_add_permission(self, request, *args):
        return has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)

    def has_change_permission(self, request, obj=None):
        return has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)

    def has_delete_permission(self, request, obj=None):
        return has_capability(request.user, Capability.MANAGE_REFERENCE_DATA)


class ReadOnlyAdminMixin(AdministratorOnlyMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceListAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Editable reference lists (DOMAIN [data]). Entries in use are retired (untick "active"), not deleted."""

    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False
