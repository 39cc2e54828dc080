from django.contrib import admin
from django.db import transaction

from audit.choices import Category
from audit.services import audit_record
from incidents.models.asb import AsbReviewInterval, AsbTool
from incidents.models.incidents import AsbSubtype, IncidentCategory
from incidents.models.notices import NoticeDesignation, NoticeOffence
from pcso.admin import AdministratorOnlyMixin, ReferenceListAdmin


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
