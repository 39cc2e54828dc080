from django.contrib import admin

from crimes.models import Crime
from pcso.admin import ReadOnlyAdminMixin


@admin.register(Crime)
class CrimeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Recorded crime comes only from the importers; the admin can look, not touch."""

    list_display = ["reference", "source", "month", "occurred_at", "category", "location", "neighbourhood"]
    list_filter = ["source", "category", "is_demo"]
    search_fields = ["reference", "location", "lsoa_code"]
    list_select_related = ["neighbourhood"]
