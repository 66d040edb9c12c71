"""From the ranking onwards: the secret tie-break vote, the publication of the results, the cluster's
proposal of the flag and Bằng khen lines, and the province's proposal of the Government's flag.

Secrecy of the tie-break vote (docs/ballot-secrecy.md), exactly as the council's secret ballots:
the roll (`TieVoteRoll`) names the member unit that voted, never its choice; the choice (the id of
the unit voted for) goes into a random empty `TieBallot` slot through thidua.core.ballots, which
rewrites every slot of the vote in one statement; closing counts the slots, replaces them by fresh
shuffled ones and rewrites the roll in one statement. No audit event, log line or message holds a
choice. The vote row is locked in the cast and the close: a cast racing the close waits and is refused.

The electorate is fixed when the vote opens: `TieVote.voters` holds the ids of the member units at that
moment, with one slot each. Only those units vote — a unit that joins the cluster afterwards does not,
and a unit that has left since keeps its vote.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.catalog.models import AwardType
from thidua.catalog.selectors import NotInForce
from thidua.core import ballots
from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.nominations import routing
from thidua.nominations.models import Authority, Basis, Nomination
from thidua.nominations.services import dossiers
from thidua.org.models import ClusterMember, Unit

from .. import ranking as rk
from ..models import RoundState, ScoringRound, TieBallot, TieVote, TieVoteRoll, TieVoteState
from ..rules import acts_for, head_unit_of
from ..selectors import ranking as sel

MANAGE_DENIED = (
    "Chỉ đơn vị cụm trưởng, khối trưởng hoặc cơ quan thi đua, khen thưởng của tỉnh được thực hiện thao tác này."
)
PUBLISH_DENIED = "Chỉ cơ quan thi đua, khen thưởng của tỉnh được công bố kết quả xếp hạng."
COMPARE_DENIED = "Chỉ cơ quan thi đua, khen thưởng của tỉnh được so sánh và đề nghị Cờ thi đua của Chính phủ."
NOT_A_MEMBER = "Chỉ cán bộ của đơn vị thành viên cụm, khối được bỏ phiếu phân định thứ hạng."
NOT_A_VOTER = "Đơn vị không thuộc danh sách bỏ phiếu khi mở cuộc bỏ phiếu."
ALREADY_VOTED = "Đơn vị đã bỏ phiếu."
VOTE_CLOSED = "Cuộc bỏ phiếu đã kết thúc; phiếu không được ghi nhận."
NOT_LOCKED = "Đợt chấm điểm chưa khóa điểm: kết quả xếp hạng còn là tạm tính."


# --- Helpers --------------------------------------------------------------------------------------------


def _lock_round(round_) -> ScoringRound:
    return (
        ScoringRound.objects.select_for_update(of=("self",))
        .select_related("cluster", "table", "tie_group", "proposal")
        .get(pk=round_.pk)
    )


def _lock_vote(vote) -> TieVote:
    return (
        TieVote.objects.select_for_update(of=("self",))
        .select_related("round__cluster", "round__table", "round__tie_group")
        .get(pk=vote.pk)
    )


def _tie_text(ranking: sel.ClusterRanking, tie: rk.Tie) -> str:
    return f"vị trí thứ {tie.position} ({ranking.unit_names(tie.unit_ids)})"


def _require_no_blocking_tie(ranking: sel.ClusterRanking, doing: str) -> None:
    blocking = ranking.blocking
    if not blocking:
        return
    ties = "; ".join(_tie_text(ranking, t) for t in blocking)
    if ranking.round.tie_vote:
        how = "Hãy mở bỏ phiếu kín phân định giữa các đơn vị thành viên rồi kết thúc cuộc bỏ phiếu."
    else:
        how = "Quy tắc phân định của đợt chấm điểm không có bỏ phiếu kín; cần điều chỉnh quy tắc phân định."
    raise ValidationError(
        f"Chưa {doing} được: còn đơn vị đồng hạng ở ranh giới đề nghị Cờ thi đua, Bằng khen — {ties}. {how}"
    )


# --- The tie-break vote ---------------------------------------------------------------------------------


def tie_vote_open(*, actor, round: ScoringRound, position) -> TieVote:  # noqa: A002 (the brief's name)
    """Open a secret vote among the member units on the units tied at `position` (tied on points and,
    when the round names one, on the group): the member units now are the electorate (`voters`), one
    empty slot each."""
    with transaction.atomic():
        rnd = _lock_round(round)
        cluster = rnd.cluster
        require(actor, "clusters.manage", cluster, MANAGE_DENIED)
        try:
            position = int(position)
        except (TypeError, ValueError):
            raise ValidationError({"position": "Vị trí xếp hạng không hợp lệ."}) from None
        if not rnd.tie_vote:
            raise ValidationError(
                "Quy tắc phân định của đợt chấm điểm không có bỏ phiếu kín giữa các thành viên; "
                "không mở được cuộc bỏ phiếu."
            )
        if not rnd.is_locked():
            raise ValidationError(f"{NOT_LOCKED} Chỉ bỏ phiếu phân định sau khi khóa điểm.")
        if rnd.published_at is not None:
            raise ValidationError("Kết quả xếp hạng đã công bố; không mở thêm cuộc bỏ phiếu phân định.")
        ranking = sel.round_ranking(rnd)
        tie = ranking.ranking.tie_at(position)
        if tie is None:
            raise ValidationError(
                {
                    "position": f"Ở vị trí thứ {position} không có đơn vị nào đồng hạng chưa phân định "
                    "(bằng tổng điểm và điểm nhóm tiêu chí phân định)."
                }
            )
        if TieVote.objects.filter(round=rnd, position=position, state=TieVoteState.OPEN).exists():
            raise ValidationError({"position": f"Đang có cuộc bỏ phiếu phân định vị trí thứ {position} chưa kết thúc."})
        voters = sorted(ClusterMember.objects.filter(cluster=cluster).values_list("unit_id", flat=True))
        members = len(voters)
        try:
            with transaction.atomic():
                vote = TieVote.objects.create(
                    round=rnd, position=position, candidates=list(tie.unit_ids), voters=voters
                )
        except IntegrityError:
            raise ValidationError(
                {"position": f"Đang có cuộc bỏ phiếu phân định vị trí thứ {position} chưa kết thúc."}
            ) from None
        ballots.slots_create(TieBallot, members, vote=vote)
        audit(
            actor=actor,
            action="clusters.tie_vote_open",
            obj=vote,
            unit=head_unit_of(cluster),
            summary=(
                f"Mở bỏ phiếu kín phân định vị trí thứ {position} của {cluster.name} năm {cluster.year}: "
                f"{ranking.unit_names(tie.unit_ids)}"
            ),
            data={"round": rnd.pk, "position": position, "candidates": list(tie.unit_ids), "members": members},
        )
        return vote


def _voter(actor, vote: TieVote, voter) -> Unit:
    """The unit of the electorate the actor votes for: the one given (it must act for it, and the unit must
    be in the electorate) or its only unit yet to vote. An officer of a member unit outside the electorate
    (it joined after the opening) is told so; anybody else is refused."""
    units = sel.voter_units_of(actor, vote)
    if voter is not None:
        voter_id = str(getattr(voter, "pk", voter))
        found = next((u for u in units if str(u.pk) == voter_id), None)
        if found is not None:
            return found
        unit = Unit.objects.filter(pk=voter_id).first() if voter_id.isdecimal() else None
        if unit is not None and acts_for(actor, unit):
            raise ValidationError(NOT_A_VOTER)
        raise PermissionDenied(NOT_A_MEMBER)
    if not units:
        if actor.has_perm("clusters.tie_vote", vote.round.cluster):
            raise ValidationError(NOT_A_VOTER)
        raise PermissionDenied(NOT_A_MEMBER)
    if len(units) == 1:
        return units[0]
    voted = set(TieVoteRoll.objects.filter(vote=vote, unit__in=units).values_list("unit_id", flat=True))
    remaining = [u for u in units if u.pk not in voted]
    if not remaining:
        raise ValidationError(ALREADY_VOTED)
    if len(remaining) > 1:
        raise ValidationError({"voter": "Anh/chị là cán bộ của nhiều đơn vị thành viên: hãy chọn đơn vị bỏ phiếu."})
    return remaining[0]


def tie_ballot_cast(*, actor, vote: TieVote, unit_id, voter=None) -> TieVoteRoll:
    """An officer of a unit of the electorate (the member units when the vote opened) casts the unit's
    one secret ballot for one of the tied units."""
    with transaction.atomic():
        vote = _lock_vote(vote)
        cluster = vote.round.cluster
        if not actor.has_perm("clusters.tie_vote", cluster) and not sel.voter_units_of(actor, vote):
            raise PermissionDenied(NOT_A_MEMBER)
        unit = _voter(actor, vote, voter)
        if vote.state != TieVoteState.OPEN:
            raise ValidationError(VOTE_CLOSED)
        choice = str(unit_id or "").strip()
        if choice not in {str(c) for c in vote.candidates}:
            raise ValidationError({"unit_id": "Hãy chọn một trong các đơn vị đang đồng hạng."})
        if TieVoteRoll.objects.filter(vote=vote, unit=unit).exists():
            raise ValidationError(ALREADY_VOTED)
        try:
            with transaction.atomic():
                roll = TieVoteRoll.objects.create(vote=vote, unit=unit)
        except IntegrityError:
            raise ValidationError(ALREADY_VOTED) from None
        ballots.slot_drop(TieBallot, choice, vote=vote)
        audit(
            actor=actor,
            action="clusters.tie_ballot_cast",
            obj=vote,
            unit=unit,
            summary=f"{unit.name} đã bỏ phiếu phân định vị trí thứ {vote.position} của {cluster.name}",
            data={"vote": vote.pk, "voter": unit.pk},  # never the choice
        )
        return roll


def tie_vote_close(*, actor, vote: TieVote) -> TieVote:
    """Count the ballots and store the votes each tied unit received; the ranking follows the result."""
    with transaction.atomic():
        vote = _lock_vote(vote)
        cluster = vote.round.cluster
        require(actor, "clusters.manage", cluster, MANAGE_DENIED)
        if vote.state != TieVoteState.OPEN:
            raise ValidationError("Cuộc bỏ phiếu này đã kết thúc.")
        voted = TieVoteRoll.objects.filter(vote=vote).count()
        if voted == 0:
            raise ValidationError("Chưa có đơn vị nào bỏ phiếu; chưa kết thúc được cuộc bỏ phiếu.")
        counts = ballots.slots_seal(TieBallot, TieVoteRoll.objects.filter(vote=vote), "unit_id", vote=vote)
        if sum(counts.values()) != voted:
            raise ValidationError(
                f"Số phiếu ({sum(counts.values())}) không khớp số đơn vị đã bỏ phiếu ({voted}); "
                "không thể kết thúc cuộc bỏ phiếu."
            )
        vote.result = {str(c): int(counts.get(str(c), 0)) for c in vote.candidates}
        vote.state = TieVoteState.CLOSED
        vote.closed_at = timezone.now()
        vote.save(update_fields=["result", "state", "closed_at"])
        names = dict(Unit.objects.filter(pk__in=vote.candidates).values_list("pk", "name"))
        tally = ", ".join(f"{names.get(int(c), c)} {vote.result[str(c)]}/{voted}" for c in vote.candidates)
        audit(
            actor=actor,
            action="clusters.tie_vote_close",
            obj=vote,
            unit=head_unit_of(cluster),
            summary=f"Kết thúc bỏ phiếu kín phân định vị trí thứ {vote.position} của {cluster.name}: {tally}",
            data={"round": vote.round_id, "position": vote.position, "result": vote.result, "ballots": voted},
        )
        return vote


# --- Publication -----------------------------------------------------------------------------------------


def round_publish(*, actor, round: ScoringRound) -> ScoringRound:  # noqa: A002
    """Publish the final ranking: then every logged-in unit officer sees it (clusters.view_results)."""
    with transaction.atomic():
        rnd = _lock_round(round)
        cluster = rnd.cluster
        require(actor, "clusters.publish", cluster, PUBLISH_DENIED)
        if rnd.published_at is not None:
            raise ValidationError(
                f"Kết quả xếp hạng đã được công bố ngày {timezone.localtime(rnd.published_at):%d/%m/%Y}."
            )
        if not rnd.is_locked():
            raise ValidationError(f"{NOT_LOCKED} Chỉ công bố kết quả sau khi khóa điểm.")
        if TieVote.objects.filter(round=rnd, state=TieVoteState.OPEN).exists():
            raise ValidationError("Đang có cuộc bỏ phiếu phân định chưa kết thúc; hãy kết thúc trước khi công bố.")
        ranking = sel.round_ranking(rnd)
        _require_no_blocking_tie(ranking, "công bố kết quả")
        now = timezone.now()
        rnd.state = RoundState.PUBLISHED
        rnd.published_at = now
        rnd.locked_at = rnd.locked_at or now
        rnd.version += 1
        rnd.save(update_fields=["state", "published_at", "locked_at", "version"])
        leaders = ", ".join(line.unit.name for line in ranking.lines if line.position == 1)
        audit(
            actor=actor,
            action="clusters.round_publish",
            obj=rnd,
            unit=head_unit_of(cluster),
            summary=f"Công bố kết quả xếp hạng {cluster.name} năm {cluster.year} (dẫn đầu: {leaders or '—'})",
            data={"ranking": [[line.position, line.unit.pk, str(line.total)] for line in ranking.lines]},
        )
        return rnd


# --- From the ranking to the awards ------------------------------------------------------------------------


def _award_type(code: str) -> AwardType:
    found = AwardType.objects.filter(code=code, active=True).first()
    if found is None:
        raise ValidationError(f"Danh mục chưa có hình thức khen thưởng mã {code}; quản trị viên cần bổ sung.")
    return found


def proposal_title(cluster, flags: int, bks: int) -> str:
    forms = []
    if flags:
        forms.append("Cờ thi đua")
    if bks:
        forms.append("Bằng khen")
    return f"Đề nghị tặng {' và '.join(forms)} của Chủ tịch UBND tỉnh cho các đơn vị {cluster.name} năm {cluster.year}"


def proposal_plan(ranking: sel.ClusterRanking) -> list[tuple[str, sel.Line, str]]:
    """The lines the proposal would create: (award code, ranked line, achievement text)."""
    cluster = ranking.cluster
    plan = []
    for band, code in ((rk.FLAG, sel.FLAG_CODE), (rk.BK, sel.BK_CODE)):
        for line in ranking.band_lines(band):
            plan.append((code, line, rk.achievement_text(line.row, ranking.size, cluster.name, cluster.year)))
    return plan


def round_propose(*, actor, round: ScoringRound, movement=None) -> Nomination:  # noqa: A002
    """Create the cluster's ONE dossier to the provincial chairman: the first `cluster_flag_count` units
    for Cờ thi đua của UBND tỉnh, the next `cluster_bk_count` for the chairman's Bằng khen (tập thể).
    The head unit proposes; the dossier's `cluster` lets its lines name any member unit. It is routed
    like any other dossier afterwards. `movement`: the movement the dossier follows (default: the
    covenant's)."""
    with transaction.atomic():
        rnd = _lock_round(round)
        cluster = rnd.cluster
        require(actor, "clusters.manage", cluster, MANAGE_DENIED)
        if rnd.proposal_id is not None:
            raise ValidationError(
                f"{cluster.name} đã lập hồ sơ đề nghị {rnd.proposal.code} từ kết quả xếp hạng; không lập lần thứ hai."
            )
        if not rnd.is_locked():
            raise ValidationError(f"{NOT_LOCKED} Chỉ lập hồ sơ đề nghị khen thưởng sau khi khóa điểm.")
        ranking = sel.round_ranking(rnd)
        _require_no_blocking_tie(ranking, "lập hồ sơ đề nghị")
        head = head_unit_of(cluster)
        if head is None:
            raise ValidationError(f"{cluster.name} chưa có đơn vị cụm trưởng, khối trưởng để đứng tên đề nghị.")
        plan = proposal_plan(ranking)
        if not plan:
            raise ValidationError("Không có đơn vị nào thuộc diện đề nghị Cờ thi đua hoặc Bằng khen.")
        if movement is None:
            covenant = getattr(cluster, "covenant", None)
            movement = covenant.movement if covenant is not None else None
        types = {code: _award_type(code) for code in {code for code, _l, _a in plan}}
        flags = sum(1 for code, _l, _a in plan if code == sel.FLAG_CODE)
        nomination = dossiers.nomination_create(
            actor=actor,
            proposing_unit=head,
            title=proposal_title(cluster, flags, len(plan) - flags),
            year=cluster.year,
            basis=Basis.PHONG_TRAO,
            authority=Authority.PROVINCE_CHAIR,
            movement=movement,
        )
        Nomination.objects.filter(pk=nomination.pk).update(cluster=cluster)
        nomination.cluster = cluster
        for code, line, achievement in plan:
            dossiers.line_add(
                actor=actor,
                nomination=nomination,
                subject=line.unit,
                award_type=types[code],
                year_from=cluster.year,
                year_to=cluster.year,
                achievement=achievement,
                from_cluster_ranking=True,
            )
        rnd.proposal = nomination
        rnd.version += 1
        rnd.save(update_fields=["proposal", "version"])
        audit(
            actor=actor,
            action="clusters.round_propose",
            obj=rnd,
            unit=head,
            summary=(
                f"Lập hồ sơ {nomination.code} của {cluster.name} năm {cluster.year} từ kết quả xếp hạng: "
                f"{flags} đơn vị đề nghị Cờ thi đua, {len(plan) - flags} đơn vị đề nghị Bằng khen"
            ),
            data={
                "nomination": nomination.pk,
                "cluster": cluster.pk,
                "lines": [[code, line.unit.pk, line.position] for code, line, _a in plan],
            },
        )
        return nomination


def leaders_proposing_unit() -> Unit:
    """The province itself (the root above the commendation office): the Government flag's dossier is the
    province's own submission, and only the root's subtree holds the flag winners of every cluster. The
    route then has the commendation office's step only; the deciding unit is the province, as for every
    STATE dossier (thidua/nominations/routing.py)."""
    return routing.province_of(routing.commendation_office())


def leaders_propose(*, actor, year, units, movement=None) -> Nomination:
    """The province proposes, among the units proposable for the provincial flag of `year` (each cluster's
    flag places), up to floor(co_cp_quota × their number) for Cờ thi đua của Chính phủ: one STATE dossier."""
    require(actor, "clusters.compare_leaders", None, COMPARE_DENIED)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "Năm không hợp lệ."}) from None
    wanted = []
    for u in units or []:
        uid = int(getattr(u, "pk", u))
        if uid not in wanted:
            wanted.append(uid)
    if not wanted:
        raise ValidationError({"units": "Hãy chọn ít nhất một đơn vị để đề nghị Cờ thi đua của Chính phủ."})
    with transaction.atomic():
        # The year's rounds are locked so that two proposals cannot pass the quota together.
        list(
            ScoringRound.objects.select_for_update(of=("self",))
            .filter(cluster__year=year)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rows = sel.leaders_compared(year)
        winners = {line.unit.pk: (ranking, line) for ranking, line in sel.flag_winners(rows)}
        outside = [uid for uid in wanted if uid not in winners]
        if outside:
            names = ", ".join(Unit.objects.filter(pk__in=outside).order_by("name").values_list("name", flat=True))
            raise ValidationError(
                {
                    "units": f"{names or 'Đơn vị đã chọn'} không phải đơn vị dẫn đầu cụm, khối thi đua năm {year} "
                    "được đề nghị Cờ thi đua của tỉnh (kết quả xếp hạng đã khóa)."
                }
            )
        already = {uid: line for r in rows for uid, line in r.gov_lines.items()}
        twice = [uid for uid in wanted if uid in already]
        if twice:
            text = "; ".join(f"{winners[uid][1].unit.name} (hồ sơ {already[uid].nomination.code})" for uid in twice)
            raise ValidationError({"units": f"Đã đề nghị Cờ thi đua của Chính phủ năm {year}: {text}."})
        try:
            quota = sel.gov_flag_quota(year, len(winners))
        except NotInForce as exc:
            raise ValidationError(str(exc)) from None
        before = len({uid for uid in already if uid in winners})
        if len(wanted) + before > quota.value:
            earlier = f" và đã đề nghị trước đó {before} đơn vị" if before else ""
            raise ValidationError(
                {
                    "units": f"Chỉ được đề nghị tối đa {quota.value} đơn vị Cờ thi đua của Chính phủ năm {year} "
                    f"({quota.explanation}); anh/chị đã chọn {len(wanted)} đơn vị{earlier}."
                }
            )
        award_type = _award_type(sel.GOV_FLAG_CODE)
        root = leaders_proposing_unit()
        nomination = dossiers.nomination_create(
            actor=actor,
            proposing_unit=root,
            title=f"Đề nghị tặng Cờ thi đua của Chính phủ cho các đơn vị dẫn đầu cụm, khối thi đua năm {year}",
            year=year,
            basis=Basis.PHONG_TRAO,
            authority=Authority.STATE,
            movement=movement,
        )
        for uid in wanted:
            ranking, line = winners[uid]
            dossiers.line_add(
                actor=actor,
                nomination=nomination,
                subject=line.unit,
                award_type=award_type,
                year_from=year,
                year_to=year,
                achievement=rk.achievement_text(line.row, ranking.size, ranking.cluster.name, year),
            )
        names = ", ".join(winners[uid][1].unit.name for uid in wanted)
        audit(
            actor=actor,
            action="clusters.leaders_propose",
            obj=nomination,
            unit=root,
            summary=f"Lập hồ sơ {nomination.code} đề nghị Cờ thi đua của Chính phủ năm {year}: {names}",
            data={"year": year, "units": wanted, "quota": quota.value, "winners": len(winners)},
        )
        return nomination
