from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.text import fold_vi


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    # Folded "username full name email" for accent-insensitive search (ADR 0001).
    search_text = models.CharField(max_length=500, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(f"{self.username} {self.full_name} {self.email}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"username", "full_name", "email"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    ADMIN = "ADMIN", "Quản trị hệ thống"
    PROVINCE_OFFICER = "PROVINCE_OFFICER", "Chuyên viên TĐKT cấp tỉnh"
    LEADER = "LEADER", "Lãnh đạo"
    UNIT_OFFICER = "UNIT_OFFICER", "Cán bộ TĐKT đơn vị"
    COUNCIL_MEMBER = "COUNCIL_MEMBER", "Thành viên Hội đồng TĐKT"


class RoleAssignment(models.Model):
    """A role held by a user on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(User, verbose_name="người dùng", on_delete=models.CASCADE, related_name="roles")
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="uniq_role_assignment")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class LoginAttempt(models.Model):
    """A failed login, kept briefly to throttle password guessing (see accounts.forms.LoginForm)."""

    username = models.CharField("tên đăng nhập", max_length=150, db_index=True)
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    class Meta:
        verbose_name = "lần đăng nhập sai"
        verbose_name_plural = "lần đăng nhập sai"
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self):
        return f"{self.username} {self.at:%d/%m/%Y %H:%M}"
