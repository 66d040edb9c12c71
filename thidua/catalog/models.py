"""The award catalogue, the rule sets in force over time, and the base salary schedule."""

from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.text import fold_vi


class Confidence(models.TextChoices):
    VERIFIED = "V", "Đã xác minh"
    SECONDARY = "S", "Nguồn thứ cấp"
    INFERRED = "I", "Chưa xác minh căn cứ"


class Category(models.TextChoices):
    TITLE = "TITLE", "Danh hiệu thi đua"
    ORDER = "ORDER", "Huân chương"
    MEDAL = "MEDAL", "Huy chương"
    HONORARY = "HONORARY", "Danh hiệu vinh dự nhà nước"
    CERTIFICATE = "CERTIFICATE", "Bằng khen, Giấy khen"
    FLAG = "FLAG", "Cờ thi đua"
    COMMEMORATIVE = "COMMEMORATIVE", "Kỷ niệm chương"
    KIND = "KIND", "Loại hình, thủ tục"


class DecidingLevel(models.TextChoices):
    UNIT_HEAD = "UNIT_HEAD", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"
    COMMUNE_CHAIR = "COMMUNE_CHAIR", "Chủ tịch UBND cấp xã"
    ARMED_FORCES = "ARMED_FORCES", "Chỉ huy quân đội, công an"
    PROVINCE_CHAIR = "PROVINCE_CHAIR", "Chủ tịch UBND tỉnh"
    PRIME_MINISTER = "PRIME_MINISTER", "Thủ tướng Chính phủ"
    PRESIDENT = "PRESIDENT", "Chủ tịch nước"
    FORM_AUTHORITY = "FORM_AUTHORITY", "Cấp có thẩm quyền của hình thức được chọn"


class AwardType(models.Model):
    """One title or form of commendation (law.md §11)."""

    code = models.CharField("mã", max_length=30, unique=True)
    name = models.CharField("tên", max_length=255)
    category = models.CharField("nhóm", max_length=20, choices=Category.choices)
    for_person = models.BooleanField("cá nhân", default=False)
    for_unit = models.BooleanField("tập thể", default=False)
    for_household = models.BooleanField("hộ gia đình", default=False)
    deciding_level = models.CharField("cấp quyết định", max_length=20, choices=DecidingLevel.choices)
    is_state_level = models.BooleanField("khen thưởng cấp Nhà nước", default=False)
    coefficient_individual = models.DecimalField("hệ số cá nhân", max_digits=5, decimal_places=2, null=True, blank=True)
    coefficient_collective = models.DecimalField("hệ số tập thể", max_digits=5, decimal_places=2, null=True, blank=True)
    coefficient_is_maximum = models.BooleanField("hệ số là mức tối đa", default=False)
    criteria = models.TextField("tiêu chuẩn", blank=True)
    citation = models.CharField("căn cứ", max_length=500)
    confidence = models.CharField("độ tin cậy", max_length=1, choices=Confidence.choices)
    coefficient_confidence = models.CharField(
        "độ tin cậy của hệ số", max_length=1, choices=Confidence.choices, default=Confidence.SECONDARY
    )
    annual = models.BooleanField("xét hằng năm", default=False)
    active = models.BooleanField("đang sử dụng", default=True)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)
    search_text = models.CharField(max_length=400, editable=False, default="", db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hình thức, danh hiệu"
        verbose_name_plural = "danh mục khen thưởng"
        ordering = ["sort_order", "code"]

    def applies_to(self, kind: str) -> bool:
        """Whether the award is given to subjects of `kind` (person / unit / household, any case)."""
        return bool(getattr(self, f"for_{str(kind).lower()}", False))

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The folded form lets a search typed without diacritics find the name (and the code).
        self.search_text = fold_vi(f"{self.name} {self.code}")
        super().save(*args, **kwargs)

    @property
    def subject_kinds_display(self) -> str:
        kinds = [("cá nhân", self.for_person), ("tập thể", self.for_unit), ("hộ gia đình", self.for_household)]
        return ", ".join(label for label, on in kinds if on)


class RuleSet(models.Model):
    """A legal basis in force over a period (Design rule R0 in law.md §1)."""

    code = models.CharField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=255)
    source = models.TextField("văn bản căn cứ")
    valid_from = models.DateField("áp dụng từ")
    valid_to = models.DateField("áp dụng đến", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ quy tắc"
        verbose_name_plural = "bộ quy tắc"
        ordering = ["-valid_from"]

    def __str__(self):
        return self.name


class ParameterType(models.TextChoices):
    DECIMAL = "DECIMAL", "Số thập phân"
    INTEGER = "INTEGER", "Số nguyên"
    BOOLEAN = "BOOLEAN", "Có / không"
    CHOICE = "CHOICE", "Lựa chọn"
    TEXT = "TEXT", "Văn bản"


# Readable labels of CHOICE parameter values.
CHOICE_LABELS = {
    "nearest": "Làm tròn đến hàng chục nghìn gần nhất",
    "ceiling": "Làm tròn lên hàng chục nghìn",
    "total_members": "Tổng số thành viên Hội đồng",
    "present_members": "Số thành viên có mặt",
}


class RuleParameter(models.Model):
    """A named, cited parameter of a rule set; editable by administrators with history."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name="bộ quy tắc", on_delete=models.CASCADE, related_name="parameters"
    )
    key = models.CharField("mã tham số", max_length=60)
    label = models.CharField("tên tham số", max_length=255)
    value_type = models.CharField("kiểu", max_length=10, choices=ParameterType.choices)
    value = models.CharField("giá trị", max_length=255)
    choices = models.CharField("các lựa chọn", max_length=255, blank=True, help_text="phân cách bằng dấu phẩy")
    citation = models.CharField("căn cứ", max_length=500)
    confidence = models.CharField("độ tin cậy", max_length=1, choices=Confidence.choices)
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "tham số"
        verbose_name_plural = "tham số"
        ordering = ["rule_set", "key"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "key"], name="uniq_rule_parameter")]

    def __str__(self):
        return f"{self.label} = {self.value}"

    @property
    def value_display(self) -> str:
        if self.value_type == ParameterType.TEXT:
            return ", ".join(part.strip() for part in self.value.split(","))  # lets long code lists wrap
        if self.value_type == ParameterType.DECIMAL:
            return self.value.replace(".", ",")  # Vietnamese decimal comma
        return CHOICE_LABELS.get(self.value, self.value)


class BaseSalary(models.Model):
    """Mức lương cơ sở, effective-dated; money uses the one in force on the decision date."""

    valid_from = models.DateField("áp dụng từ", unique=True)
    amount = models.PositiveIntegerField("mức lương cơ sở (đồng/tháng)")
    source = models.CharField("căn cứ", max_length=255)
    confidence = models.CharField("độ tin cậy", max_length=1, choices=Confidence.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["-valid_from"]

    def __str__(self):
        amount = f"{self.amount:,}".replace(",", ".")
        return f"{amount} đ từ {self.valid_from:%d/%m/%Y}"
