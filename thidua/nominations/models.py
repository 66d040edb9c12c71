"""Nomination dossiers (hồ sơ đề nghị khen thưởng): lines per subject, documents, the route through
the managing body and the commendation office, appraisal, returns, public consultation, deadlines.

The one table of state changes lives in services/workflow.py (TRANSITIONS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from thidua.core.subjects import SubjectMixin
from thidua.core.text import fold_vi


class Basis(models.TextChoices):
    """Loại hình khen thưởng (law.md §5; Luật 2022 Điều 8). Niên hạn is for the armed forces only."""

    CONG_TRANG = "CONG_TRANG", "Khen thưởng công trạng"
    DOT_XUAT = "DOT_XUAT", "Khen thưởng đột xuất"
    PHONG_TRAO = "PHONG_TRAO", "Khen thưởng theo phong trào thi đua"
    CONG_HIEN = "CONG_HIEN", "Khen thưởng quá trình cống hiến"
    DOI_NGOAI = "DOI_NGOAI", "Khen thưởng đối ngoại"


class SimplifiedGround(models.TextChoices):
    """When the simplified procedure is allowed (Luật 2022 Điều 85; NĐ 98 Điều 40 k1)."""

    POLITICAL_TASK = "POLITICAL_TASK", "Phục vụ nhiệm vụ chính trị, kịp thời động viên quần chúng"
    EXCEPTIONAL = "EXCEPTIONAL", "Thành tích đột xuất (chiến đấu, lao động, dũng cảm cứu người, giải thưởng quốc tế…)"
    FOUND_BY_HEAD = "FOUND_BY_HEAD", "Thành tích do thủ trưởng cơ quan, đơn vị phát hiện"
    CAREER = "CAREER", "Khen thưởng quá trình cống hiến, niên hạn, đối ngoại"
    STATE_SECRET = "STATE_SECRET", "Thành tích liên quan đến bí mật nhà nước"


class Authority(models.TextChoices):
    UNIT_HEAD = "UNIT_HEAD", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"
    PROVINCE_CHAIR = "PROVINCE_CHAIR", "Chủ tịch UBND tỉnh"
    STATE = "STATE", "Cấp Nhà nước (tỉnh trình Thủ tướng Chính phủ)"


class State(models.TextChoices):
    DRAFT = "DRAFT", "Đang soạn"
    SUBMITTED = "SUBMITTED", "Đã gửi, chờ tiếp nhận"
    IN_APPRAISAL = "IN_APPRAISAL", "Đang thẩm định"
    RETURNED = "RETURNED", "Trả lại để chỉnh sửa"
    APPRAISED = "APPRAISED", "Đã thẩm định, chờ xét quyết định"
    SUBMITTED_UP = "SUBMITTED_UP", "Đã trình cấp trên"
    DECIDED = "DECIDED", "Đã có quyết định khen thưởng"


class StepKind(models.TextChoices):
    MANAGING_BODY = "MANAGING_BODY", "Cơ quan quản lý cấp trên"
    OFFICE = "OFFICE", "Cơ quan thường trực TĐKT (Sở Nội vụ)"
    DECIDING_UNIT = "DECIDING_UNIT", "Cơ quan, đơn vị quyết định khen thưởng"


class Appraisal(models.TextChoices):
    PENDING = "PENDING", "Chưa thẩm định"
    ACCEPTED = "ACCEPTED", "Đủ điều kiện"
    REJECTED = "REJECTED", "Không đủ điều kiện"


class Outcome(models.TextChoices):
    """What became of an accepted line after appraisal (council, decision, submission upward)."""

    PENDING = "PENDING", "Chờ xét"
    PASSED = "PASSED", "Hội đồng thông qua"
    NOT_PASSED = "NOT_PASSED", "Hội đồng không thông qua"
    SUBMITTED_UP = "SUBMITTED_UP", "Đã trình cấp trên"
    AWARDED = "AWARDED", "Đã được khen thưởng"
    NOT_AWARDED = "NOT_AWARDED", "Không được khen thưởng"


class DocKind(models.TextChoices):
    """Dossier components (law.md §7.2)."""

    SUBMISSION = "SUBMISSION", "Tờ trình đề nghị khen thưởng"
    LIST = "LIST", "Danh sách đề nghị khen thưởng"
    ACHIEVEMENT_REPORT = "ACHIEVEMENT_REPORT", "Báo cáo thành tích"
    SUMMARY_REPORT = "SUMMARY_REPORT", "Báo cáo tóm tắt thành tích"
    REVIEW_MINUTES = "REVIEW_MINUTES", "Biên bản họp bình xét thi đua"
    COUNCIL_MINUTES = "COUNCIL_MINUTES", "Biên bản họp Hội đồng Thi đua – Khen thưởng"
    INITIATIVE_CONFIRMATION = (
        "INITIATIVE_CONFIRMATION",
        "Giấy xác nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến",
    )
    OTHER = "OTHER", "Tài liệu khác"


class Nomination(models.Model):
    proposing_unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị đề nghị", on_delete=models.PROTECT, related_name="nominations"
    )
    title = models.CharField("trích yếu", max_length=300)
    year = models.PositiveSmallIntegerField("năm thành tích")
    basis = models.CharField("loại hình khen thưởng", max_length=12, choices=Basis.choices)
    movement = models.ForeignKey(
        "movements.Movement",
        verbose_name="phong trào thi đua",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    cluster = models.ForeignKey(
        "org.Cluster",
        verbose_name="cụm, khối thi đua đề nghị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )  # a cluster dossier: its lines may name any member unit of the cluster
    simplified = models.BooleanField("theo thủ tục đơn giản", default=False)
    simplified_ground = models.CharField(
        "trường hợp áp dụng thủ tục đơn giản", max_length=20, choices=SimplifiedGround.choices, blank=True
    )
    authority = models.CharField("cấp quyết định", max_length=16, choices=Authority.choices)
    deciding_unit = models.ForeignKey(
        "org.Unit", verbose_name="cơ quan quyết định", on_delete=models.PROTECT, related_name="nominations_to_decide"
    )
    state = models.CharField("trạng thái", max_length=14, choices=State.choices, default=State.DRAFT, db_index=True)
    current_step = models.ForeignKey(
        "NominationStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="bước hiện tại",
    )
    due_date = models.DateField("hạn xử lý", null=True, blank=True, db_index=True)
    return_note = models.TextField("ý kiến khi trả lại", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["proposing_unit", "state"]),
            models.Index(fields=["state", "due_date"]),
            models.Index(fields=["year", "state"]),
        ]

    def __str__(self):
        return f"Hồ sơ {self.code}: {self.title}"

    @property
    def code(self) -> str:
        return f"HS-{self.year}-{self.pk:06d}" if self.pk else "HS-mới"

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(f"{self.code} {self.title}")[:600]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        if self.search_text.startswith("hs-moi"):  # the code needs the id: fold again once it exists
            self.search_text = fold_vi(f"{self.code} {self.title}")[:600]
            type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)


class NominationStep(models.Model):
    """One stop on the dossier's route: the managing body, the commendation office, or the deciding unit."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    unit = models.ForeignKey("org.Unit", verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("loại bước", max_length=14, choices=StepKind.choices)
    arrived_at = models.DateTimeField("ngày nhận được", null=True, blank=True)
    received_at = models.DateTimeField("ngày tiếp nhận", null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField("hạn thẩm định", null=True, blank=True)
    completed_at = models.DateTimeField("ngày chuyển tiếp", null=True, blank=True)

    class Meta:
        verbose_name = "bước xử lý hồ sơ"
        verbose_name_plural = "bước xử lý hồ sơ"
        ordering = ["nomination", "order"]
        constraints = [models.UniqueConstraint(fields=["nomination", "order"], name="uniq_nomination_step")]
        indexes = [models.Index(fields=["unit", "completed_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.unit}"


class NominationLine(SubjectMixin):
    """One subject proposed for one award type, with the achievement and the period it covers."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="lines")
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name="hình thức, danh hiệu", on_delete=models.PROTECT, related_name="+"
    )
    year_from = models.PositiveSmallIntegerField("thành tích từ năm")
    year_to = models.PositiveSmallIntegerField("đến năm")
    achievement = models.TextField("tóm tắt thành tích")
    subject_name = models.CharField("tên", max_length=255)
    subject_position = models.CharField("chức vụ", max_length=255, blank=True)
    subject_unit_name = models.CharField("đơn vị", max_length=255, blank=True)
    justification = models.TextField("giải trình (khi đề nghị trường hợp chưa đủ điều kiện)", blank=True)
    # Result of the live checks when the line was last saved (checks.py recomputes on demand).
    check_eligible = models.BooleanField("đủ điều kiện theo kiểm tra tự động", null=True)
    check_blocked = models.BooleanField("có vướng mắc chặn gửi", default=False)
    check_summary = models.CharField("tóm tắt kết quả kiểm tra", max_length=500, blank=True)
    # Appraisal at the current step.
    appraisal = models.CharField(
        "kết quả thẩm định", max_length=10, choices=Appraisal.choices, default=Appraisal.PENDING
    )
    appraisal_reason = models.TextField("lý do", blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        "kết quả xét khen thưởng", max_length=12, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    # A return for correction: only these fields (and this line's documents) become editable.
    needs_correction = models.BooleanField("cần chỉnh sửa", default=False)
    correction_fields = models.JSONField("nội dung cần sửa", default=list, blank=True)
    correction_note = models.TextField("ý kiến cần sửa", blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    search_text = models.CharField(max_length=255, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = "dòng đề nghị khen thưởng"
        verbose_name_plural = "dòng đề nghị khen thưởng"
        ordering = ["nomination", "sort_order", "id"]
        constraints = [
            SubjectMixin.one_subject_constraint("nomination_line_one_subject"),
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")), name="line_period_order"),
        ]
        indexes = [
            models.Index(fields=["person", "award_type"]),
            models.Index(fields=["unit", "award_type"]),
            models.Index(fields=["household", "award_type"]),
        ]

    def __str__(self):
        return f"{self.subject_name} — {self.award_type}"

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(self.subject_name)[:255]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


def _document_path(instance, filename):
    return f"ho-so/{instance.nomination_id}/{filename}"


class NominationDocument(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    line = models.ForeignKey(
        NominationLine, null=True, blank=True, on_delete=models.CASCADE, related_name="documents", verbose_name="dòng"
    )
    kind = models.CharField("loại tài liệu", max_length=24, choices=DocKind.choices)
    file = models.FileField("tệp", upload_to=_document_path, max_length=300)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    file_kind = models.CharField("định dạng", max_length=8)
    size = models.PositiveIntegerField("dung lượng")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"
        ordering = ["nomination", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class SubmissionDeadline(models.Model):
    """The province's yearly deadline for dossiers going to an authority (e.g. state-level before 30/01)."""

    year = models.PositiveSmallIntegerField("năm thành tích")
    authority = models.CharField("cấp quyết định", max_length=16, choices=Authority.choices)
    due_date = models.DateField("hạn nộp hồ sơ")
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "hạn nộp hồ sơ hằng năm"
        verbose_name_plural = "hạn nộp hồ sơ hằng năm"
        ordering = ["-year", "authority"]
        constraints = [models.UniqueConstraint(fields=["year", "authority"], name="uniq_submission_deadline")]

    def __str__(self):
        return f"{self.get_authority_display()} — năm {self.year}: {self.due_date:%d/%m/%Y}"


class PublicConsultation(models.Model):
    """A dossier's state-level lines published for public comment (lấy ý kiến nhân dân, law.md §7.5)."""

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="consultation")
    opened_on = models.DateField("ngày đăng")
    ends_on = models.DateField("hết hạn lấy ý kiến")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    lines = models.ManyToManyField(NominationLine, related_name="consultations", verbose_name="các dòng công khai")

    class Meta:
        verbose_name = "lấy ý kiến nhân dân"
        verbose_name_plural = "lấy ý kiến nhân dân"
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["ends_on"])]

    def __str__(self):
        return f"Lấy ý kiến hồ sơ {self.nomination.code} đến {self.ends_on:%d/%m/%Y}"


class CommentStatus(models.TextChoices):
    PENDING = "PENDING", "Chờ duyệt"
    APPROVED = "APPROVED", "Đã duyệt, hiển thị"
    REJECTED = "REJECTED", "Không hiển thị"


class PublicComment(models.Model):
    consultation = models.ForeignKey(PublicConsultation, on_delete=models.CASCADE, related_name="comments")
    line = models.ForeignKey(
        NominationLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="public_comments"
    )
    name = models.CharField("họ và tên", max_length=150)
    contact = models.CharField("điện thoại hoặc thư điện tử", max_length=150)
    body = models.TextField("nội dung ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)
    client_key = models.CharField(max_length=64, editable=False, db_index=True)  # hashed address, for rate limits
    status = models.CharField("trạng thái", max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ý kiến nhân dân"
        verbose_name_plural = "ý kiến nhân dân"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client_key", "created_at"])]

    def __str__(self):
        return f"Ý kiến của {self.name}"
