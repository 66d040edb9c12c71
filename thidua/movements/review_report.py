"""The review report (báo cáo sơ kết / tổng kết) as a .docx, compiled from the data and laid out in
code with python-docx after the administrative document format (Nghị định 30/2020/NĐ-CP, Phụ lục I):
A4, Times New Roman, body 14 pt and tables 13 pt, margins 20/20/30/15 mm; the issuing body and the
national title side by side; place and date; the title "BÁO CÁO" and its subject; the sections; the
recipients and the signature block. No template file is involved.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thidua.core import official_docx as official

from .models import Level, ReviewKind
from .selectors.progress import number_text as vn_number
from .selectors.reviews import ReviewSummary

KIND_VERB = {ReviewKind.INTERIM: "Sơ kết", ReviewKind.FINAL: "Tổng kết", ReviewKind.CONGRESS: "Tổng kết"}
_d = official.d
_para = official.para


def _header(doc, summary: ReviewSummary):
    """The issuing body (left) and the national title (right), then the number and the place and date."""
    unit = summary.movement.launching_unit
    if unit is not None and unit.parent is not None:
        body = [official.upper_name(unit.parent.name), official.upper_name(unit.name)]
        symbol = unit.short_name or unit.code
    else:
        body = [unit.name if unit is not None else "Ủy ban nhân dân " + (settings.PROVINCE_NAME or "").lower()]
        symbol = "UBND"
    official.header(doc, body_lines=body, number=f"       /BC-{symbol}", date=summary.review.date)


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


def build_review_report(summary: ReviewSummary) -> bytes:
    """The .docx bytes of the review report."""
    review, movement = summary.review, summary.movement
    doc = official.new_document()
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
        official.grid(
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
        official.grid(
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
    if movement.level == Level.PROVINCE:
        recipients = ["- Hội đồng Thi đua - Khen thưởng tỉnh;"]
    else:
        recipients = ["- Sở Nội vụ (Ban Thi đua - Khen thưởng);"]
    if summary.has_participation:
        recipients.append("- Các cơ quan, đơn vị, địa phương tham gia phong trào;")
    recipients.append("- Lưu: VT.")
    unit = movement.launching_unit
    if unit is None or unit.parent_id is None:
        lines = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    else:
        lines = ["THỦ TRƯỞNG CƠ QUAN"]
    official.signature(doc, recipients=recipients, sign_lines=lines)
    return official.to_bytes(doc)
