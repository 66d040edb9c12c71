"""The eligibility engine: SubjectFacts + award code + year + RuleContext → Verdict. Pure, no ORM.

    verdict = evaluate(facts, "CSTD_TINH", 2025, ctx, confirmed="all")

Every verdict lists the cross-cutting checks (subject kind, kind of commendation, embargo,
discipline, dissolved unit) and the checks of the award's criteria tree (criteria.py). It is
`eligible` only when every checkable condition holds and every judgement item on the satisfied
path is confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable

from thidua.catalog import data as catalog_data

from . import money
from .criteria import CRITERIA, LADDERS, NEXT_FORM, RELEVANT
from .facts import (
    CONG_TRANG,
    HOUSEHOLD,
    PERSON,
    UNIT,
    AwardFact,
    InitiativeFact,
    MemberStats,
    RuleContext,
    SubjectFacts,
)
from .predicates import BASIS_NAMES, OK, STATE_OF, Ev, index_for, make_check
from .verdict import MET, NOT_APPLICABLE, UNMET, Verdict

_CATALOGUE = {row["code"]: row for row in catalog_data.AWARD_TYPES}
_NAMES = {code: row["name"] for code, row in _CATALOGUE.items()}
_KIND_NAMES = {PERSON: "cá nhân", UNIT: "tập thể", HOUSEHOLD: "hộ gia đình"}
_KIND_FIELDS = {PERSON: "for_person", UNIT: "for_unit", HOUSEHOLD: "for_household"}
_STATIC_KINDS = {code: frozenset(k for k, f in _KIND_FIELDS.items() if row[f]) for code, row in _CATALOGUE.items()}


class UnknownAward(KeyError):
    """The award code has no criteria (not in the catalogue, or a kind/procedure row)."""

    def __str__(self):
        return f"Không có tiêu chuẩn cho mã danh hiệu, hình thức “{self.args[0]}”."


def award_codes() -> tuple[str, ...]:
    """Every award code the engine has criteria for."""
    return tuple(CRITERIA)


def relevant_awards(kind: str) -> list[str]:
    """Award codes the eligibility panel shows for a person / unit / household, in ladder order."""
    return list(RELEVANT.get(kind, ()))


def _decree(ctx: RuleContext) -> str:
    return "Nghị định 98/2023/NĐ-CP" if ctx.rule_set_code == "ND98" else "Nghị định 152/2025/NĐ-CP"


def _vdate(day) -> str:
    return day.strftime("%d/%m/%Y")


def _cross_cutting(facts: SubjectFacts, ix, code: str, year: int, basis: str, entry, ctx: RuleContext) -> list:
    decree = _decree(ctx)
    checks = []
    for note in ctx.notes:
        checks.append(make_check("rule_set_note", "Bộ quy tắc áp dụng", NOT_APPLICABLE, note, "", True))
    # Subject kind allowed by the award type.
    kinds = ctx.subject_kinds.get(code) or _STATIC_KINDS.get(code, frozenset())
    kind_name = _KIND_NAMES.get(facts.kind, facts.kind)
    if facts.kind in kinds:
        checks.append(make_check("subject_kind", "Đối tượng được xét", MET, f"xét cho {kind_name}", _citation(code)))
    else:
        allowed = ", ".join(_KIND_NAMES[k] for k in (PERSON, UNIT, HOUSEHOLD) if k in kinds) or "không có"
        message = f"{_name(ctx, code)} không xét cho {kind_name} (chỉ xét cho: {allowed})"
        checks.append(make_check("subject_kind", "Đối tượng được xét", UNMET, message, _citation(code)))
    # Kind of commendation (law.md §5): an alternative route is chosen by `basis`, not offered as OR.
    if basis not in entry:
        offered = ", ".join(BASIS_NAMES.get(b, b) for b in entry)
        message = f"không xét theo {BASIS_NAMES.get(basis, basis)} (chỉ xét: {offered})"
        checks.append(
            make_check("basis", "Loại hình khen thưởng", UNMET, message, "Luật Thi đua, khen thưởng 2022, Điều 8")
        )
    # Embargo (P3).
    embargo_cite = f"{decree}, Điều 4, khoản 4"
    if facts.embargo:
        message = (
            "đang trong thời gian xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc có đơn thư khiếu nại, "
            "tố cáo đang xác minh — chưa khen thưởng, chưa đề nghị khen thưởng"
        )
        checks.append(
            make_check("embargo", "Không đang bị xem xét kỷ luật, điều tra, thanh tra", UNMET, message, embargo_cite)
        )
    else:
        checks.append(
            make_check("embargo", "Không đang bị xem xét kỷ luật, điều tra, thanh tra", MET, "không có", embargo_cite)
        )
    # Discipline period (P3): the year under review must not overlap one.
    label = "Thành tích không trùng thời gian thi hành kỷ luật"
    if year in ix.tainted:
        message = (
            f"năm {year} trùng thời gian thi hành kỷ luật ({ix.tainted[year]}) — "
            "thành tích chỉ được tính từ khi hết thời hạn kỷ luật"
        )
        checks.append(make_check("discipline", label, UNMET, message, embargo_cite))
    elif ix.last_discipline_end is not None:
        message = f"đã hết thời hạn kỷ luật; thành tích được tính từ {_vdate(ix.last_discipline_end)}"
        checks.append(make_check("discipline", label, MET, message, embargo_cite))
    else:
        checks.append(make_check("discipline", label, MET, f"không bị kỷ luật trong năm {year}", embargo_cite))
    # Dissolved unit (P10).
    if facts.unit_dissolved:
        on = bool(ctx.params.get("no_award_to_dissolved_units", False))
        cite = "Thông tư 15/2025/TT-BNV"
        if on:
            message = "đơn vị đã giải thể sau sắp xếp tổ chức bộ máy — không khen thưởng"
            checks.append(make_check("unit_dissolved", "Đơn vị chưa giải thể", UNMET, message, cite))
        else:
            message = "đơn vị đã giải thể; bộ quy tắc này không có quy định cấm khen thưởng"
            checks.append(make_check("unit_dissolved", "Đơn vị chưa giải thể", MET, message, cite, True))
    return checks


def _name(ctx: RuleContext, code: str) -> str:
    return ctx.award_names.get(code) or _NAMES.get(code, code)


def _citation(code: str) -> str:
    return _CATALOGUE.get(code, {}).get("citation", "")


def _sub_tree(code: str, kind: str):
    return _tree(CRITERIA.get(code, {}), CONG_TRANG, kind)


def _tree(entry, basis: str, kind: str):
    node = entry.get(basis)
    if isinstance(node, dict):
        node = node.get(kind)
    return node


_CROSS_CACHE: dict[tuple, tuple] = {}
_AMOUNT_CACHE: dict[tuple[int, str, str], tuple[RuleContext, int | None]] = {}


def _amount(code: str, kind: str, ctx: RuleContext) -> int | None:
    key = (id(ctx), code, kind)
    hit = _AMOUNT_CACHE.get(key)
    if hit is not None and hit[0] is ctx:
        return hit[1]
    if len(_AMOUNT_CACHE) > 10_000:
        _AMOUNT_CACHE.clear()
    value = money.reward_amount(code, kind, ctx)
    _AMOUNT_CACHE[key] = (ctx, value)
    return value


def evaluate(
    facts: SubjectFacts,
    award_code: str,
    year: int,
    ctx: RuleContext,
    *,
    confirmed: frozenset[str] | str = frozenset(),
    basis: str = CONG_TRANG,
) -> Verdict:
    """Decide whether `facts` meets the criteria of `award_code` for `year` under `ctx`.

    `confirmed` lists the judgement items a competent person confirmed ("all" confirms every one).
    Raises UnknownAward for a code without criteria.
    """
    params = ctx.params
    tree_code = award_code
    pre: list = []
    if award_code == "CSTDCS" and params.get("amendment_2026_in_force"):
        tree_code = "CSTDCS_2026"
        pre.append(
            make_check(
                "amendment_2026",
                "Luật sửa đổi năm 2026",
                NOT_APPLICABLE,
                "áp dụng tiêu chuẩn Chiến sĩ thi đua cơ sở theo luật sửa đổi (tham số amendment_2026_in_force)",
                "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
                True,
            )
        )
    elif award_code == "CSTDCS_2026" and not params.get("amendment_2026_in_force"):
        pre.append(
            make_check(
                "amendment_2026",
                "Luật sửa đổi năm 2026",
                UNMET,
                "luật sửa đổi chưa có hiệu lực trong bộ quy tắc này — xét theo tiêu chuẩn Chiến sĩ thi đua cơ sở",
                "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
                True,
            )
        )
    entry = CRITERIA.get(tree_code)
    if entry is None:
        raise UnknownAward(award_code)
    school_mode = facts.school_year and bool(params.get("school_year_chains", False))
    ix = index_for(facts, school_mode)
    key = (
        award_code,
        facts.kind,
        basis,
        id(ctx),
        facts.embargo,
        facts.unit_dissolved,
        year,
        ix.tainted.get(year),
        ix.last_discipline_end,
    )
    hit = _CROSS_CACHE.get(key)
    if hit is None or hit[0] is not ctx:
        if len(_CROSS_CACHE) > 20_000:
            _CROSS_CACHE.clear()
        cross = tuple(_cross_cutting(facts, ix, award_code, year, basis, entry, ctx))
        hit = (ctx, cross, all(STATE_OF[c.status] == OK for c in cross))
        _CROSS_CACHE[key] = hit
    checks = pre
    checks.extend(hit[1])
    ok = hit[2] and all(STATE_OF[c.status] == OK for c in pre)

    tree = _tree(entry, basis, facts.kind)
    if tree is not None:
        ev = Ev(ix, year, ctx, confirmed, ctx.award_names or _NAMES, _sub_tree)
        state, tree_checks = tree.run(ev)
        ok = ok and state == OK
        seen = {c.code for c in checks}
        for c in tree_checks:
            if c.code not in seen:
                seen.add(c.code)
                checks.append(c)
    else:
        ok = False
    verdict = _new_verdict(Verdict)
    verdict.__dict__.update(
        award=award_code,
        award_name=_name(ctx, award_code),
        year=year,
        eligible=ok,
        rule_set=ctx.rule_set_code,
        rule_set_name=ctx.rule_set_name,
        checks=tuple(checks),
        # No amount for a subject the award is not for (a household asking for LĐTT, a unit for an individual form).
        amount_vnd=None
        if any(c.code == "subject_kind" and c.status == UNMET for c in checks)
        else _amount(award_code, facts.kind, ctx),
        basis=basis,
    )
    return verdict


# Verdict is a frozen dataclass; building it through __dict__ skips nine object.__setattr__ calls
# on the hot path (≈200,000 verdicts in the benchmark). Same fields, same equality.
_new_verdict = object.__new__


def evaluate_many(
    facts: SubjectFacts,
    award_codes: Iterable[str],
    year: int,
    ctx: RuleContext,
    *,
    confirmed: frozenset[str] | str = frozenset(),
    basis: str = CONG_TRANG,
) -> dict[str, Verdict]:
    """Verdicts for several awards of one subject (the subject's index is built once)."""
    return {code: evaluate(facts, code, year, ctx, confirmed=confirmed, basis=basis) for code in award_codes}


# --- Ladders ---------------------------------------------------------------------------------------


def next_award(kind: str, award_code: str) -> str | None:
    """The next award after `award_code` on the subject's merit ladder."""
    if (kind, award_code) in NEXT_FORM:
        return NEXT_FORM[(kind, award_code)]
    ladder = LADDERS.get(kind, ())
    if award_code in ladder:
        i = ladder.index(award_code)
        return ladder[i + 1] if i + 1 < len(ladder) else None
    return None


# Annual titles a good future year brings, by subject kind.
_GOOD_YEAR_TITLES = {PERSON: ("LDTT", "CSTDCS"), UNIT: ("TTLDTT", "TTLDXS")}
HORIZON_YEARS = 15


def next_on_ladder(facts: SubjectFacts, award_code: str, year: int, ctx: RuleContext) -> tuple[str, int] | None:
    """The next award on the merit ladder after `award_code` and the first year (≥ `year`) it could
    be reached, assuming every year after `year` is good: rated HTXS, the annual titles
    (LĐTT + CSTĐCS, or TTLĐTT + TTLĐXS), one national-scope initiative, every member good, and
    each ladder award given as soon as it is reachable. Judgement items are assumed confirmed and
    an embargo assumed lifted. None when there is no next award or it is out of reach within
    HORIZON_YEARS.
    """
    target = next_award(facts.kind, award_code)
    if target is None:
        return None
    ladder = LADDERS.get(facts.kind, ())
    climb = [c for c in ladder if c != target]
    if target in ladder:
        climb = list(ladder[: ladder.index(target)])
    else:  # secondary ladders: the prerequisite chain is the prior form itself
        climb = [award_code]
    ratings = dict(facts.ratings)
    awards = list(facts.awards)
    initiatives = list(facts.initiatives)
    members = dict(facts.members)
    for y in range(year, year + HORIZON_YEARS + 1):
        if y > year:
            ratings[y] = "HTXS"
            initiatives.append(InitiativeFact(year=y, scope="NATIONAL"))
            if facts.kind == UNIT:
                members[y] = MemberStats(total=10, rated_at_least_ht=10, ldtt=10, cstdcs=1, rated_htxs=10)
            for code in _GOOD_YEAR_TITLES.get(facts.kind, ()):
                awards.append(AwardFact(code=code, year=y))
        trial = SubjectFacts(
            kind=facts.kind,
            ratings=dict(ratings),
            awards=tuple(awards),
            initiatives=tuple(initiatives),
            disciplines=facts.disciplines,
            embargo=facts.embargo if y == year else False,
            unit_dissolved=facts.unit_dissolved,
            members=dict(members),
            sex=facts.sex,
            is_direct_worker=facts.is_direct_worker,
            school_year=facts.school_year,
            armed_forces=facts.armed_forces,
        )
        if evaluate(trial, target, y, ctx, confirmed="all").eligible:
            return target, y
        if y > year:  # future years: give every reachable rung of the climb
            added = False
            for code in climb:
                if code in _GOOD_YEAR_TITLES.get(facts.kind, ()):
                    continue
                if evaluate(trial, code, y, ctx, confirmed="all").eligible:
                    awards.append(AwardFact(code=code, year=y))
                    added = True
            if added:
                trial = None
    return None
