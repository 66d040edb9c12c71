"""Writes to decisions: back-entry of decisions made before the system (nhập quyết định trước đây).

A provincial officer records an old decision and its award list — typed in a form or uploaded as
an Excel file — in one transaction: all rows are saved or none, with a row-by-row report of what is
wrong. Each award is checked (the award type applies to the subject's kind; no award of the same
subject, type and year already stands; the year is not after the decision), snapshots the
subject's name, position and unit, and gets its reward amount from the money rules in force on the
decision date when none is given (none before 01/07/2023: no base salary is recorded that early,
the amount stays 0 and the report says so). The decision is marked `back_entered` and audited.

Two entry points:
- `decision_back_enter(...)` takes resolved rows ({subject, award_type, year, basis, amount});
- `decision_import(...)` takes rows as typed (EntryRow: text cells of a form or a spreadsheet),
  resolves them (`back_entry_check`) and raises `BackEntryRejected` with the report when any row
  is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from thidua.catalog.models import AwardType
from thidua.core.audit import audit
from thidua.core.permissions import require as _require
from thidua.core.subjects import SubjectKind, subject_kind_of
from thidua.core.text import fold_vi, vdate
from thidua.nominations.models import Basis
from thidua.org.models import Unit
from thidua.people.models import Household, Person

from ..models import Award, Decision, DocKind

FIRST_YEAR = 1945
MAX_AMOUNT = 2_147_483_647  # PositiveIntegerField
AMOUNT_DIGITS = len(str(MAX_AMOUNT))  # more digits than this: refused as text, before any arithmetic
YEAR_DIGITS = 4
NUMBER_MAX = 60
KIND_TEXT = {SubjectKind.PERSON: "Cá nhân", SubjectKind.UNIT: "Tập thể", SubjectKind.HOUSEHOLD: "Hộ gia đình"}
# The eligibility money rules speak of "person" / "unit" / "household".
MONEY_KIND = {SubjectKind.PERSON: "person", SubjectKind.UNIT: "unit", SubjectKind.HOUSEHOLD: "household"}
_DIGITS = re.compile(r"^\d+$")
BASIS_ALIASES = {
    "cong trang": Basis.CONG_TRANG,
    "dot xuat": Basis.DOT_XUAT,
    "phong trao": Basis.PHONG_TRAO,
    "cong hien": Basis.CONG_HIEN,
    "doi ngoai": Basis.DOI_NGOAI,
}


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".") + " đ"


def _snapshot(subject) -> tuple[str, str, str]:
    """(name, position, unit) of the subject as recorded on the award."""
    if isinstance(subject, Person):
        return subject.full_name, subject.position or "", subject.unit.name if subject.unit_id else ""
    if isinstance(subject, Household):
        return str(subject), "", subject.unit.name if subject.unit_id else ""
    return subject.name, "", subject.parent.name if subject.parent_id else ""


# --- The decision's heading ---------------------------------------------------------------------


def _number_taken(issuer, number: str, year: int | None) -> bool:
    """Whether the issuer already has a decision of this number in the year (numbers restart every
    year), whatever the case ("QĐ" / "qđ": the database compares non-ASCII letters case-sensitively,
    so the few numbers of the same length are compared here)."""
    same_length = (
        Decision.objects.filter(issuer=issuer, kind=DocKind.DECISION, year_of_sequence=year)
        .annotate(n=Length("number"))
        .filter(n=len(number))
        .values_list("number", flat=True)
    )
    wanted = number.casefold()
    return any(n.casefold() == wanted for n in same_length)


def check_heading(*, issuer, number: str, date) -> dict[str, list[str]]:
    """Errors of the decision's heading by field (empty when fine)."""
    errors: dict[str, list[str]] = {}
    number = (number or "").strip()
    if issuer is None:
        errors["issuer"] = ["Vui lòng chọn cơ quan ban hành quyết định."]
    if not number:
        errors["number"] = ["Vui lòng nhập số, ký hiệu quyết định."]
    elif len(number) > NUMBER_MAX:
        errors["number"] = [f"Số, ký hiệu quyết định tối đa {NUMBER_MAX} ký tự."]
    elif issuer is not None and _number_taken(issuer, number, date.year if date else None):
        errors["number"] = [
            f"Quyết định số {number} của {issuer.name} đã có trong hệ thống: mỗi số quyết định của một cơ quan "
            "chỉ được nhập một lần."
        ]
    if date is None:
        errors["date"] = ["Vui lòng nhập ngày ban hành quyết định."]
    elif date > timezone.localdate():
        errors["date"] = ["Ngày ban hành không được sau ngày hôm nay."]
    return errors


# --- Checking resolved rows ---------------------------------------------------------------------


@dataclass
class CheckedRow:
    row: int
    subject: object
    award_type: AwardType
    year: int
    basis: str
    amount: int
    amount_note: str = ""
    errors: list[str] = field(default_factory=list)


def _existing_keys(rows: list[CheckedRow]) -> set[tuple]:
    """(kind, subject id, award type id, year) of standing awards among the rows' subjects (one query)."""
    by_kind: dict[str, set[int]] = {}
    for r in rows:
        by_kind.setdefault(subject_kind_of(r.subject), set()).add(r.subject.pk)
    if not by_kind:
        return set()
    field_of = {SubjectKind.PERSON: "person_id", SubjectKind.UNIT: "unit_id", SubjectKind.HOUSEHOLD: "household_id"}
    q = Q()
    for kind, ids in by_kind.items():
        q |= Q(**{f"{field_of[kind]}__in": ids})
    awards = Award.objects.filter(q, revoked=False, award_type_id__in={r.award_type.pk for r in rows})
    awards = awards.filter(year__in={r.year for r in rows})
    keys = set()
    for person_id, unit_id, household_id, type_id, year in awards.values_list(
        "person_id", "unit_id", "household_id", "award_type_id", "year"
    ):
        if person_id:
            keys.add((SubjectKind.PERSON, person_id, type_id, year))
        elif unit_id:
            keys.add((SubjectKind.UNIT, unit_id, type_id, year))
        else:
            keys.add((SubjectKind.HOUSEHOLD, household_id, type_id, year))
    return keys


def _amount(award_type: AwardType, kind: str, date: dt.date, ctx) -> tuple[int, str]:
    from thidua.eligibility.money import coefficient, reward_amount

    amount = reward_amount(award_type.code, MONEY_KIND[kind], ctx)
    if amount is not None:
        return amount, ""
    if coefficient(award_type.code, MONEY_KIND[kind], ctx) is None:
        return 0, "Hình thức này không có mức tiền thưởng theo hệ số: ghi 0 đồng."
    return 0, (
        f"Chưa tính được tiền thưởng: hệ thống chưa có mức lương cơ sở áp dụng cho ngày {vdate(date)} "
        "(mức sớm nhất từ 01/07/2023). Ghi 0 đồng; nhập số tiền nếu biết."
    )


def check_rows(rows: list[dict], *, date: dt.date | None) -> list[CheckedRow]:
    """Each resolved row with its errors, and its amount (given, or from the money rules on `date`)."""
    from thidua.eligibility.context import context_for

    ctx = context_for(criteria_date=date, decision_date=date) if date else None
    checked: list[CheckedRow] = []
    for index, raw in enumerate(rows, start=1):
        row = CheckedRow(
            row=raw.get("row") or index,
            subject=raw.get("subject"),
            award_type=raw.get("award_type"),
            year=raw.get("year"),
            basis=raw.get("basis") or Basis.CONG_TRANG,
            amount=raw.get("amount"),
        )
        if row.subject is None:
            row.errors.append("Chưa xác định được cá nhân, tập thể hoặc hộ gia đình được khen thưởng.")
        if row.award_type is None:
            row.errors.append("Chưa chọn hình thức, danh hiệu khen thưởng.")
        if row.subject is not None and row.award_type is not None:
            kind = subject_kind_of(row.subject)
            if not row.award_type.applies_to(kind):
                row.errors.append(
                    f"“{row.award_type.name}” không dùng cho {KIND_TEXT[kind].lower()} "
                    f"(dùng cho: {row.award_type.subject_kinds_display or 'không đối tượng nào'})."
                )
        if not isinstance(row.year, int):
            row.errors.append("Vui lòng nhập năm thành tích (số, ví dụ 2019).")
        elif row.year < FIRST_YEAR:
            row.errors.append(f"Năm thành tích phải từ {FIRST_YEAR} trở đi.")
        elif date is not None and row.year > date.year:
            row.errors.append(f"Năm thành tích ({row.year}) không được sau năm ban hành quyết định ({date.year}).")
        if row.basis not in Basis.values:
            row.errors.append("Loại hình khen thưởng không hợp lệ.")
        if row.amount is not None and (not isinstance(row.amount, int) or not 0 <= row.amount <= MAX_AMOUNT):
            row.errors.append("Số tiền thưởng phải là số nguyên không âm (đồng).")
        checked.append(row)
    complete = [r for r in checked if r.subject is not None and r.award_type is not None and isinstance(r.year, int)]
    existing = _existing_keys(complete)
    seen: dict[tuple, int] = {}
    for r in complete:
        kind = subject_kind_of(r.subject)
        key = (kind, r.subject.pk, r.award_type.pk, r.year)
        if key in existing:
            r.errors.append(
                f"{_snapshot(r.subject)[0]} đã có “{r.award_type.name}” năm {r.year} (chưa bị hủy bỏ) trong hệ thống."
            )
        if key in seen:
            r.errors.append(f"Trùng với dòng {seen[key]}: cùng đối tượng, hình thức và năm.")
        else:
            seen[key] = r.row
        if r.amount is None and ctx is not None and not r.errors:
            r.amount, r.amount_note = _amount(r.award_type, kind, date, ctx)
    return checked


def _row_messages(checked: list[CheckedRow]) -> list[str]:
    return [f"Dòng {r.row}: {e}" for r in checked for e in r.errors]


# --- Back-entry ---------------------------------------------------------------------------------


def decision_back_enter(
    *,
    actor,
    issuer: Unit,
    number: str,
    date: dt.date,
    signer_name: str = "",
    signer_title: str = "",
    summary: str = "",
    rows: list[dict],
    source: str = "form",
    filename: str = "",
) -> Decision:
    """Record an old decision and its awards, all or nothing.

    rows: [{subject (Person | Unit | Household), award_type, year, basis, amount (optional), row
    (optional: the number shown in messages)}]. Bad input → ValidationError keyed by field, the
    rows' problems under "rows" as "Dòng N: …"; nothing is saved."""
    _require(actor, "decisions.back_enter", None, "Chỉ cán bộ cấp tỉnh được nhập quyết định khen thưởng trước đây.")
    number = (number or "").strip()
    with transaction.atomic():
        errors = check_heading(issuer=issuer, number=number, date=date)
        if not rows:
            errors["rows"] = ["Quyết định phải có ít nhất một dòng khen thưởng."]
        checked = check_rows(rows, date=date if "date" not in errors else None)
        messages = _row_messages(checked)
        if messages:
            errors.setdefault("rows", []).extend(messages)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    issuer=issuer,
                    issuer_name=issuer.name,
                    number=number,
                    date=date,
                    year_of_sequence=date.year,
                    signer_name=(signer_name or "").strip()[:150],
                    signer_title=(signer_title or "").strip()[:150],
                    summary=(summary or "").strip()[:500],
                    back_entered=True,
                    created_by=actor,
                )
        except IntegrityError:
            raise ValidationError(
                {"number": [f"Quyết định số {number} của {issuer.name} vừa được người khác nhập vào hệ thống."]}
            ) from None
        without_amount = 0
        total = 0
        for r in checked:
            name, position, unit_name = _snapshot(r.subject)
            kind = subject_kind_of(r.subject)
            Award.objects.create(
                decision=decision,
                award_type=r.award_type,
                year=r.year,
                basis=r.basis,
                subject_name=name[:255],
                subject_position=position[:255],
                subject_unit_name=unit_name[:255],
                amount=r.amount or 0,
                **{MONEY_KIND[kind]: r.subject},
            )
            total += r.amount or 0
            without_amount += 1 if r.amount_note else 0
        how = {"excel": f" từ tệp Excel “{filename}”", "form": ""}.get(source, "")
        audit(
            actor=actor,
            action="decision.back_enter",
            obj=decision,
            unit=issuer,
            summary=(
                f"Nhập quyết định trước đây số {number} ngày {vdate(date)} của {issuer.name}{how}: "
                f"{len(checked)} khen thưởng"
            ),
            data={
                "count": len(checked),
                "number": number,
                "date": date.isoformat(),
                "source": source,
                "filename": filename,
                "total_amount": total,
                "without_amount": without_amount,
            },
        )
    decision.amount_notes = [f"Dòng {r.row}: {r.amount_note}" for r in checked if r.amount_note]
    return decision


# --- Rows as typed (form or spreadsheet) ----------------------------------------------------------


@dataclass
class EntryRow:
    """One row as typed, with what the check found (JSON-safe through raw()/from_raw())."""

    row: int
    kind_text: str = ""
    ident: str = ""  # CCCD of a person, code of a unit, number of a household
    name: str = ""
    award_text: str = ""
    year_text: str = ""
    basis_text: str = ""
    amount_text: str = ""
    subject: object = None
    award_type: object = None
    year: int | None = None
    basis: str = ""
    amount: int | None = None
    amount_note: str = ""
    errors: list[str] = field(default_factory=list)

    TEXT_FIELDS = ("kind_text", "ident", "name", "award_text", "year_text", "basis_text", "amount_text")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_blank(self) -> bool:
        return not any(getattr(self, f).strip() for f in self.TEXT_FIELDS)

    @property
    def subject_label(self) -> str:
        if self.subject is None:
            return ""
        name, _position, unit_name = _snapshot(self.subject)
        return f"{name} — {unit_name}" if unit_name else name

    def raw(self) -> list:
        return [self.row, *(getattr(self, f) for f in self.TEXT_FIELDS)]

    @classmethod
    def from_raw(cls, raw) -> EntryRow:
        return cls(*raw)


@dataclass
class EntryReport:
    rows: list[EntryRow]
    heading: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.heading and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)

    @property
    def problems(self) -> list[str]:
        out = [m for messages in self.heading.values() for m in messages]
        if not self.rows:
            out.append("Chưa có dòng khen thưởng nào.")
        return out

    @property
    def total(self) -> int:
        return sum(r.amount or 0 for r in self.rows)

    @property
    def notes(self) -> list[str]:
        return [f"Dòng {r.row}: {r.amount_note}" for r in self.rows if r.amount_note]


class BackEntryRejected(ValidationError):
    """Some row (or the heading) is wrong: nothing was saved; `report` says what, row by row."""

    def __init__(self, report: EntryReport):
        super().__init__(report.problems + [f"Dòng {r.row}: {e}" for r in report.rows for e in r.errors])
        self.report = report


def _kind_of_text(text: str) -> str | None:
    folded = fold_vi(text)
    if folded in ("ca nhan", "person", "cn"):
        return SubjectKind.PERSON
    if folded in ("tap the", "unit", "tt", "don vi"):
        return SubjectKind.UNIT
    if folded in ("ho", "ho gia dinh", "household", "hgd"):
        return SubjectKind.HOUSEHOLD
    return None


def _basis_of_text(text: str) -> str | None:
    """The basis (loại hình) from its code, its full name or a short name ("Đột xuất")."""
    folded = fold_vi(text)
    if not folded:
        return Basis.CONG_TRANG
    for value, label in Basis.choices:
        if folded in (value.lower(), fold_vi(label)):
            return value
    for alias, value in BASIS_ALIASES.items():
        if alias in folded:
            return value
    return None


def _digits_of_text(text: str) -> str | None:
    """The digits of a whole number as typed ("1.800.000 đ", "2019.0"), or None when it is not one."""
    cleaned = (text or "").strip().lower().replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.removesuffix("đồng").removesuffix("đ").removesuffix("d")
    if re.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    return cleaned if re.fullmatch(r"[0-9]+", cleaned) else None


def _int_of_text(text: str, *, max_digits: int) -> int | None:
    """The whole number typed, or None when it is not one or has more than `max_digits` digits (a cell
    may hold anything: an absurd number must become a row error, not reach the database or a filter)."""
    digits = _digits_of_text(text)
    if digits is None:
        return None
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= max_digits else None


def _shown(text: str, limit: int = 40) -> str:
    """A cell's text quoted back in a message, shortened."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _same_name(typed: str, *names: str) -> bool:
    typed = fold_vi(typed)
    return not typed or any(typed == fold_vi(n) for n in names if n)


class _Lookup:
    """Bulk lookups for a batch of rows (a fixed number of queries whatever the number of rows)."""

    def __init__(self, rows: list[EntryRow]):
        persons, units, households = [], [], []
        for r in rows:
            kind = _kind_of_text(r.kind_text)
            bucket = {SubjectKind.PERSON: persons, SubjectKind.UNIT: units, SubjectKind.HOUSEHOLD: households}.get(kind)
            if bucket is not None:
                bucket.append(r)
        ids = {self.cccd(r.ident) for r in persons if r.ident.strip()}
        names = {fold_vi(r.name) for r in persons if not r.ident.strip() and r.name.strip()}
        people = Person.objects.select_related("unit").filter(Q(national_id__in=ids) | Q(search_text__in=names))
        self.person_by_id, self.people_by_name = {}, {}
        for p in people if (ids or names) else []:
            if p.national_id:
                self.person_by_id[p.national_id] = p
            self.people_by_name.setdefault(p.search_text, []).append(p)
        codes = {r.ident.strip() for r in units if r.ident.strip()}
        codes |= {c.upper() for c in codes}
        self.unit_by_code = (
            {u.code.upper(): u for u in Unit.objects.select_related("parent").filter(code__in=codes)} if codes else {}
        )
        self.units_by_name: dict[str, list[Unit]] = {}
        if any(not r.ident.strip() for r in units):
            for u in Unit.objects.select_related("parent").all():
                self.units_by_name.setdefault(fold_vi(u.name), []).append(u)
        numbers = {int(r.ident) for r in households if _DIGITS.match(r.ident.strip())}
        self.household_by_pk = (
            {h.pk: h for h in Household.objects.select_related("unit").filter(pk__in=numbers)} if numbers else {}
        )
        self.households_by_name: dict[str, list[Household]] = {}
        if any(not r.ident.strip() for r in households):
            for h in Household.objects.select_related("unit").all():
                self.households_by_name.setdefault(fold_vi(h.head_name), []).append(h)
        self.award_by_code, self.award_by_name = {}, {}
        for a in AwardType.objects.all():
            self.award_by_code[a.code.upper()] = a
            self.award_by_name[fold_vi(a.name)] = a

    @staticmethod
    def cccd(text: str) -> str:
        text = text.strip().replace(" ", "").removesuffix(".0")
        return text.zfill(12) if _DIGITS.match(text) and len(text) < 12 else text

    def subject(self, r: EntryRow) -> object:
        kind = _kind_of_text(r.kind_text)
        ident, name = r.ident.strip(), r.name.strip()
        if kind is None:
            r.errors.append("Loại đối tượng phải là “Cá nhân”, “Tập thể” hoặc “Hộ gia đình”.")
            return None
        if not ident and not name:
            r.errors.append("Vui lòng ghi số CCCD (cá nhân), mã đơn vị (tập thể) hoặc họ tên / tên đơn vị.")
            return None
        if kind == SubjectKind.PERSON:
            if ident:
                number = self.cccd(ident)
                if not re.fullmatch(r"\d{12}", number):
                    r.errors.append(f"Số CCCD “{ident}” không hợp lệ: phải gồm đúng 12 chữ số.")
                    return None
                person = self.person_by_id.get(number)
                if person is None:
                    r.errors.append(f"Không tìm thấy cá nhân có số CCCD {number}.")
                elif not _same_name(name, person.full_name):
                    r.errors.append(
                        f"Họ tên “{name}” không khớp với số CCCD {number} (trong hệ thống: {person.full_name})."
                    )
                    return None
                return person
            found = self.people_by_name.get(fold_vi(name), [])
            return self._one(r, found, f"cá nhân tên “{name}”", "hãy ghi thêm số CCCD")
        if kind == SubjectKind.UNIT:
            if ident:
                unit = self.unit_by_code.get(ident.upper())
                if unit is None:
                    r.errors.append(f"Không tìm thấy đơn vị có mã “{ident}”.")
                elif not _same_name(name, unit.name, unit.short_name):
                    r.errors.append(f"Tên “{name}” không khớp với mã đơn vị {ident} (trong hệ thống: {unit.name}).")
                    return None
                return unit
            return self._one(r, self.units_by_name.get(fold_vi(name), []), f"đơn vị tên “{name}”", "hãy ghi mã đơn vị")
        if ident:
            household = self.household_by_pk.get(int(ident)) if _DIGITS.match(ident) else None
            if household is None:
                r.errors.append(f"Không tìm thấy hộ gia đình có mã “{ident}”.")
            elif not _same_name(re.sub(r"^(?i:hộ)\s+", "", name), household.head_name):
                r.errors.append(
                    f"Tên chủ hộ “{name}” không khớp với mã hộ {ident} (trong hệ thống: {household.head_name})."
                )
                return None
            return household
        found = self.households_by_name.get(fold_vi(re.sub(r"^(?i:hộ)\s+", "", name)), [])
        return self._one(r, found, f"hộ gia đình có chủ hộ “{name}”", "hãy ghi mã hộ")

    @staticmethod
    def _one(r: EntryRow, found: list, what: str, hint: str):
        if not found:
            r.errors.append(f"Không tìm thấy {what}.")
            return None
        if len(found) > 1:
            r.errors.append(f"Có {len(found)} {what} trong hệ thống: {hint} để phân biệt.")
            return None
        return found[0]

    def award_type(self, r: EntryRow):
        text = r.award_text.strip()
        if not text:
            r.errors.append("Vui lòng ghi mã hình thức, danh hiệu (ví dụ CSTDCS, BK_TINH).")
            return None
        award = self.award_by_code.get(text.upper()) or self.award_by_name.get(fold_vi(text))
        if award is None:
            r.errors.append(
                f"Không có hình thức, danh hiệu “{text}” trong danh mục (xem trang “Hình thức” của tệp mẫu)."
            )
        return award


def back_entry_check(rows: list[EntryRow], *, issuer=None, number: str = "", date=None) -> EntryReport:
    """Resolve rows as typed and check them (and the heading) without saving anything."""
    rows = [r for r in rows if not r.is_blank]
    for r in rows:
        r.errors, r.subject, r.award_type, r.year, r.amount, r.amount_note = [], None, None, None, None, ""
    lookup = _Lookup(rows)
    for r in rows:
        r.subject = lookup.subject(r)
        r.award_type = lookup.award_type(r)
        year = _int_of_text(r.year_text, max_digits=YEAR_DIGITS)
        if r.year_text.strip() and year is None:
            r.errors.append(f"Năm thành tích “{_shown(r.year_text)}” không phải là một năm (ví dụ 2019).")
        r.year = year
        basis = _basis_of_text(r.basis_text)
        if basis is None:
            r.errors.append(
                f"Loại hình “{r.basis_text}” không hợp lệ: ghi Công trạng, Đột xuất, Phong trào, Cống hiến "
                "hoặc Đối ngoại."
            )
        r.basis = basis or Basis.CONG_TRANG
        if r.amount_text.strip():
            r.amount = _int_of_text(r.amount_text, max_digits=AMOUNT_DIGITS)
            if r.amount is None and _digits_of_text(r.amount_text) is not None:
                r.errors.append(f"Số tiền “{_shown(r.amount_text)}” quá lớn: tiền thưởng tối đa {_money(MAX_AMOUNT)}.")
            elif r.amount is None:
                r.errors.append(f"Số tiền “{_shown(r.amount_text)}” không hợp lệ: ghi số đồng, ví dụ 1800000.")
    ready = [r for r in rows if r.subject is not None and r.award_type is not None]
    checked = check_rows(
        [
            {
                "row": r.row,
                "subject": r.subject,
                "award_type": r.award_type,
                "year": r.year,
                "basis": r.basis,
                "amount": r.amount,
            }
            for r in ready
        ],  # fmt: skip
        date=date,
    )
    for r, c in zip(ready, checked, strict=True):
        for error in c.errors:
            if error not in r.errors:
                r.errors.append(error)
        if r.amount is None and not r.errors:
            r.amount, r.amount_note = c.amount, c.amount_note
    heading = check_heading(issuer=issuer, number=number, date=date)
    return EntryReport(rows=rows, heading=heading)


def decision_import(
    *,
    actor,
    issuer: Unit | None,
    number: str,
    date: dt.date | None,
    signer_name: str = "",
    signer_title: str = "",
    summary: str = "",
    rows: list[EntryRow],
    source: str = "excel",
    filename: str = "",
) -> Decision:
    """Back-enter a decision from rows as typed (a spreadsheet or the form): all or nothing."""
    _require(actor, "decisions.back_enter", None, "Chỉ cán bộ cấp tỉnh được nhập quyết định khen thưởng trước đây.")
    with transaction.atomic():
        report = back_entry_check(rows, issuer=issuer, number=number, date=date)
        if not report.ok:
            raise BackEntryRejected(report)
        return decision_back_enter(
            actor=actor,
            issuer=issuer,
            number=number,
            date=date,
            signer_name=signer_name,
            signer_title=signer_title,
            summary=summary,
            rows=[
                {
                    "row": r.row,
                    "subject": r.subject,
                    "award_type": r.award_type,
                    "year": r.year,
                    "basis": r.basis,
                    "amount": r.amount if r.amount_text.strip() else None,
                }
                for r in report.rows
            ],  # fmt: skip
            source=source,
            filename=filename,
        )
