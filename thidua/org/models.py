"""The unit tree after the 2025 reform, with succession records so history survives mergers."""

from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.text import fold_vi


class UnitKind(models.TextChoices):
    PROVINCE = "PROVINCE", "Tỉnh (UBND tỉnh)"
    DEPARTMENT = "DEPARTMENT", "Sở, ban, ngành"
    COMMUNE = "COMMUNE", "Xã"
    WARD = "WARD", "Phường"
    SPECIAL_ZONE = "SPECIAL_ZONE", "Đặc khu"
    SCHOOL = "SCHOOL", "Trường học"
    HOSPITAL = "HOSPITAL", "Bệnh viện, trạm y tế"
    PUBLIC_SERVICE = "PUBLIC_SERVICE", "Đơn vị sự nghiệp công lập"
    ENTERPRISE = "ENTERPRISE", "Doanh nghiệp, hợp tác xã"
    DIVISION = "DIVISION", "Phòng, ban nội bộ"
    VILLAGE = "VILLAGE", "Thôn, tổ dân phố"


LOCAL_GOVERNMENT_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


class Sector(models.TextChoices):
    GOVERNMENT = "GOVERNMENT", "Quản lý nhà nước"
    EDUCATION = "EDUCATION", "Giáo dục và đào tạo"
    HEALTH = "HEALTH", "Y tế"
    ECONOMY = "ECONOMY", "Kinh tế"
    AGRICULTURE = "AGRICULTURE", "Nông nghiệp và môi trường"
    CULTURE = "CULTURE", "Văn hóa, xã hội"
    SECURITY = "SECURITY", "Quốc phòng, an ninh"
    BUSINESS = "BUSINESS", "Doanh nghiệp"
    OTHER = "OTHER", "Khác"


class Unit(models.Model):
    """An agency, locality, organisation or internal division (a collective subject).

    `path` is a materialised path of primary keys ("/1/7/42/"), so a role on a unit
    covers its subtree with one indexed prefix filter.
    """

    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices)
    sector = models.CharField("lĩnh vực", max_length=20, choices=Sector.choices, default=Sector.GOVERNMENT)
    parent = models.ForeignKey(
        "self", verbose_name="đơn vị cấp trên", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    is_commendation_office = models.BooleanField("là cơ quan thường trực TĐKT (Sở Nội vụ)", default=False)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="", db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "valid_to"])]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def save(self, *args, **kwargs):
        self.search_text = fold_vi(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)
        expected = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if self.path != expected:
            old = self.path
            self.path = expected
            self.depth = expected.count("/") - 2
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old:
                # Re-root descendants after a move (rare: reorganisations).
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = expected + child.path[len(old) :]
                    child.depth = child.path.count("/") - 2
                    Unit.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)

    def ancestor_ids(self) -> list[int]:
        """Ids from the root of the tree down to this unit (from the materialised path)."""
        return [int(p) for p in self.path.strip("/").split("/") if p] or [self.pk]

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class SuccessionKind(models.TextChoices):
    MERGE = "MERGE", "Sáp nhập (vào đơn vị hiện có)"
    CONSOLIDATE = "CONSOLIDATE", "Hợp nhất (thành đơn vị mới)"
    SPLIT = "SPLIT", "Chia tách"
    DISSOLVE = "DISSOLVE", "Giải thể"


class UnitSuccession(models.Model):
    """One predecessor → successor link of a reorganisation (dissolution has no successor)."""

    kind = models.CharField("hình thức", max_length=12, choices=SuccessionKind.choices)
    predecessor = models.ForeignKey(
        Unit, verbose_name="đơn vị trước", on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successions_in",
    )
    date = models.DateField("ngày hiệu lực")
    document_number = models.CharField("số, ký hiệu văn bản", max_length=80)
    document_date = models.DateField("ngày văn bản", null=True, blank=True)
    document_issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sắp xếp đơn vị"
        verbose_name_plural = "lịch sử sắp xếp đơn vị"
        ordering = ["-date", "id"]

    def __str__(self):
        target = self.successor or "—"
        return f"{self.get_kind_display()}: {self.predecessor} → {target} ({self.date:%d/%m/%Y})"


class ClusterKind(models.TextChoices):
    AREA = "AREA", "Cụm thi đua (theo địa bàn)"
    SECTOR = "SECTOR", "Khối thi đua (theo ngành, lĩnh vực)"


class Cluster(models.Model):
    """An emulation cluster (cụm) or block (khối) of one year, as the province's decision divides units."""

    name = models.CharField("tên cụm, khối", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=ClusterKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    decision_number = models.CharField("số quyết định phân chia cụm, khối", max_length=80, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name="chuyển tiếp từ cụm, khối năm trước",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    members = models.ManyToManyField(
        Unit, through="ClusterMember", related_name="clusters", verbose_name="đơn vị thành viên"
    )

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["-year", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="uniq_cluster_year_name")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class ClusterRole(models.TextChoices):
    HEAD = "HEAD", "Cụm trưởng, khối trưởng"
    DEPUTY = "DEPUTY", "Cụm phó, khối phó"
    MEMBER = "MEMBER", "Thành viên"


class ClusterMember(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    role = models.CharField("vai trò", max_length=10, choices=ClusterRole.choices, default=ClusterRole.MEMBER)

    class Meta:
        verbose_name = "thành viên cụm, khối"
        verbose_name_plural = "thành viên cụm, khối"
        constraints = [models.UniqueConstraint(fields=["cluster", "unit"], name="uniq_cluster_member")]

    def __str__(self):
        return f"{self.unit} — {self.cluster}"
