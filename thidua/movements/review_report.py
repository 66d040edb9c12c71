"""The review report (báo cáo sơ kết / tổng kết) as a .docx, compiled from the data and laid out in
code with python-docx after the administrative document format (Nghị định 30/2020/NĐ-CP, Phụ lục I):
A4, Times New Roman, body 14 pt and tables 13 pt, margins 20/20/30/15 mm; the issuing body and the
national title side by side; place and date; the title "BÁO CÁO" and its subject; the sections; the
recipients and the signature block. No template file is involved.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .models import Level, ReviewKind
from .selectors.progress import number_text as vn_number
from .selectors.reviews import ReviewSummary

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

KIND_VERB = {ReviewKind.INTERIM: "Sơ kết", ReviewKind.FINAL: "Tổng kết", ReviewKind.CONGRESS: "Tổng kết"}


def _d(date) -> str:
    return f"{date:%d/%m/%Y}" if date else "…"


def _place_name() -> str:
    name = getattr(settings, "PROVINCE_NAME", "") or ""
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name or "……"


def _upper_name(name: str) -> str:
    """The name of a body in the header, upper-case; a long "Ủy ban nhân dân …" shortened to "UBND …"
    as the line above a department's name usually is."""
    return name.replace("Ủy ban nhân dân", "UBND").upper() if len(name) > 28 else name.upper()


def _set_font(run, size=BODY_PT, bold=None, italic=None):
    run.font.name = FONT
    run.font.size = Pt(size)
    # East Asian and complex-script slots too, so Word never substitutes another font for Vietnamese.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _para(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None, indent=False, after=6):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _set_font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


def _cell(cell, text, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=TABLE_PT):
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _set_font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


def _setup(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    doc.core_properties.language = "vi-VN"


def _header(doc, summary: ReviewSummary):
    """The issuing body (left) and the national title (right), then the number and the place and date."""
    unit = summary.movement.launching_unit
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(6.5), Cm(10))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left, right = table.rows[0].cells
    if unit is not None and unit.parent is not None:
        _cell(left, _upper_name(unit.parent.name), align=WD_ALIGN_PARAGRAPH.CENTER)
        _set_font(left.add_paragraph().add_run(_upper_name(unit.name)), size=TABLE_PT, bold=True)
        left.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        name = unit.name if unit is not None else "Ủy ban nhân dân " + (settings.PROVINCE_NAME or "").lower()
        _cell(left, name.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(right, NATIONAL_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(motto.add_run(MOTTO), size=BODY_PT, bold=True)
    if unit is None or unit.parent_id is None:
        symbol = "UBND"
    else:
        symbol = unit.short_name or unit.code
    _cell(table.rows[1].cells[0], f"Số:        /BC-{symbol}", align=WD_ALIGN_PARAGRAPH.CENTER)
    date = summary.review.date
    _cell(
        table.rows[1].cells[1],
        f"{_place_name()}, ngày {date.day} tháng {date.month} năm {date.year}",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        size=BODY_PT,
    )


def _subject(summary: ReviewSummary) -> str:
    movement = summary.movement
    name = movement.name
    if not name.lower().startswith(("phong trào", "đợt thi đua", "kế hoạch")):
        name = f"phong trào thi đua “{name}”"
    else:
        name = name[0].lower() + name[1:]
    subject = f"{KIND_VERB[summary.review.kind]} {name}"
    if summary.review.kind == ReviewKind.CONGRESS:
        subject += " tại Đại hội thi đua yêu nước"
    return subject


def _grid(doc, headers, rows, widths):
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = Cm(width)
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Cm(width)
            align = WD_ALIGN_PARAGRAPH.LEFT if i in (1, 2) and isinstance(value, str) else WD_ALIGN_PARAGRAPH.CENTER
            _cell(cell, str(value), align=align)
    return table


def build_review_report(summary: ReviewSummary) -> bytes:
    """The .docx bytes of the review report."""
    review, movement = summary.review, summary.movement
    doc = Document()
    _setup(doc)
    _header(doc, summary)
    _para(doc, after=6)
    _para(doc, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, _subject(summary), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    # I. Time and scope.
    _para(doc, "I. THỜI GIAN, PHẠM VI", bold=True, indent=True)
    _para(
        doc,
        f"Thời gian thực hiện phong trào: từ ngày {_d(movement.period_start)} đến ngày {_d(movement.period_end)}.",
        indent=True,
    )
    if movement.document_id:
        doc_text = str(movement.document)
        if movement.document.issuer:
            doc_text += f" của {movement.document.issuer}"
        if movement.document.summary:
            doc_text += f" {movement.document.summary}"
        _para(doc, f"Văn bản phát động: {doc_text}.", indent=True)
    _para(
        doc,
        f"{review.title}, tổ chức ngày {_d(review.date)}"
        + (f"; phạm vi: {review.scope}" if review.scope else "")
        + (f"; số đại biểu tham dự: {vn_number(review.participants)}" if review.participants is not None else "")
        + ".",
        indent=True,
    )
    _para(doc, f"Số liệu trong báo cáo tính đến ngày {_d(summary.as_of)}.", italic=True, indent=True)

    # II. Participation.
    _para(doc, "II. KẾT QUẢ TRIỂN KHAI PHONG TRÀO", bold=True, indent=True)
    if summary.has_participation:
        total, answered = summary.units_total, summary.units_answered
        share = f" (đạt {vn_number(Decimal(answered * 100) / total)}%)" if total else ""
        _para(
            doc,
            f"Có {answered}/{total} cơ quan, đơn vị, địa phương đã xây dựng và gửi kế hoạch hưởng ứng "
            f"phong trào{share}.",
            indent=True,
        )
    else:
        who = movement.launching_unit.name if movement.launching_unit else "Đơn vị"
        _para(
            doc, f"{who} tự tổ chức thực hiện phong trào; không có đơn vị trực thuộc được giao hưởng ứng.", indent=True
        )

    # III. Targets.
    _para(doc, "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, indent=True)
    if summary.targets:
        rows = []
        for n, tp in enumerate(summary.targets, start=1):
            t = tp.target
            reached = {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}[tp.reached]
            pct = tp.completion_pct
            rows.append(
                [
                    n,
                    t.name,
                    t.measure or "—",
                    f"{'≤' if t.direction == 'AT_MOST' else '≥'} {vn_number(t.target_value)}",
                    vn_number(tp.value),
                    f"{vn_number(Decimal(str(pct)))}%" if pct is not None else "—",
                    reached,
                ]
            )
        _grid(
            doc,
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu đề ra", "Kết quả đạt được", "Tỷ lệ hoàn thành", "Đánh giá"],
            rows,
            [1.1, 5.2, 1.8, 2.2, 2.2, 1.9, 1.8],
        )
        how = " (tổng hợp từ báo cáo của các đơn vị)" if summary.has_participation else ""
        _para(doc, after=0)
        _para(doc, f"Có {summary.targets_reached}/{len(summary.targets)} chỉ tiêu đạt{how}.", indent=True)
    else:
        _para(doc, "Phong trào không đề ra chỉ tiêu định lượng.", indent=True)

    # IV. Signature works.
    _para(doc, "IV. CÔNG TRÌNH, PHẦN VIỆC TIÊU BIỂU", bold=True, indent=True)
    if summary.works:
        done = sum(1 for w in summary.works if w.done)
        _para(
            doc,
            f"Các đơn vị đăng ký {len(summary.works)} công trình, phần việc tiêu biểu; đã hoàn thành {done}.",
            indent=True,
        )
        _grid(
            doc,
            ["STT", "Đơn vị", "Công trình, phần việc", "Thời hạn", "Kết quả"],
            [
                [
                    n,
                    w.movement.launching_unit.name if w.movement.launching_unit else "—",
                    w.name,
                    _d(w.due_date) if w.due_date else "—",
                    "Đã hoàn thành" if w.done else "Đang thực hiện",
                ]
                for n, w in enumerate(summary.works, start=1)
            ],
            [1.1, 4.5, 6.0, 2.3, 2.3],
        )
        _para(doc, after=0)
    else:
        _para(doc, "Chưa có công trình, phần việc tiêu biểu được đăng ký.", indent=True)

    # V. Awards.
    _para(doc, "V. CÔNG TÁC KHEN THƯỞNG", bold=True, indent=True)
    proposed = vn_number(review.awards_proposed) if review.awards_proposed is not None else "chưa có số liệu"
    given = vn_number(review.awards_given) if review.awards_given is not None else "chưa có số liệu"
    _para(doc, f"Số tập thể, cá nhân được đề nghị khen thưởng: {proposed}.", indent=True)
    _para(doc, f"Số tập thể, cá nhân được khen thưởng: {given}.", indent=True)

    # VI. Assessment.
    _para(doc, "VI. ĐÁNH GIÁ CHUNG", bold=True, indent=True)
    lines = [line.strip() for line in (review.summary or "").splitlines() if line.strip()]
    for line in lines or ["(Chưa có nội dung đánh giá.)"]:
        p = _para(doc, line, indent=True)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    # Recipients and signature.
    _para(doc, after=6)
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Cm(8), Cm(8.5)
    _cell(left, "Nơi nhận:", bold=True, italic=True, size=12)
    if movement.level == Level.PROVINCE:
        recipients = ["- Hội đồng Thi đua - Khen thưởng tỉnh;"]
    else:
        recipients = ["- Sở Nội vụ (Ban Thi đua - Khen thưởng);"]
    if summary.has_participation:
        recipients.append("- Các cơ quan, đơn vị, địa phương tham gia phong trào;")
    recipients.append("- Lưu: VT.")
    for line in recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _set_font(p.add_run(line), size=11)
    unit = movement.launching_unit
    if unit is None or unit.parent_id is None:
        lines = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    else:
        lines = ["THỦ TRƯỞNG CƠ QUAN"]
    _cell(right, lines[0], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=BODY_PT)
    for line in lines[1:]:
        extra = right.add_paragraph()
        extra.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(extra.add_run(line), size=BODY_PT, bold=True)
    hint = right.add_paragraph()
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(hint.add_run("(Ký, ghi rõ họ tên, đóng dấu)"), size=BODY_PT, italic=True)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
