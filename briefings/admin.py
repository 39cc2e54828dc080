from django.contrib import admin

from pcso.admin import ReadOnlyAdminMixin

from .models import Briefing


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["neighbourhood", "date", "generated_at"]
    list_filter = ["date"]
    list_select_related = ["neighbourhood"]
