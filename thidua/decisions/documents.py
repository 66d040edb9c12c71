"""The decision (or the province's submission) and its annex list as one .docx, in the layout of
Nghị định 30/2020/NĐ-CP (thidua/core/official_docx.py lays the page out).

A decision: the issuing body and the national title, "Số: 123/QĐ-UBND", the place and date;
"QUYẾT ĐỊNH", the summary, the authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"), the "Căn cứ …;"
lines, "QUYẾT ĐỊNH:", Điều 1 (who is awarded what), Điều 2 (the money, in figures and in words),
Điều 3 (effect and execution), the recipients and the signature block; then, on a new page, the
annex "DANH SÁCH … (Kèm theo Quyết định số … ngày …)" with one row per award and a total row.
A submission: "TỜ TRÌNH", "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ)", the request, the
signature, and the list of the proposed cases. A draft prints "DỰ THẢO" and no number.

The annex of a 2,000-recipient decision is built by cloning one prepared table row (python-docx
formats one cell in ~1.4 ms; cloning the row's XML is a hundred times faster).
"""

from __future__ import annotations

from docx.enum.text import WD_BREAK

from thidua.core import official_docx as od
from thidua.eligibility.words import amount_in_words
from thidua.org.models import UnitKind

from .models import DOC_KIND_CODE, Award, DecisionState, DocKind, IssuingBody
from .selectors.issuing import draft_items, money_preview

LOCAL_GOVERNMENT = (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
STATE_ADDRESSEE = "Thủ tướng Chính phủ (qua Bộ Nội vụ)"


def money(n) -> str:
    return f"{int(n or 0):,}".replace(",", ".")


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name else name


def authority(issuer, issuer_name: str = "") -> str:
    """Who decides, in running text: "Chủ tịch Ủy ban nhân dân tỉnh Hòa Giang", "Giám đốc Sở Y tế"."""
    if issuer is None:
        return issuer_name
    name = issuer.name
    if issuer.kind in LOCAL_GOVERNMENT:
        body = name if name.lower().startswith("ủy ban nhân dân") else f"Ủy ban nhân dân {_lower_first(name)}"
        return f"Chủ tịch {body}"
    if issuer.kind == UnitKind.SCHOOL:
        return f"Hiệu trưởng {name}"
    if issuer.kind in (UnitKind.DEPARTMENT, UnitKind.HOSPITAL, UnitKind.PUBLIC_SERVICE, UnitKind.ENTERPRISE):
        return f"Giám đốc {name}"
    return f"Thủ trưởng {name}"


def _form_name(award_type_name: str, category: str) -> str:
    name = award_type_name.split(" (")[0].replace("UBND", "Ủy ban nhân dân")
    return f"danh hiệu {name}" if category == "TITLE" else name


def _and(parts) -> str:
    parts = list(dict.fromkeys(p for p in parts if p))
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def _counts(kinds) -> str:
    kinds = list(kinds)
    units = sum(1 for k in kinds if k == "UNIT")
    people = sum(1 for k in kinds if k == "PERSON")
    households = sum(1 for k in kinds if k == "HOUSEHOLD")
    parts = [f"{units} tập thể" if units else "", f"{people} cá nhân" if people else ""]
    parts.append(f"{households} hộ gia đình" if households else "")
    return _and(parts)


# --- The rows ---------------------------------------------------------------------------------------


class Row:
    __slots__ = ("name", "where", "form", "period", "amount", "kind", "category")

    def __init__(self, name, where, form, period, amount, kind, category):
        self.name, self.where, self.form, self.period = name, where, form, period
        self.amount, self.kind, self.category = amount, kind, category


def _where(position: str, unit_name: str) -> str:
    return ", ".join(p for p in (position, unit_name) if p)


def _rows(decision) -> list[Row]:
    if decision.state == DecisionState.ISSUED and decision.kind == DocKind.DECISION:
        awards = (
            Award.objects.filter(decision=decision)
            .select_related("award_type")
            .order_by("id")
            .only(
                "subject_name",
                "subject_position",
                "subject_unit_name",
                "amount",
                "year",
                "person_id",
                "unit_id",
                "household_id",
                "award_type__name",
                "award_type__category",
            )
        )
        return [
            Row(
                a.subject_name,
                _where(a.subject_position, a.subject_unit_name),
                a.award_type.name,
                str(a.year),
                a.amount,
                a.subject_kind,
                a.award_type.category,
            )
            for a in awards
        ]
    items = list(draft_items(decision))
    preview = money_preview(items, decision.date) if decision.kind == DocKind.DECISION else None
    return [
        Row(
            i.line.subject_name,
            _where(i.line.subject_position, i.line.subject_unit_name),
            i.line.award_type.name,
            i.line.period_label,
            (preview.amounts.get(i.pk) or 0) if preview else 0,
            i.line.subject_kind,
            i.line.award_type.category,
        )
        for i in items
    ]


# --- A long table, fast -------------------------------------------------------------------------------


# --- The document ---------------------------------------------------------------------------------------


def _body_lines(decision) -> tuple[list[str], str, str]:
    """(header lines, the body's symbol, the place) of the issuer."""
    body = IssuingBody.objects.filter(unit_id=decision.issuer_id).first() if decision.issuer_id else None
    if body is None:
        return [decision.issuer_name], "", ""
    return [body.header_parent, body.header_name], body.symbol, body.place


def _number(decision, symbol: str) -> str:
    if decision.number:
        return decision.number
    return f"        /{DOC_KIND_CODE[decision.kind]}-{symbol}" if symbol else "        /"


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _article(doc, head: str, text: str) -> None:
    p = od.para(doc, align=od.JUSTIFY, indent=True)
    od.set_font(p.add_run(head + " "), bold=True)
    od.set_font(p.add_run(text))


def _signature(doc, decision) -> None:
    issued = decision.state == DecisionState.ISSUED
    signer = decision.signer
    sign_lines = [s for s in (signer.sign_lines.splitlines() if signer else []) if s.strip()]
    if not sign_lines:
        sign_lines = [(decision.signer_title or "").upper()]
    name = decision.signer_name if issued else ""
    recipients = [f"- {r.strip()}" for r in decision.recipients.splitlines() if r.strip()]
    od.signature(doc, recipients=recipients, sign_lines=sign_lines, signer_name=name)
    if not issued and signer is not None:
        od.para(doc, f"(Dự kiến người ký: {signer.full_name} — {signer.title})", italic=True, align=od.RIGHT, size=12)


def decision_docx(decision) -> bytes:
    """The .docx of a decision or a submission, issued or draft (with its annex)."""
    rows = _rows(decision)
    doc = od.new_document()
    draft = decision.state == DecisionState.DRAFT
    body_lines, symbol, place = _body_lines(decision)
    if draft:
        od.para(doc, "DỰ THẢO", bold=True, align=od.RIGHT)
    od.header(doc, body_lines=body_lines, number=_number(decision, symbol), date=decision.date, place=place or None)
    forms = _and(_form_name(r.form, r.category) for r in rows)
    who = _counts(r.kind for r in rows)
    total = sum(r.amount or 0 for r in rows)
    decider = authority(decision.issuer, decision.issuer_name)
    if decision.kind == DocKind.SUBMISSION:
        _submission_body(doc, decision, forms, who, decider)
    else:
        _decision_body(doc, decision, forms, who, total, decider)
    _signature(doc, decision)
    _page_break(doc)
    _annex(doc, decision, rows, total, decider)
    return od.to_bytes(doc)


def _basis_lines(decision) -> list[str]:
    return [line.strip() for line in decision.legal_basis.splitlines() if line.strip()]


def _decision_body(doc, decision, forms, who, total, decider) -> None:
    od.para(doc, after=0)
    od.para(doc, "QUYẾT ĐỊNH", bold=True, align=od.CENTER, after=0)
    od.para(doc, decision.summary, bold=True, align=od.CENTER, after=12)
    od.para(doc, decider.upper(), bold=True, align=od.CENTER, after=12)
    for line in _basis_lines(decision):
        od.para(doc, line, italic=True, align=od.JUSTIFY, indent=True)
    od.para(doc, "QUYẾT ĐỊNH:", bold=True, align=od.CENTER, after=12)
    _article(
        doc,
        "Điều 1.",
        f"Tặng {forms} cho {who} có tên trong danh sách kèm theo, "
        "đã có thành tích xuất sắc trong thực hiện nhiệm vụ được giao.",
    )
    fund = f"Quỹ thi đua, khen thưởng của {decision.issuer.name}" if decision.issuer else "Quỹ thi đua, khen thưởng"
    _article(
        doc,
        "Điều 2.",
        f"Tiền thưởng thực hiện theo quy định của pháp luật về thi đua, khen thưởng. Tổng số tiền thưởng: "
        f"{money(total)} đồng (Bằng chữ: {amount_in_words(total)}), chi từ {fund}.",
    )
    executors = (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan"
        if decision.issuer is not None and decision.issuer.kind == UnitKind.PROVINCE
        else "Thủ trưởng các cơ quan, đơn vị có liên quan"
    )
    _article(
        doc,
        "Điều 3.",
        f"Quyết định này có hiệu lực kể từ ngày ký. {executors} và các tập thể, cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này./.",
    )


def _submission_body(doc, decision, forms, who, decider) -> None:
    od.para(doc, after=0)
    od.para(doc, "TỜ TRÌNH", bold=True, align=od.CENTER, after=0)
    od.para(doc, decision.summary, bold=True, align=od.CENTER, after=12)
    od.para(doc, f"Kính gửi: {STATE_ADDRESSEE}.", align=od.CENTER, after=12)
    for line in _basis_lines(decision):
        od.para(doc, line, align=od.JUSTIFY, indent=True)
    sender = decision.issuer.name if decision.issuer else decision.issuer_name
    od.para(
        doc,
        f"{sender} kính trình Thủ tướng Chính phủ xem xét, tặng (hoặc trình Chủ tịch nước tặng) {forms} cho "
        f"{who} có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong thực hiện nhiệm vụ được giao.",
        align=od.JUSTIFY,
        indent=True,
    )
    od.para(doc, "(Có danh sách và hồ sơ kèm theo)", italic=True, align=od.JUSTIFY, indent=True)
    od.para(doc, f"{sender} kính trình Thủ tướng Chính phủ xem xét, quyết định./.", align=od.JUSTIFY, indent=True)


def _annex(doc, decision, rows, total, decider) -> None:
    submission = decision.kind == DocKind.SUBMISSION
    title = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" if submission else "DANH SÁCH ĐƯỢC KHEN THƯỞNG"
    label = "Tờ trình" if submission else "Quyết định"
    forms = _and(_form_name(r.form, r.category) for r in rows)
    od.para(doc, title, bold=True, align=od.CENTER, after=0)
    if forms:
        od.para(doc, forms[:1].upper() + forms[1:], bold=True, align=od.CENTER, after=0)
    if decision.number:
        ref = f"(Kèm theo {label} số {decision.number} ngày {od.d(decision.date)} của {decider})"
    else:
        ref = f"(Kèm theo Dự thảo {label.lower()} của {decider})"
    od.para(doc, ref, italic=True, align=od.CENTER, after=12)
    if submission:
        headers = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức đề nghị", "Thời gian thành tích"]
        widths = [1.2, 4.6, 5.0, 3.6, 2.2]
        data = ((str(i), r.name, r.where, r.form, r.period) for i, r in enumerate(rows, start=1))
        od.grid(doc, headers, data, widths)
        return
    headers = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức", "Số tiền (đồng)"]
    widths = [1.2, 4.6, 5.0, 3.4, 2.4]
    data = ((str(i), r.name, r.where, r.form, money(r.amount)) for i, r in enumerate(rows, start=1))
    od.grid(doc, headers, data, widths, total=("", f"Tổng cộng: {len(rows)} trường hợp", "", "", money(total)))
