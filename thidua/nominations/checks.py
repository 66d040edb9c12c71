"""Live checks of dossier lines: eligibility, subject kind, authority, conflicts, embargo, dissolved
units; quotas; what blocks submission.

One parameterised path serves saved lines (`check_lines`) and a line being typed
(`check_draft_line`): both build `_Row`s and hand them to `_check_rows`, which reads everything it
needs in a fixed number of queries whatever the number of rows:

- the rule context (the rule set in force on the dossier's receipt date: `submitted_at`, else today);
- the facts of every subject at once (eligibility selectors for people and units, `_household_facts`
  here for households, which the eligibility selectors do not load);
- one query for the other lines of the same subjects (any dossier, any state, appraisal not REJECTED);
- one query for the subjects' awards (not revoked) in the years the rows cover.

Then, per row (no query):
- eligibility (engine verdict for `year_to`, with the dossier's basis): unmet conditions → blocking
  "còn thiếu: …", or a warning once the line carries a justification; judgement items waiting for a
  person's confirmation are listed as a warning, never a failure; no criteria → appraiser judges;
- the award type must be for this kind of subject (catalogue flags);
- the award's authority must be the dossier's (routing.authority_of);
- conflicts: the same subject and award type, overlapping period, in another line or an award;
  one achievement for two forms of commendation (law.md P7);
- embargo (P3) and dissolved unit (P10), each with its own message (taken out of "còn thiếu").

`record_checks(lines, results)` stores each result on its line (check_eligible, check_blocked,
check_summary); `quota_checks` checks the CSTĐCS quota; `submit_blockers` says what prevents sending.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q
from django.utils import timezone

from thidua.catalog.models import AwardType, Category
from thidua.core.text import vdate
from thidua.decisions.models import Award
from thidua.eligibility.context import context_for
from thidua.eligibility.engine import UnknownAward, evaluate
from thidua.eligibility.facts import HOUSEHOLD, PERSON, UNIT, AwardFact, DisciplineFact, RuleContext, SubjectFacts
from thidua.eligibility.quotas import QuotaCheck, cstdcs_quota_check
from thidua.eligibility.selectors import fact_years, facts_for_people, facts_for_units
from thidua.eligibility.verdict import CONFIRM, UNMET
from thidua.org.models import Unit
from thidua.people.models import AnnualRating, Discipline, Embargo, Household, Person

from . import routing
from .models import Appraisal, Authority, NominationLine

SUMMARY_MAX = 500  # NominationLine.check_summary
CSTDCS_CODES = ("CSTDCS", "CSTDCS_2026")
LDTT_CODES = ("LDTT", "CSTT")
# Danh hiệu thi đua (titles and flags) and procedure rows are not "forms of commendation" for P7.
NOT_FORMS = frozenset({Category.TITLE, Category.FLAG, Category.KIND})
# Engine checks reported by their own issue here (one message per problem).
OWN_ISSUE_CODES = frozenset({"subject_kind", "embargo", "unit_dissolved"})
KIND_NAMES = {PERSON: "cá nhân", UNIT: "tập thể", HOUSEHOLD: "hộ gia đình"}
KIND_FLAGS = ((PERSON, "for_person"), (UNIT, "for_unit"), (HOUSEHOLD, "for_household"))
SUBJECT_FIELDS = {PERSON: "person_id", UNIT: "unit_id", HOUSEHOLD: "household_id"}
MERGER_PARAM = "chains_continue_through_mergers"
DISSOLVED_PARAM = "no_award_to_dissolved_units"

LAW = "Luật Thi đua, khen thưởng 2022"
# law.md P7: the principle is [S], its article number [I].
P7_CITATION = f"{LAW}, Điều 5 (số điều chưa xác minh căn cứ)"
P10_CITATION = "Thông tư 15/2025/TT-BNV"


@dataclass(frozen=True)
class Issue:
    code: str  # stable, e.g. "ineligible", "duplicate_line", "existing_award", "embargo", "dissolved_unit"
    message: str  # Vietnamese
    citation: str = ""
    blocking: bool = True  # blocks submission (an ineligible line is not blocking once justified)


@dataclass(frozen=True)
class LineCheck:
    verdict: object | None  # thidua.eligibility.verdict.Verdict, or None when the engine has no criteria
    eligible: bool | None
    issues: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def blocking(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.blocking)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if not i.blocking)

    @property
    def summary(self) -> str:
        """A short Vietnamese summary for NominationLine.check_summary (≤ 500 characters), e.g.
        "Đủ điều kiện", "Chưa đủ điều kiện Chiến sĩ thi đua cơ sở — còn thiếu: …", "Vướng: Đã có trong hồ sơ …"."""
        parts = []
        blocking = [i.message for i in self.blocking if i.code != "ineligible"]
        if blocking:
            parts.append("Vướng: " + "; ".join(blocking))
        if self.eligible:
            confirm = next((i.message for i in self.issues if i.code == "needs_confirmation"), "")
            parts.append(f"Đủ điều kiện ({confirm})" if confirm else "Đủ điều kiện")
        elif self.eligible is None:
            parts.append("Chưa có tiêu chuẩn tự động — cơ quan thẩm định xem xét")
        else:
            parts.extend(i.message for i in self.issues if i.code in ("ineligible", "ineligible_justified"))
        notes = [i.message for i in self.warnings if i.code == "same_achievement"]
        if notes:
            parts.append("Lưu ý: " + "; ".join(notes))
        return _clip(". ".join(parts) or "Chưa đủ điều kiện")


def _clip(text: str, limit: int = SUMMARY_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- What is checked --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One line to check, saved or being typed."""

    line_id: int | None  # the saved line (None for a draft)
    exclude_id: int | None  # a saved line not to compare with (the line a draft will replace)
    kind: str  # PERSON | UNIT | HOUSEHOLD
    subject_id: int
    award_type: AwardType
    year_from: int
    year_to: int
    justification: str = ""

    @property
    def skip_ids(self) -> frozenset[int]:
        return frozenset(i for i in (self.line_id, self.exclude_id) if i is not None)


def _subject_of(obj) -> tuple[str, int]:
    """(kind, id) of a line (person / unit / household id set) or of a Person / Unit / Household."""
    if isinstance(obj, Person):
        return PERSON, obj.pk
    if isinstance(obj, Unit):
        return UNIT, obj.pk
    if isinstance(obj, Household):
        return HOUSEHOLD, obj.pk
    if getattr(obj, "person_id", None):
        return PERSON, obj.person_id
    if getattr(obj, "unit_id", None):
        return UNIT, obj.unit_id
    if getattr(obj, "household_id", None):
        return HOUSEHOLD, obj.household_id
    raise ValueError("Dòng đề nghị chưa có đối tượng (cá nhân, tập thể hoặc hộ gia đình).")


def receipt_date(nomination) -> dt.date:
    """The criteria date: the day the dossier was sent (received), else today."""
    if nomination.submitted_at:
        return timezone.localdate(nomination.submitted_at)
    return timezone.localdate()


def rule_context_for(nomination) -> RuleContext:
    return context_for(criteria_date=receipt_date(nomination), decision_date=timezone.localdate())


# --- Facts ------------------------------------------------------------------------------------------


def _household_facts(ids, *, years, on: dt.date) -> dict[int, SubjectFacts]:
    """Facts of households (4 queries): ratings of `years`, awards up to the last year, disciplines,
    whether an embargo is in force on `on`. The eligibility selectors load people and units only."""
    years = list(years)
    ids = list(ids)
    ratings = defaultdict(dict)
    for pk, year, grade in AnnualRating.objects.filter(household_id__in=ids, year__in=years).values_list(
        "household_id", "year", "grade"
    ):
        ratings[pk][year] = grade
    awards = defaultdict(list)
    for pk, code, year, revoked, basis in (
        Award.objects.filter(household_id__in=ids, year__lte=max(years))
        .values_list("household_id", "award_type__code", "year", "revoked", "basis")
        .order_by("year", "id")
    ):
        awards[pk].append(AwardFact(code, year, None, revoked, basis or "CONG_TRANG"))
    disciplines = defaultdict(list)
    for pk, start, end, level in Discipline.objects.filter(household_id__in=ids).values_list(
        "household_id", "start_date", "end_date", "level"
    ):
        disciplines[pk].append(DisciplineFact(start, end, level))
    embargoed = set(
        Embargo.objects.filter(household_id__in=ids, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("household_id", flat=True)
    )
    return {
        pk: SubjectFacts(
            kind=HOUSEHOLD,
            ratings=dict(ratings.get(pk, {})),
            awards=tuple(awards.get(pk, ())),
            disciplines=tuple(disciplines.get(pk, ())),
            embargo=pk in embargoed,
        )
        for pk in ids
    }


def _load_facts(rows: list[_Row], ctx: RuleContext, on: dt.date) -> dict[tuple[str, int], SubjectFacts]:
    """(kind, id) → facts, for every subject of `rows` at once (a fixed number of queries per kind)."""
    ids = defaultdict(set)
    for r in rows:
        ids[r.kind].add(r.subject_id)
    years = range(fact_years(min(r.year_to for r in rows)).start, max(r.year_to for r in rows) + 1)
    out = {}
    if ids[PERSON]:
        for pk, f in facts_for_people(sorted(ids[PERSON]), years=years, on=on).items():
            out[PERSON, pk] = f
    if ids[UNIT]:
        merged = bool(ctx.params.get(MERGER_PARAM, True))
        for pk, f in facts_for_units(sorted(ids[UNIT]), years=years, on=on, through_mergers=merged).items():
            out[UNIT, pk] = f
    if ids[HOUSEHOLD]:
        for pk, f in _household_facts(sorted(ids[HOUSEHOLD]), years=years, on=on).items():
            out[HOUSEHOLD, pk] = f
    return out


def _as_of(facts: SubjectFacts, year: int) -> SubjectFacts:
    """The facts known up to `year` (rows of several years share one load: later years are cut)."""
    later = (
        any(y > year for y in facts.ratings)
        or any(a.year > year for a in facts.awards)
        or any(i.year > year for i in facts.initiatives)
        or any(y > year for y in facts.members)
    )
    if not later:
        return facts
    return replace(
        facts,
        ratings={y: g for y, g in facts.ratings.items() if y <= year},
        awards=tuple(a for a in facts.awards if a.year <= year),
        initiatives=tuple(i for i in facts.initiatives if i.year <= year),
        members={y: m for y, m in facts.members.items() if y <= year},
        months_worked={y: m for y, m in facts.months_worked.items() if y <= year},
    )


# --- Conflicts --------------------------------------------------------------------------------------


def _subjects_q(rows: list[_Row], prefix: str = "") -> Q:
    ids = defaultdict(set)
    for r in rows:
        ids[r.kind].add(r.subject_id)
    q = Q(pk__in=[])
    for kind, pks in ids.items():
        q |= Q(**{f"{prefix}{SUBJECT_FIELDS[kind]}__in": sorted(pks)})
    return q


def _subject_key(values: dict) -> tuple[str, int]:
    for kind, name in SUBJECT_FIELDS.items():
        if values[name]:
            return kind, values[name]
    raise ValueError("row without subject")


def _other_lines(rows: list[_Row]) -> dict[tuple[str, int], list[dict]]:
    """Lines of the rows' subjects overlapping the rows' years, appraisal not REJECTED (one query)."""
    first, last = min(r.year_from for r in rows), max(r.year_to for r in rows)
    qs = (
        NominationLine.objects.filter(_subjects_q(rows), year_from__lte=last, year_to__gte=first)
        .exclude(appraisal=Appraisal.REJECTED)
        .values(
            "id",
            "person_id",
            "unit_id",
            "household_id",
            "award_type_id",
            "award_type__name",
            "award_type__category",
            "year_from",
            "year_to",
            "nomination_id",
            "nomination__year",
            "nomination__basis",
            "nomination__proposing_unit__name",
        )
    )
    out = defaultdict(list)
    for row in qs:
        out[_subject_key(row)].append(row)
    return out


def _awards(rows: list[_Row]) -> dict[tuple[str, int], list[dict]]:
    """Awards (not revoked) of the rows' subjects in the rows' years (one query)."""
    first, last = min(r.year_from for r in rows), max(r.year_to for r in rows)
    qs = Award.objects.filter(_subjects_q(rows), revoked=False, year__gte=first, year__lte=last).values(
        "id",
        "person_id",
        "unit_id",
        "household_id",
        "award_type_id",
        "award_type__name",
        "award_type__category",
        "year",
        "basis",
        "decision__number",
        "decision__date",
    )
    out = defaultdict(list)
    for row in qs:
        out[_subject_key(row)].append(row)
    return out


def _dossier_code(year: int, pk: int) -> str:
    return f"HS-{year}-{pk:06d}"


def _period(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def _conflicts(row: _Row, nomination, lines: list[dict], awards: list[dict]) -> list[Issue]:
    """Conflicts of `row` with other lines and with awards of the same subject (no query)."""
    issues = []
    this_form = row.award_type.category not in NOT_FORMS
    name = row.award_type.name
    for other in lines:
        if other["id"] in row.skip_ids:
            continue
        if other["year_from"] > row.year_to or other["year_to"] < row.year_from:
            continue
        code = _dossier_code(other["nomination__year"], other["nomination_id"])
        where = (
            f"hồ sơ này ({code})"
            if other["nomination_id"] == nomination.pk
            else f"hồ sơ {code} của {other['nomination__proposing_unit__name']}"
        )
        period = (other["year_from"], other["year_to"])
        if other["award_type_id"] == row.award_type.pk:
            message = (
                f"Đã có trong {where}: đề nghị {name} cho thành tích {_period(*period)} — "
                "mỗi thành tích chỉ đề nghị một lần"
            )
            issues.append(Issue("duplicate_line", message, P7_CITATION))
        elif (
            this_form
            and other["award_type__category"] not in NOT_FORMS
            and other["nomination__basis"] == nomination.basis
        ):
            issues.append(_same_achievement(row, period, f"đã được đề nghị {other['award_type__name']} trong {where}"))
    for award in awards:
        if not row.year_from <= award["year"] <= row.year_to:
            continue
        decision = f"Quyết định số {award['decision__number']} ngày {vdate(award['decision__date'])}"
        if award["award_type_id"] == row.award_type.pk:
            message = f"Đã được tặng {name} cho thành tích năm {award['year']} ({decision})"
            issues.append(Issue("existing_award", message, P7_CITATION))
        elif this_form and award["award_type__category"] not in NOT_FORMS and award["basis"] == nomination.basis:
            period = (award["year"], award["year"])
            issues.append(_same_achievement(row, period, f"đã được tặng {award['award_type__name']} theo {decision}"))
    return issues


def _same_achievement(row: _Row, period: tuple[int, int], what: str) -> Issue:
    """One achievement for two forms of commendation (P7): the same period blocks, an overlap warns."""
    if period == (row.year_from, row.year_to):
        message = f"Cùng thành tích {_period(*period)} {what} — không khen thưởng nhiều hình thức cho một thành tích"
        return Issue("same_achievement", message, P7_CITATION, True)
    message = (
        f"Thành tích {_period(row.year_from, row.year_to)} trùng thời gian với thành tích {_period(*period)} "
        f"{what} — cần bảo đảm không dùng một thành tích cho hai hình thức khen thưởng"
    )
    return Issue("same_achievement", message, P7_CITATION, False)


# --- Eligibility ------------------------------------------------------------------------------------


def _strip_missing(message: str) -> str:
    prefix = "còn thiếu: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def _eligibility_issues(row: _Row, verdict, facts: SubjectFacts, ctx: RuleContext, kind_ok: bool) -> list[Issue]:
    issues = []
    # Embargo (P3) and dissolved unit (P10): their own message, once.
    embargo = facts.embargo
    dissolved = facts.unit_dissolved and bool(ctx.params.get(DISSOLVED_PARAM, False))
    if verdict is not None:
        embargo = any(c.code == "embargo" and c.status == UNMET for c in verdict.checks)
        dissolved = any(c.code == "unit_dissolved" and c.status == UNMET for c in verdict.checks)
    if embargo:
        decree = "Nghị định 98/2023/NĐ-CP" if ctx.rule_set_code == "ND98" else "Nghị định 152/2025/NĐ-CP"
        issues.append(
            Issue(
                "embargo",
                "Đối tượng đang trong thời gian xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc có đơn thư "
                "khiếu nại, tố cáo đang xác minh — chưa được đề nghị khen thưởng",
                f"{decree}, Điều 4, khoản 4",
            )
        )
    if dissolved:
        issues.append(
            Issue(
                "dissolved_unit",
                "Đơn vị đã giải thể sau sắp xếp tổ chức bộ máy — không khen thưởng",
                P10_CITATION,
            )
        )
    if verdict is None:
        issues.append(
            Issue(
                "no_criteria",
                f"Chưa có tiêu chuẩn tự động cho {row.award_type.name}: cơ quan thẩm định xem xét điều kiện",
                blocking=False,
            )
        )
        return issues
    if not kind_ok:
        return issues  # the award is not for this subject: the other conditions say nothing useful
    missing = [c for c in verdict.checks if c.status == UNMET and c.code not in OWN_ISSUE_CODES]
    if missing:
        text = "còn thiếu: " + "; ".join(_strip_missing(c.message) for c in missing)
        citation = next((c.citation for c in missing if c.citation), "")
        if row.justification.strip():
            issues.append(
                Issue(
                    "ineligible_justified",
                    f"Đề nghị dù chưa đủ điều kiện — có giải trình ({text})",
                    citation,
                    blocking=False,
                )
            )
        else:
            issues.append(Issue("ineligible", f"Chưa đủ điều kiện {verdict.award_name} — {text}", citation))
    pending = [c for c in verdict.checks if c.status == CONFIRM]
    if pending:
        issues.append(
            Issue(
                "needs_confirmation",
                "cần xác nhận: " + "; ".join(c.label for c in pending),
                blocking=False,
            )
        )
    return issues


def _kind_issue(row: _Row) -> Issue | None:
    at = row.award_type
    allowed = [k for k, _flag in KIND_FLAGS if at.applies_to(k)]
    if row.kind in allowed:
        return None
    names = ", ".join(KIND_NAMES[k] for k in allowed) or "không có"
    return Issue(
        "wrong_subject_kind",
        f"{at.name} không xét cho {KIND_NAMES[row.kind]} (chỉ xét cho: {names})",
        at.citation,
    )


AUTHORITY_PHRASES = {
    Authority.UNIT_HEAD: "thủ trưởng cơ quan, đơn vị (hoặc Chủ tịch UBND cấp xã)",
    Authority.PROVINCE_CHAIR: "Chủ tịch UBND tỉnh",
    Authority.STATE: "cấp Nhà nước (tỉnh trình Thủ tướng Chính phủ)",
}


AUTHORITY_SHORT = {
    Authority.UNIT_HEAD: "thủ trưởng cơ quan, đơn vị",
    Authority.PROVINCE_CHAIR: "Chủ tịch UBND tỉnh",
    Authority.STATE: "cấp Nhà nước",
}


def _authority_issue(row: _Row, nomination) -> Issue | None:
    authority = routing.authority_of(row.award_type)
    if authority == nomination.authority:
        return None
    name = row.award_type.name
    if authority is None:
        level = row.award_type.get_deciding_level_display()
        message = f"{name} do {level} quyết định, không xét qua hồ sơ đề nghị của tỉnh"
    else:
        message = (
            f"{name} thuộc thẩm quyền quyết định của {AUTHORITY_PHRASES[authority]}, còn hồ sơ này trình "
            f"{AUTHORITY_PHRASES[nomination.authority]} — cần đưa vào một hồ sơ khác, "
            f"trình {AUTHORITY_SHORT[authority]}"
        )
    return Issue("authority_mismatch", message, row.award_type.citation)


def _check_rows(nomination, rows: list[_Row], ctx: RuleContext | None = None) -> list[LineCheck]:
    """The checks of `rows`, in their order (the one path of check_lines and check_draft_line)."""
    if not rows:
        return []
    ctx = ctx or rule_context_for(nomination)
    facts = _load_facts(rows, ctx, timezone.localdate())
    lines = _other_lines(rows)
    awards = _awards(rows)
    out = []
    for row in rows:
        issues = []
        if row.year_from > row.year_to:
            issues.append(Issue("bad_period", "Năm bắt đầu của thành tích sau năm kết thúc"))
        kind_issue = _kind_issue(row)
        if kind_issue:
            issues.append(kind_issue)
        authority_issue = _authority_issue(row, nomination)
        if authority_issue:
            issues.append(authority_issue)
        subject_facts = _as_of(facts.get((row.kind, row.subject_id)) or SubjectFacts(kind=row.kind), row.year_to)
        try:
            verdict = evaluate(subject_facts, row.award_type.code, row.year_to, ctx, basis=nomination.basis)
        except UnknownAward:
            verdict = None
        issues.extend(_eligibility_issues(row, verdict, subject_facts, ctx, kind_issue is None))
        key = (row.kind, row.subject_id)
        issues.extend(_conflicts(row, nomination, lines.get(key, []), awards.get(key, [])))
        eligible = None if verdict is None else not verdict.unmet
        out.append(LineCheck(verdict, eligible, tuple(issues)))
    return out


# --- Public API -------------------------------------------------------------------------------------


def _rows_of(lines, award_types: dict[int, AwardType]) -> list[_Row]:
    rows = []
    for line in lines:
        kind, pk = _subject_of(line)
        rows.append(
            _Row(
                line.pk,
                None,
                kind,
                pk,
                award_types[line.award_type_id],
                line.year_from,
                line.year_to,
                line.justification or "",
            )
        )
    return rows


def _award_types(lines) -> dict[int, AwardType]:
    """id → AwardType of the lines: those already loaded with the lines, the others in one query."""
    out = {}
    for line in lines:
        cached = line._state.fields_cache.get("award_type")
        if cached is not None:
            out[cached.pk] = cached
    missing = {line.award_type_id for line in lines} - out.keys()
    if missing:
        out.update(AwardType.objects.in_bulk(missing))
    return out


def check_lines(nomination, lines=None) -> dict[int, LineCheck]:
    """line id → LineCheck for every line of the dossier (or the given ones), in a fixed number of
    queries whatever the number of lines."""
    lines = list(nomination.lines.all() if lines is None else lines)
    if not lines:
        return {}
    rows = _rows_of(lines, _award_types(lines))
    return {row.line_id: check for row, check in zip(rows, _check_rows(nomination, rows), strict=True)}


def check_draft_line(
    nomination, *, subject, award_type, year_from, year_to, exclude_line_id=None, justification=""
) -> LineCheck:
    """The checks of a line being typed (not saved): the htmx live check. `exclude_line_id` is the
    saved line it will replace (not a conflict with itself)."""
    if not isinstance(award_type, AwardType):
        award_type = AwardType.objects.get(pk=award_type)
    kind, pk = _subject_of(subject)
    year_to = int(year_to)
    year_from = int(year_from or year_to)
    row = _Row(None, exclude_line_id, kind, pk, award_type, year_from, year_to, justification or "")
    return _check_rows(nomination, [row])[0]


def record_checks(lines, results: dict[int, LineCheck]) -> None:
    """Store each line's result (check_eligible, check_blocked, check_summary) in one bulk update."""
    changed = []
    for line in lines:
        result = results.get(line.pk)
        if result is None:
            continue
        line.check_eligible = result.eligible
        line.check_blocked = bool(result.blocking)
        line.check_summary = result.summary
        changed.append(line)
    if changed:
        NominationLine.objects.bulk_update(changed, ["check_eligible", "check_blocked", "check_summary"])


# --- Quotas -----------------------------------------------------------------------------------------


def quota_checks(nomination, *, ctx: RuleContext | None = None) -> list[QuotaCheck]:
    """CSTĐCS against the quota (rule parameter `cstdcs_quota`), when the dossier proposes CSTĐCS:

    - over the dossier: its CSTĐCS lines against its LĐTT lines (when it has LĐTT lines);
    - over the proposing unit's year: the people proposed for (non-rejected lines of every dossier of
      the unit for that year) or awarded (not revoked, people of the unit) CSTĐCS, against those
      proposed for or awarded LĐTT; each person counted once.
    """
    live = nomination.lines.exclude(appraisal=Appraisal.REJECTED)
    counts = live.aggregate(
        cstdcs=Count("id", filter=Q(award_type__code__in=CSTDCS_CODES)),
        ldtt=Count("id", filter=Q(award_type__code__in=LDTT_CODES)),
    )
    if not counts["cstdcs"]:
        return []
    ctx = ctx or rule_context_for(nomination)
    quota = ctx.params.get("cstdcs_quota")
    if quota is None:
        return []
    out = []
    if counts["ldtt"]:
        check = cstdcs_quota_check(counts["cstdcs"], counts["ldtt"], quota)
        out.append(replace(check, message=f"Trong hồ sơ: {check.message}"))
    unit, year = nomination.proposing_unit, nomination.year
    cstdcs, ldtt = set(), set()
    for person_id, code in (
        NominationLine.objects.filter(
            nomination__proposing_unit=unit,
            year_to=year,
            person__isnull=False,
            award_type__code__in=(*CSTDCS_CODES, *LDTT_CODES),
        )
        .exclude(appraisal=Appraisal.REJECTED)
        .values_list("person_id", "award_type__code")
    ):
        (cstdcs if code in CSTDCS_CODES else ldtt).add(person_id)
    for person_id, code in Award.objects.filter(
        person__unit=unit, year=year, revoked=False, award_type__code__in=(*CSTDCS_CODES, *LDTT_CODES)
    ).values_list("person_id", "award_type__code"):
        (cstdcs if code in CSTDCS_CODES else ldtt).add(person_id)
    check = cstdcs_quota_check(len(cstdcs), len(ldtt), quota)
    out.append(replace(check, message=f"Cả năm {year} của {unit.name}: {check.message}"))
    return out


# --- Submission -------------------------------------------------------------------------------------


def line_label(position: int, line, award_name: str) -> str:
    return f"Dòng {position} — {line.subject_name}, {award_name}"


def submit_blockers(nomination) -> list[str]:
    """What prevents sending the dossier, in Vietnamese (empty: it may be sent)."""
    from .requirements import required_documents

    lines = list(nomination.lines.select_related("award_type"))
    if not lines:
        return ["Hồ sơ chưa có dòng đề nghị khen thưởng nào."]
    out = []
    position = {line.pk: i for i, line in enumerate(lines, 1)}
    by_id = {line.pk: line for line in lines}
    for req in required_documents(nomination, lines=lines):
        if req.satisfied:
            continue
        what = f"{req.label}" + (f" ({req.template})" if req.template else "")
        if req.line_id is None:
            out.append(f"Thiếu {what}.")
        else:
            line = by_id[req.line_id]
            out.append(f"{line_label(position[line.pk], line, line.award_type.name)}: thiếu {what}.")
    ctx = rule_context_for(nomination)
    rows = _rows_of(lines, _award_types(lines))
    for line, check in zip(lines, _check_rows(nomination, rows, ctx), strict=True):
        for issue in check.blocking:
            out.append(f"{line_label(position[line.pk], line, line.award_type.name)}: {issue.message}")
    for quota in quota_checks(nomination, ctx=ctx):
        if not quota.ok:
            out.append(f"Vượt tỷ lệ Chiến sĩ thi đua cơ sở — {quota.message}")
    return out
