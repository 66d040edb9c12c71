"""Decisions and the awards they grant; numbering, signers, payments, the fund and revocations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from thidua.core.subjects import SubjectMixin


class IssuingBody(models.Model):
    """How a unit heads the documents it issues (Nghị định 30/2020): its symbol in numbers
    ("123/QĐ-UBND"), the lines of its name in the header, the place before the date."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="issuing_body"
    )
    symbol = models.CharField("chữ viết tắt tên cơ quan (trong số, ký hiệu)", max_length=30)
    header_parent = models.CharField("tên cơ quan chủ quản (dòng trên)", max_length=255, blank=True)
    header_name = models.CharField("tên cơ quan ban hành", max_length=255)
    place = models.CharField("địa danh", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"

    def __str__(self):
        return self.header_name


class Signer(models.Model):
    """A person who signs decisions for an issuing body (chairman, vice-chairman by delegation)."""

    body = models.ForeignKey(IssuingBody, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="signers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.PROTECT, related_name="signer_roles"
    )
    full_name = models.CharField("họ và tên", max_length=150)
    title = models.CharField("chức vụ", max_length=150)
    sign_lines = models.TextField(
        "thẩm quyền ký (mỗi dòng một dòng)", help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    )
    active = models.BooleanField("đang ký", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "người ký"
        verbose_name_plural = "người ký"
        ordering = ["body", "-active", "id"]
        constraints = [models.UniqueConstraint(fields=["body", "user"], name="uniq_signer")]

    def __str__(self):
        return f"{self.full_name} — {self.title}"


class DocKind(models.TextChoices):
    DECISION = "QD", "Quyết định"
    SUBMISSION = "TTR", "Tờ trình"


# The code of each kind in a number and symbol ("123/QĐ-UBND", "45/TTr-UBND").
DOC_KIND_CODE = {DocKind.DECISION: "QĐ", DocKind.SUBMISSION: "TTr"}


class NumberSequence(models.Model):
    """The last number given by an issuer for one kind of document in one year (no gaps, no duplicates:
    the row is locked while a number is taken, in the issuing transaction)."""

    issuer = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=3, choices=DocKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "sổ đăng ký số văn bản"
        verbose_name_plural = "sổ đăng ký số văn bản"
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "kind"], name="uniq_number_sequence")]


class DecisionState(models.TextChoices):
    DRAFT = "DRAFT", "Dự thảo"
    ISSUED = "ISSUED", "Đã ban hành"


class Decision(models.Model):
    """A decision (or the province's submission upward, `kind` = TTR). Drafts have no number; issuing
    gives the number, creates the awards and freezes it. A higher authority's decision that answers a
    submission is recorded with `issuer` empty and `answers` pointing at the submission."""

    kind = models.CharField("loại văn bản", max_length=3, choices=DocKind.choices, default=DocKind.DECISION)
    state = models.CharField(
        "trạng thái", max_length=6, choices=DecisionState.choices, default=DecisionState.ISSUED, db_index=True
    )
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    sequence = models.PositiveIntegerField("số thứ tự trong năm", null=True, blank=True)
    # The year of the number's series: the year of the date for every numbered decision (issued here,
    # back-entered or recorded from a higher authority).
    year_of_sequence = models.PositiveSmallIntegerField("năm của số", null=True, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.ForeignKey(
        "org.Unit",
        verbose_name="cơ quan ban hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    issuer_name = models.CharField("tên cơ quan ban hành (thời điểm ban hành)", max_length=255, blank=True)
    signer = models.ForeignKey(
        Signer, verbose_name="người ký", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    legal_basis = models.TextField("căn cứ ban hành", blank=True, default="", db_default="")
    recipients = models.TextField("nơi nhận", blank=True, default="", db_default="")
    total_amount = models.PositiveBigIntegerField("tổng tiền thưởng", default=0)
    answers = models.ForeignKey(
        "self",
        verbose_name="trả lời tờ trình",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_by",
    )
    back_entered = models.BooleanField("nhập lại từ hồ sơ giấy (trước khi dùng hệ thống)", default=False)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="người nhập"
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True, null=True)
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    issued_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người ban hành",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-date", "-id"]
        constraints = [
            # Numbers restart every year ("1/QĐ-UBND" of 2026 and of 2027 are two decisions).
            models.UniqueConstraint(
                fields=["issuer", "kind", "year_of_sequence", "number"],
                condition=~Q(number=""),
                name="uniq_decision_number",
            ),
            models.UniqueConstraint(
                fields=["issuer", "kind", "year_of_sequence", "sequence"],
                condition=Q(sequence__isnull=False),
                name="uniq_decision_sequence",
            ),
        ]
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self):
        label = self.get_kind_display()
        if not self.number:
            return f"{label} (dự thảo)"
        return f"{label} số {self.number} ngày {self.date:%d/%m/%Y}" if self.date else f"{label} số {self.number}"


class DecisionItem(models.Model):
    """One dossier line a draft decision or a submission covers (awards are created at issuing)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    line = models.ForeignKey("nominations.NominationLine", on_delete=models.PROTECT, related_name="decision_items")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "nội dung quyết định"
        verbose_name_plural = "nội dung quyết định"
        ordering = ["decision", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "line"], name="uniq_decision_item")]


class Award(SubjectMixin):
    """One award granted to one subject, with a snapshot of who they were at the time."""

    decision = models.ForeignKey(Decision, verbose_name="quyết định", on_delete=models.PROTECT, related_name="awards")
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name="hình thức, danh hiệu", on_delete=models.PROTECT, related_name="awards"
    )
    year = models.PositiveSmallIntegerField("năm thành tích")
    basis = models.CharField("loại hình khen thưởng", max_length=20, default="CONG_TRANG")
    subject_name = models.CharField("tên (thời điểm khen thưởng)", max_length=255)
    subject_position = models.CharField("chức vụ (thời điểm khen thưởng)", max_length=255, blank=True)
    subject_unit_name = models.CharField("đơn vị (thời điểm khen thưởng)", max_length=255, blank=True)
    amount = models.PositiveIntegerField("tiền thưởng", default=0)
    revoked = models.BooleanField("đã hủy bỏ", default=False)
    nomination_line = models.ForeignKey(
        "nominations.NominationLine",
        verbose_name="đề nghị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-year", "-id"]
        constraints = [
            SubjectMixin.one_subject_constraint("award_one_subject"),
            # The same subject never holds the same award for the same year twice (a revoked one aside).
            *(
                models.UniqueConstraint(
                    fields=[kind, "award_type", "year"],
                    condition=Q(revoked=False, **{f"{kind}__isnull": False}),
                    name=f"uniq_award_{kind}",
                )
                for kind in ("person", "unit", "household")
            ),
        ]
        indexes = [
            models.Index(fields=["award_type", "year"]),
            # The eligibility loaders read a person's awards of a window of years and only these
            # columns: the index answers them without touching the table.
            models.Index(fields=["person", "year", "award_type", "revoked", "basis"], name="award_person_year_cover"),
        ]

    def __str__(self):
        return f"{self.award_type} — {self.subject_name} ({self.year})"


class Payment(models.Model):
    """Money paid for one award (chưa chi = no row)."""

    award = models.OneToOneField(Award, verbose_name="khen thưởng", on_delete=models.PROTECT, related_name="payment")
    paid_on = models.DateField("ngày chi")
    voucher_number = models.CharField("số chứng từ", max_length=60)
    payer_unit = models.ForeignKey(
        "org.Unit", verbose_name="đơn vị chi", on_delete=models.PROTECT, related_name="award_payments"
    )
    amount = models.PositiveIntegerField("số tiền đã chi")
    fund_entry = models.ForeignKey(
        "FundEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "chi tiền thưởng"
        verbose_name_plural = "chi tiền thưởng"
        indexes = [models.Index(fields=["payer_unit", "paid_on"])]


class FundEntryKind(models.TextChoices):
    INCOME = "INCOME", "Thu (trích lập, bổ sung quỹ)"
    SPENDING = "SPENDING", "Chi"


class FundEntry(models.Model):
    """One line of a unit's commendation fund ledger (quỹ thi đua, khen thưởng) for a year."""

    unit = models.ForeignKey("org.Unit", verbose_name="đơn vị quản lý quỹ", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=8, choices=FundEntryKind.choices)
    amount = models.PositiveBigIntegerField("số tiền")
    description = models.CharField("nội dung", max_length=500)
    voucher_number = models.CharField("số chứng từ", max_length=60, blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name="quyết định", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sổ quỹ thi đua, khen thưởng"
        verbose_name_plural = "sổ quỹ thi đua, khen thưởng"
        ordering = ["unit", "year", "date", "id"]
        indexes = [models.Index(fields=["unit", "year", "date"])]


class RevocationGround(models.TextChoices):
    """Luật Thi đua, khen thưởng 2022, Chương VII (law.md §9)."""

    FRAUD = "FRAUD", "a) Gian dối trong việc kê khai công trạng, thành tích"
    FALSE_DOCUMENTS = "FALSE_DOCS", "b) Cung cấp thông tin sai sự thật, làm giả hồ sơ, giấy tờ"
    UNLAWFUL_PROCESS = "UNLAWFUL", "c) Thẩm định, xét duyệt, đề nghị khen thưởng trái pháp luật"
    VIOLATION_FOUND = (
        "VIOLATION",
        (
            "d) Có kết luận, quyết định, bản án của cơ quan có thẩm quyền về vi phạm, khuyết điểm "
            "dẫn đến không đủ tiêu chuẩn trong thời gian lập thành tích"
        ),
    )


class RecoveryStatus(models.TextChoices):
    PENDING = "PENDING", "Chưa thu hồi"
    PARTIAL = "PARTIAL", "Đã thu hồi một phần"
    DONE = "DONE", "Đã thu hồi đủ"
    NOTHING = "NOTHING", "Không phải thu hồi"


class Revocation(models.Model):
    """The cancellation of one award (the award stays, flagged `revoked`; nothing is deleted)."""

    award = models.OneToOneField(Award, verbose_name="khen thưởng", on_delete=models.PROTECT, related_name="revocation")
    ground = models.CharField("căn cứ hủy bỏ", max_length=10, choices=RevocationGround.choices)
    reason = models.TextField("nội dung vi phạm")
    act_number = models.CharField("số, ký hiệu văn bản hủy bỏ", max_length=60)
    act_date = models.DateField("ngày văn bản")
    act_issuer = models.CharField("cơ quan ban hành văn bản hủy bỏ", max_length=255)
    amount_to_recover = models.PositiveIntegerField("tiền thưởng phải thu hồi", default=0)
    insignia_to_recover = models.CharField("hiện vật phải thu hồi", max_length=255, blank=True)
    recovery_status = models.CharField(
        "tình trạng thu hồi", max_length=8, choices=RecoveryStatus.choices, default=RecoveryStatus.PENDING
    )
    recovered_amount = models.PositiveIntegerField("số tiền đã thu hồi", default=0)
    insignia_recovered = models.BooleanField("đã thu hồi hiện vật", default=False)
    recovered_on = models.DateField("ngày thu hồi", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hủy bỏ khen thưởng"
        verbose_name_plural = "hủy bỏ khen thưởng"
        ordering = ["-act_date", "-id"]
