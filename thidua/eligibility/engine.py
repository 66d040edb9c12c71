"""The eligibility engine: SubjectFacts + award code + year + RuleContext → Verdict. Pure, no ORM.

    verdict = evaluate(facts, "CSTD_TINH", 2025, ctx, confirmed="all")

Every verdict lists the cross-cutting checks (subject kind, kind of commendation, embargo,
discipline, dissolved unit) and the checks of the award's criteria tree (criteria.py). It is
`eligible` only when every checkable condition holds and every judgement item on the satisfied
path is confirmed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType

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
from .predicates import BASIS_NAMES, OK, STATE_OF, Ev, NotMemoisable, Reach, earliest_of, index_for, make_check
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


def _pre_checks(award_code: str, amendment: bool) -> tuple[str, tuple]:
    """(the code of the criteria tree, checks that come before the cross-cutting ones)."""
    if award_code == "CSTDCS" and amendment:
        check = make_check(
            "amendment_2026",
            "Luật sửa đổi năm 2026",
            NOT_APPLICABLE,
            "áp dụng tiêu chuẩn Chiến sĩ thi đua cơ sở theo luật sửa đổi (tham số amendment_2026_in_force)",
            "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
            True,
        )
        return "CSTDCS_2026", (check,)
    if award_code == "CSTDCS_2026" and not amendment:
        check = make_check(
            "amendment_2026",
            "Luật sửa đổi năm 2026",
            UNMET,
            "luật sửa đổi chưa có hiệu lực trong bộ quy tắc này — xét theo tiêu chuẩn Chiến sĩ thi đua cơ sở",
            "Dự thảo Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng, Điều 23",
            True,
        )
        return award_code, (check,)
    return award_code, ()


class _Plan:
    """What one (award, basis, subject kind, context) evaluation needs that does not depend on the subject."""

    __slots__ = (
        "ctx",
        "entry",
        "pre",
        "pre_ok",
        "tree",
        "name",
        "names",
        "cross",
        "amount",
        "has_amount",
        "memo",
        "memoisable",
    )

    def __init__(self, award_code: str, basis: str, kind: str, ctx: RuleContext, amendment: bool):
        tree_code, pre = _pre_checks(award_code, amendment)
        entry = CRITERIA.get(tree_code)
        if entry is None:
            raise UnknownAward(award_code)
        self.ctx = ctx
        self.entry = entry
        self.pre = pre
        self.pre_ok = all(STATE_OF[c.status] == OK for c in pre)
        self.tree = _tree(entry, basis, kind)
        self.name = _name(ctx, award_code)
        self.names = ctx.award_names or _NAMES
        # subject part of the cross-cutting key → (checks incl. pre, all ok, subject kind unmet, their codes)
        self.cross: dict[tuple, tuple] = {}
        self.amount = None
        self.has_amount = False
        # (cross-cutting key, signature of the tree's inputs) → (checks, eligible): subjects with the
        # same inputs get the same answer (predicates.Node.sig), so the tree runs once per signature.
        self.memo: dict[tuple, tuple] = {}
        self.memoisable = True


_PLAN_CACHE: dict[tuple, _Plan] = {}


def _plan(award_code: str, basis: str, kind: str, ctx: RuleContext) -> _Plan:
    amendment = bool(ctx.params.get("amendment_2026_in_force"))
    key = (award_code, basis, kind, id(ctx), amendment)
    plan = _PLAN_CACHE.get(key)
    if plan is None or plan.ctx is not ctx:
        if len(_PLAN_CACHE) > 256:
            _PLAN_CACHE.clear()
        plan = _Plan(award_code, basis, kind, ctx, amendment)
        _PLAN_CACHE[key] = plan
    return plan


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
    plan = _plan(award_code, basis, facts.kind, ctx)
    school_mode = facts.school_year and bool(ctx.params.get("school_year_chains", False))
    ix = index_for(facts, school_mode)
    tainted = ix.tainted
    key = (facts.embargo, facts.unit_dissolved, year, tainted.get(year) if tainted else None, ix.last_discipline_end)
    hit = plan.cross.get(key)
    if hit is None:
        if len(plan.cross) > 20_000:
            plan.cross.clear()
        cross = _cross_cutting(facts, ix, award_code, year, basis, plan.entry, ctx)
        checks = (*plan.pre, *cross)
        hit = (
            checks,
            plan.pre_ok and all(STATE_OF[c.status] == OK for c in cross),
            any(c.code == "subject_kind" and c.status == UNMET for c in checks),
            frozenset(c.code for c in checks),
        )
        plan.cross[key] = hit
    checks, ok, kind_unmet, codes = hit

    tree = plan.tree
    if tree is not None:
        ev = Ev(ix, year, ctx, confirmed, plan.names, _sub_tree)
        memo_key = None
        if plan.memoisable:
            try:
                memo_key = (key, tree.sig(ev))
            except NotMemoisable:
                plan.memoisable = False
        done = plan.memo.get(memo_key) if memo_key is not None else None
        if done is None:
            state, tree_checks = tree.run(ev)
            ok = ok and state == OK
            out = list(checks)
            seen = set(codes)
            for c in tree_checks:
                code = c.code
                if code not in seen:
                    seen.add(code)
                    out.append(c)
            checks = tuple(out)
            if memo_key is not None:
                if len(plan.memo) > 50_000:
                    plan.memo.clear()
                plan.memo[memo_key] = (checks, ok)
        else:
            checks, ok = done
    else:
        ok = False
    if kind_unmet:
        # No amount for a subject the award is not for (a household asking for LĐTT, a unit for an individual form).
        amount = None
    else:
        if not plan.has_amount:
            plan.amount = _amount(award_code, facts.kind, ctx)
            plan.has_amount = True
        amount = plan.amount
    verdict = _new_verdict(Verdict)
    verdict.__dict__.update(
        award=award_code,
        award_name=plan.name,
        year=year,
        eligible=ok,
        rule_set=ctx.rule_set_code,
        rule_set_name=ctx.rule_set_name,
        checks=checks,
        amount_vnd=amount,
        basis=basis,
    )
    return verdict


# Verdict is a frozen dataclass; building it through __dict__ skips nine object.__setattr__ calls
# on the hot path (≈200,000 verdicts in the benchmark). Same fields, same equality.
_new_verdict = object.__new__


def first_year_read(
    award_codes: Iterable[str], kind: str, year: int, ctx: RuleContext, *, basis: str = CONG_TRANG
) -> int | None:
    """The earliest year of facts the criteria of `award_codes` read for a `kind` subject in `year`
    (predicates.Node.earliest); None when some criterion may read any earlier year.

    Bulk loaders read facts from that year on only: the verdicts are the same as with every fact
    (tested), and a province's list reads a few years of rows instead of ten.
    """
    amendment = bool(ctx.params.get("amendment_2026_in_force"))
    rd = Reach(kind, ctx.params, _sub_tree)
    first = year
    for code in award_codes:
        tree_code, _pre = _pre_checks(code, amendment)
        entry = CRITERIA.get(tree_code)
        if entry is None:
            raise UnknownAward(code)
        node = _tree(entry, basis, kind)
        if node is not None:
            first = earliest_of(first, node.earliest(year, rd))
            if first is None:
                return None
    return first


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


def evaluate_each(
    subjects: Iterable[SubjectFacts],
    award_codes: Iterable[str],
    year: int,
    ctx: RuleContext,
    *,
    confirmed: frozenset[str] | str = frozenset(),
    basis: str = CONG_TRANG,
    memo: dict | None = None,
) -> list[Mapping[str, Verdict]]:
    """`evaluate_many` for many subjects, in their order (the same verdicts as `evaluate`), each as
    a read-only mapping award code → verdict, shared by the subjects with the same facts.

    Subjects with the same facts (`facts_key`) are decided once; the cyclic garbage collector is
    paused meanwhile (see `paused_gc`). A caller streaming batches passes the same `memo` dict to
    every call, so equal histories are decided once across batches too.
    """
    codes = tuple(award_codes)
    if memo is None:
        shared: dict[tuple, Mapping[str, Verdict]] = {}
    else:  # the caller's dict, kept across batches: one entry per (question, context)
        question = (year, codes, confirmed if isinstance(confirmed, str) else frozenset(confirmed), basis)
        entry = memo.get(question)
        if entry is None or entry[0] is not ctx:
            entry = memo[question] = (ctx, {})
        shared = entry[1]
    # The same object again (loaders share facts between subjects with equal histories): its
    # verdicts without computing its key. The entry keeps the object alive, so its id stays its own.
    by_object: dict[int, tuple[SubjectFacts, Mapping[str, Verdict]]] = {}
    out = []
    with paused_gc():
        for facts in subjects:
            hit = by_object.get(id(facts))
            if hit is not None:
                out.append(hit[1])
                continue
            key = facts_key(facts)
            verdicts = shared.get(key)
            if verdicts is None:
                # One read-only mapping per history, handed to every subject that has it.
                verdicts = MappingProxyType(
                    {code: evaluate(facts, code, year, ctx, confirmed=confirmed, basis=basis) for code in codes}
                )
                shared[key] = verdicts
            by_object[id(facts)] = (facts, verdicts)
            out.append(verdicts)
    return out


def facts_key(facts: SubjectFacts) -> tuple:
    """Everything the engine reads from a subject (all of SubjectFacts).

    The engine is pure, so subjects with equal keys get equal verdicts: `evaluate_each` decides
    once per key. With facts loaded for the window the criteria read (selectors.fact_window), most
    of a province's people share a key with others.
    """
    return (
        facts.kind,
        tuple(facts.ratings.items()),
        facts.awards,
        facts.initiatives,
        facts.disciplines,
        facts.embargo,
        facts.unit_dissolved,
        tuple(facts.members.items()),
        facts.sex,
        facts.is_direct_worker,
        facts.school_year,
        tuple(facts.months_worked.items()),
        tuple(facts.maternity_months.items()),
        facts.armed_forces,
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic objects are built.

    Facts and verdicts hold no reference cycles, so the collector finds nothing to free, yet with a
    province's facts alive each full collection walks every one of them: about a third of the time
    of a bulk load or evaluation. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
