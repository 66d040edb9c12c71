"""The covenant (giao ước thi đua) as .docx, in the Decree 30/2020 layout of thidua.core.official_docx:
the cluster and its head unit beside the national title, "GIAO ƯỚC THI ĐUA", the member units, the
shared content, a grid of the shared targets, each unit's commitments and one signature block per
member unit with its signer's name and title. Marked "DỰ THẢO" until the covenant is signed."""

from __future__ import annotations

from docx.shared import Cm

from thidua.core import official_docx as odx
from thidua.core.templatetags.thidua import dec
from thidua.org.models import ClusterRole

from .models import CovenantState
from .selectors.covenant import CovenantPage, default_title

TITLE = "GIAO ƯỚC THI ĐUA"
DRAFT_MARK = "DỰ THẢO"
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def _paragraphs(doc, text: str):
    for line in (text or "").splitlines():
        if line.strip():
            odx.para(doc, line.strip(), indent=True, after=4)


def _role_label(page: CovenantPage, role: str) -> str:
    if role == ClusterRole.HEAD:
        return page.head_word.capitalize()
    if role == ClusterRole.DEPUTY:
        return page.deputy_word.capitalize()
    return "Thành viên"


def _signature_grid(doc, page: CovenantPage, *, signed: bool):
    """Two signature blocks per row: "ĐẠI DIỆN <UNIT>", the signer's title, the signature, the name."""
    rows = page.rows
    if not rows:
        return
    table = doc.add_table(rows=(len(rows) + 1) // 2, cols=2)
    for i, row in enumerate(rows):
        c = table.rows[i // 2].cells[i % 2]
        c.width = Cm(8.25)
        commitment = row.commitment
        odx.cell(c, f"ĐẠI DIỆN {row.unit.name.upper()}", bold=True, align=odx.CENTER)
        if row.role != ClusterRole.MEMBER:
            odx.cell_line(c, f"({_role_label(page, row.role)})", italic=True)
        title = commitment.signer_title.upper() if commitment and commitment.signer_title else ""
        if title:
            odx.cell_line(c, title, bold=True)
        if row.signed:
            odx.cell_line(c, "(Đã ký)", italic=True)
        else:
            odx.cell_line(c, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True)
        for _ in range(2):
            odx.cell_line(c, "")
        name = commitment.signer_name if commitment and commitment.signer_name else ""
        odx.cell_line(c, name, bold=True)
        odx.cell_line(c, "")


def covenant_docx(page: CovenantPage) -> bytes:
    cluster, covenant = page.cluster, page.covenant
    signed = covenant is not None and covenant.state == CovenantState.SIGNED
    head = page.head
    doc = odx.new_document()
    odx.header(
        doc,
        body_lines=[cluster.name, head.name if head else ""],
        number="        /GƯTĐ",
        date=covenant.signing_date if covenant else None,
    )
    if not signed:
        odx.para(doc, DRAFT_MARK, bold=True, align=odx.RIGHT, after=0)
    odx.para(doc, after=0)
    odx.para(doc, TITLE, bold=True, align=odx.CENTER, after=0)
    odx.para(doc, covenant.title if covenant else default_title(cluster), bold=True, align=odx.CENTER, after=12)

    intro = f"Thực hiện Quyết định số {cluster.decision_number}" if cluster.decision_number else "Thực hiện quyết định"
    if cluster.decision_date:
        intro += f" ngày {odx.d(cluster.decision_date)}"
    intro += f" của Ủy ban nhân dân tỉnh về việc phân chia cụm, khối thi đua năm {cluster.year};"
    odx.para(doc, intro, italic=True, indent=True)
    where = f", tại {covenant.place}" if covenant and covenant.place else ""
    when = f"Hôm nay, ngày {odx.d(covenant.signing_date)}" if covenant and covenant.signing_date else "Hôm nay"
    odx.para(
        doc,
        f"{when}{where}, các đơn vị thành viên {cluster.name} cùng thống nhất ký kết giao ước thi đua năm "
        f"{cluster.year} với các nội dung sau:",
        indent=True,
    )

    section = 0

    def heading(text):
        nonlocal section
        odx.para(doc, f"{ROMAN[section]}. {text}", bold=True, after=4)
        section += 1

    heading("CÁC ĐƠN VỊ THAM GIA KÝ KẾT")
    odx.grid(
        doc,
        ("STT", "Đơn vị", "Vai trò trong cụm, khối"),
        [(i, r.unit.name, _role_label(page, r.role)) for i, r in enumerate(page.rows, start=1)],
        (1.2, 10.3, 4.5),
        left_columns=(1, 2),
    )
    odx.para(doc, after=6)

    heading("NỘI DUNG GIAO ƯỚC CHUNG")
    if covenant and covenant.content.strip():
        _paragraphs(doc, covenant.content)
    else:
        odx.para(doc, "(Chưa có nội dung.)", italic=True, indent=True)

    heading("CÁC CHỈ TIÊU THI ĐUA CHUNG")
    if page.targets:
        odx.grid(
            doc,
            ("STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu phấn đấu"),
            [
                (i, t.name, t.measure or "", dec(t.target_value) if t.target_value is not None else "")
                for i, t in enumerate(page.targets, start=1)
            ],
            (1.2, 9.3, 2.5, 3.0),
            left_columns=(1,),
        )
        odx.para(doc, after=6)
    else:
        odx.para(doc, "(Không có chỉ tiêu chung.)", italic=True, indent=True)

    heading("CAM KẾT CỦA CÁC ĐƠN VỊ THÀNH VIÊN")
    for i, row in enumerate(page.rows, start=1):
        odx.para(doc, f"{i}. {row.unit.name}", bold=True, after=2)
        text = row.commitment.text if row.commitment else ""
        if text.strip():
            _paragraphs(doc, text)
        else:
            odx.para(doc, "(Chưa có nội dung cam kết.)", italic=True, indent=True)

    heading("TỔ CHỨC THỰC HIỆN")
    head_text = f"{page.head_word.capitalize()} ({head.name})" if head else page.head_word.capitalize()
    odx.para(
        doc,
        f"Các đơn vị thành viên tổ chức thực hiện nghiêm các nội dung đã giao ước. {head_text} theo dõi, đôn đốc, "
        "tổng hợp kết quả; cuối năm các đơn vị tự chấm điểm, kiểm tra chéo và bình xét theo bảng chấm điểm của tỉnh. "
        f"Giao ước được lập thành {len(page.rows) + 1} bản; mỗi đơn vị giữ một bản, một bản gửi Sở Nội vụ "
        "(cơ quan thường trực Hội đồng Thi đua – Khen thưởng tỉnh).",
        indent=True,
    )
    odx.para(doc, after=6)
    odx.para(doc, "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT", bold=True, align=odx.CENTER, after=6)
    _signature_grid(doc, page, signed=signed)
    return odx.to_bytes(doc)
