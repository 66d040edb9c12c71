"""A scoring table as documents: the .docx in the Decree 30/2020 layout of `thidua.core.official_docx`
(header, the title "BẢNG CHẤM ĐIỂM THI ĐUA …", one grid — STT, nội dung tiêu chí, điểm tối đa, minh chứng
bắt buộc — with the group rows in bold and a total row, the signature) and the same content as .xlsx."""

from __future__ import annotations

import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thidua.core import official_docx as odx
from thidua.core.xlsx import append_row
from thidua.org.models import ClusterKind

from .models import CriterionKind
from .selectors.tables import TableTree
from .services.tables import pts

HEADERS = ("STT", "Nội dung tiêu chí", "Điểm tối đa", "Minh chứng bắt buộc")
WIDTHS = (1.4, 10.2, 2.4, 2.5)
XLSX_HEADERS = (
    "STT",
    "Nội dung tiêu chí",
    "Cách chấm, tài liệu kiểm chứng",
    "Loại",
    "Điểm tối đa",
    "Minh chứng bắt buộc",
)
XLSX_WIDTHS = (8, 70, 50, 18, 12, 12)
TOTAL_LABEL = "Tổng cộng"


def title_of(tree: TableTree) -> str:
    table = tree.table
    if table.cluster_id is None:
        return f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {table.year}"
    return f"BẢNG CHẤM ĐIỂM THI ĐUA {table.cluster.name.upper()} NĂM {table.year}"


def _province_body() -> str:
    name = getattr(settings, "PROVINCE_NAME", "") or "Tỉnh"
    return "Ủy ban nhân dân " + name[:1].lower() + name[1:]


def _signed_points(criterion) -> str:
    if criterion.kind == CriterionKind.BONUS:
        return f"+{pts(criterion.max_points)}"
    if criterion.kind == CriterionKind.PENALTY:
        return f"−{pts(criterion.max_points)}"
    return pts(criterion.max_points)


def _criterion_label(criterion) -> str:
    if criterion.kind == CriterionKind.BONUS:
        return f"{criterion.name} (điểm thưởng)"
    if criterion.kind == CriterionKind.PENALTY:
        return f"{criterion.name} (điểm trừ)"
    return criterion.name


def _group_points(row) -> str:
    return pts(row.group.max_points) if row.group.max_points or row.has_score else ""


def rows_of(tree: TableTree) -> list[tuple]:
    """(kind, STT, content, max points, evidence, guidance) in order: "group" and "criterion" rows."""
    rows = []
    for row in tree.groups:
        rows.append(("group", row.group.code, row.group.name.upper(), _group_points(row), "", ""))
        for c in row.criteria:
            rows.append(
                (
                    "criterion",
                    c.code,
                    _criterion_label(c),
                    _signed_points(c),
                    "Có" if c.evidence_required else "",
                    c.guidance,
                )
            )
    return rows


def total_line(tree: TableTree) -> str:
    parts = [f"Tổng điểm tối đa các tiêu chí chấm điểm: {pts(tree.score_total)} điểm"]
    if tree.bonus_total:
        parts.append(f"điểm thưởng tối đa: +{pts(tree.bonus_total)}")
    if tree.penalty_total:
        parts.append(f"điểm trừ tối đa: −{pts(tree.penalty_total)}")
    return "; ".join(parts) + "."


def table_docx(tree: TableTree) -> bytes:
    table = tree.table
    cluster = table.cluster if table.cluster_id else None
    doc = odx.new_document()
    if cluster is None:
        body = [odx.upper_name(_province_body()), "Hội đồng Thi đua – Khen thưởng"]
        number = "        /HD-HĐTĐKT"
    else:
        body = [odx.upper_name(_province_body()), cluster.name]
        number = "        /HD-" + ("CTĐ" if cluster.kind == ClusterKind.AREA else "KTĐ")
    odx.header(doc, body_lines=body, number=number, date=None)
    odx.para(doc, after=0)
    odx.para(doc, title_of(tree), bold=True, align=odx.CENTER, after=0)
    odx.para(doc, f"({table.name})", italic=True, align=odx.CENTER, after=0)
    if table.template_id:
        odx.para(
            doc,
            f"Điều chỉnh từ bảng chấm điểm mẫu của tỉnh: {table.template.name} ({table.template.year})",
            italic=True,
            align=odx.CENTER,
            size=12,
            after=0,
        )
    odx.para(doc, after=6)
    if table.note:
        for line in table.note.splitlines():
            if line.strip():
                odx.para(doc, line.strip(), indent=True, align=odx.JUSTIFY, after=4)

    rows = rows_of(tree)
    grid = odx.grid(
        doc,
        HEADERS,
        [(code, content, points, evidence) for (_, code, content, points, evidence, _) in rows],
        WIDTHS,
        left_columns=(1,),
        total=("", TOTAL_LABEL, pts(tree.score_total), ""),
    )
    # Row 0 is the header; then one table row per entry of `rows`, in order.
    for tr, (kind, *_rest, guidance) in zip(grid.rows[1:], rows, strict=False):
        if kind == "group":
            for c in tr.cells:
                for run in c.paragraphs[0].runs:
                    run.bold = True
        elif guidance:
            for line in guidance.splitlines():
                if line.strip():
                    odx.cell_line(tr.cells[1], line.strip(), italic=True, align=odx.LEFT, size=12)
    odx.para(doc, after=4)
    odx.para(doc, total_line(tree), italic=True, size=13, after=2)
    odx.para(
        doc,
        "Điểm của đơn vị = tổng điểm các tiêu chí chấm điểm + điểm thưởng − điểm trừ; điểm mỗi tiêu chí "
        "từ 0 đến điểm tối đa của tiêu chí; tiêu chí bắt buộc minh chứng chỉ được chấm trên 0 điểm khi có minh chứng.",
        italic=True,
        size=13,
    )
    if cluster is None:
        recipients = ["- Các cụm, khối thi đua của tỉnh;", "- Sở Nội vụ;", "- Lưu: VT."]
        sign_lines = ["TM. HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", "CHỦ TỊCH"]
    else:
        recipients = ["- Các đơn vị thành viên;", "- Sở Nội vụ;", "- Lưu: VT."]
        head = "CỤM TRƯỞNG" if cluster.kind == ClusterKind.AREA else "KHỐI TRƯỞNG"
        sign_lines = [f"TM. {cluster.name.upper()}", head]
    odx.signature(doc, recipients=recipients, sign_lines=sign_lines)
    return odx.to_bytes(doc)


def table_xlsx(tree: TableTree) -> bytes:
    table = tree.table
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng chấm điểm"
    for i, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    append_row(ws, [title_of(tree)])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    append_row(ws, [table.name])
    if table.template_id:
        append_row(ws, [f"Điều chỉnh từ bảng mẫu của tỉnh: {table.template.name} ({table.template.year})"])
    append_row(ws, [])
    append_row(ws, list(XLSX_HEADERS))
    header_row = ws.max_row
    for c in ws[header_row]:
        c.font = bold
    kinds = {CriterionKind.SCORE: "Chấm điểm", CriterionKind.BONUS: "Điểm thưởng", CriterionKind.PENALTY: "Điểm trừ"}
    for row in tree.groups:
        group_max = float(row.group.max_points) if _group_points(row) else None
        append_row(
            ws,
            [
                row.group.code,
                row.group.name,
                "",
                "Nhóm tiêu chí",
                group_max,
                None,
            ],
        )
        for c in ws[ws.max_row]:
            c.font = bold
        for crit in row.criteria:
            value = float(crit.max_points)
            append_row(
                ws,
                [
                    crit.code,
                    crit.name,
                    crit.guidance,
                    kinds.get(crit.kind, crit.kind),
                    -value if crit.kind == CriterionKind.PENALTY else value,
                    "Có" if crit.evidence_required else "",
                ],
            )
            ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row=ws.max_row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    append_row(ws, ["", TOTAL_LABEL, "", "", float(tree.score_total), ""])
    for c in ws[ws.max_row]:
        c.font = bold
    if tree.bonus_total:
        append_row(ws, ["", "Điểm thưởng tối đa", "", "", float(tree.bonus_total), ""])
    if tree.penalty_total:
        append_row(ws, ["", "Điểm trừ tối đa", "", "", -float(tree.penalty_total), ""])
    ws.freeze_panes = f"A{header_row + 1}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
