"""Django admin for accounts (technical support only; administrators use /tai-khoan/nguoi-dung/)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import LoginAttempt, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("unit",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email", "search_text")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Thông tin thêm", {"fields": ("full_name", "phone")}))
    inlines = (RoleAssignmentInline,)

    def has_delete_permission(self, request, obj=None):
        return False  # history points at users: deactivate instead


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ("username", "at", "ip")
    search_fields = ("username",)
    readonly_fields = ("username", "at", "ip")
