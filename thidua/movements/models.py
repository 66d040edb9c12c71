"""Emulation movements: launched by a document, cascaded to units that answer with their own plans,
tracked by targets and progress, registered for, reviewed.

A movement is national (the catalogue of movements of the Prime Minister or central bodies), provincial
(launched by the province), or a unit's own plan — which answers a parent movement through a
`Participation` (the duty to answer, with its deadline) or stands alone within the unit's scope.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.subjects import SubjectMixin
from thidua.core.text import fold_vi


class Level(models.TextChoices):
    NATIONAL = "NATIONAL", "Toàn quốc"
    PROVINCE = "PROVINCE", "Cấp tỉnh"
    UNIT = "UNIT", "Cấp đơn vị"


class MovementKind(models.TextChoices):
    REGULAR = "REGULAR", "Thường xuyên (hằng năm)"
    THEMATIC = "THEMATIC", "Chuyên đề"
    CAMPAIGN = "CAMPAIGN", "Theo đợt (đợt thi đua đặc biệt)"


class State(models.TextChoices):
    DRAFT = "DRAFT", "Dự thảo"
    LAUNCHED = "LAUNCHED", "Đã phát động"
    UNDER_WAY = "UNDER_WAY", "Đang triển khai"
    IN_REVIEW = "IN_REVIEW", "Đang sơ kết, tổng kết"
    CLOSED = "CLOSED", "Đã kết thúc"


class ParticipationMode(models.TextChoices):
    ALL = "ALL", "Tất cả đơn vị trực thuộc"
    BY_KIND = "BY_KIND", "Theo loại đơn vị"
    BY_LIST = "BY_LIST", "Theo danh sách"
    BY_CLUSTER = "BY_CLUSTER", "Theo cụm, khối thi đua"


class DocType(models.TextChoices):
    PLAN = "Kế hoạch", "Kế hoạch"
    DECISION = "Quyết định", "Quyết định"
    DIRECTIVE = "Chỉ thị", "Chỉ thị"
    LETTER = "Văn bản", "Văn bản"
    APPEAL_LETTER = "Thư kêu gọi", "Thư kêu gọi"
    APPEAL = "Lời kêu gọi", "Lời kêu gọi"
    GUIDANCE = "Hướng dẫn", "Hướng dẫn"
    OTHER = "Khác", "Khác"


class OfficialDocument(models.Model):
    """A document that launches or accompanies a movement (90/KH-UBND…), with its file."""

    doc_type = models.CharField("loại văn bản", max_length=20, choices=DocType.choices, default=DocType.PLAN)
    number = models.CharField("số, ký hiệu", max_length=80, blank=True)
    date = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    file = models.FileField("tệp văn bản", upload_to="movements/documents/%Y/", blank=True)
    text = models.TextField("nội dung văn bản (đã trích)", blank=True)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self):
        label = self.doc_type
        if self.number:
            label += f" số {self.number}"
        if self.date:
            label += f" ngày {self.date:%d/%m/%Y}"
        return label


class Movement(models.Model):
    level = models.CharField("cấp phát động", max_length=10, choices=Level.choices, default=Level.PROVINCE)
    kind = models.CharField("loại phong trào", max_length=10, choices=MovementKind.choices)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="phong trào cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    launching_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị phát động",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    launcher_name = models.CharField("cơ quan, người phát động", max_length=255, blank=True)
    document = models.ForeignKey(
        OfficialDocument,
        verbose_name="văn bản phát động",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    name = models.CharField("tên phong trào", max_length=500)
    slogans = models.JSONField("khẩu hiệu, chủ đề", default=list, blank=True)
    purposes = models.TextField("mục đích, yêu cầu", blank=True)
    contents = models.TextField("nội dung thi đua", blank=True)
    period_start = models.DateField("bắt đầu", null=True, blank=True)
    period_end = models.DateField("kết thúc", null=True, blank=True)
    standing_agency = models.ForeignKey(
        "org.Unit",
        verbose_name="cơ quan thường trực",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standing_movements",
    )
    responsible_agencies = models.JSONField("cơ quan được giao nhiệm vụ", default=list, blank=True)
    reward_event = models.CharField("dịp khen thưởng (đại hội, sơ kết, tổng kết)", max_length=500, blank=True)
    participation_mode = models.CharField(
        "đơn vị tham gia", max_length=12, choices=ParticipationMode.choices, default=ParticipationMode.ALL
    )
    participation_kinds = models.JSONField("loại đơn vị tham gia", default=list, blank=True)
    participation_units = models.ManyToManyField(
        "org.Unit", verbose_name="danh sách đơn vị tham gia", blank=True, related_name="+"
    )
    participation_cluster = models.ForeignKey(
        "org.Cluster",
        verbose_name="cụm, khối tham gia",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    answer_deadline = models.DateField("hạn các đơn vị gửi kế hoạch hưởng ứng", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    launched_at = models.DateTimeField("ngày phát động trên hệ thống", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock for concurrent edits
    search_text = models.CharField(max_length=800, editable=False, default="", db_index=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-period_start", "-id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(f"{self.name} {' '.join(self.slogans or [])} {self.launcher_name}")[:800]
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        """Provincial movements are public once launched (the public page lists them)."""
        return self.level == Level.PROVINCE and self.state != State.DRAFT


class Direction(models.TextChoices):
    AT_LEAST = "AT_LEAST", "Đạt ít nhất"
    AT_MOST = "AT_MOST", "Không vượt quá"


class Aggregation(models.TextChoices):
    SUM = "SUM", "Cộng số liệu các đơn vị"
    AVERAGE = "AVERAGE", "Bình quân các đơn vị (tỷ lệ, chỉ số)"


class Target(models.Model):
    """A measurable target of a movement; a unit plan's target may answer a target of the parent."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="targets")
    parent_target = models.ForeignKey(
        "self",
        verbose_name="chỉ tiêu cấp trên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_targets",
    )
    name = models.CharField("tên chỉ tiêu", max_length=500)
    measure = models.CharField("đơn vị tính", max_length=60, blank=True)
    baseline = models.DecimalField("giá trị ban đầu", max_digits=18, decimal_places=2, default=0)
    target_value = models.DecimalField("giá trị chỉ tiêu", max_digits=18, decimal_places=2)
    direction = models.CharField("chiều", max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    # How the units' values roll up to this target: counts add up; rates and indices are averaged.
    aggregation = models.CharField("cách tổng hợp", max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    deadline = models.DateField("thời hạn", null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class AwardOffer(models.Model):
    """An award the movement offers (e.g. Bằng khen of the chairman), with its quota."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="award_offers")
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name="hình thức khen thưởng", on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField("số lượng tối đa", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "hình thức khen thưởng của phong trào"
        verbose_name_plural = "hình thức khen thưởng của phong trào"
        constraints = [models.UniqueConstraint(fields=["movement", "award_type"], name="uniq_offer_award")]


class Participation(models.Model):
    """The duty of a unit to answer a launched movement with its own plan by a deadline."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="participations")
    deadline = models.DateField("hạn gửi kế hoạch", null=True, blank=True)
    plan = models.OneToOneField(
        Movement,
        verbose_name="kế hoạch của đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    answered_at = models.DateTimeField("ngày gửi kế hoạch", null=True, blank=True)
    last_reminded_at = models.DateTimeField("lần nhắc gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "đơn vị tham gia"
        verbose_name_plural = "đơn vị tham gia"
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="uniq_participation")]
        indexes = [models.Index(fields=["unit", "answered_at"])]

    def __str__(self):
        return f"{self.unit} — {self.movement}"


class SignatureWork(models.Model):
    """A signature work (công trình, phần việc tiêu biểu) a unit commits to in its plan."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="signature_works")
    name = models.CharField("tên công trình, phần việc", max_length=500)
    description = models.TextField("nội dung", blank=True)
    due_date = models.DateField("thời hạn hoàn thành", null=True, blank=True)
    done = models.BooleanField("đã hoàn thành", default=False)

    class Meta:
        verbose_name = "công trình, phần việc tiêu biểu"
        verbose_name_plural = "công trình, phần việc tiêu biểu"
        ordering = ["id"]

    def __str__(self):
        return self.name


class ProgressReport(models.Model):
    """A unit's reported value of one target on a date, with its evidence."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reports")
    value = models.DecimalField("giá trị đạt được", max_digits=18, decimal_places=2)
    date = models.DateField("ngày số liệu")
    note = models.TextField("ghi chú", blank=True)
    evidence = models.FileField("minh chứng", upload_to="movements/evidence/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["target", "date", "id"]
        indexes = [models.Index(fields=["target", "date"])]


class RegistrationState(models.TextChoices):
    DRAFT = "DRAFT", "Đang soạn"
    SUBMITTED = "SUBMITTED", "Đã gửi"


class Registration(models.Model):
    """A unit's emulation registration (đăng ký thi đua) for a year, or for a movement."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="registrations")
    year = models.PositiveSmallIntegerField("năm")
    movement = models.ForeignKey(
        Movement,
        verbose_name="phong trào",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    state = models.CharField(max_length=10, choices=RegistrationState.choices, default=RegistrationState.DRAFT)
    submitted_at = models.DateTimeField("ngày gửi", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], condition=models.Q(movement__isnull=True), name="uniq_registration_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "movement"],
                condition=models.Q(movement__isnull=False),
                name="uniq_registration_movement",
            ),
        ]

    def __str__(self):
        return f"Đăng ký thi đua {self.year} — {self.unit}"


class RegistrationLine(SubjectMixin):
    """One subject registering for one title."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="lines")
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name="danh hiệu đăng ký", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "dòng đăng ký"
        verbose_name_plural = "dòng đăng ký"
        ordering = ["id"]
        constraints = [
            SubjectMixin.one_subject_constraint("registration_line_one_subject"),
            models.UniqueConstraint(
                fields=["registration", "person", "award_type"],
                condition=models.Q(person__isnull=False),
                name="uniq_registration_person_award",
            ),
            models.UniqueConstraint(
                fields=["registration", "unit", "award_type"],
                condition=models.Q(unit__isnull=False),
                name="uniq_registration_unit_award",
            ),
        ]


class ReviewKind(models.TextChoices):
    INTERIM = "INTERIM", "Sơ kết"
    FINAL = "FINAL", "Tổng kết"
    CONGRESS = "CONGRESS", "Đại hội thi đua yêu nước"


class Review(models.Model):
    """An interim or final review, or the five-yearly patriotic emulation congress, of a movement."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField("hình thức", max_length=10, choices=ReviewKind.choices)
    date = models.DateField("ngày tổ chức")
    title = models.CharField("tên hội nghị, đại hội", max_length=500)
    scope = models.CharField("phạm vi", max_length=255, blank=True)
    participants = models.PositiveIntegerField("số đại biểu, người tham dự", null=True, blank=True)
    summary = models.TextField("đánh giá kết quả", blank=True)
    awards_proposed = models.PositiveIntegerField("số tập thể, cá nhân đề nghị khen thưởng", null=True, blank=True)
    awards_given = models.PositiveIntegerField("số tập thể, cá nhân được khen thưởng", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sơ kết, tổng kết"
        verbose_name_plural = "sơ kết, tổng kết"
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title
