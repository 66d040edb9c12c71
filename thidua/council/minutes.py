"""The minutes of a council meeting (biên bản họp Hội đồng) as .docx, in the Decree 30/2020 layout
of thidua.core.official_docx: attendance, the votes per award type with their results, the
conclusion, and the signatures of the presiding member and the secretary. Secret items show
counts only, never who voted what."""

from __future__ import annotations

from django.utils import timezone

from thidua.core import official_docx as odx

from .models import MemberRole, VoteState
from .selectors.meetings import agenda_groups, attendance_counts, attendance_rows, meeting_day, presiding_member
from .tally import percent, rule_label

TITLE = "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG"
ITEM_HEADERS = (
    "STT",
    "Đối tượng",
    "Đơn vị",
    "Hình thức biểu quyết",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Không tham gia",
    "Tỷ lệ đồng ý",
    "Kết quả",
)
ITEM_WIDTHS = (0.9, 3.1, 2.7, 1.7, 1.1, 1.2, 1.3, 1.2, 1.5, 1.8)
ROMAN = ("I", "II", "III", "IV")


def _time(value) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%H} giờ {local:%M}, ngày {local:%d/%m/%Y}"


def minutes_docx(meeting) -> bytes:
    council = meeting.council
    rows = attendance_rows(meeting)
    counts = attendance_counts(rows)
    groups = agenda_groups(meeting)
    chair = presiding_member(meeting)

    doc = odx.new_document()
    odx.header(
        doc,
        body_lines=[odx.upper_name(council.unit.name), council.name],
        number="        /BB-HĐTĐKT",
        date=meeting_day(meeting),
    )
    odx.para(doc, after=0)
    odx.para(doc, TITLE, bold=True, align=odx.CENTER, after=0)
    odx.para(doc, meeting.title, italic=True, align=odx.CENTER, after=12)
    odx.para(doc, f"Thời gian: {_time(meeting.held_at)}.", indent=True, after=2)
    odx.para(doc, f"Địa điểm: {meeting.place or '…'}.", indent=True, after=2)
    chair_text = f"{chair.full_name}, {chair.get_role_display()}" if chair else "…"
    odx.para(doc, f"Chủ trì: {chair_text}.", indent=True, after=2)
    odx.para(doc, f"Thư ký: {meeting.secretary_name or '…'}.", indent=True, after=8)

    odx.para(doc, "I. THÀNH PHẦN THAM DỰ", bold=True, after=4)
    odx.para(
        doc,
        f"Tổng số thành viên Hội đồng: {counts['total']} người; có mặt: {counts['present']} người "
        f"({percent(counts['present'], counts['total'])}); vắng mặt có ý kiến bằng văn bản: {counts['written']} người; "
        f"vắng mặt: {counts['absent']} người.",
        indent=True,
    )
    from .models import Presence

    labels = dict(Presence.choices)
    odx.grid(
        doc,
        ("STT", "Họ và tên", "Chức vụ, cơ quan", "Vai trò trong Hội đồng", "Tham dự"),
        [(i, m.full_name, m.position or "", m.get_role_display(), labels[p]) for i, (m, p) in enumerate(rows, start=1)],
        (1.0, 4.2, 4.8, 3.2, 3.3),
        left_columns=(1, 2, 3, 4),
    )
    odx.para(doc, after=6)

    odx.para(doc, "II. NỘI DUNG VÀ KẾT QUẢ BIỂU QUYẾT", bold=True, after=4)
    passed_total = failed_total = 0
    shown = 0
    for group in groups:
        closed = [i for i in group.items if i.vote_state == VoteState.CLOSED]
        if not closed:
            continue
        shown += 1
        first = closed[0]
        odx.para(doc, f"{shown}. {group.award_type.name} ({len(closed)} trường hợp)", bold=True, after=2)
        rule = rule_label(
            secret=first.secret,
            threshold=first.threshold,
            strictly_above=first.strictly_above,
            approval_base=first.approval_base,
        )
        cite = f" (căn cứ: {first.rule_citation})" if first.rule_citation else ""
        odx.para(doc, f"Nguyên tắc: {rule}{cite}.", italic=True, indent=True, after=4, size=13)
        table_rows = []
        for n, item in enumerate(closed, start=1):
            line = item.line
            passed_total += bool(item.passed)
            failed_total += not item.passed
            table_rows.append(
                (
                    n,
                    line.subject_name,
                    line.subject_unit_name or line.nomination.proposing_unit.name,
                    "Kín" if item.secret else "Công khai",
                    item.yes_count or 0,
                    item.no_count or 0,
                    item.abstain_count or 0,
                    item.recused_count or 0,
                    f"{percent(item.yes_count or 0, item.base_count)} / {item.base_count}",
                    "Thông qua" if item.passed else "Không thông qua",
                )
            )
        odx.grid(doc, ITEM_HEADERS, table_rows, ITEM_WIDTHS, left_columns=(1, 2))
        odx.para(doc, after=6)

    odx.para(doc, "III. KẾT LUẬN", bold=True, after=4)
    odx.para(
        doc,
        f"Hội đồng đã biểu quyết {passed_total + failed_total} trường hợp: {passed_total} trường hợp được thông qua, "
        f"{failed_total} trường hợp không được thông qua. Thường trực Hội đồng hoàn thiện hồ sơ các trường hợp được "
        "thông qua, trình cấp có thẩm quyền xem xét, quyết định.",
        indent=True,
    )
    if meeting.note:
        for text in meeting.note.splitlines():
            if text.strip():
                odx.para(doc, text.strip(), indent=True)
    if meeting.closed_at:
        local = timezone.localtime(meeting.closed_at)
        day = "cùng ngày" if local.date() == timezone.localtime(meeting.held_at).date() else f"ngày {local:%d/%m/%Y}"
        odx.para(doc, f"Phiên họp kết thúc lúc {local:%H} giờ {local:%M} {day}.", indent=True)

    _signatures(doc, chair=chair, secretary=meeting.secretary_name)
    return odx.to_bytes(doc)


def _signatures(doc, *, chair, secretary: str):
    odx.para(doc, after=6)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = odx.Cm(8), odx.Cm(8.5)
    odx.cell(left, "THƯ KÝ", bold=True, align=odx.CENTER)
    odx.cell_line(left, "(Ký, ghi rõ họ tên)", italic=True)
    title = "CHỦ TỊCH HỘI ĐỒNG"
    if chair is not None and chair.role == MemberRole.STANDING_VICE_CHAIR:
        title = "PHÓ CHỦ TỊCH THƯỜNG TRỰC HỘI ĐỒNG"
    odx.cell(right, title, bold=True, align=odx.CENTER)
    odx.cell_line(right, "(Ký, ghi rõ họ tên)", italic=True)
    for _ in range(3):
        odx.cell_line(left, "")
        odx.cell_line(right, "")
    odx.cell_line(left, secretary or "", bold=True)
    odx.cell_line(right, chair.full_name if chair else "", bold=True)
