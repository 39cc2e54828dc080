from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from pcso.admin import AdministratorOnlyMixin

from .models import PartnerAgency, User


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
    list_display = ["code", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
