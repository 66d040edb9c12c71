"""The small named predicates the criteria trees are made of, and the per-subject index they read.

A criteria tree (criteria.py) is data: composite nodes `All`, `Any`, `OnlyIf` and leaves such as
`Rating`, `ConsecutiveRatings`, `HasAward`, `ConsecutiveAward`, `CountAwards`, `PriorAward`,
`Initiatives`, `MemberShare`, `MembersAll`, `MembersAtLeast`, `Judgement`. Every node answers
`run(ev) -> (state, checks)` where state is tri-state (OK / PENDING / FAIL) and checks are the
`Check`s that explain it, in Vietnamese, with their citation and [I] flag. `sig(ev)` names
everything `run(ev)` reads from the subject (the engine memoises a tree's result on it); a node
without `sig` raises NotMemoisable and its trees are always run.

Cross-cutting rules are applied while building the `Index` of a subject (once per SubjectFacts):
- a year that overlaps a discipline period is "tainted": its rating, awards and initiatives do
  not count (NĐ 152/2025 Điều 4 khoản 4) — chains count again only after the period;
- revoked awards do not exist for chains (Luật 2022 Chương VII);
- only awards of kind CONG_TRANG feed chains and ladders (NĐ 152/2025 Điều 4 khoản 3);
- CSTDCS_2026 counts as CSTDCS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from .facts import CONG_TRANG, SubjectFacts
from .verdict import CONFIRM, CONFIRMED, MET, NOT_APPLICABLE, UNMET, Check

# Tri-state of a node.
FAIL, PENDING, OK = 0, 1, 2
STATE_OF = {MET: OK, CONFIRMED: OK, NOT_APPLICABLE: OK, CONFIRM: PENDING, UNMET: FAIL}

GRADES = {"KHT": 0, "HT": 1, "HTT": 2, "HTXS": 3}
GRADE_NAMES = {
    "HTXS": "Hoàn thành xuất sắc nhiệm vụ",
    "HTT": "Hoàn thành tốt nhiệm vụ",
    "HT": "Hoàn thành nhiệm vụ",
    "KHT": "Không hoàn thành nhiệm vụ",
}
SCOPES = {"BASE": 1, "PROVINCE": 2, "NATIONAL": 3}
SCOPE_NAMES = {"BASE": "cấp cơ sở", "PROVINCE": "cấp tỉnh", "NATIONAL": "toàn quốc"}
BASIS_NAMES = {
    "CONG_TRANG": "khen thưởng công trạng",
    "DOT_XUAT": "khen thưởng đột xuất",
    "PHONG_TRAO": "khen thưởng phong trào thi đua (theo đợt, chuyên đề)",
    "CONG_HIEN": "khen thưởng quá trình cống hiến",
    "NIEN_HAN": "khen thưởng niên hạn",
    "DOI_NGOAI": "khen thưởng đối ngoại",
}
# Award codes that count as another code in chains.
ALIASES = {"CSTDCS_2026": "CSTDCS"}

LUAT = "Luật Thi đua, khen thưởng 2022"


def years_text(years) -> str:
    return ", ".join(str(y) for y in years)


def span_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def percent(value: Decimal | float, digits: int = 1) -> str:
    return f"{float(value) * 100:.{digits}f}".replace(".", ",") + "%"


def quota_percent(value) -> str:
    """0.15 → "15%", 0.125 → "12,5%"."""
    number = Decimal(str(value)) * 100
    text = format(number.normalize(), "f")
    return text.replace(".", ",") + "%"


def _vdate(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------------------------
# The per-subject index
# --------------------------------------------------------------------------------------------


class Index:
    """What the predicates read, precomputed once per (SubjectFacts, school-year mode)."""

    __slots__ = (
        "facts",
        "tainted",
        "ratings",
        "awards",
        "lost",
        "init",
        "sci",
        "discipline_text",
        "last_discipline_end",
        "memo",
    )

    def __init__(self, facts: SubjectFacts, school_mode: bool):
        self.facts = facts
        self.memo: dict = {}
        tainted: dict[int, str] = {}
        last_end = None
        for d in facts.disciplines:
            text = f"{_vdate(d.start)}–{_vdate(d.end)}"
            for year in range(d.start.year - 1, d.end.year + 2):
                if school_mode:  # school year Y = 01/09/(Y-1) … 31/08/Y
                    first, last = dt.date(year - 1, 9, 1), dt.date(year, 8, 31)
                else:
                    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
                if d.start <= last and d.end >= first:
                    tainted.setdefault(year, text)
            if last_end is None or d.end > last_end:
                last_end = d.end
        self.tainted = tainted
        self.last_discipline_end = last_end
        grades = GRADES.get
        if tainted:
            self.ratings = {y: grades(g, -1) for y, g in facts.ratings.items() if y not in tainted}
        else:
            self.ratings = {y: grades(g, -1) for y, g in facts.ratings.items()}
        awards: dict[str, set[int]] = {}
        # Why an award of a year does not count: code → {year: reason}
        lost: dict[str, dict[int, str]] = {}
        for a in facts.awards:
            code = a.code
            if code in ALIASES:
                code = ALIASES[code]
            if a.revoked:
                lost.setdefault(code, {})[a.year] = "quyết định đã bị hủy bỏ"
            elif tainted and a.year in tainted:
                lost.setdefault(code, {})[a.year] = "trùng thời gian thi hành kỷ luật"
            elif a.basis != CONG_TRANG:
                lost.setdefault(code, {}).setdefault(
                    a.year, f"là {BASIS_NAMES.get(a.basis, a.basis)}, không làm căn cứ khen thưởng công trạng"
                )
            else:
                held = awards.get(code)
                if held is None:
                    awards[code] = {a.year}
                else:
                    held.add(a.year)
        for code, years in lost.items():  # a valid award of the same year wins over a lost one
            held = awards.get(code, ())
            for y in list(years):
                if y in held:
                    del years[y]
        self.awards = awards
        self.lost = lost
        init: dict[int, list[int]] = {}
        sci: dict[int, list[int]] = {}
        for i in facts.initiatives:
            if i.year in tainted:
                continue
            level = SCOPES.get(i.scope, 0)
            row = (sci if i.science_work else init).setdefault(i.year, [0, 0, 0, 0])
            for lv in range(1, level + 1):  # row[lv] = number recognised at scope ≥ lv
                row[lv] += 1
        self.init = init
        self.sci = sci

    def has(self, code: str, year: int) -> bool:
        years = self.awards.get(code)
        return years is not None and year in years

    def count(self, table: dict, first: int, last: int, level: int) -> int:
        total = 0
        for y in range(first, last + 1):
            row = table.get(y)
            if row:
                total += row[level]
        return total


_INDEX_CACHE: dict[tuple[int, bool], tuple[SubjectFacts, Index]] = {}
_INDEX_CACHE_MAX = 4096


def index_for(facts: SubjectFacts, school_mode: bool) -> Index:
    """The index of `facts`, built once and reused while the same object is evaluated.

    Keyed by id(); the cache keeps a reference to the facts, so an id cannot be reused by
    another object while its entry is alive. The cache is bounded (oldest entries dropped).
    """
    key = (id(facts), school_mode)
    hit = _INDEX_CACHE.get(key)
    if hit is not None and hit[0] is facts:
        return hit[1]
    ix = Index(facts, school_mode)
    if len(_INDEX_CACHE) >= _INDEX_CACHE_MAX:
        for old in list(_INDEX_CACHE)[: _INDEX_CACHE_MAX // 4]:
            del _INDEX_CACHE[old]
    _INDEX_CACHE[key] = (facts, ix)
    return ix


# --------------------------------------------------------------------------------------------
# Evaluation state passed to the nodes
# --------------------------------------------------------------------------------------------


class Ev:
    """One evaluation: the subject index, the year, the context and the confirmations."""

    __slots__ = ("ix", "facts", "year", "ctx", "params", "all_confirmed", "confirmed", "names", "trees")

    def __init__(self, ix, year, ctx, confirmed, names, trees):
        self.ix = ix
        self.facts = ix.facts
        self.year = year
        self.ctx = ctx
        self.params = ctx.params
        self.all_confirmed = confirmed == "all"
        self.confirmed = confirmed if not self.all_confirmed else frozenset()
        self.names = names
        self.trees = trees  # callable(code, kind) -> the CONG_TRANG criteria tree of another award

    def subtree(self, code: str, year: int):
        """(state, checks) of another award's criteria for this subject in `year`, memoised on the index."""
        key = (code, year, id(self.ctx), self.confirmed if not self.all_confirmed else "all")
        memo = self.ix.memo
        hit = memo.get(key)
        if hit is not None and hit[0] is self.ctx:
            return hit[1]
        memo[key] = (self.ctx, (FAIL, ()))  # guards against cycles
        node = self.trees(code, self.facts.kind)
        if node is None:
            result = (FAIL, ())
        else:
            ev = self if year == self.year else Ev(self.ix, year, self.ctx, self.confirmed, self.names, self.trees)
            if self.all_confirmed:
                ev.all_confirmed = True
            result = node.run(ev)
        memo[key] = (self.ctx, result)
        return result

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def param(self, key: str, default=None):
        return self.params.get(key, default)

    def unverified(self, key: str | None) -> bool:
        return key is not None and key in self.ctx.param_unverified


# Checks are immutable: share identical ones between calls (most "met" messages repeat).
_CHECK_CACHE: dict[tuple, Check] = {}


def make_check(code, label, status, message, citation, unverified=False, judgement=False) -> Check:
    key = (code, status, message, citation, unverified, judgement)
    c = _CHECK_CACHE.get(key)
    if c is None:
        if len(_CHECK_CACHE) > 50_000:
            _CHECK_CACHE.clear()
        c = Check(code, label, status, message, citation, unverified, judgement)
        _CHECK_CACHE[key] = c
    return c


# --------------------------------------------------------------------------------------------
# Composite nodes
# --------------------------------------------------------------------------------------------


class NotMemoisable(Exception):
    """Raised by `Node.sig` for a node whose inputs are not described (its tree is then always run)."""


class Node:
    __slots__ = ()

    def run(self, ev: Ev):  # pragma: no cover - interface
        raise NotImplementedError

    def sig(self, ev: Ev, depth: int = 0):
        """Everything `run(ev)` reads beyond the evaluation's context, year and cross-cutting key: two
        subjects with equal signatures get equal results (the engine memoises on it)."""
        raise NotMemoisable(type(self).__name__)

    def judgement_codes(self) -> list[str]:
        return []

    def earliest(self, year: int, rd: Reach) -> int | None:
        """The earliest year of facts `run` may read when deciding about `year` (ratings, awards,
        initiatives, members); None when it may read any earlier year. Bulk loaders read only that
        window (engine.first_year_read), so a node must never read before what it declares."""
        return None


class Reach:
    """What `Node.earliest` needs: the subject kind, the rule parameters and the other awards' trees."""

    __slots__ = ("kind", "params", "trees", "depth")

    def __init__(self, kind: str, params: dict, trees, depth: int = 0):
        self.kind, self.params, self.trees, self.depth = kind, params, trees, depth

    def param(self, key, default):
        return int(self.params.get(key, default)) if key else default

    def subtree(self, code: str, year: int) -> int | None:
        """The earliest year another award's criteria read for `year` (None: unbounded or too deep)."""
        if self.depth > 8:
            return None
        node = self.trees(code, self.kind)
        if node is None:
            return year
        return node.earliest(year, Reach(self.kind, self.params, self.trees, self.depth + 1))


def earliest_of(*years: int | None) -> int | None:
    """The earliest of several reaches (None, "unbounded", wins)."""
    if any(y is None for y in years):
        return None
    return min(years)


class _Composite(Node):
    """A node over child nodes: All and Any differ only in how they combine the children's states."""

    __slots__ = ("children",)

    def __init__(self, *children: Node):
        self.children = children

    def sig(self, ev, depth=0):
        return tuple([child.sig(ev, depth) for child in self.children])

    def judgement_codes(self):
        return [c for child in self.children for c in child.judgement_codes()]

    def earliest(self, year, rd):
        return earliest_of(*(child.earliest(year, rd) for child in self.children))


class All(_Composite):
    """Met when every child is met; pending when none fails but some judgement is unconfirmed."""

    __slots__ = ()

    def run(self, ev):
        state = OK
        checks: list = []
        for child in self.children:
            s, cs = child.run(ev)
            if s < state:
                state = s
            checks.extend(cs)
        return state, checks


class Any(_Composite):
    """Met when some branch is met (its checks are reported); else pending; else every branch's checks."""

    __slots__ = ()

    def run(self, ev):
        results = []
        for child in self.children:
            s, cs = child.run(ev)
            if s == OK:
                return OK, cs
            results.append((s, cs))
        for s, cs in results:
            if s == PENDING:
                return PENDING, cs
        # Every branch failed: report them all, the first unmet condition of each later branch marked
        # as an alternative, so that "còn thiếu: A; hoặc B" does not read as if both were needed.
        checks: list = []
        for i, (_, cs) in enumerate(results):
            first = i > 0
            for c in cs:
                if first and c.status == UNMET:
                    c = replace(c, message=f"hoặc {c.message}")
                    first = False
                checks.append(c)
        return FAIL, checks


class OnlyIf(Node):
    """A branch that exists only for some subjects (armed forces, direct workers); silent otherwise."""

    __slots__ = ("attr", "child")

    def __init__(self, attr: str, child: Node):
        self.attr = attr
        self.child = child

    def sig(self, ev, depth=0):
        if not getattr(ev.facts, self.attr, False):
            return False
        return (True, self.child.sig(ev, depth))

    def run(self, ev):
        if not getattr(ev.facts, self.attr, False):
            return FAIL, ()
        return self.child.run(ev)

    def earliest(self, year, rd):
        return self.child.earliest(year, rd)

    def judgement_codes(self):
        return self.child.judgement_codes()


class IfParam(Node):
    """A condition that applies only when a boolean rule parameter is on."""

    __slots__ = ("key", "child")

    def __init__(self, key: str, child: Node):
        self.key = key
        self.child = child

    def sig(self, ev, depth=0):
        if not ev.param(self.key, False):
            return False
        return (True, self.child.sig(ev, depth))

    def run(self, ev):
        if not ev.param(self.key, False):
            return OK, ()
        return self.child.run(ev)

    def earliest(self, year, rd):
        return self.child.earliest(year, rd) if rd.params.get(self.key, False) else year

    def judgement_codes(self):
        return self.child.judgement_codes()


# --------------------------------------------------------------------------------------------
# Leaves
# --------------------------------------------------------------------------------------------


class Leaf(Node):
    __slots__ = ("code", "label", "citation", "unverified", "param_key")

    def earliest(self, year, rd):
        """Leaves read the year under review only, unless they say otherwise below."""
        return year

    def _check(self, ev, ok: bool, message: str, label: str | None = None):
        unverified = self.unverified or ev.unverified(self.param_key)
        status = MET if ok else UNMET
        return (OK if ok else FAIL), (
            make_check(self.code, label or self.label, status, message, self.citation, unverified),
        )


class Judgement(Leaf):
    """A condition a person must judge and confirm (unity, outstanding, leading a cluster…)."""

    __slots__ = ("_done", "_todo")

    def __init__(self, code: str, label: str, citation: str, unverified: bool = False):
        self.code, self.label, self.citation, self.unverified, self.param_key = code, label, citation, unverified, None
        done = Check(code, label, CONFIRMED, "đã xác nhận", citation, unverified, True)
        todo = Check(code, label, CONFIRM, "cần người có thẩm quyền xác nhận", citation, unverified, True)
        self._done, self._todo = (OK, (done,)), (PENDING, (todo,))

    def sig(self, ev, depth=0):
        return ev.all_confirmed or self.code in ev.confirmed

    def run(self, ev):
        if ev.all_confirmed or self.code in ev.confirmed:
            return self._done
        return self._todo

    def judgement_codes(self):
        return [self.code]


class Info(Leaf):
    """An explanation that does not decide (e.g. a quota checked on the whole list)."""

    __slots__ = ("message", "_variants")

    def __init__(self, code, label, message, citation, unverified=False, param_key=None):
        self.code, self.label, self.message, self.citation = code, label, message, citation
        self.unverified, self.param_key = unverified, param_key
        self._variants = {
            flag: (OK, (Check(code, label, NOT_APPLICABLE, message, citation, flag),)) for flag in (False, True)
        }

    def sig(self, ev, depth=0):
        return None

    def run(self, ev):
        return self._variants[self.unverified or ev.unverified(self.param_key)]


class Rating(Leaf):
    """The task-completion rating of year y+offset is at least `at_least` (exactly, for HTXS)."""

    __slots__ = ("at_least", "offset")

    def __init__(self, at_least: str, citation: str, offset: int = 0, unverified: bool = False, label: str = ""):
        self.at_least, self.offset, self.citation, self.unverified, self.param_key = (
            at_least,
            offset,
            citation,
            unverified,
            None,
        )
        self.code = f"rating_at_least_{at_least.lower()}"
        need = GRADE_NAMES[at_least] if at_least == "HTXS" else f"từ {GRADE_NAMES[at_least]} trở lên"
        self.label = label or f"Xếp loại {need}"

    def sig(self, ev, depth=0):
        year = ev.year + self.offset
        tainted = ev.ix.tainted
        return (ev.facts.ratings.get(year), tainted.get(year) if tainted else None)

    def earliest(self, year, rd):
        return min(year, year + self.offset)

    def run(self, ev):
        year = ev.year + self.offset
        key = (year, ev.facts.ratings.get(year), ev.ix.tainted.get(year))
        hit = _RATING_CACHE.get((self, key))
        if hit is not None:
            return hit
        got = ev.ix.ratings.get(year)
        if got is not None and got >= GRADES[self.at_least]:
            result = self._check(ev, True, f"xếp loại năm {year}: {GRADE_NAMES[ev.facts.ratings[year]]}")
        else:
            result = self._check(ev, False, _rating_gap(ev, year, self.at_least))
        if len(_RATING_CACHE) > 10_000:
            _RATING_CACHE.clear()
        _RATING_CACHE[(self, key)] = result
        return result


_RATING_CACHE: dict = {}
_LEAF_CACHE: dict = {}


def _remember(key, result):
    if len(_LEAF_CACHE) > 50_000:
        _LEAF_CACHE.clear()
    _LEAF_CACHE[key] = result
    return result


def _rating_gap(ev, year: int, at_least: str) -> str:
    need = GRADE_NAMES[at_least] if at_least == "HTXS" else f"từ {GRADE_NAMES[at_least]} trở lên"
    if year in ev.ix.tainted:
        return f"năm {year} trùng thời gian thi hành kỷ luật ({ev.ix.tainted[year]}) — thành tích không được tính"
    raw = ev.facts.ratings.get(year)
    if raw is None:
        return f"chưa có xếp loại năm {year} — cần {need}"
    return f"xếp loại năm {year}: {GRADE_NAMES.get(raw, raw)} — cần {need}"


class ConsecutiveRatings(Leaf):
    """Rating at least `grade` in each of the n calendar years ending at y (n may be a parameter)."""

    __slots__ = ("grade", "n")

    def __init__(self, grade: str, citation: str, n: int = 0, param: str | None = None, unverified=False):
        self.grade, self.n, self.param_key, self.citation, self.unverified = grade, n, param, citation, unverified
        self.code = f"consec_{grade.lower()}_{param or n}"
        self.label = f"{'N' if param else n} năm liên tục {GRADE_NAMES[grade]}"
        if grade != "HTXS":
            self.label = f"{'N' if param else n} năm liên tục từ {GRADE_NAMES[grade]} trở lên"

    def sig(self, ev, depth=0):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        ratings, tainted = ev.facts.ratings, ev.ix.tainted
        years = range(ev.year - n + 1, ev.year + 1)
        return (n, tuple([ratings.get(y) for y in years]), tuple([tainted.get(y) for y in years]) if tainted else None)

    def earliest(self, year, rd):
        return year - rd.param(self.param_key, self.n) + 1

    def run(self, ev):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        need = GRADES[self.grade]
        first = ev.year - n + 1
        ratings = ev.ix.ratings
        gaps = [y for y in range(first, ev.year + 1) if ratings.get(y, -1) < need]
        if not gaps:
            return self._check(ev, True, f"{GRADE_NAMES[self.grade]} {n} năm liên tục {span_text(first, ev.year)}")
        return self._check(ev, False, "; ".join(_rating_gap(ev, y, self.grade) for y in gaps))


def _award_gap_text(ev, code: str, years) -> str:
    lost = ev.ix.lost.get(code, {})
    parts = []
    for y in years:
        reason = lost.get(y)
        parts.append(f"{y} ({reason})" if reason else str(y))
    return f"còn thiếu: {ev.name(code)} năm {', '.join(parts)}"


def _subtree_sig(ev, code: str, depth: int):
    """The signature of another award's criteria for this subject in the year under review."""
    if depth > 8:
        raise NotMemoisable(code)
    node = ev.trees(code, ev.facts.kind)
    return None if node is None else node.sig(ev, depth + 1)


class _AwardLeaf(Leaf):
    __slots__ = ("award", "current_may_qualify")

    def _earliest(self, first: int, year: int, rd) -> int | None:
        """`first`, or earlier when the award's own criteria are evaluated for the year under review."""
        if self.current_may_qualify:
            return earliest_of(first, rd.subtree(self.award, year))
        return first

    def _year_state(self, ev, year: int):
        """(state, extra checks) of `award` in `year`: held → OK; for the year under review only,
        not yet decided but its own criteria hold → OK/PENDING (its judgement items bubble up)."""
        if ev.ix.has(self.award, year):
            return OK, ()
        if self.current_may_qualify and year == ev.year and year not in ev.ix.lost.get(self.award, {}):
            state, checks = ev.subtree(self.award, year)
            if state != FAIL:
                return state, [c for c in checks if c.judgement]
        return FAIL, ()


class HasAward(_AwardLeaf):
    """has(T, x, y+offset); for the year under review, also "meets the criteria of T" (not decided yet)."""

    __slots__ = ("offset",)

    def __init__(self, award: str, citation: str, offset: int = 0, current_may_qualify=True, unverified=False):
        self.award, self.offset, self.citation, self.unverified, self.param_key = (
            award,
            offset,
            citation,
            unverified,
            None,
        )
        self.current_may_qualify = current_may_qualify
        self.code = f"has_{award.lower()}" + (f"_{-offset}" if offset else "")
        self.label = ""

    def earliest(self, year, rd):
        return self._earliest(min(year, year + self.offset), year, rd)

    def sig(self, ev, depth=0):
        year = ev.year + self.offset
        ix = ev.ix
        if ix.has(self.award, year):
            return True
        lost = ix.lost.get(self.award)
        if not self.current_may_qualify or year != ev.year or (lost is not None and year in lost):
            return None if lost is None else lost.get(year)
        return ("criteria", _subtree_sig(ev, self.award, depth))

    def run(self, ev):
        year = ev.year + self.offset
        ix = ev.ix
        held = ix.has(self.award, year)
        lost = ix.lost.get(self.award)
        if held or not self.current_may_qualify or year != ev.year or (lost is not None and year in lost):
            # No sub-tree to run: the result depends only on these (memoised).
            reason = None if held or lost is None else lost.get(year)
            key = (self, year, ev.name(self.award), held, reason)
            hit = _LEAF_CACHE.get(key)
            if hit is not None:
                return hit
            return _remember(key, self._run(ev))
        return self._run(ev)

    def _run(self, ev):
        year = ev.year + self.offset
        name = ev.name(self.award)
        label = f"Đạt danh hiệu {name} năm xét"
        state, extra = self._year_state(ev, year)
        if state == FAIL:
            c = make_check(
                self.code, label, UNMET, _award_gap_text(ev, self.award, [year]), self.citation, self.unverified
            )
            return FAIL, (c,)
        held = ev.ix.has(self.award, year)
        message = (
            f"đạt {name} năm {year}" if held else f"đủ tiêu chuẩn {name} năm {year} (chưa có quyết định công nhận)"
        )
        return state, (make_check(self.code, label, MET, message, self.citation, self.unverified), *extra)


class ConsecutiveAward(_AwardLeaf):
    """consec(T, n, y): T held in each of the n calendar years ending at y (n may be a parameter)."""

    __slots__ = ("n",)

    def __init__(self, award, n, citation, param=None, current_may_qualify=True, unverified=False):
        self.award, self.n, self.citation, self.param_key, self.unverified = award, n, citation, param, unverified
        self.current_may_qualify = current_may_qualify
        self.code = f"consec_{award.lower()}_{n}"
        self.label = ""

    def earliest(self, year, rd):
        return self._earliest(year - rd.param(self.param_key, self.n) + 1, year, rd)

    def sig(self, ev, depth=0):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        ix = ev.ix
        held = ix.awards.get(self.award, ())
        lost = ix.lost.get(self.award)
        years = range(ev.year - n + 1, ev.year + 1)
        current = None
        if self.current_may_qualify and ev.year not in held and (lost is None or ev.year not in lost):
            current = _subtree_sig(ev, self.award, depth)
        return (n, tuple([y in held for y in years]), tuple([lost.get(y) for y in years]) if lost else None, current)

    def run(self, ev):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        if self.current_may_qualify:
            return self._run(ev, n)
        # Only decided awards count: the result depends only on these (memoised).
        ix = ev.ix
        held = ix.awards.get(self.award, ())
        lost = ix.lost.get(self.award)
        years = range(ev.year - n + 1, ev.year + 1)
        key = (
            self,
            n,
            ev.year,
            ev.name(self.award),
            self.unverified or ev.unverified(self.param_key),
            tuple(y in held for y in years),
            tuple(lost.get(y) for y in years) if lost else None,
        )
        hit = _LEAF_CACHE.get(key)
        if hit is not None:
            return hit
        return _remember(key, self._run(ev, n))

    def _run(self, ev, n):
        name = ev.name(self.award)
        label = f"{n} năm liên tục đạt {name}"
        first = ev.year - n + 1
        state, extra, gaps, pending_current = OK, [], [], False
        for y in range(first, ev.year + 1):
            s, cs = self._year_state(ev, y)
            if s == FAIL:
                gaps.append(y)
            else:
                if s < state:
                    state = s
                extra.extend(cs)
                if not ev.ix.has(self.award, y):
                    pending_current = True
        unverified = self.unverified or ev.unverified(self.param_key)
        if gaps:
            c = make_check(self.code, label, UNMET, _award_gap_text(ev, self.award, gaps), self.citation, unverified)
            return FAIL, (c,)
        message = f"đạt {name} {n} năm liên tục {span_text(first, ev.year)}"
        if pending_current:
            message += f" (năm {ev.year}: đủ tiêu chuẩn, chưa có quyết định công nhận)"
        return state, (make_check(self.code, label, MET, message, self.citation, unverified), *extra)


class ConsecutiveAwards(_AwardLeaf):
    """n consecutive awards of a multi-year title (period p years each): held in y, y−p, …, y−(n−1)p."""

    __slots__ = ("n", "period")

    def __init__(self, award, n, period, citation, current_may_qualify=True, unverified=False):
        self.award, self.n, self.period, self.citation = award, n, period, citation
        self.current_may_qualify, self.unverified, self.param_key = current_may_qualify, unverified, None
        self.code = f"consec_awards_{award.lower()}_{n}"

    def earliest(self, year, rd):
        return self._earliest(year - (self.n - 1) * self.period, year, rd)

    def run(self, ev):
        name = ev.name(self.award)
        label = f"{self.n} lần liên tục đạt {name}"
        years = [ev.year - k * self.period for k in range(self.n - 1, -1, -1)]
        state, extra, gaps = OK, [], []
        for y in years:
            s, cs = self._year_state(ev, y)
            if s == FAIL:
                gaps.append(y)
            else:
                state = min(state, s)
                extra.extend(cs)
        if gaps:
            c = make_check(
                self.code, label, UNMET, _award_gap_text(ev, self.award, gaps), self.citation, self.unverified
            )
            return FAIL, (c,)
        message = f"đạt {name} {self.n} lần liên tục: {years_text(years)}"
        return state, (make_check(self.code, label, MET, message, self.citation, self.unverified), *extra)


class CountAwards(Leaf):
    """At least n awards of any of `awards` in the `window` years ending at y (CONG_TRANG, not revoked)."""

    __slots__ = ("awards", "n", "window")

    def __init__(self, awards, n, window, citation, unverified=False, label=""):
        self.awards = (awards,) if isinstance(awards, str) else tuple(awards)
        self.n, self.window, self.citation, self.unverified, self.param_key = n, window, citation, unverified, None
        self.code = f"count_{'_'.join(a.lower() for a in self.awards)}_{n}"
        self.label = label

    def earliest(self, year, rd):
        return year - self.window + 1

    def run(self, ev):
        first = ev.year - self.window + 1
        names = " hoặc ".join(ev.name(a) for a in self.awards)
        label = self.label or f"Có ít nhất {self.n} lần {names} trong {self.window} năm"
        found = sorted(y for a in self.awards for y in ev.ix.awards.get(a, ()) if first <= y <= ev.year)
        if len(found) >= self.n:
            message = f"{names}: {len(found)} lần ({years_text(found)}) trong {span_text(first, ev.year)}"
            return OK, (make_check(self.code, label, MET, message, self.citation, self.unverified),)
        message = f"{names} trong {span_text(first, ev.year)}: {len(found)} lần — cần ít nhất {self.n}"
        return FAIL, (make_check(self.code, label, UNMET, message, self.citation, self.unverified),)


class PriorAward(Leaf):
    """has_prior(T, x, t0) with t0 ≤ y − gap: a CONG_TRANG award of T before the n-year run that follows it."""

    __slots__ = ("awards", "gap", "gap_param")

    def __init__(self, awards, citation, gap=0, gap_param=None, unverified=False):
        self.awards = (awards,) if isinstance(awards, str) else tuple(awards)
        self.gap, self.gap_param, self.citation, self.unverified = gap, gap_param, citation, unverified
        self.param_key = gap_param
        self.code = f"prior_{'_'.join(a.lower() for a in self.awards)}"

    def earliest(self, year, rd):
        return None  # any earlier year

    def run(self, ev):
        gap = int(ev.param(self.gap_param, self.gap)) if self.gap_param else self.gap
        latest_allowed = ev.year - gap
        names = " hoặc ".join(ev.name(a) for a in self.awards)
        label = f"Đã được tặng {names} trước đó"
        found = [y for a in self.awards for y in ev.ix.awards.get(a, ()) if y <= latest_allowed]
        unverified = self.unverified or ev.unverified(self.param_key)
        if found:
            message = f"đã được tặng {names} năm {max(found)}"
            return OK, (make_check(self.code, label, MET, message, self.citation, unverified),)
        later = sorted(y for a in self.awards for y in ev.ix.awards.get(a, ()) if y > latest_allowed)
        message = f"chưa có {names} từ năm {latest_allowed} trở về trước"
        if later:
            message += f" (lần gần nhất năm {later[-1]}, chưa đủ {gap} năm)"
        return FAIL, (make_check(self.code, label, UNMET, message, self.citation, unverified),)


class Initiatives(Leaf):
    """SK(x, scope ≥ min_scope, [y−window+1 .. y]) ≥ n.

    science: "combined" = initiatives and science works counted together; "separate" = n
    initiatives or n science works; "none" = initiatives only.
    """

    __slots__ = ("scope", "window", "n", "science")

    def __init__(self, scope, window, n, citation, science="combined", param=None, unverified=False, label=""):
        self.scope, self.window, self.n, self.science = scope, window, n, science
        self.citation, self.param_key, self.unverified = citation, param, unverified
        self.code = f"initiatives_{scope.lower()}_{window}y"
        self.label = label

    def earliest(self, year, rd):
        return year - self.window + 1

    def sig(self, ev, depth=0):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        first = ev.year - self.window + 1
        level = SCOPES[self.scope]
        ix = ev.ix
        k = ix.count(ix.init, first, ev.year, level) if ix.init else 0
        s = ix.count(ix.sci, first, ev.year, level) if ix.sci else 0
        tainted = bool(ix.tainted) and any(y in ix.tainted for y in range(first, ev.year + 1))
        return (n, k, s, tainted)

    def run(self, ev):
        n = int(ev.param(self.param_key, self.n)) if self.param_key else self.n
        first = ev.year - self.window + 1
        level = SCOPES[self.scope]
        ix = ev.ix
        k = ix.count(ix.init, first, ev.year, level) if ix.init else 0
        s = ix.count(ix.sci, first, ev.year, level) if ix.sci else 0
        tainted = bool(ix.tainted) and any(y in ix.tainted for y in range(first, ev.year + 1))
        unverified = self.unverified or ev.unverified(self.param_key)
        key = (self, n, ev.year, k, s, tainted, unverified)
        hit = _LEAF_CACHE.get(key)
        if hit is not None:
            return hit
        return _remember(key, self._result(n, first, ev.year, level, k, s, tainted, unverified))

    def _result(self, n, first, year, level, k, s, tainted, unverified):
        scope = SCOPE_NAMES[self.scope]
        where = f"{span_text(first, year)}"
        if self.science == "combined":
            ok = k + s >= n
            what = f"sáng kiến hoặc đề tài, công trình khoa học {scope}" + (" trở lên" if level < 3 else "")
            label = self.label or f"Có ít nhất {n} {what} ({self.window} năm)"
            message = f"{where}: {k} sáng kiến, {s} đề tài khoa học {scope}" + (" trở lên" if level < 3 else "")
        elif self.science == "separate":
            ok = k >= n or s >= n
            label = self.label or f"Có {n} sáng kiến hoặc {n} đề tài, công trình khoa học {scope}"
            message = f"{where}: {k} sáng kiến, {s} đề tài khoa học {scope}" + (" trở lên" if level < 3 else "")
        else:
            ok = k >= n
            label = self.label or f"Có ít nhất {n} sáng kiến {scope}"
            message = f"{where}: {k} sáng kiến {scope}" + (" trở lên" if level < 3 else "")
        if not ok:
            need = f"{n} sáng kiến hoặc {n} đề tài" if self.science == "separate" else str(n)
            message += f" — cần {need}"
            if tainted:
                message += " (không tính năm trùng thời gian kỷ luật)"
        return (OK if ok else FAIL), (
            make_check(self.code, label, MET if ok else UNMET, message, self.citation, unverified),
        )


MEMBER_FIELDS = {
    "ldtt": "đạt Lao động tiên tiến",
    "cstdcs": "đạt Chiến sĩ thi đua cơ sở",
    "rated_at_least_ht": "hoàn thành nhiệm vụ trở lên",
    "rated_htxs": "hoàn thành xuất sắc nhiệm vụ",
    "women": "là nữ",
    "disciplined_warning": "bị kỷ luật từ cảnh cáo trở lên",
}


def _members(ev):
    return ev.facts.members.get(ev.year)


def _no_members(self, ev, label):
    return FAIL, (
        make_check(
            self.code,
            label,
            UNMET,
            f"chưa có số liệu thành viên năm {ev.year}",
            self.citation,
            self.unverified or ev.unverified(self.param_key),
        ),
    )


class MemberShare(Leaf):
    """share(members, field) > / ≥ the rule parameter `param`."""

    __slots__ = ("field", "op")

    def __init__(self, field, op, param, citation, unverified=False):
        self.field, self.op, self.param_key, self.citation, self.unverified = field, op, param, citation, unverified
        self.code = f"member_share_{field}"

    def sig(self, ev, depth=0):
        m = _members(ev)
        return (ev.param(self.param_key), None if m is None else (m.total, getattr(m, self.field)))

    def run(self, ev):
        raw = ev.param(self.param_key)
        m = _members(ev)
        unverified = self.unverified or ev.unverified(self.param_key)
        key = (self, raw, unverified, None if m is None else (m.total, getattr(m, self.field)), ev.year)
        hit = _LEAF_CACHE.get(key)
        if hit is not None:
            return hit
        threshold = Decimal(str(raw))
        word = "trên" if self.op == ">" else "ít nhất"
        label = f"{word.capitalize()} {quota_percent(threshold)} thành viên {MEMBER_FIELDS[self.field]}"
        if m is None or not m.total:
            result = _no_members(self, ev, label)
        else:
            count = getattr(m, self.field)
            share = Decimal(count) / Decimal(m.total)
            ok = share > threshold if self.op == ">" else share >= threshold
            message = f"{count}/{m.total} thành viên {MEMBER_FIELDS[self.field]} ({percent(share)})"
            if not ok:
                message += f" — cần {word} {quota_percent(threshold)}"
            result = self._check(ev, ok, message, label)
        return _remember(key, result)


class _MemberCount(Leaf):
    """A leaf reading one member count of the year: its fingerprint is (total, that count)."""

    __slots__ = ()

    def sig(self, ev, depth=0):
        m = _members(ev)
        return None if m is None else (m.total, getattr(m, self.field))


class MembersAll(_MemberCount):
    """Every member satisfies `field` (e.g. 100% rated HT or better)."""

    __slots__ = ("field",)

    def __init__(self, field, citation, unverified=False):
        self.field, self.citation, self.unverified, self.param_key = field, citation, unverified, None
        self.code = f"members_all_{field}"
        self.label = f"100% thành viên {MEMBER_FIELDS[field]}"

    def run(self, ev):
        m = _members(ev)
        if m is None or not m.total:
            return _no_members(self, ev, self.label)
        count = getattr(m, self.field)
        ok = count >= m.total
        message = f"{count}/{m.total} thành viên {MEMBER_FIELDS[self.field]}" + ("" if ok else " — cần 100%")
        return self._check(ev, ok, message)


class MembersAtLeast(_MemberCount):
    """At least n members satisfy `field` (e.g. one CSTĐCS)."""

    __slots__ = ("field", "n")

    def __init__(self, field, n, citation, unverified=False):
        self.field, self.n, self.citation, self.unverified, self.param_key = field, n, citation, unverified, None
        self.code = f"members_{field}_{n}"
        self.label = f"Có ít nhất {n} thành viên {MEMBER_FIELDS[field]}"

    def run(self, ev):
        m = _members(ev)
        if m is None:
            return _no_members(self, ev, self.label)
        count = getattr(m, self.field)
        ok = count >= self.n
        message = f"{count} thành viên {MEMBER_FIELDS[self.field]}" + ("" if ok else f" — cần ít nhất {self.n}")
        return self._check(ev, ok, message)


class MembersNone(_MemberCount):
    """No member satisfies `field` (e.g. no member disciplined at warning level or above)."""

    __slots__ = ("field",)

    def __init__(self, field, citation, unverified=False, param=None):
        self.field, self.citation, self.unverified, self.param_key = field, citation, unverified, param
        self.code = f"members_no_{field}"
        self.label = f"Không có thành viên {MEMBER_FIELDS[field]}"

    def run(self, ev):
        m = _members(ev)
        if m is None:
            return _no_members(self, ev, self.label)
        count = getattr(m, self.field)
        message = (
            f"không có thành viên {MEMBER_FIELDS[self.field]}"
            if not count
            else (f"{count} thành viên {MEMBER_FIELDS[self.field]}")
        )
        return self._check(ev, count == 0, message)


class MonthsWorked(Leaf):
    """Worked at least the parameter's months in the year; maternity leave counts as worked (P4)."""

    __slots__ = ()

    def __init__(self, param, citation, unverified=False):
        self.param_key, self.citation, self.unverified = param, citation, unverified
        self.code = "months_worked"
        self.label = "Đủ thời gian làm việc trong năm (thời gian nghỉ thai sản được tính)"

    def sig(self, ev, depth=0):
        year = ev.year
        facts = ev.facts
        return (facts.months_worked.get(year), facts.maternity_months.get(year, 0), ev.param(self.param_key, 10))

    def run(self, ev):
        worked = ev.facts.months_worked.get(ev.year)
        minimum = int(ev.param(self.param_key, 10))
        if worked is None:
            return self._check(ev, True, f"làm việc đủ năm {ev.year}")
        maternity = ev.facts.maternity_months.get(ev.year, 0)
        total = min(12, worked + maternity)
        message = f"làm việc {total} tháng năm {ev.year}"
        if maternity:
            message += f" (kể cả {maternity} tháng nghỉ thai sản)"
        message += f" — {'đủ' if total >= minimum else 'cần'} tối thiểu {minimum} tháng"
        return self._check(ev, total >= minimum, message)


class Never(Leaf):
    """A condition that cannot be met (e.g. an award used outside its legal scope)."""

    __slots__ = ("message",)

    def __init__(self, code, label, message, citation, unverified=False):
        self.code, self.label, self.message, self.citation = code, label, message, citation
        self.unverified, self.param_key = unverified, None

    def sig(self, ev, depth=0):
        return None

    def run(self, ev):
        return self._check(ev, False, self.message)


class FactFlag(Leaf):
    """A yes/no fact of the subject (e.g. belongs to the armed forces)."""

    __slots__ = ("attr", "yes", "no")

    def __init__(self, attr, label, yes, no, citation, unverified=False):
        self.attr, self.label, self.yes, self.no, self.citation = attr, label, yes, no, citation
        self.code, self.unverified, self.param_key = attr, unverified, None

    def sig(self, ev, depth=0):
        return bool(getattr(ev.facts, self.attr, False))

    def run(self, ev):
        ok = bool(getattr(ev.facts, self.attr, False))
        return self._check(ev, ok, self.yes if ok else self.no)
