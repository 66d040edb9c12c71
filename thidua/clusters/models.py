"""Clusters and blocks at work: the covenant, the scoring table, the score sheets, the ranking and
the secret tie-break vote (docs/clusters.md). The cluster itself and its yearly membership live in
`thidua.org` (`Cluster`, `ClusterMember`)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

# --- Covenant (giao ước thi đua) -------------------------------------------------------------------


class CovenantState(models.TextChoices):
    DRAFT = "DRAFT", "Dự thảo"
    SIGNED = "SIGNED", "Đã ký kết"


class Covenant(models.Model):
    """The emulation covenant the members of a cluster sign at the start of the year."""

    cluster = models.OneToOneField("org.Cluster", on_delete=models.CASCADE, related_name="covenant")
    title = models.CharField("tên giao ước", max_length=300)
    place = models.CharField("địa điểm ký kết", max_length=150, blank=True)
    signing_date = models.DateField("ngày ký kết", null=True, blank=True)
    content = models.TextField("nội dung giao ước chung", blank=True)
    movement = models.ForeignKey(
        "movements.Movement",
        verbose_name="phong trào (lấy chỉ tiêu)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField("trạng thái", max_length=8, choices=CovenantState.choices, default=CovenantState.DRAFT)
    signed_at = models.DateTimeField("thời điểm ký kết trên hệ thống", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "giao ước thi đua"
        verbose_name_plural = "giao ước thi đua"

    def __str__(self):
        return self.title


class CovenantTarget(models.Model):
    """A shared target of the covenant; `source` is the movement target it was taken from."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="targets")
    source = models.ForeignKey(
        "movements.Target", null=True, blank=True, on_delete=models.SET_NULL, related_name="covenant_uses"
    )
    name = models.CharField("chỉ tiêu", max_length=500)
    measure = models.CharField("đơn vị tính", max_length=60, blank=True)
    target_value = models.DecimalField("giá trị chỉ tiêu", max_digits=18, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "chỉ tiêu giao ước"
        verbose_name_plural = "chỉ tiêu giao ước"
        ordering = ["order", "pk"]


class Commitment(models.Model):
    """One member unit's commitments under the covenant, and its signature."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="commitments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("nội dung cam kết", blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ", max_length=150, blank=True)
    signed_at = models.DateTimeField("đã ký lúc", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "cam kết của đơn vị"
        verbose_name_plural = "cam kết của đơn vị"
        constraints = [models.UniqueConstraint(fields=["covenant", "unit"], name="uniq_commitment_unit")]


# --- Scoring tables (bảng chấm điểm) ---------------------------------------------------------------


class TableState(models.TextChoices):
    DRAFT = "DRAFT", "Đang soạn"
    APPLIED = "APPLIED", "Đã áp dụng"


class ScoringTable(models.Model):
    """A criteria tree of one year. `cluster` empty: a provincial template; set: the cluster's own
    table, adapted from `template` within the limits the template sets (locked criteria, group maxima)."""

    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên bảng chấm điểm", max_length=300)
    cluster = models.OneToOneField(
        "org.Cluster", null=True, blank=True, on_delete=models.CASCADE, related_name="scoring_table"
    )
    template = models.ForeignKey(
        "self",
        verbose_name="bảng mẫu của tỉnh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adaptations",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name="sao chép từ bảng",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField("trạng thái", max_length=8, choices=TableState.choices, default=TableState.DRAFT)
    note = models.TextField("hướng dẫn chung", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bảng chấm điểm"
        verbose_name_plural = "bảng chấm điểm"
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "name"], condition=Q(cluster__isnull=True), name="uniq_template_year_name"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def is_template(self) -> bool:
        return self.cluster_id is None


class CriterionGroup(models.Model):
    """A group of criteria (e.g. "I. Thực hiện nhiệm vụ chính trị") with its maximum points: the
    maxima of its scored criteria add up to at most the group maximum."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField("số thứ tự", max_length=10)
    name = models.CharField("tên nhóm tiêu chí", max_length=500)
    max_points = models.DecimalField("điểm tối đa", max_digits=7, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="uniq_group_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class CriterionKind(models.TextChoices):
    SCORE = "SCORE", "Tiêu chí chấm điểm"
    BONUS = "BONUS", "Điểm thưởng"
    PENALTY = "PENALTY", "Điểm trừ"


class Criterion(models.Model):
    """One criterion: up to `max_points` (a bonus adds up to it, a penalty takes off up to it)."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField("số thứ tự", max_length=12)
    name = models.CharField("tiêu chí", max_length=1000)
    guidance = models.TextField("cách chấm, tài liệu kiểm chứng", blank=True)
    kind = models.CharField("loại", max_length=8, choices=CriterionKind.choices, default=CriterionKind.SCORE)
    max_points = models.DecimalField("điểm tối đa", max_digits=7, decimal_places=2)
    evidence_required = models.BooleanField("bắt buộc có minh chứng", default=False)
    locked = models.BooleanField("cụm, khối không được sửa", default=False)
    source = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the template criterion (or last year's) it was copied from
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["group__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="uniq_criterion_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


# --- Scoring round, sheets, scores ------------------------------------------------------------------


class RoundState(models.TextChoices):
    OPEN = "OPEN", "Đang chấm điểm"
    LOCKED = "LOCKED", "Đã khóa điểm"
    PUBLISHED = "PUBLISHED", "Đã công bố kết quả"


class ScoringRound(models.Model):
    """The cluster's scoring of the year: its table, the deadline at which scores lock, the tie-break
    rule, the publication of the results and the dossier proposed from the ranking."""

    cluster = models.OneToOneField("org.Cluster", on_delete=models.CASCADE, related_name="scoring")
    table = models.ForeignKey(ScoringTable, on_delete=models.PROTECT, related_name="rounds")
    deadline = models.DateField("hạn chấm điểm (khóa điểm sau ngày này)")
    state = models.CharField("trạng thái", max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    locked_at = models.DateTimeField("khóa điểm lúc", null=True, blank=True)
    tie_group = models.ForeignKey(
        CriterionGroup,
        verbose_name="bằng điểm: so điểm nhóm tiêu chí",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tie_vote = models.BooleanField("bằng điểm: bỏ phiếu kín giữa các thành viên", default=True)
    published_at = models.DateTimeField("công bố kết quả lúc", null=True, blank=True)
    proposal = models.ForeignKey(
        "nominations.Nomination",
        verbose_name="hồ sơ đề nghị khen thưởng của cụm, khối",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "đợt chấm điểm"
        verbose_name_plural = "đợt chấm điểm"

    def __str__(self):
        return f"Chấm điểm {self.cluster}"

    def is_locked(self, today: dt.date | None = None) -> bool:
        """Locked when locked explicitly, ranked or published, or once the deadline day is over."""
        if self.state != RoundState.OPEN:
            return True
        from django.utils import timezone

        return (today or timezone.localdate()) > self.deadline


class SheetState(models.TextChoices):
    DRAFT = "DRAFT", "Đang tự chấm"
    SUBMITTED = "SUBMITTED", "Đã gửi tự chấm"


class ScoreSheet(models.Model):
    """One member unit's scores in a round."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="score_sheets")
    state = models.CharField("trạng thái", max_length=10, choices=SheetState.choices, default=SheetState.DRAFT)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "bảng tự chấm điểm"
        verbose_name_plural = "bảng tự chấm điểm"
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="uniq_sheet_unit")]

    def __str__(self):
        return f"{self.unit} — {self.round}"


class Score(models.Model):
    """The points of one unit on one criterion: what it gave itself, and the points after the
    cross-check (`points`, equal to `self_points` until someone adjusts them with a reason)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField("điểm tự chấm", max_digits=7, decimal_places=2, null=True, blank=True)
    points = models.DecimalField("điểm sau kiểm tra chéo", max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.TextField("giải trình", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "điểm"
        verbose_name_plural = "điểm"
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="uniq_score_criterion")]


def _evidence_path(instance, filename):
    return f"clusters/evidence/{instance.score.sheet.round_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A document proving a score (minh chứng), checked by content and size on upload."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp minh chứng", upload_to=_evidence_path, max_length=300)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    file_kind = models.CharField("định dạng", max_length=8)
    size = models.PositiveIntegerField("dung lượng")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["pk"]


class Adjustment(models.Model):
    """A change of a unit's points at the cross-check, with its written reason (never deleted)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="adjustments")
    old_points = models.DecimalField("điểm trước", max_digits=7, decimal_places=2, null=True)
    new_points = models.DecimalField("điểm sau", max_digits=7, decimal_places=2)
    reason = models.TextField("lý do điều chỉnh")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_unit = models.ForeignKey("org.Unit", null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "điều chỉnh điểm"
        verbose_name_plural = "điều chỉnh điểm"
        ordering = ["at", "pk"]


class Remark(models.Model):
    """A member's cross-check remark on another unit's score (the head decides whether to adjust)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="remarks")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField("ý kiến")
    proposed_points = models.DecimalField("điểm đề xuất", max_digits=7, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField("đã xử lý", default=False)

    class Meta:
        verbose_name = "ý kiến kiểm tra chéo"
        verbose_name_plural = "ý kiến kiểm tra chéo"
        ordering = ["created_at", "pk"]


# --- Tie-break vote (secret, among the member units) -------------------------------------------------


class TieVoteState(models.TextChoices):
    OPEN = "OPEN", "Đang bỏ phiếu"
    CLOSED = "CLOSED", "Đã kết thúc"


class TieVote(models.Model):
    """A secret vote among the member units to order units tied on points (and on the named group).
    `candidates` lists the tied unit ids in the order shown; `result` holds the counts at closing."""

    round = models.ForeignKey(ScoringRound, on_delete=models.CASCADE, related_name="tie_votes")
    position = models.PositiveSmallIntegerField("vị trí xếp hạng đang bằng điểm")
    candidates = models.JSONField("các đơn vị bằng điểm", default=list)
    voters = models.JSONField("các đơn vị được bỏ phiếu (thành viên khi mở)", default=list)
    state = models.CharField("trạng thái", max_length=8, choices=TieVoteState.choices, default=TieVoteState.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField("kết quả", default=dict, blank=True)  # {"<unit id>": votes}

    class Meta:
        verbose_name = "bỏ phiếu phân định thứ hạng"
        verbose_name_plural = "bỏ phiếu phân định thứ hạng"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"], condition=Q(state="OPEN"), name="uniq_open_tie_vote_position"
            )
        ]


class TieVoteRoll(models.Model):
    """Which member units have voted (named; never what they chose). One row per unit: no second vote."""

    vote = models.ForeignKey(TieVote, on_delete=models.CASCADE, related_name="roll")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "đơn vị đã bỏ phiếu"
        verbose_name_plural = "đơn vị đã bỏ phiếu"
        constraints = [models.UniqueConstraint(fields=["vote", "unit"], name="uniq_tie_vote_roll")]


class TieBallot(models.Model):
    """One slot of a tie-break vote: random key, no author, no time; `choice` is the unit id voted
    for, empty until a ballot is dropped in it (docs/ballot-secrecy.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(TieVote, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = "phiếu kín phân định thứ hạng"
        verbose_name_plural = "phiếu kín phân định thứ hạng"
