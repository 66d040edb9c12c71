from django.conf import settings
from django.db import models

# Vietnamese names of the business actions (the code stays in the log for integrators).
ACTION_LABELS = {
    "unit.create": "Tạo đơn vị",
    "unit.update": "Sửa thông tin đơn vị",
    "unit.merge": "Sáp nhập đơn vị",
    "unit.consolidate": "Hợp nhất đơn vị",
    "unit.split": "Chia tách đơn vị",
    "unit.dissolve": "Giải thể đơn vị",
    "person.create": "Thêm cá nhân",
    "person.update": "Sửa thông tin cá nhân",
    "rating.set": "Ghi xếp loại hằng năm",
    "initiative.add": "Thêm sáng kiến",
    "initiative.update": "Sửa sáng kiến",
    "discipline.add": "Ghi nhận kỷ luật",
    "embargo.add": "Tạm dừng xét khen thưởng",
    "embargo.end": "Kết thúc tạm dừng xét khen thưởng",
    "employment.add": "Ghi nhận quá trình công tác",
    "user.create": "Tạo tài khoản",
    "user.update": "Sửa tài khoản",
    "user.deactivate": "Khóa tài khoản",
    "user.reactivate": "Mở khóa tài khoản",
    "user.password_reset": "Đặt lại mật khẩu",
    "users.import": "Tạo tài khoản hàng loạt từ Excel",
    "role.assign": "Phân vai trò",
    "role.revoke": "Thu hồi vai trò",
    "catalog.award_type.update": "Sửa hình thức, danh hiệu",
    "catalog.rule_parameter.update": "Sửa tham số bộ quy tắc",
    "catalog.base_salary.create": "Thêm mức lương cơ sở",
    "movement.create": "Tạo dự thảo phong trào",
    "movement.update": "Sửa phong trào",
    "movement.delete": "Xóa dự thảo phong trào",
    "movement.launch": "Phát động phong trào",
    "movement.start": "Bắt đầu triển khai phong trào",
    "movement.review": "Chuyển phong trào sang sơ kết, tổng kết",
    "movement.close": "Kết thúc phong trào",
    "movement.national_create": "Thêm phong trào toàn quốc",
    "plan.start": "Soạn kế hoạch hưởng ứng",
    "plan.submit": "Gửi kế hoạch hưởng ứng",
    "signature_work.add": "Đăng ký công trình, phần việc tiêu biểu",
    "signature_work.remove": "Bỏ công trình, phần việc tiêu biểu",
    "registration.open": "Mở bản đăng ký thi đua",
    "registration.line_add": "Thêm dòng đăng ký thi đua",
    "registration.line_remove": "Xóa dòng đăng ký thi đua",
    "registration.submit": "Gửi bản đăng ký thi đua",
    "registration.reopen": "Mở lại bản đăng ký thi đua",
    "registration.import": "Nhập đăng ký thi đua từ Excel",
    "progress.report": "Báo cáo tiến độ chỉ tiêu",
    "progress.delete": "Xóa báo cáo tiến độ",
    "review.create": "Thêm sơ kết, tổng kết, đại hội thi đua",
    "review.update": "Sửa sơ kết, tổng kết, đại hội thi đua",
}


class AuditEvent(models.Model):
    """A readable record of one business action, written in the action's transaction."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField("hành động", max_length=80, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=60)
    object_id = models.CharField("mã đối tượng", max_length=40, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.CharField("nội dung", max_length=500)
    data = models.JSONField("chi tiết", default=dict, blank=True)

    class Meta:
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký hoạt động"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action_label}: {self.summary}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
