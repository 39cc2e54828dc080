from django.contrib import admin

from missing_persons.models import HighRiskChecklistItem, MissingRiskLevelSetting, RiskQuestion
from pcso.admin import AdministratorOnlyMixin, ReferenceListAdmin

# --- Missing persons (docs/missing-persons.md): the editable reference lists only. Cases
# themselves are worked (and audited) through the pages and the API, never the admin.


@admin.register(MissingRiskLevelSetting)
class MissingRiskLevelSettingAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """The wording of the four risk levels, their review intervals and 'if you see them' ([data])."""

    list_display = ["level", "name", "review_minutes"]
    list_editable = ["name", "review_minutes"]

    def has_add_permission(self, request, *args):
        return False  # the four levels are fixed; only their wording and intervals are data

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RiskQuestion)
class RiskQuestionAdmin(ReferenceListAdmin):
    pass


@admin.register(HighRiskChecklistItem)
class HighRiskChecklistItemAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "children_only", "is_active", "sort_order"]
