from django.contrib import admin
from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from pcso.admin import AdministratorOnlyMixin, ReadOnlyAdminMixin

from .models import (
    AsbReviewInterval,
    AsbSubtype,
    AsbTool,
    Crime,
    HighRiskChecklistItem,
    IncidentCategory,
    MissingRiskLevelSetting,
    NoticeDesignation,
    NoticeOffence,
    QuestionTemplate,
    RiskQuestion,
    VisitOutcome,
)


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


@admin.register(NoticeOffence)
class NoticeOffenceAdmin(ReferenceListAdmin):
    """Offences and amounts (editable defaults seeded by migration 0008)."""

    list_display = ["name", "code", "notice_type", "amount", "is_active", "sort_order"]
    list_editable = ["amount", "is_active", "sort_order"]


@admin.register(NoticeDesignation)
class NoticeDesignationAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Which offences a PCSO may issue notices for (also on the Notices > designations page)."""

    list_display = ["user", "offence", "granted_by", "granted_at"]
    list_filter = ["offence"]
    list_select_related = ["user", "offence", "granted_by"]
    autocomplete_fields = []
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            old = designation_codes(obj.user_id) if obj.user_id else []
            obj.granted_by = request.user
            super().save_model(request, obj, form, change)
            audit_designations(request.user, obj.user, old)

    def delete_model(self, request, obj):
        with transaction.atomic():
            old = designation_codes(obj.user_id)
            super().delete_model(request, obj)
            audit_designations(request.user, obj.user, old)

    def delete_queryset(self, request, queryset):
        for designation in queryset.select_related("user"):
            self.delete_model(request, designation)


def designation_codes(user_id) -> list[str]:
    return sorted(NoticeDesignation.objects.filter(user_id=user_id).values_list("offence__code", flat=True))


def audit_designations(actor, user, old: list[str]) -> None:
    """Admin edits of designations are audited like the page's and the API's (old/new lists)."""
    new = designation_codes(user.pk)
    if old != new:
        audit_record(
            actor=actor,
            category=Category.ALTERATION,
            action="notice.designations",
            obj=user,
            details={"changes": {"designations": {"old": old, "new": new}}, "via": "admin"},
        )


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


# --- House-to-house enquiries (docs/enquiries.md) ----------------------------------------


@admin.register(VisitOutcome)
class VisitOutcomeAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "completes", "needs_revisit", "asks_card_reference", "is_active", "sort_order"]


@admin.register(QuestionTemplate)
class QuestionTemplateAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "text", "is_active", "sort_order"]
