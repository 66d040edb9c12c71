"""The clusters list as an Excel workbook: one row per membership (cluster, year, kind, the
province's decision, member unit, role)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thidua.core.xlsx import append_row
from thidua.org.models import ClusterKind, ClusterRole

from .selectors import structure as sel

EXPORT_HEADERS = [
    "STT",
    "Năm",
    "Cụm, khối thi đua",
    "Loại",
    "Số quyết định phân chia",
    "Ngày quyết định",
    "Đơn vị thành viên",
    "Mã đơn vị",
    "Vai trò",
]
EXPORT_WIDTHS = [6, 8, 36, 14, 22, 14, 44, 14, 24]


def clusters_workbook(rows) -> bytes:
    """One row per membership (the clusters of the list, their members and roles)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cụm, khối thi đua")
    for i, width in enumerate(EXPORT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in EXPORT_HEADERS:
        c = WriteOnlyCell(ws, value=text)
        c.font = bold
        header.append(c)
    append_row(ws, header)
    kinds = {ClusterKind.AREA: "Cụm (địa bàn)", ClusterKind.SECTOR: "Khối (ngành)"}
    for n, m in enumerate(rows, start=1):
        cluster = m.cluster
        head_word, deputy_word = sel.role_words(cluster.kind)
        roles = {ClusterRole.HEAD: head_word.capitalize(), ClusterRole.DEPUTY: deputy_word.capitalize()}
        date = None
        if cluster.decision_date:
            date = WriteOnlyCell(ws, value=cluster.decision_date)
            date.number_format = "DD/MM/YYYY"
        append_row(
            ws,
            [
                n,
                cluster.year,
                cluster.name,
                kinds.get(cluster.kind, cluster.kind),
                cluster.decision_number or None,
                date,
                m.unit.name,
                m.unit.code,
                roles.get(m.role, "Thành viên"),
            ],
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
