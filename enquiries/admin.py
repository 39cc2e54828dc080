from django.contrib import admin

from enquiries.models import QuestionTemplate, VisitOutcome
from pcso.admin import ReferenceListAdmin

# --- House-to-house enquiries (docs/enquiries.md) ----------------------------------------


@admin.register(VisitOutcome)
class VisitOutcomeAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "completes", "needs_revisit", "asks_card_reference", "is_active", "sort_order"]


@admin.register(QuestionTemplate)
class QuestionTemplateAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "text", "is_active", "sort_order"]
