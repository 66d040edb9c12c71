"""People, households and the yearly facts that eligibility is computed from."""

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.subjects import SubjectMixin
from thidua.core.text import fold_vi


class Sex(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class EmploymentType(models.TextChoices):
    CADRE = "CADRE", "Cán bộ"
    CIVIL_SERVANT = "CIVIL_SERVANT", "Công chức"
    PUBLIC_EMPLOYEE = "PUBLIC_EMPLOYEE", "Viên chức"
    WORKER = "WORKER", "Người lao động"
    OTHER = "OTHER", "Khác"


national_id_validator = RegexValidator(r"^\d{12}$", "Số CCCD phải gồm đúng 12 chữ số.")


class Person(models.Model):
    full_name = models.CharField("họ và tên", max_length=150)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    sex = models.CharField("giới tính", max_length=1, choices=Sex.choices)
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    national_id = models.CharField(
        "số CCCD", max_length=12, null=True, blank=True, unique=True, validators=[national_id_validator]
    )
    position = models.CharField("chức vụ", max_length=150, blank=True)
    employment_type = models.CharField("loại đối tượng", max_length=20, choices=EmploymentType.choices)
    is_direct_worker = models.BooleanField("người lao động trực tiếp", default=False)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="đơn vị công tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    household = models.ForeignKey(
        "Household",
        verbose_name="hộ gia đình",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    search_text = models.CharField(max_length=200, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"
        ordering = ["search_text", "id"]
        indexes = [models.Index(fields=["unit", "search_text"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if self.national_id == "":
            self.national_id = None
        self.search_text = fold_vi(self.full_name)
        super().save(*args, **kwargs)


class Employment(models.Model):
    """Where a person worked, and when (history across units and reorganisations)."""

    person = models.ForeignKey(Person, verbose_name="cá nhân", on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey("org.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="employments")
    position = models.CharField("chức vụ", max_length=150, blank=True)
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["-start_date", "-id"]


class Household(models.Model):
    head_name = models.CharField("chủ hộ", max_length=150)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name="xã, phường", on_delete=models.PROTECT, related_name="households")
    search_text = models.CharField(max_length=200, editable=False, default="", db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"
        ordering = ["search_text", "id"]

    def __str__(self):
        return f"Hộ {self.head_name}"

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(f"{self.head_name} {self.address}")
        super().save(*args, **kwargs)


class Grade(models.TextChoices):
    HTXS = "HTXS", "Hoàn thành xuất sắc nhiệm vụ"
    HTT = "HTT", "Hoàn thành tốt nhiệm vụ"
    HT = "HT", "Hoàn thành nhiệm vụ"
    KHT = "KHT", "Không hoàn thành nhiệm vụ"


GRADE_ORDER = {Grade.KHT: 0, Grade.HT: 1, Grade.HTT: 2, Grade.HTXS: 3}


class AnnualRating(SubjectMixin):
    """The year's task-completion rating of a person or a collective."""

    year = models.PositiveSmallIntegerField("năm")
    grade = models.CharField("xếp loại", max_length=4, choices=Grade.choices)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "xếp loại hằng năm"
        verbose_name_plural = "xếp loại hằng năm"
        ordering = ["-year"]
        constraints = [
            SubjectMixin.one_subject_constraint("rating_one_subject"),
            models.UniqueConstraint(fields=["person", "year"], name="uniq_rating_person_year"),
            models.UniqueConstraint(fields=["unit", "year"], name="uniq_rating_unit_year"),
        ]
        # The eligibility loaders read a person's grades of a window of years: answered from the index.
        indexes = [models.Index(fields=["person", "year", "grade"], name="rating_person_year_cover")]


class InitiativeScope(models.TextChoices):
    BASE = "BASE", "Cấp cơ sở"
    PROVINCE = "PROVINCE", "Cấp tỉnh"
    NATIONAL = "NATIONAL", "Toàn quốc"


class Initiative(models.Model):
    """An initiative or science work credited to a person (Luật TĐKT 2022, Điều 3)."""

    person = models.ForeignKey(Person, verbose_name="cá nhân", on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField("tên sáng kiến, đề tài", max_length=500)
    scope = models.CharField("phạm vi ảnh hưởng", max_length=10, choices=InitiativeScope.choices)
    recognising_body = models.CharField("cơ quan công nhận", max_length=255)
    year = models.PositiveSmallIntegerField("năm công nhận")
    is_science_work = models.BooleanField("là đề tài, công trình khoa học đã nghiệm thu", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"
        ordering = ["-year", "id"]


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "REPRIMAND", "Khiển trách"
    WARNING = "WARNING", "Cảnh cáo"
    SALARY_DOWN = "SALARY_DOWN", "Hạ bậc lương"
    DEMOTION = "DEMOTION", "Giáng chức"
    DISMISSAL_POST = "DISMISSAL_POST", "Cách chức"
    DISMISSAL = "DISMISSAL", "Buộc thôi việc"


class Discipline(SubjectMixin):
    """A disciplinary measure; achievements count again only after `end_date` (law.md P3)."""

    level = models.CharField("hình thức kỷ luật", max_length=20, choices=DisciplineLevel.choices)
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày")
    decision_number = models.CharField("số quyết định", max_length=80, blank=True)
    reason = models.CharField("lý do", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["-start_date"]
        constraints = [SubjectMixin.one_subject_constraint("discipline_one_subject")]


class EmbargoReason(models.TextChoices):
    DISCIPLINE_REVIEW = "DISCIPLINE_REVIEW", "Đang xem xét kỷ luật"
    INVESTIGATION = "INVESTIGATION", "Đang điều tra, thanh tra, kiểm tra"
    COMPLAINT = "COMPLAINT", "Có đơn thư khiếu nại, tố cáo đang xác minh"
    PRESS = "PRESS", "Báo chí nêu vấn đề đang xác minh"


class Embargo(SubjectMixin):
    """While an embargo lasts no award may be proposed (NĐ 152/2025, Điều 4, khoản 4)."""

    reason = models.CharField("lý do", max_length=20, choices=EmbargoReason.choices)
    start_date = models.DateField("từ ngày")
    end_date = models.DateField("đến ngày", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tạm dừng xét khen thưởng"
        verbose_name_plural = "tạm dừng xét khen thưởng"
        ordering = ["-start_date"]
        constraints = [SubjectMixin.one_subject_constraint("embargo_one_subject")]
