"""The council (Hội đồng Thi đua – Khen thưởng): terms, members, meetings, the agenda and the votes.

Ballot secrecy (docs/ballot-secrecy.md): who has voted (`VoteRoll`, named) and what was voted
(`SecretBallot`, anonymous) live in two tables with nothing in common but the agenda item. A
secret ballot has a random key, no timestamp, no author and no history; its slot is drawn at
random among slots created together when the vote opens, and every cast rewrites all the slots
of the item in one statement, so neither order, key, time nor transaction tells one from another.
"""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Council(models.Model):
    """One term of a council (the chairman establishes the council of their level, Luật 2022)."""

    unit = models.ForeignKey("org.Unit", verbose_name="cấp (đơn vị)", on_delete=models.PROTECT, related_name="councils")
    name = models.CharField("tên hội đồng", max_length=255)
    establishing_act = models.CharField("quyết định thành lập, kiện toàn", max_length=255, blank=True)
    term_from = models.DateField("nhiệm kỳ từ")
    term_to = models.DateField("nhiệm kỳ đến", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "hội đồng thi đua – khen thưởng"
        verbose_name_plural = "hội đồng thi đua – khen thưởng"
        ordering = ["-term_from", "-id"]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "CHAIR", "Chủ tịch Hội đồng"
    STANDING_VICE_CHAIR = "STANDING_VICE", "Phó Chủ tịch thường trực"
    VICE_CHAIR = "VICE_CHAIR", "Phó Chủ tịch"
    MEMBER = "MEMBER", "Ủy viên"


# The chair and the standing vice-chair preside: they open and close votes.
PRESIDING_ROLES = (MemberRole.CHAIR, MemberRole.STANDING_VICE_CHAIR)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, verbose_name="hội đồng", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="tài khoản", on_delete=models.PROTECT, related_name="council_seats"
    )
    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ, cơ quan", max_length=255, blank=True)
    role = models.CharField("vai trò trong hội đồng", max_length=14, choices=MemberRole.choices)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang là thành viên", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "thành viên hội đồng"
        verbose_name_plural = "thành viên hội đồng"
        ordering = ["council", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="uniq_council_member")]

    def __str__(self):
        return f"{self.full_name} — {self.get_role_display()}"


class MeetingState(models.TextChoices):
    PREPARING = "PREPARING", "Đang chuẩn bị"
    IN_SESSION = "IN_SESSION", "Đang họp"
    CLOSED = "CLOSED", "Đã kết thúc"


class Meeting(models.Model):
    council = models.ForeignKey(Council, verbose_name="hội đồng", on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField("tên phiên họp", max_length=255)
    held_at = models.DateTimeField("thời gian họp")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    secretary_name = models.CharField("thư ký phiên họp", max_length=150, blank=True)
    state = models.CharField(
        "trạng thái", max_length=10, choices=MeetingState.choices, default=MeetingState.PREPARING, db_index=True
    )
    note = models.TextField("kết luận, ghi chú", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phiên họp hội đồng"
        verbose_name_plural = "phiên họp hội đồng"
        ordering = ["-held_at", "-id"]

    def __str__(self):
        return self.title


class Presence(models.TextChoices):
    PRESENT = "PRESENT", "Có mặt"
    ABSENT_WRITTEN = "WRITTEN", "Vắng mặt, gửi ý kiến bằng văn bản"
    ABSENT = "ABSENT", "Vắng mặt"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField("tham dự", max_length=8, choices=Presence.choices, default=Presence.ABSENT)

    class Meta:
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="uniq_attendance")]


class VoteState(models.TextChoices):
    PENDING = "PENDING", "Chưa biểu quyết"
    OPEN = "OPEN", "Đang biểu quyết"
    CLOSED = "CLOSED", "Đã có kết quả"


class AgendaItem(models.Model):
    """One dossier line put to the council's vote; its rule (secret or open, threshold, base) is
    fixed from the rule set in force on the meeting date when the item is added."""

    meeting = models.ForeignKey(Meeting, verbose_name="phiên họp", on_delete=models.CASCADE, related_name="items")
    line = models.ForeignKey(
        "nominations.NominationLine", verbose_name="đề nghị", on_delete=models.PROTECT, related_name="agenda_items"
    )
    award_type = models.ForeignKey(
        "catalog.AwardType", verbose_name="hình thức, danh hiệu", on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveIntegerField("thứ tự", default=0)
    secret = models.BooleanField("bỏ phiếu kín", default=False)
    threshold = models.DecimalField("tỷ lệ phiếu đồng ý", max_digits=4, decimal_places=3)
    strictly_above = models.BooleanField("phải vượt quá tỷ lệ", default=False)
    approval_base = models.CharField("cơ sở tính tỷ lệ", max_length=16, default="total_members")
    rule_citation = models.CharField("căn cứ", max_length=500, blank=True)
    vote_state = models.CharField(
        "biểu quyết", max_length=8, choices=VoteState.choices, default=VoteState.PENDING, db_index=True
    )
    # The result, computed when the chair closes the vote.
    base_count = models.PositiveSmallIntegerField("số thành viên làm cơ sở tính", null=True, blank=True)
    yes_count = models.PositiveSmallIntegerField("đồng ý", null=True, blank=True)
    no_count = models.PositiveSmallIntegerField("không đồng ý", null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField("không biểu quyết", null=True, blank=True)
    recused_count = models.PositiveSmallIntegerField("không tham gia (xung đột lợi ích)", null=True, blank=True)
    passed = models.BooleanField("được thông qua", null=True)
    closed_at = models.DateTimeField("kết thúc biểu quyết", null=True, blank=True)

    class Meta:
        verbose_name = "nội dung biểu quyết"
        verbose_name_plural = "nội dung biểu quyết"
        ordering = ["meeting", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "line"], name="uniq_agenda_line")]
        indexes = [models.Index(fields=["line", "passed"])]


class Choice(models.TextChoices):
    YES = "YES", "Đồng ý"
    NO = "NO", "Không đồng ý"
    ABSTAIN = "ABSTAIN", "Không biểu quyết"


class VoteMode(models.TextChoices):
    IN_PERSON = "IN_PERSON", "Trực tiếp tại phiên họp"
    WRITTEN = "WRITTEN", "Bằng văn bản (vắng mặt)"
    RECUSED = "RECUSED", "Không tham gia (xung đột lợi ích)"


class VoteRoll(models.Model):
    """Who has voted on an item (named: the roll is not secret). An open vote keeps its choice here;
    a secret vote never does. One row per member and item: nobody votes twice."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="roll")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField("hình thức", max_length=10, choices=VoteMode.choices)
    open_choice = models.CharField("ý kiến (biểu quyết công khai)", max_length=8, choices=Choice.choices, blank=True)
    recusal_reason = models.CharField("lý do không tham gia", max_length=500, blank=True)

    class Meta:
        verbose_name = "danh sách đã biểu quyết"
        verbose_name_plural = "danh sách đã biểu quyết"
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="uniq_vote_roll")]


class SecretBallot(models.Model):
    """One slot of a secret vote. No author, no time, no history, a random key; `choice` is empty
    until a ballot is dropped in it. Slots never dropped in are deleted when the vote closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = "phiếu kín"
        verbose_name_plural = "phiếu kín"
        # No ordering: ballots are never listed, only counted.
