from django.contrib import admin

from briefings.models import Briefing
from pcso.admin import ReadOnlyAdminMixin


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["neighbourhood", "date", "generated_at"]
    list_filter = ["date"]
    list_select_related = ["neighbourhood"]
