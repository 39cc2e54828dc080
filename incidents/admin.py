from django.contrib import admin

from pcso.admin import AdministratorOnlyMixin, ReadOnlyAdminMixin

from .models import AsbReviewInterval, AsbSubtype, AsbTool, Crime, IncidentCategory


@admin.register(Crime)
class CrimeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded crime comes only from the importers; the admin can look, not touch."""

    list_display = ["reference", "source", "month", "occurred_at", "category", "location", "neighbourhood"]
    list_filter = ["source", "category", "is_demo"]
    search_fields = ["reference", "location", "lsoa_code"]
    list_select_related = ["neighbourhood"]


class ReferenceListAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Editable reference lists (DOMAIN [data]). Entries in use are retired (untick "active"), not deleted."""

    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IncidentCategory)
class IncidentCategoryAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "group", "is_asb", "is_active", "sort_order"]
    list_filter = ["group", "is_asb", "is_active"]


@admin.register(AsbSubtype)
class AsbSubtypeAdmin(ReferenceListAdmin):
    pass


@admin.register(AsbTool)
class AsbToolAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "max_days", "is_active", "sort_order"]


@admin.register(AsbReviewInterval)
class AsbReviewIntervalAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Days to the next ASB case review per risk level (DOMAIN [data])."""

    list_display = ["risk_level", "days"]
    list_editable = ["days"]
