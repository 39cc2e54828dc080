from django.contrib import admin

from community.models.engagements import EngagementType
from community.models.neighbourhoods import Assignment, Neighbourhood, NeighbourhoodLsoa
from pcso.admin import AdministratorOnlyMixin


class LsoaInline(admin.TabularInline):
    model = NeighbourhoodLsoa
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name", "lsoas__lsoa_code"]
    inlines = [LsoaInline, AssignmentInline]


@admin.register(EngagementType)
class EngagementTypeAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Engagement types (DOMAIN §8 [data]). Types in use are retired (untick "active"), never deleted."""

    list_display = ["name", "code", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["code", "name"]

    def has_delete_permission(self, request, obj=None):
        return False
