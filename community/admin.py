from django.contrib import admin

from pcso.admin import AdministratorOnlyMixin

from .models import Assignment, Neighbourhood, NeighbourhoodLsoa


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
