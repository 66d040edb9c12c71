"""Decisions and the awards they grant (the council and money issue extends this)."""

from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.subjects import SubjectMixin


class Decision(models.Model):
    number = models.CharField("số, ký hiệu", max_length=60)
    date = models.DateField("ngày ban hành")
    issuer = models.ForeignKey(
        "org.Unit", verbose_name="cơ quan ban hành", on_delete=models.PROTECT, related_name="decisions"
    )
    issuer_name = models.CharField("tên cơ quan ban hành (thời điểm ban hành)", max_length=255, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    back_entered = models.BooleanField("nhập lại từ hồ sơ giấy (trước khi dùng hệ thống)", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="người nhập"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "number"], name="uniq_decision_number")]

    def __str__(self):
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y}"


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
    history = HistoricalRecords()

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-year", "-id"]
        constraints = [SubjectMixin.one_subject_constraint("award_one_subject")]
        indexes = [
            models.Index(fields=["award_type", "year"]),
            # The eligibility loaders read a person's awards of a window of years and only these
            # columns: the index answers them without touching the table.
            models.Index(fields=["person", "year", "award_type", "revoked", "basis"], name="award_person_year_cover"),
        ]

    def __str__(self):
        return f"{self.award_type} — {self.subject_name} ({self.year})"
