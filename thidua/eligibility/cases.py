"""A JSON case (the `check_eligibility` input contract) → SubjectFacts and the question asked.

    {"subject": {"kind": "person", "sex": "F", "is_direct_worker": false},
     "award": "CSTD_TINH", "year": 2025, "decision_date": "2026-03-20",
     "ratings": {"2023": "HTXS"}, "awards": [{"code": "CSTDCS", "year": 2023}],
     "initiatives": [{"year": 2024, "scope": "PROVINCE"}], "science_works": [...],
     "discipline": [{"from": "2024-03-01", "to": "2024-09-01", "level": "khien_trach"}],
     "embargo": false, "members": {"total": 40, ...} or {"2025": {...}}, "confirmed": "all" | [...]}

Optional: "receipt_date" (criteria date; default the decision date), "basis", "unit_dissolved",
"months_worked" / "maternity_months" ({"2025": 11}), subject "armed_forces" / "school_year".
Every error is a CaseError with a Vietnamese message naming the faulty field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.catalog import data as catalog_data

from .criteria import CRITERIA
from .facts import (
    HOUSEHOLD,
    PERSON,
    UNIT,
    AwardFact,
    DisciplineFact,
    InitiativeFact,
    MemberStats,
    SubjectFacts,
)
from .predicates import BASIS_NAMES, GRADES, SCOPES

KNOWN_AWARD_CODES = frozenset(CRITERIA) | {row["code"] for row in catalog_data.AWARD_TYPES}
MEMBER_KEYS = ("total", "rated_at_least_ht", "ldtt", "cstdcs", "rated_htxs", "women", "disciplined_warning")


class CaseError(ValueError):
    """The case is malformed; the message is Vietnamese and names the field."""


@dataclass(frozen=True)
class Case:
    facts: SubjectFacts
    award: str
    year: int
    basis: str
    confirmed: frozenset[str] | str
    decision_date: dt.date
    receipt_date: dt.date


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise CaseError(f"“{where}” phải là một đối tượng JSON.")
    return value


def _list(value, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"“{where}” phải là một danh sách.")
    return value


def _year(value, where: str) -> int:
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1945 <= value <= 2100:
        raise CaseError(f"Năm không hợp lệ ở “{where}”: {value!r} (cần số năm từ 1945 đến 2100).")
    return value


def _date(value, where: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise CaseError(f"Thiếu ngày ở “{where}” (định dạng YYYY-MM-DD).")
        return None
    if not isinstance(value, str):
        raise CaseError(f"Ngày không hợp lệ ở “{where}”: {value!r} (định dạng YYYY-MM-DD).")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"Ngày không hợp lệ ở “{where}”: {value!r} (định dạng YYYY-MM-DD).") from None


def _bool(value, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CaseError(f"“{where}” phải là true hoặc false.")
    return value


def _count(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CaseError(f"“{where}” phải là số nguyên không âm.")
    return value


def _code(value, where: str) -> str:
    if not isinstance(value, str) or value not in KNOWN_AWARD_CODES:
        raise CaseError(f"Mã danh hiệu, hình thức không hợp lệ ở “{where}”: {value!r}.")
    return value


def _members(raw) -> MemberStats:
    raw = _obj(raw, "members")
    unknown = set(raw) - set(MEMBER_KEYS)
    if unknown:
        raise CaseError(f"Trường không hợp lệ trong “members”: {', '.join(sorted(unknown))}.")
    if "total" not in raw:
        raise CaseError("Thiếu “members.total” (tổng số thành viên).")
    values = {k: _count(raw.get(k, 0), f"members.{k}") for k in MEMBER_KEYS}
    for k in MEMBER_KEYS[1:]:
        if values[k] > values["total"]:
            raise CaseError(f"“members.{k}” ({values[k]}) lớn hơn tổng số thành viên ({values['total']}).")
    values.setdefault("rated_at_least_ht", 0)
    return MemberStats(**values)


def _year_map(raw, where: str, parse) -> dict:
    out = {}
    for key, value in _obj(raw or {}, where).items():
        out[_year(key, f"{where}.{key}")] = parse(value, f"{where}.{key}")
    return out


def _grade(value, where: str) -> str:
    if value not in GRADES:
        raise CaseError(f"Xếp loại không hợp lệ ở “{where}”: {value!r} (cần một trong HTXS, HTT, HT, KHT).")
    return value


def _months(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        raise CaseError(f"Số tháng không hợp lệ ở “{where}”: {value!r} (từ 0 đến 12).")
    return value


def parse_case(raw) -> Case:
    """Validate a decoded JSON case and build the facts; raises CaseError."""
    raw = _obj(raw, "case")
    subject = _obj(raw.get("subject"), "subject")
    kind = subject.get("kind")
    if kind not in (PERSON, UNIT, HOUSEHOLD):
        raise CaseError(f"Loại đối tượng không hợp lệ ở “subject.kind”: {kind!r} (person, unit hoặc household).")
    sex = subject.get("sex")
    if sex not in (None, "F", "M"):
        raise CaseError(f"Giới tính không hợp lệ ở “subject.sex”: {sex!r} (F hoặc M).")
    if "award" not in raw:
        raise CaseError("Thiếu mã danh hiệu, hình thức (award).")
    award = raw["award"]
    if not isinstance(award, str) or award not in CRITERIA:
        raise CaseError(f"Mã danh hiệu, hình thức không hợp lệ: {award!r}.")
    if "year" not in raw:
        raise CaseError("Thiếu năm xét (year).")
    year = _year(raw["year"], "year")
    basis = raw.get("basis", "CONG_TRANG")
    if basis not in BASIS_NAMES:
        raise CaseError(f"Loại hình khen thưởng không hợp lệ ở “basis”: {basis!r} ({', '.join(BASIS_NAMES)}).")
    decision_date = _date(raw.get("decision_date"), "decision_date", required=False)
    receipt_date = _date(raw.get("receipt_date"), "receipt_date", required=False)
    if decision_date is None and receipt_date is None:
        raise CaseError("Thiếu ngày quyết định (decision_date) hoặc ngày nhận hồ sơ (receipt_date).")
    decision_date = decision_date or receipt_date
    receipt_date = receipt_date or decision_date

    ratings = _year_map(raw.get("ratings"), "ratings", _grade)
    awards = []
    for i, a in enumerate(_list(raw.get("awards"), "awards")):
        a = _obj(a, f"awards[{i}]")
        a_basis = a.get("basis", "CONG_TRANG")
        if a_basis not in BASIS_NAMES:
            raise CaseError(f"Loại hình khen thưởng không hợp lệ ở “awards[{i}].basis”: {a_basis!r}.")
        awards.append(
            AwardFact(
                code=_code(a.get("code"), f"awards[{i}].code"),
                year=_year(a.get("year"), f"awards[{i}].year"),
                decision_date=_date(a.get("decision_date"), f"awards[{i}].decision_date", required=False),
                revoked=_bool(a.get("revoked"), f"awards[{i}].revoked"),
                basis=a_basis,
            )
        )
    initiatives = []
    for field, science in (("initiatives", False), ("science_works", True)):
        for i, item in enumerate(_list(raw.get(field), field)):
            item = _obj(item, f"{field}[{i}]")
            scope = item.get("scope")
            if scope not in SCOPES:
                raise CaseError(
                    f"Phạm vi không hợp lệ ở “{field}[{i}].scope”: {scope!r} (BASE, PROVINCE hoặc NATIONAL)."
                )
            initiatives.append(InitiativeFact(_year(item.get("year"), f"{field}[{i}].year"), scope, science))
    disciplines = []
    for i, d in enumerate(_list(raw.get("discipline"), "discipline")):
        d = _obj(d, f"discipline[{i}]")
        start = _date(d.get("from"), f"discipline[{i}].from")
        end = _date(d.get("to"), f"discipline[{i}].to")
        if end < start:
            raise CaseError(f"“discipline[{i}]”: ngày kết thúc trước ngày bắt đầu.")
        level = d.get("level", "")
        if not isinstance(level, str):
            raise CaseError(f"“discipline[{i}].level” phải là chuỗi.")
        disciplines.append(DisciplineFact(start, end, level))
    members_raw = raw.get("members")
    members = {}
    if members_raw is not None:
        members_raw = _obj(members_raw, "members")
        if "total" in members_raw:
            members = {year: _members(members_raw)}
        else:
            members = {_year(k, f"members.{k}"): _members(v) for k, v in members_raw.items()}
    confirmed = raw.get("confirmed", [])
    if confirmed != "all":
        if not isinstance(confirmed, list) or not all(isinstance(c, str) for c in confirmed):
            raise CaseError('“confirmed” phải là "all" hoặc danh sách mã điểm cần xác nhận.')
        confirmed = frozenset(confirmed)
    facts = SubjectFacts(
        kind=kind,
        ratings=ratings,
        awards=tuple(awards),
        initiatives=tuple(initiatives),
        disciplines=tuple(disciplines),
        embargo=_bool(raw.get("embargo"), "embargo"),
        unit_dissolved=_bool(raw.get("unit_dissolved"), "unit_dissolved"),
        members=members,
        sex=sex,
        is_direct_worker=_bool(subject.get("is_direct_worker"), "subject.is_direct_worker"),
        school_year=_bool(subject.get("school_year"), "subject.school_year"),
        armed_forces=_bool(subject.get("armed_forces"), "subject.armed_forces"),
        months_worked=_year_map(raw.get("months_worked"), "months_worked", _months),
        maternity_months=_year_map(raw.get("maternity_months"), "maternity_months", _months),
    )
    return Case(facts, award, year, basis, confirmed, decision_date, receipt_date)
