"""Documents a dossier must carry (law.md §7.2), per award type, basis and subject, as a table of rules.

- Simplified procedure (Luật 2022 Điều 85; NĐ 98 Điều 40 k1): tờ trình + báo cáo tóm tắt thành tích
  per line, nothing else.
- Otherwise: tờ trình (dossier); báo cáo thành tích per line, with the template of the NĐ 152
  appendix chosen by the award, the basis and the subject (the numbers are inferred: unverified);
  biên bản bình xét thi đua when a line is an emulation title (Điều 84 k1 c); biên bản họp Hội đồng
  TĐKT when a line is a form of commendation the provincial chairman or the State decides (Điều 84 k2,
  inferred); giấy xác nhận hiệu quả sáng kiến per line of CSTĐCS, CSTĐ tỉnh, CSTĐ toàn quốc (Điều 84
  k1 d; "Mẫu số 13" inferred).

A per-line requirement is satisfied by a document of its kind attached to that line; a dossier-level
one by any document of its kind in the dossier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from thidua.catalog.models import Category

from . import routing
from .models import Authority, Basis, DocKind

LAW = "Luật Thi đua, khen thưởng 2022"
SIMPLIFIED_CITATION = f"{LAW}, Điều 85; Nghị định 98/2023/NĐ-CP, Điều 40, khoản 1"
TITLE_CATEGORIES = frozenset({Category.TITLE, Category.FLAG})  # danh hiệu thi đua (Cờ thi đua included)
CSTD_CODES = frozenset({"CSTDCS", "CSTDCS_2026", "CSTD_TINH", "CSTD_TQ"})
HERO_CODES = frozenset({"AH_LD"})


@dataclass(frozen=True)
class Requirement:
    kind: str  # DocKind
    line_id: int | None  # None: the dossier as a whole
    label: str  # Vietnamese
    citation: str
    template: str = ""  # e.g. "Mẫu số 04"
    unverified: bool = False  # rests on an inferred [I] source → the UI shows "chưa xác minh căn cứ"
    satisfied: bool = False


@dataclass(frozen=True)
class _Rule:
    kind: str
    per_line: bool
    applies: Callable  # (nomination, line) → bool for a per-line rule; (nomination, lines) → bool otherwise
    label: str
    citation: str
    template: Callable | str = ""  # str, or (nomination, line) → (template, label suffix)
    unverified: bool = False
    simplified: bool = False  # True: a rule of the simplified procedure; False: of the ordinary one


def _subject_kind(line) -> str:
    if line.person_id:
        return "person"
    if line.unit_id:
        return "unit"
    return "household"


def report_template(nomination, line) -> tuple[str, str]:
    """(template, what the report is for) of the achievement report of `line` (NĐ 152 appendix, inferred)."""
    code = line.award_type.code
    collective = _subject_kind(line) == "unit"
    if code == "CO_CP":
        return "Mẫu số 01", "đề nghị tặng Cờ thi đua của Chính phủ"
    if code == "CSTD_TQ":
        return "Mẫu số 02", "đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc"
    if code in HERO_CODES:
        return (
            ("Mẫu số 08", "đề nghị phong tặng danh hiệu Anh hùng cho tập thể")
            if collective
            else (
                "Mẫu số 09",
                "đề nghị phong tặng danh hiệu Anh hùng cho cá nhân",
            )
        )
    basis = nomination.basis
    if basis == Basis.DOT_XUAT:
        return "Mẫu số 05", "đề nghị khen thưởng đột xuất"
    if basis == Basis.CONG_HIEN:
        return "Mẫu số 06", "đề nghị khen thưởng quá trình cống hiến"
    if basis == Basis.PHONG_TRAO:
        return "Mẫu số 07", "đề nghị khen thưởng theo đợt (chuyên đề) hoặc phong trào thi đua"
    if basis == Basis.DOI_NGOAI:
        return (
            ("Mẫu số 10", "đề nghị khen thưởng đối ngoại cho tập thể")
            if collective
            else (
                "Mẫu số 11",
                "đề nghị khen thưởng đối ngoại cho cá nhân",
            )
        )
    if collective:
        return "Mẫu số 03", "đề nghị khen thưởng công trạng cho tập thể"
    return "Mẫu số 04", "đề nghị khen thưởng công trạng cho cá nhân"


def _is_title(line) -> bool:
    return line.award_type.category in TITLE_CATEGORIES


def _is_form_above_unit(line) -> bool:
    return line.award_type.category not in TITLE_CATEGORIES | {Category.KIND} and routing.authority_of(
        line.award_type
    ) in (Authority.PROVINCE_CHAIR, Authority.STATE)


RULES: tuple[_Rule, ...] = (
    # Simplified procedure: one set, tờ trình + báo cáo tóm tắt thành tích.
    _Rule(
        DocKind.SUBMISSION,
        False,
        lambda n, lines: True,
        "Tờ trình đề nghị khen thưởng",
        SIMPLIFIED_CITATION,
        simplified=True,
    ),
    _Rule(
        DocKind.SUMMARY_REPORT,
        True,
        lambda n, line: True,
        "Báo cáo tóm tắt thành tích (có xác nhận của cấp trình khen thưởng)",
        SIMPLIFIED_CITATION,
        simplified=True,
    ),
    # Ordinary procedure.
    _Rule(
        DocKind.SUBMISSION,
        False,
        lambda n, lines: True,
        "Tờ trình đề nghị khen thưởng",
        f"{LAW}, Điều 84, khoản 1, điểm a",
    ),
    _Rule(
        DocKind.ACHIEVEMENT_REPORT,
        True,
        lambda n, line: True,
        "Báo cáo thành tích",
        f"{LAW}, Điều 84; Nghị định 152/2025/NĐ-CP, Phụ lục mẫu văn bản",
        template=report_template,
        unverified=True,
    ),
    _Rule(
        DocKind.REVIEW_MINUTES,
        False,
        lambda n, lines: any(_is_title(line) for line in lines),
        "Biên bản họp bình xét thi đua",
        f"{LAW}, Điều 84, khoản 1, điểm c",
    ),
    _Rule(
        DocKind.COUNCIL_MINUTES,
        False,
        lambda n, lines: any(_is_form_above_unit(line) for line in lines),
        "Biên bản họp Hội đồng Thi đua – Khen thưởng (kèm kết quả bỏ phiếu khi phải bỏ phiếu)",
        f"{LAW}, Điều 84, khoản 2",
        unverified=True,
    ),
    _Rule(
        DocKind.INITIATIVE_CONFIRMATION,
        True,
        lambda n, line: line.award_type.code in CSTD_CODES,
        "Giấy xác nhận hiệu quả áp dụng, phạm vi ảnh hưởng của sáng kiến, đề tài khoa học",
        f"{LAW}, Điều 84, khoản 1, điểm d",
        template="Mẫu số 13",
        unverified=True,
    ),
)


def required_documents(nomination, lines=None, documents=None) -> list:
    """Every document the dossier must carry, each with whether it is already attached.

    `lines` (with their award types) and `documents` default to the dossier's own (two queries)."""
    if lines is None:
        lines = list(nomination.lines.select_related("award_type"))
    if documents is None:
        documents = list(nomination.documents.only("id", "kind", "line_id"))
    on_line = {(d.line_id, d.kind) for d in documents if d.line_id}
    anywhere = {d.kind for d in documents}
    out = []
    for rule in RULES:
        if rule.simplified != bool(nomination.simplified):
            continue
        if not rule.per_line:
            if rule.applies(nomination, lines):
                out.append(
                    Requirement(
                        rule.kind,
                        None,
                        rule.label,
                        rule.citation,
                        rule.template if isinstance(rule.template, str) else "",
                        rule.unverified,
                        rule.kind in anywhere,
                    )
                )
            continue
        for line in lines:
            if not rule.applies(nomination, line):
                continue
            label = rule.label
            template = rule.template
            if callable(template):
                template, what = template(nomination, line)
                label = f"{label} {what}"
            out.append(
                Requirement(
                    rule.kind,
                    line.pk,
                    label,
                    rule.citation,
                    template,
                    rule.unverified,
                    (line.pk, rule.kind) in on_line,
                )
            )
    return out
