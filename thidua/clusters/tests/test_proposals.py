"""From the ranking to the awards: publication of the results, the cluster's ONE dossier with the flag
and Bằng khen lines (acceptance), the cluster dossier's subjects, and the province's comparison of the
flag winners for the Government's flag within its quota."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.catalog.models import AwardType, RuleParameter
from thidua.clusters.models import Covenant, RoundState
from thidua.clusters.services import ranking as services
from thidua.core.models import AuditEvent
from thidua.nominations.models import Authority, Basis, Nomination, NominationLine, State
from thidua.nominations.services import dossiers

from .test_ranking_support import (
    GROUP_SCENARIO,
    VOTE_SCENARIO,
    fresh,
    keep_open,
    lock,
    make_cluster,
    make_movement,
    score,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement(province):
    return make_movement(province)


TITLE = "Đề nghị tặng Cờ thi đua và Bằng khen của Chủ tịch UBND tỉnh cho các đơn vị Cụm thi đua số 1 năm 2026"


@pytest.fixture
def ranked(cluster, scoring_round):
    """Locked: Tân Phú first (96,5), Tân Lập second and Tân Hòa third (90 each, group I 55 > 50)."""
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    return lock(scoring_round)


@pytest.fixture
def tied(cluster, scoring_round):
    score(scoring_round, cluster.units, VOTE_SCENARIO)
    return lock(scoring_round)


# --- Publication ----------------------------------------------------------------------------------------------


def test_province_publishes_a_locked_ranking(ranked, province_officer):
    services.round_publish(actor=province_officer, round=ranked)
    ranked = fresh(ranked)
    assert ranked.state == RoundState.PUBLISHED and ranked.published_at is not None
    assert AuditEvent.objects.get(action="clusters.round_publish").summary.endswith("(dẫn đầu: Xã Tân Phú)")


def test_head_cannot_publish(ranked, head_officer):
    with pytest.raises(PermissionDenied):
        services.round_publish(actor=head_officer, round=ranked)
    assert fresh(ranked).published_at is None


def test_an_open_round_cannot_be_published(cluster, scoring_round, province_officer):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    keep_open(scoring_round)
    with pytest.raises(ValidationError, match="chưa khóa điểm"):
        services.round_publish(actor=province_officer, round=scoring_round)


def test_an_unresolved_tie_at_the_cut_off_blocks_publication(tied, province_officer):
    with pytest.raises(ValidationError) as exc:
        services.round_publish(actor=province_officer, round=tied)
    assert "vị trí thứ 1 (Xã Tân Lập, Xã Tân Phú)" in exc.value.messages[0]
    assert "bỏ phiếu kín" in exc.value.messages[0]
    assert fresh(tied).published_at is None


def test_a_tie_below_the_awards_does_not_block_publication(cluster, scoring_round, province_officer):
    scenario = list(GROUP_SCENARIO)
    scenario[7] = scenario[6]  # Tân Sơn ties Tân Thạnh at the bottom
    score(scoring_round, cluster.units, scenario)
    lock(scoring_round)
    services.round_publish(actor=province_officer, round=scoring_round)
    assert fresh(scoring_round).state == RoundState.PUBLISHED


def test_an_open_tie_vote_blocks_publication(tied, cluster, head_officer, province_officer):
    services.tie_vote_open(actor=head_officer, round=tied, position=1)
    with pytest.raises(ValidationError, match="chưa kết thúc"):
        services.round_publish(actor=province_officer, round=tied)


def test_publication_after_the_vote_broke_the_tie(tied, cluster, head_officer, province_officer):
    vote = services.tie_vote_open(actor=head_officer, round=tied, position=1)
    services.tie_ballot_cast(actor=head_officer, vote=vote, unit_id=cluster.head.pk)
    services.tie_vote_close(actor=head_officer, vote=vote)
    services.round_publish(actor=province_officer, round=tied)
    assert fresh(tied).published_at is not None


def test_a_second_publication_is_refused(ranked, province_officer):
    services.round_publish(actor=province_officer, round=ranked)
    with pytest.raises(ValidationError, match="đã được công bố"):
        services.round_publish(actor=province_officer, round=ranked)


def test_publication_through_the_confirmation_page(ranked, cluster, province_officer, head_officer, client_for):
    url = reverse("clusters:round_publish", args=[cluster.cluster.pk])
    assert client_for(head_officer).get(url).status_code == 403
    client = client_for(province_officer)
    page = client.get(url)
    assert page.status_code == 200 and "Xác nhận: công bố kết quả xếp hạng" in page.content.decode()
    assert fresh(ranked).published_at is None
    assert client.post(url).status_code == 302
    assert fresh(ranked).published_at is not None


# --- The cluster's proposal (acceptance) --------------------------------------------------------------------------


def test_head_proposes_the_flag_and_bang_khen_lines_in_one_cluster_dossier(ranked, cluster, head_officer, movement):
    nomination = services.round_propose(actor=head_officer, round=ranked, movement=movement)
    nomination = Nomination.objects.get(pk=nomination.pk)
    assert nomination.cluster == cluster.cluster
    assert nomination.proposing_unit == cluster.head
    assert (nomination.authority, nomination.basis, nomination.year) == (
        Authority.PROVINCE_CHAIR,
        Basis.PHONG_TRAO,
        2026,
    )
    assert nomination.title == TITLE and nomination.movement == movement and nomination.state == State.DRAFT
    lines = list(nomination.lines.select_related("award_type", "unit").order_by("sort_order"))
    assert [(line.unit, line.award_type.code) for line in lines] == [
        (cluster.head, "CO_TINH"),
        (cluster.deputy, "BK_TINH_TT"),
        (cluster.member, "BK_TINH_TT"),
    ]
    assert lines[0].achievement == "Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 96,5 điểm"
    assert lines[2].achievement == "Xếp thứ 3/8 Cụm thi đua số 1 năm 2026, 90 điểm"
    assert all((line.year_from, line.year_to) == (2026, 2026) for line in lines)
    assert fresh(ranked).proposal == nomination
    event = AuditEvent.objects.get(action="clusters.round_propose")
    assert event.data["nomination"] == nomination.pk and event.data["cluster"] == cluster.cluster.pk


def test_proposal_after_a_tie_broken_by_the_vote(tied, cluster, member_officers, head_officer, movement):
    vote = services.tie_vote_open(actor=head_officer, round=tied, position=1)
    for officer, choice in zip(member_officers, [cluster.deputy] * 5 + [cluster.head] * 3, strict=True):
        services.tie_ballot_cast(actor=officer, vote=vote, unit_id=choice.pk)
    services.tie_vote_close(actor=head_officer, vote=vote)
    nomination = services.round_propose(actor=head_officer, round=tied, movement=movement)
    first = nomination.lines.order_by("sort_order").first()
    assert (first.unit, first.award_type.code) == (cluster.deputy, "CO_TINH")
    assert first.achievement == "Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 95 điểm"


def test_the_covenants_movement_is_the_default(ranked, cluster, head_officer, movement):
    Covenant.objects.create(cluster=cluster.cluster, title="Giao ước thi đua năm 2026", movement=movement)
    nomination = services.round_propose(actor=head_officer, round=ranked)
    assert nomination.movement == movement


def test_without_a_movement_the_proposal_asks_for_one(ranked, head_officer):
    with pytest.raises(ValidationError) as exc:
        services.round_propose(actor=head_officer, round=ranked)
    assert "movement" in exc.value.message_dict
    assert not Nomination.objects.exists() and fresh(ranked).proposal is None


def test_province_may_propose_for_the_cluster(ranked, cluster, province_officer, movement):
    nomination = services.round_propose(actor=province_officer, round=ranked, movement=movement)
    assert nomination.proposing_unit == cluster.head and nomination.lines.count() == 3


def test_member_cannot_propose(ranked, member_officer, movement):
    with pytest.raises(PermissionDenied):
        services.round_propose(actor=member_officer, round=ranked, movement=movement)
    assert not Nomination.objects.exists()


def test_a_second_proposal_is_refused(ranked, head_officer, movement):
    first = services.round_propose(actor=head_officer, round=ranked, movement=movement)
    with pytest.raises(ValidationError, match=first.code):
        services.round_propose(actor=head_officer, round=ranked, movement=movement)
    assert Nomination.objects.count() == 1


def test_no_proposal_before_the_lock(cluster, scoring_round, head_officer, movement):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    keep_open(scoring_round)
    with pytest.raises(ValidationError, match="chưa khóa điểm"):
        services.round_propose(actor=head_officer, round=scoring_round, movement=movement)


def test_no_proposal_while_a_tie_at_the_cut_off_is_unresolved(tied, head_officer, movement):
    with pytest.raises(ValidationError, match="đồng hạng"):
        services.round_propose(actor=head_officer, round=tied, movement=movement)
    assert not Nomination.objects.exists()


def test_the_counts_follow_the_rule_set(ranked, cluster, head_officer, movement):
    RuleParameter.objects.filter(key="cluster_flag_count").update(value="2")
    RuleParameter.objects.filter(key="cluster_bk_count").update(value="1")
    nomination = services.round_propose(actor=head_officer, round=ranked, movement=movement)
    codes = list(nomination.lines.order_by("sort_order").values_list("award_type__code", flat=True))
    assert codes == ["CO_TINH", "CO_TINH", "BK_TINH_TT"]


def test_proposal_through_the_confirmation_page(ranked, cluster, head_officer, member_officer, movement, client_for):
    url = reverse("clusters:round_propose", args=[cluster.cluster.pk])
    assert client_for(member_officer).get(url).status_code == 403
    client = client_for(head_officer)
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Xác nhận: lập hồ sơ đề nghị" in text
    assert "Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 96,5 điểm" in text and TITLE in text
    assert not Nomination.objects.exists()
    response = client.post(url, {"movement": movement.pk})
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "nominations:nomination_detail", args=[nomination.pk]
    )
    assert client.get(response["Location"]).status_code == 200  # the head's officer sees the dossier


def test_the_cluster_dossier_is_routed_like_any_other(ranked, cluster, province, head_officer, movement):
    from thidua.nominations.models import DocKind, NominationDocument, StepKind
    from thidua.nominations.services.workflow import nomination_submit

    nomination = services.round_propose(actor=head_officer, round=ranked, movement=movement)

    def attach(kind, line=None):
        NominationDocument.objects.create(
            nomination=nomination,
            line=line,
            kind=kind,
            file="ho-so/x.pdf",
            original_name="x.pdf",
            file_kind="pdf",
            size=1,
        )

    for kind in (DocKind.SUBMISSION, DocKind.REVIEW_MINUTES, DocKind.COUNCIL_MINUTES):
        attach(kind)
    for line in nomination.lines.all():
        attach(DocKind.ACHIEVEMENT_REPORT, line)
    submitted = nomination_submit(actor=head_officer, nomination=nomination, version=fresh(nomination).version)
    assert submitted.state == State.SUBMITTED
    assert [(s.unit, s.kind) for s in submitted.steps.order_by("order")] == [(province.home, StepKind.OFFICE)]


# --- The cluster dossier's subjects (nominations._clean_line) ---------------------------------------------------


def _cluster_dossier(head_officer, cluster, movement, with_cluster=True):
    nomination = dossiers.nomination_create(
        actor=head_officer,
        proposing_unit=cluster.head,
        title="Đề nghị khen thưởng các đơn vị của cụm",
        year=2026,
        basis=Basis.PHONG_TRAO,
        authority=Authority.PROVINCE_CHAIR,
        movement=movement,
    )
    if with_cluster:
        Nomination.objects.filter(pk=nomination.pk).update(cluster=cluster.cluster)
    return fresh(nomination)


def _add(actor, nomination, subject, code="BK_TINH_TT", **kw):
    return dossiers.line_add(
        actor=actor,
        nomination=nomination,
        subject=subject,
        award_type=AwardType.objects.get(code=code),
        year_from=2026,
        year_to=2026,
        achievement="Xếp thứ 2/8 Cụm thi đua số 1 năm 2026, 90 điểm",
        **kw,
    )


def test_a_cluster_dossier_may_name_a_member_unit_outside_the_proposing_units_subtree(cluster, head_officer, movement):
    nomination = _cluster_dossier(head_officer, cluster, movement)
    assert _add(head_officer, nomination, cluster.member, from_cluster_ranking=True).unit == cluster.member


def test_a_line_typed_by_hand_in_a_cluster_dossier_cannot_name_a_member_unit(cluster, head_officer, movement):
    """Only the ranking decides which member gets which award: by hand, the usual subtree rule holds."""
    nomination = _cluster_dossier(head_officer, cluster, movement)
    with pytest.raises(ValidationError) as exc:
        _add(head_officer, nomination, cluster.member, code="CO_TINH")
    assert "Xã Tân Phú hoặc các đơn vị trực thuộc" in exc.value.message_dict["subject"][0]


def test_a_ranked_line_keeps_its_member_unit_when_its_text_is_edited_but_not_when_its_award_changes(
    cluster, head_officer, movement
):
    nomination = _cluster_dossier(head_officer, cluster, movement)
    line = _add(head_officer, nomination, cluster.member, from_cluster_ranking=True)
    line = dossiers.line_update(
        actor=head_officer, line=line, version=line.version, achievement="Xếp thứ 2/8, 90,5 điểm sau kiểm tra chéo"
    )
    assert line.achievement == "Xếp thứ 2/8, 90,5 điểm sau kiểm tra chéo"
    with pytest.raises(ValidationError) as exc:
        dossiers.line_update(
            actor=head_officer, line=line, version=line.version, award_type=AwardType.objects.get(code="CO_TINH")
        )
    assert "subject" in exc.value.message_dict
    assert fresh(line).award_type.code == "BK_TINH_TT"


def test_an_ordinary_dossier_still_refuses_that_unit_with_the_same_message(cluster, head_officer, movement):
    nomination = _cluster_dossier(head_officer, cluster, movement, with_cluster=False)
    with pytest.raises(ValidationError) as exc:
        _add(head_officer, nomination, cluster.member)
    assert exc.value.message_dict["subject"] == [
        "Đối tượng không thuộc Xã Tân Phú hoặc các đơn vị trực thuộc, nên đơn vị không đề nghị được."
    ]


def test_a_cluster_dossier_refuses_a_unit_outside_the_cluster(cluster, head_officer, movement):
    nomination = _cluster_dossier(head_officer, cluster, movement)
    with pytest.raises(ValidationError) as exc:
        _add(head_officer, nomination, cluster.outside)
    assert "Xã Tân Phú hoặc các đơn vị trực thuộc" in exc.value.message_dict["subject"][0]


# --- The province compares the flag winners ----------------------------------------------------------------------


@pytest.fixture
def five_clusters(province, cluster, ranked, template):
    """Cụm 1 (locked, Tân Phú leads) and four more locked clusters of 2026: five flag winners."""
    others = []
    for i in range(4):
        c, rnd, units = make_cluster(
            province, template, name=f"Cụm thi đua số {i + 3}", totals=(91 - i, 80), code=f"P{i}-"
        )
        lock(rnd)
        others.append((c, rnd, units))
    return others


def test_quota_is_the_floor_of_the_rate_times_the_flag_winners(five_clusters, province_officer):
    from thidua.clusters.selectors import ranking as sel

    rows = sel.leaders_compared(2026)
    winners = sel.flag_winners(rows)
    assert len(winners) == 5
    quota = sel.gov_flag_quota(2026, len(winners))
    assert quota.value == 1 and quota.unverified
    assert quota.explanation == "20% × 5 đơn vị dẫn đầu được đề nghị Cờ thi đua của tỉnh = 1, làm tròn xuống 1"


def test_an_open_or_tied_cluster_has_no_flag_winner_yet(province, cluster, scoring_round, template):
    from thidua.clusters.selectors import ranking as sel

    score(scoring_round, cluster.units, VOTE_SCENARIO)
    lock(scoring_round)  # tied at first place
    _c, rnd, _u = make_cluster(province, template, name="Cụm đang chấm", totals=(90, 80), code="O")
    keep_open(rnd)
    rows = sel.leaders_compared(2026)
    assert sel.flag_winners(rows) == []
    assert {len(r.entries) for r in rows} == {1, 2}  # the tied leaders are shown, the open cluster's provisional leader


def test_province_proposes_the_governments_flag_within_the_quota(
    five_clusters, cluster, province, province_officer, movement
):
    nomination = services.leaders_propose(actor=province_officer, year=2026, units=[cluster.head], movement=movement)
    nomination = fresh(nomination)
    assert (nomination.authority, nomination.proposing_unit, nomination.cluster) == (
        Authority.STATE,
        province.root,
        None,
    )
    line = nomination.lines.get()
    assert (line.unit, line.award_type.code) == (cluster.head, "CO_CP")
    assert line.achievement == "Xếp thứ 1/8 Cụm thi đua số 1 năm 2026, 96,5 điểm"
    assert AuditEvent.objects.filter(action="clusters.leaders_propose").count() == 1


def test_more_than_the_quota_is_refused_with_the_figures(five_clusters, cluster, province_officer, movement):
    second = five_clusters[0][2][0]
    with pytest.raises(ValidationError) as exc:
        services.leaders_propose(actor=province_officer, year=2026, units=[cluster.head, second], movement=movement)
    message = exc.value.message_dict["units"][0]
    assert "tối đa 1 đơn vị" in message and "20% × 5" in message and "đã chọn 2 đơn vị" in message
    assert not Nomination.objects.exists()


def test_earlier_proposals_count_against_the_quota(five_clusters, cluster, province_officer, movement):
    RuleParameter.objects.filter(key="co_cp_quota").update(value="0.40")  # floor(0.4 × 5) = 2
    services.leaders_propose(actor=province_officer, year=2026, units=[cluster.head], movement=movement)
    with pytest.raises(ValidationError, match="Đã đề nghị Cờ thi đua của Chính phủ năm 2026: Xã Tân Phú"):
        services.leaders_propose(actor=province_officer, year=2026, units=[cluster.head], movement=movement)
    two = [five_clusters[0][2][0], five_clusters[1][2][0]]
    with pytest.raises(ValidationError, match="đã đề nghị trước đó 1 đơn vị"):
        services.leaders_propose(actor=province_officer, year=2026, units=two, movement=movement)
    services.leaders_propose(actor=province_officer, year=2026, units=two[:1], movement=movement)


def test_only_flag_winners_may_be_proposed(five_clusters, cluster, province_officer, movement):
    with pytest.raises(ValidationError) as exc:
        services.leaders_propose(actor=province_officer, year=2026, units=[cluster.deputy], movement=movement)
    assert "Xã Tân Lập không phải đơn vị dẫn đầu" in exc.value.message_dict["units"][0]
    with pytest.raises(ValidationError):
        services.leaders_propose(actor=province_officer, year=2026, units=[], movement=movement)


def test_only_the_province_compares_and_proposes(five_clusters, cluster, head_officer, movement):
    with pytest.raises(PermissionDenied):
        services.leaders_propose(actor=head_officer, year=2026, units=[cluster.head], movement=movement)


def test_leaders_page_shows_the_proposal_and_the_decision(
    five_clusters, cluster, ranked, head_officer, province_officer, movement, client_for
):
    services.round_propose(actor=head_officer, round=ranked, movement=movement)
    text = client_for(province_officer).get(reverse("clusters:leaders"), {"nam": 2026}).content.decode()
    assert "Đã đề nghị — " in text and "Đang soạn" in text
    assert "Số lượng tối đa đề nghị Cờ thi đua của Chính phủ năm 2026: 1 đơn vị" in text
    assert text.count('name="units"') == 5


def test_leaders_proposal_through_the_confirmation_page(five_clusters, cluster, province_officer, movement, client_for):
    client = client_for(province_officer)
    url = reverse("clusters:leaders_propose")
    page = client.get(url, {"nam": 2026, "units": [cluster.head.pk], "movement": movement.pk})
    text = page.content.decode()
    assert page.status_code == 200 and "Xác nhận: đề nghị Cờ thi đua của Chính phủ năm 2026" in text
    assert f'value="{cluster.head.pk}" aria-label="Chọn Xã Tân Phú" checked' in text
    assert not Nomination.objects.exists()
    too_many = client.post(
        url, {"nam": 2026, "units": [cluster.head.pk, five_clusters[0][2][0].pk], "movement": movement.pk}
    )
    assert too_many.status_code == 200 and "tối đa 1 đơn vị" in too_many.content.decode()
    response = client.post(url, {"nam": 2026, "units": [cluster.head.pk], "movement": movement.pk})
    assert response.status_code == 302
    assert NominationLine.objects.get().award_type.code == "CO_CP"
