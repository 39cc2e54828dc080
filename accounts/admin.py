from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import PartnerAgency, User
from accounts.services import AGENCY_FIELDS, agency_upsert
from pcso.admin import AdministratorOnlyMixin


@admin.register(User)
class UserAdmin(AdministratorOnlyMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "agency", "is_active", "last_login"]
    list_filter = ["role", "agency", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        ("Role", {"fields": ["role", "agency", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "role", "agency", "password1", "password2"]})]


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """Changes go through agency_upsert, so they are audited and bump the version like the
    page's and the API's. Agencies are retired (not active), never deleted: shares name them."""

    list_display = ["code", "name", "kind", "contact_name", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    fields = ["code", "name", "kind", "contact_name", "contact_email", "contact_phone", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        saved, _ = agency_upsert(
            actor=request.user, code=obj.code, **{name: getattr(obj, name) for name in AGENCY_FIELDS}
        )
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request, obj=None):
        return False
