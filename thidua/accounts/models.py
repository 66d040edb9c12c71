from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self):
        return self.full_name or self.username


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
