from django.conf import settings
from django.db import models

# Vietnamese names of the business actions (the code stays in the log for integrators).
ACTION_LABELS = {
    "cluster.create": "Thành lập cụm, khối thi đua",
    "cluster.update": "Sửa thông tin cụm, khối thi đua",
    "cluster.members_set": "Cập nhật thành viên, cụm trưởng, cụm phó",
    "cluster.carry_over": "Chuyển cụm, khối thi đua sang năm mới",
    "covenant.save": "Soạn giao ước thi đua",
    "covenant.sign": "Ký kết giao ước thi đua",
    "covenant.target_add": "Thêm chỉ tiêu giao ước",
    "covenant.target_move": "Sắp xếp chỉ tiêu giao ước",
    "covenant.target_remove": "Bỏ chỉ tiêu giao ước",
    "covenant.target_update": "Sửa chỉ tiêu giao ước",
    "covenant.targets_from_movement": "Lấy chỉ tiêu giao ước từ phong trào",
    "commitment.save": "Cập nhật cam kết của đơn vị",
    "commitment.sign": "Đơn vị ký cam kết giao ước",
    "clusters.template_create": "Tạo bảng chấm điểm mẫu",
    "clusters.template_copy": "Sao chép bảng chấm điểm sang năm mới",
    "clusters.template_apply": "Áp dụng bảng chấm điểm mẫu",
    "clusters.template_delete": "Xóa bảng chấm điểm mẫu (dự thảo)",
    "clusters.table_update": "Sửa thông tin bảng chấm điểm",
    "clusters.table_adapt": "Áp dụng, điều chỉnh bảng chấm điểm cho cụm, khối",
    "clusters.group_create": "Thêm nhóm tiêu chí",
    "clusters.group_update": "Sửa nhóm tiêu chí",
    "clusters.group_delete": "Xóa nhóm tiêu chí",
    "clusters.criterion_create": "Thêm tiêu chí chấm điểm",
    "clusters.criterion_update": "Sửa tiêu chí chấm điểm",
    "clusters.criterion_delete": "Xóa tiêu chí chấm điểm",
    "clusters.round_open": "Mở đợt chấm điểm",
    "clusters.round_update": "Sửa hạn chấm điểm, quy tắc phân định",
    "clusters.round_lock": "Khóa điểm",
    "clusters.round_reopen": "Mở lại chấm điểm sau khi khóa",
    "clusters.round_publish": "Công bố kết quả xếp hạng",
    "clusters.round_propose": "Đề nghị khen thưởng theo kết quả xếp hạng",
    "clusters.score_set": "Tự chấm điểm",
    "clusters.evidence_add": "Thêm minh chứng",
    "clusters.evidence_remove": "Bỏ minh chứng",
    "clusters.sheet_submit": "Gửi bảng tự chấm điểm",
    "clusters.remark_add": "Ý kiến kiểm tra chéo",
    "clusters.remark_dismiss": "Không chấp nhận ý kiến kiểm tra chéo",
    "clusters.score_adjust": "Điều chỉnh điểm khi kiểm tra chéo",
    "clusters.tie_vote_open": "Mở bỏ phiếu phân định thứ hạng",
    "clusters.tie_ballot_cast": "Đơn vị bỏ phiếu phân định thứ hạng",
    "clusters.tie_vote_close": "Kết thúc bỏ phiếu phân định thứ hạng",
    "clusters.leaders_propose": "Đề nghị Cờ thi đua của Chính phủ cho đơn vị dẫn đầu",
    "council.create": "Thành lập Hội đồng Thi đua – Khen thưởng",
    "council.update": "Sửa thông tin Hội đồng",
    "council.member_add": "Thêm thành viên Hội đồng",
    "council.member_update": "Sửa thông tin thành viên Hội đồng",
    "council.member_deactivate": "Thôi làm thành viên Hội đồng",
    "council.meeting_create": "Tạo phiên họp Hội đồng",
    "council.meeting_update": "Sửa phiên họp Hội đồng",
    "council.agenda_add": "Đưa đề nghị vào chương trình họp",
    "council.agenda_remove": "Rút đề nghị khỏi chương trình họp",
    "council.attendance": "Điểm danh thành viên dự họp",
    "council.vote_open": "Bắt đầu biểu quyết",
    "council.ballot_cast": "Thành viên biểu quyết",
    "council.ballot_written": "Ghi nhận ý kiến bằng văn bản",
    "council.vote_recuse": "Thành viên không tham gia biểu quyết (xung đột lợi ích)",
    "council.vote_close": "Kết thúc biểu quyết",
    "council.meeting_close": "Kết thúc phiên họp",
    "decision.draft_create": "Lập dự thảo quyết định, tờ trình",
    "decision.draft_update": "Sửa dự thảo",
    "decision.draft_add_lines": "Thêm đề nghị vào dự thảo",
    "decision.draft_remove_items": "Bớt đề nghị khỏi dự thảo",
    "decision.draft_delete": "Xóa dự thảo",
    "decision.issue": "Ban hành quyết định, tờ trình",
    "decision.record_higher": "Ghi nhận quyết định của cấp trên",
    "decision.issuing_body_save": "Khai báo cơ quan ban hành",
    "decision.signer_save": "Khai báo người ký",
    "payment.record": "Ghi nhận chi tiền thưởng",
    "payment.cancel": "Hủy ghi nhận chi tiền thưởng",
    "fund_entry.add": "Ghi sổ quỹ thi đua, khen thưởng",
    "award.revoke": "Hủy bỏ khen thưởng",
    "revocation.recover": "Ghi nhận thu hồi tiền thưởng, hiện vật",
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
    "nomination.create": "Tạo hồ sơ đề nghị khen thưởng",
    "nomination.update": "Sửa thông tin hồ sơ đề nghị",
    "nomination.delete": "Xóa hồ sơ đang soạn",
    "nomination.line_add": "Thêm dòng đề nghị",
    "nomination.line_update": "Sửa dòng đề nghị",
    "nomination.line_remove": "Bỏ dòng đề nghị",
    "nomination.document_add": "Đính kèm tài liệu hồ sơ",
    "nomination.document_remove": "Bỏ tài liệu hồ sơ",
    "nomination.submit": "Gửi hồ sơ đề nghị",
    "nomination.withdraw": "Rút hồ sơ về để sửa",
    "nomination.receive": "Tiếp nhận hồ sơ",
    "nomination.appraise": "Thẩm định dòng đề nghị",
    "nomination.return": "Trả lại hồ sơ để chỉnh sửa",
    "nomination.forward": "Chuyển tiếp hồ sơ",
    "nomination.complete": "Hoàn thành thẩm định hồ sơ",
    "consultation.open": "Đăng lấy ý kiến nhân dân",
    "consultation.comment": "Nhận ý kiến nhân dân",
    "consultation.moderate": "Duyệt ý kiến nhân dân",
    "deadline.set": "Đặt hạn nộp hồ sơ hằng năm",
    "deadline.remove": "Bỏ hạn nộp hồ sơ hằng năm",
    "day_off.add": "Thêm ngày nghỉ của tỉnh",
    "day_off.remove": "Bỏ ngày nghỉ của tỉnh",
    "decision.back_enter": "Nhập quyết định khen thưởng trước đây",
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


class DayOff(models.Model):
    """A day off the province declares beyond the national public holidays (working-day deadlines skip it)."""

    date = models.DateField("ngày nghỉ", unique=True)
    name = models.CharField("lý do", max_length=200)

    class Meta:
        verbose_name = "ngày nghỉ của tỉnh"
        verbose_name_plural = "ngày nghỉ của tỉnh"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"


class Notification(models.Model):
    """An in-app notice to one user (also sent by e-mail when the user has an address)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="người nhận"
    )
    text = models.CharField("nội dung", max_length=500)
    url = models.CharField("liên kết", max_length=300, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return self.text
