"""Screens of the scoring round, per persona: the round page (opening form, grid, settings), a unit's
sheet, one score with its evidence, remarks and adjustments, the confirmation pages of the lock and
the reopening; evidence downloads; fixed numbers of queries whatever the number of units and criteria."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.clusters.models import (
    Adjustment,
    Criterion,
    CriterionKind,
    Evidence,
    Remark,
    RoundState,
    Score,
    ScoreSheet,
    ScoringRound,
    SheetState,
)
from thidua.clusters.services import scoring as svc
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterMember, Unit, UnitKind

from .conftest import fill_scores
from .test_scoring_support import PDF, fixed_today, fresh, pdf, private_media, score_of, sheet_of  # noqa: F401

pytestmark = pytest.mark.django_db

LOCKED = "Đã khóa điểm; chỉ Sở Nội vụ mở lại được."


def _round_url(cluster):
    return reverse("clusters:round", args=[cluster.cluster.pk])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx)


# --- the round page -------------------------------------------------------------------------------------


def test_the_round_url_is_under_the_clusters(cluster):
    assert _round_url(cluster) == f"/cum-khoi/{cluster.cluster.pk}/cham-diem/"


@pytest.mark.parametrize("persona", ["head_officer", "province_officer"])
def test_before_the_round_the_head_and_the_province_see_the_opening_form(
    request, cluster, template, client_for, persona
):
    response = client_for(request.getfixturevalue(persona)).get(_round_url(cluster))
    assert response.status_code == 200
    assert "Mở đợt chấm điểm" in response.content.decode()
    assert template.name in response.content.decode()


def test_before_the_round_a_member_sees_a_notice(cluster, template, member_officer, client_for):
    page = client_for(member_officer).get(_round_url(cluster)).content.decode()
    assert "chưa mở đợt chấm điểm" in page
    assert 'name="deadline"' not in page


@pytest.mark.parametrize("persona", ["outsider_officer", "unit_officer", "council_member", "leader_of_another_unit"])
def test_outsiders_do_not_see_the_round(request, scoring_round, cluster, client_for, persona, province):
    if persona == "leader_of_another_unit":
        from conftest import _user
        from thidua.accounts.models import Role

        user = _user("ld.sgd", Role.LEADER, province.edu)
    else:
        user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(_round_url(cluster)).status_code == 404
    sheet = sheet_of(scoring_round, cluster.head)
    assert client.get(reverse("clusters:sheet", args=[sheet.pk])).status_code == 404
    score = score_of(scoring_round, cluster.head, "1.1")
    assert client.get(reverse("clusters:score", args=[score.pk])).status_code == 404
    assert client.post(reverse("clusters:score_set", args=[score.pk]), {"self_points": "5"}).status_code == 404
    assert fresh(score).self_points is None


def test_anonymous_visitors_are_sent_to_the_login_page(scoring_round, cluster, client_for):
    response = client_for(None).get(_round_url(cluster))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_head_opens_the_round_from_the_page(cluster, template, head_officer, client_for):
    response = client_for(head_officer).post(
        reverse("clusters:round_open", args=[cluster.cluster.pk]),
        {
            "table": template.pk,
            "deadline": "2026-12-10",
            "tie_group": template.groups.get(code="I").pk,
            "tie_vote": "on",
        },
    )
    assert response.status_code == 302
    rnd = ScoringRound.objects.get(cluster=cluster.cluster)
    assert (rnd.deadline, rnd.tie_vote) == (dt.date(2026, 12, 10), True)
    assert ScoreSheet.objects.filter(round=rnd).count() == 8


def test_the_opening_form_shows_the_deadline_error(cluster, template, head_officer, client_for):
    response = client_for(head_officer).post(
        reverse("clusters:round_open", args=[cluster.cluster.pk]), {"table": template.pk, "deadline": "2027-05-01"}
    )
    assert response.status_code == 200
    assert "quý I năm 2027" in response.content.decode()
    assert not ScoringRound.objects.exists()


def test_a_member_cannot_open_the_round_from_the_page(cluster, template, member_officer, client_for):
    response = client_for(member_officer).post(
        reverse("clusters:round_open", args=[cluster.cluster.pk]), {"table": template.pk, "deadline": "2026-12-10"}
    )
    assert response.status_code == 403
    assert not ScoringRound.objects.exists()


def test_the_head_sees_the_grid_with_totals_and_flags(
    scoring_round, cluster, head_officer, member_officers, client_for
):
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "1.2": 20, "2.1": 15, "3.1": 2, "3.2": 3}})
    score = score_of(scoring_round, cluster.member, "2.1")
    svc.remark_add(actor=member_officers[3], score=score, text="Chưa có kế hoạch")
    page = client_for(head_officer).get(_round_url(cluster)).content.decode()
    assert "Xã Tân Hòa" in page and "Xã Tân Sơn" in page
    assert "59" in page  # 25 + 20 + 15 + 2 − 3
    assert "Thiếu minh chứng: 1.2, 3.1" in page  # 1.2 and the bonus 3.1 have points but no evidence
    assert "Sửa thiết lập" in page and "Khóa điểm" in page and "Mở lại điểm" not in page


def test_the_evidence_column_lists_only_criteria_scored_above_zero_without_evidence(
    scoring_round, cluster, head_officer, client_for
):
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "1.2": 0, "2.2": 0}})  # 1.2, 2.2 require evidence
    page = client_for(head_officer).get(_round_url(cluster)).content.decode()
    assert "Thiếu minh chứng" not in page
    assert page.count('<span class="badge badge-ok">Đủ</span>') == len(cluster.units)
    fill_scores(scoring_round, {cluster.member: {"2.2": 5}})
    page = client_for(head_officer).get(_round_url(cluster)).content.decode()
    assert "Thiếu minh chứng: 2.2<" in page
    assert page.count('<span class="badge badge-ok">Đủ</span>') == len(cluster.units) - 1


def test_a_member_sees_its_own_sheet_link_and_no_settings(scoring_round, cluster, member_officer, client_for):
    page = client_for(member_officer).get(_round_url(cluster)).content.decode()
    own = sheet_of(scoring_round, cluster.member)
    assert reverse("clusters:sheet", args=[own.pk]) in page
    assert "Bảng tự chấm điểm của Xã Tân Hòa" in page
    assert "Sửa thiết lập" not in page and "Khóa điểm</a>" not in page


def _grow(scoring_round, cluster, province, units=5, criteria=4):
    """More members (with their sheets) and more criteria (with a score on every sheet)."""
    for i in range(units):
        u = Unit.objects.create(
            code=f"XB{i}",
            name=f"Xã Mới {i}",
            kind=UnitKind.COMMUNE,
            parent=province.root,
            valid_from=dt.date(2025, 7, 1),
        )
        ClusterMember.objects.create(cluster=cluster.cluster, unit=u)
        ScoreSheet.objects.create(round=scoring_round, unit=u)
    group = scoring_round.table.groups.get(code="II")
    for i in range(criteria):
        Criterion.objects.create(
            table=scoring_round.table,
            group=group,
            code=f"2.{i + 3}",
            name=f"Tiêu chí thêm {i}",
            max_points=1,
            kind=CriterionKind.SCORE,
            evidence_required=bool(i % 2),
            order=20 + i,
        )
    criteria = list(scoring_round.table.criteria.all())
    for sheet in ScoreSheet.objects.filter(round=scoring_round):
        have = set(sheet.scores.values_list("criterion_id", flat=True))
        Score.objects.bulk_create(
            [Score(sheet=sheet, criterion=c, self_points=1, points=1) for c in criteria if c.pk not in have]
        )


@pytest.mark.parametrize("persona", ["head_officer", "province_officer", "member_officer"])
def test_the_round_page_runs_a_fixed_number_of_queries(
    request, scoring_round, cluster, province, member_officers, client_for, persona
):
    client = client_for(request.getfixturevalue(persona))
    score = score_of(scoring_round, cluster.member, "2.1")
    svc.remark_add(actor=member_officers[3], score=score, text="Xem lại")
    few = _count(client, _round_url(cluster))
    _grow(scoring_round, cluster, province)
    svc.remark_add(actor=member_officers[3], score=score_of(scoring_round, cluster.head, "2.1"), text="Xem lại")
    svc.score_adjust(actor=member_officers[0], score=score, points=1, reason="Thử")
    assert _count(client, _round_url(cluster)) == few


def test_the_sheet_page_runs_a_fixed_number_of_queries(scoring_round, cluster, province, member_officer, client_for):
    client = client_for(member_officer)
    url = reverse("clusters:sheet", args=[sheet_of(scoring_round, cluster.member).pk])
    few = _count(client, url)
    _grow(scoring_round, cluster, province)
    score = score_of(scoring_round, cluster.member, "1.2")
    svc.evidence_add(actor=member_officer, score=score, file=pdf())
    assert _count(client, url) == few


# --- the sheet and the score pages ----------------------------------------------------------------------


def test_a_member_reads_the_heads_sheet_but_cannot_change_it(scoring_round, cluster, member_officer, client_for):
    client = client_for(member_officer)
    sheet = sheet_of(scoring_round, cluster.head)
    page = client.get(reverse("clusters:sheet", args=[sheet.pk])).content.decode()
    assert "Bảng tự chấm điểm: Xã Tân Phú" in page
    assert 'name="self_points"' not in page
    score = score_of(scoring_round, cluster.head, "1.1")
    assert client.post(reverse("clusters:score_set", args=[score.pk]), {"self_points": "30"}).status_code == 403
    response = client.post(reverse("clusters:evidence_add", args=[score.pk]), {"file": pdf()})
    assert response.status_code == 403
    assert client.get(reverse("clusters:sheet_submit", args=[sheet.pk])).status_code == 403
    score = fresh(score)
    assert score.self_points is None and not score.evidence.exists()


def test_the_unit_scores_on_its_sheet(scoring_round, cluster, member_officer, client_for):
    client = client_for(member_officer)
    sheet = sheet_of(scoring_round, cluster.member)
    page = client.get(reverse("clusters:sheet", args=[sheet.pk])).content.decode()
    assert 'name="self_points"' in page
    score = score_of(scoring_round, cluster.member, "1.1")
    response = client.post(
        reverse("clusters:score_set", args=[score.pk]),
        {"self_points": "27,5", "note": "", "version": score.version, "back": "sheet"},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#tc-{score.pk}")
    assert fresh(score).points == pytest.approx(27.5)


def test_the_score_page_shows_the_maximum_error(scoring_round, cluster, member_officer, client_for):
    score = score_of(scoring_round, cluster.member, "1.2")
    response = client_for(member_officer).post(
        reverse("clusters:score_set", args=[score.pk]), {"self_points": "31", "version": score.version}
    )
    assert response.status_code == 200
    assert "Điểm tối đa của tiêu chí 1.2 là 30; không chấm quá điểm tối đa." in response.content.decode()
    assert fresh(score).self_points is None


def test_the_score_page_shows_the_evidence_error(scoring_round, cluster, member_officer, client_for):
    score = score_of(scoring_round, cluster.member, "1.2")
    response = client_for(member_officer).post(
        reverse("clusters:score_set", args=[score.pk]), {"self_points": "10", "version": score.version}
    )
    page = response.content.decode()
    assert "Tiêu chí 1.2 bắt buộc có minh chứng; hãy tải tài liệu kiểm chứng trước khi chấm điểm lớn hơn 0." in page
    assert 'enctype="multipart/form-data"' in page  # the upload form is right there


def test_a_stale_score_form_shows_the_reload_message(scoring_round, cluster, member_officer, client_for):
    score = score_of(scoring_round, cluster.member, "1.1")
    svc.score_set(actor=member_officer, score=score, self_points=20)
    response = client_for(member_officer).post(
        reverse("clusters:score_set", args=[score.pk]), {"self_points": "25", "version": score.version}
    )
    assert "vừa được người khác thay đổi; hãy tải lại trang" in response.content.decode()
    assert fresh(score).self_points == 20


def test_a_score_form_without_the_version_is_refused_and_changes_nothing(
    scoring_round, cluster, member_officer, client_for
):
    from thidua.clusters.forms.tables import MISSING_VERSION

    score = score_of(scoring_round, cluster.member, "1.1")
    client = client_for(member_officer)
    for post in ({"self_points": "25"}, {"self_points": "25", "version": ""}, {"self_points": "25", "version": "x"}):
        response = client.post(reverse("clusters:score_set", args=[score.pk]), post)
        assert response.status_code == 200 and MISSING_VERSION in response.content.decode()
    score = fresh(score)
    assert (score.self_points, score.version) == (None, 1)
    assert not AuditEvent.objects.filter(action="clusters.score_set").exists()


def test_locking_or_submitting_without_the_version_is_refused(
    scoring_round, cluster, head_officer, member_officer, client_for
):
    from thidua.clusters.forms.tables import MISSING_VERSION

    response = client_for(head_officer).post(reverse("clusters:round_lock", args=[cluster.cluster.pk]), {})
    assert response.status_code == 200 and MISSING_VERSION in response.content.decode()
    assert fresh(scoring_round).state == RoundState.OPEN
    sheet = sheet_of(scoring_round, cluster.member)
    response = client_for(member_officer).post(reverse("clusters:sheet_submit", args=[sheet.pk]), {})
    assert response.status_code == 200 and MISSING_VERSION in response.content.decode()
    response = client_for(head_officer).post(
        reverse("clusters:round_edit", args=[cluster.cluster.pk]), {"deadline": "2026-12-05", "tie_group": ""}
    )
    assert response.status_code == 200 and MISSING_VERSION in response.content.decode()
    assert fresh(scoring_round).deadline == dt.date(2026, 11, 15)


def test_evidence_upload_download_and_removal(scoring_round, cluster, member_officer, client_for):
    client = client_for(member_officer)
    score = score_of(scoring_round, cluster.member, "1.2")
    response = client.post(reverse("clusters:evidence_add", args=[score.pk]), {"file": pdf("Biên bản.pdf")})
    assert response.status_code == 302
    evidence = Evidence.objects.get(score=score)
    download = client.get(reverse("clusters:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert "Biên bản.pdf" in download["Content-Disposition"] or "Bi%C3%AAn" in download["Content-Disposition"]
    confirm = client.get(reverse("clusters:evidence_remove", args=[evidence.pk]))
    assert "Xác nhận: xóa minh chứng" in confirm.content.decode()
    assert client.post(reverse("clusters:evidence_remove", args=[evidence.pk])).status_code == 302
    assert not Evidence.objects.exists()


def test_an_upload_that_is_not_a_document_is_refused_on_the_page(scoring_round, cluster, member_officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    score = score_of(scoring_round, cluster.member, "1.2")
    fake = SimpleUploadedFile("minh-chung.pdf", b"<html><body>x</body></html>")
    response = client_for(member_officer).post(reverse("clusters:evidence_add", args=[score.pk]), {"file": fake})
    assert response.status_code == 200
    assert "không dựa vào đuôi tên tệp" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("head_officer", 200),
        ("province_officer", 200),
        ("member_officer", 200),
        ("outsider_officer", 404),
        ("unit_officer", 404),
    ],
)
def test_evidence_is_downloaded_only_by_those_who_see_the_cluster(
    request, scoring_round, cluster, member_officers, client_for, persona, status
):
    score = score_of(scoring_round, cluster.units[3], "1.2")
    evidence = svc.evidence_add(actor=member_officers[3], score=score, file=pdf())
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("clusters:evidence_download", args=[evidence.pk])
    )
    assert response.status_code == status


def test_anonymous_cannot_download_evidence(scoring_round, cluster, member_officer, client_for):
    evidence = svc.evidence_add(actor=member_officer, score=score_of(scoring_round, cluster.member, "1.2"), file=pdf())
    response = client_for(None).get(reverse("clusters:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- cross-check on the pages ---------------------------------------------------------------------------


def test_a_member_remarks_from_the_score_page(scoring_round, cluster, member_officer, client_for):
    client = client_for(member_officer)
    score = score_of(scoring_round, cluster.head, "2.1")
    page = client.get(reverse("clusters:score", args=[score.pk])).content.decode()
    assert "Gửi ý kiến" in page and "Điều chỉnh điểm</button>" not in page
    response = client.post(reverse("clusters:remark_add", args=[score.pk]), {"text": "", "proposed_points": ""})
    assert "Vui lòng ghi nội dung ý kiến." in response.content.decode()
    response = client.post(
        reverse("clusters:remark_add", args=[score.pk]), {"text": "Kế hoạch ban hành muộn", "proposed_points": "15"}
    )
    assert response.status_code == 302
    assert Remark.objects.get().unit == cluster.member


def test_the_head_adjusts_from_the_score_page(scoring_round, cluster, head_officer, member_officer, client_for):
    score = score_of(scoring_round, cluster.member, "2.1")
    svc.score_set(actor=member_officer, score=score, self_points=18)
    client = client_for(head_officer)
    url = reverse("clusters:score_adjust", args=[score.pk])
    response = client.post(url, {"points": "15", "reason": "", "version": 2})
    assert "Vui lòng ghi lý do điều chỉnh điểm." in response.content.decode()
    assert not Adjustment.objects.exists()
    response = client.post(url, {"points": "15", "reason": "Chưa có kế hoạch quý IV", "version": 2})
    assert response.status_code == 302
    page = client_for(member_officer).get(reverse("clusters:score", args=[score.pk])).content.decode()
    assert "Chưa có kế hoạch quý IV" in page and "cụm trưởng đã điều chỉnh" in page


def test_a_member_cannot_adjust_from_the_page(scoring_round, cluster, member_officer, client_for):
    score = score_of(scoring_round, cluster.units[3], "2.1")
    response = client_for(member_officer).post(
        reverse("clusters:score_adjust", args=[score.pk]), {"points": "15", "reason": "X"}
    )
    assert response.status_code == 403
    assert not Adjustment.objects.exists()


def test_the_head_dismisses_a_remark_on_its_page(scoring_round, cluster, head_officer, member_officer, client_for):
    score = score_of(scoring_round, cluster.units[3], "2.1")
    remark = svc.remark_add(actor=member_officer, score=score, text="Chưa đạt")
    url = reverse("clusters:remark_dismiss", args=[remark.pk])
    assert client_for(member_officer).get(url).status_code == 403
    client = client_for(head_officer)
    assert "Không chấp nhận ý kiến kiểm tra chéo" in client.get(url).content.decode()
    assert client.post(url, {"reason": "Đã có biên bản kiểm tra"}).status_code == 302
    assert fresh(remark).resolved
    page = client.get(reverse("clusters:score", args=[score.pk])).content.decode()
    assert "Đã có biên bản kiểm tra" in page


def test_the_unit_submits_its_sheet_after_a_confirmation(scoring_round, cluster, member_officer, client_for):
    client = client_for(member_officer)
    sheet = sheet_of(scoring_round, cluster.member)
    url = reverse("clusters:sheet_submit", args=[sheet.pk])
    response = client.post(url, {"version": sheet.version})
    assert "Chưa chấm điểm các tiêu chí: 1.1, 1.2, 2.1, 2.2." in response.content.decode()
    fill_scores(scoring_round, {cluster.member: {"1.1": 25, "1.2": 0, "2.1": 10, "2.2": 0}})
    assert "Xác nhận: gửi bảng tự chấm điểm" in client.get(url).content.decode()
    assert client.post(url, {"version": sheet.version}).status_code == 302
    assert fresh(sheet).state == SheetState.SUBMITTED


# --- lock and reopen on the pages -----------------------------------------------------------------------


def test_the_head_locks_after_a_confirmation_page(scoring_round, cluster, head_officer, member_officer, client_for):
    url = reverse("clusters:round_lock", args=[cluster.cluster.pk])
    assert client_for(member_officer).get(url).status_code == 403
    assert client_for(member_officer).post(url).status_code == 403
    client = client_for(head_officer)
    assert "Xác nhận: khóa điểm" in client.get(url).content.decode()
    assert fresh(scoring_round).state == RoundState.OPEN
    assert client.post(url, {"version": scoring_round.version}).status_code == 302
    assert fresh(scoring_round).state == RoundState.LOCKED
    score = score_of(scoring_round, cluster.member, "1.1")
    response = client_for(member_officer).post(
        reverse("clusters:score_set", args=[score.pk]), {"self_points": "20", "version": score.version}
    )
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert fresh(score).self_points is None


def test_only_the_province_reaches_the_reopening_page(
    scoring_round, cluster, head_officer, province_officer, client_for
):
    svc.round_lock(actor=head_officer, round=scoring_round)
    url = reverse("clusters:round_reopen", args=[cluster.cluster.pk])
    assert client_for(head_officer).get(url).status_code == 403
    assert client_for(head_officer).post(url, {"new_deadline": "2026-12-01", "reason": "X"}).status_code == 403
    client = client_for(province_officer)
    assert "Mở lại điểm" in client.get(_round_url(cluster)).content.decode()
    assert "Xác nhận: mở lại điểm đã khóa" in client.get(url).content.decode()
    response = client.post(url, {"new_deadline": "2026-12-01", "reason": ""})
    assert "Vui lòng ghi lý do mở lại điểm." in response.content.decode()
    response = client.post(url, {"new_deadline": "2026-12-01", "reason": "Bổ sung minh chứng"})
    assert response.status_code == 302
    assert fresh(scoring_round).state == RoundState.OPEN
    assert AuditEvent.objects.get(action="clusters.round_reopen").data["reason"] == "Bổ sung minh chứng"


def test_the_head_edits_the_settings_on_a_page(scoring_round, cluster, head_officer, member_officer, client_for):
    url = reverse("clusters:round_edit", args=[cluster.cluster.pk])
    assert client_for(member_officer).get(url).status_code == 403
    client = client_for(head_officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"deadline": "2026-12-05", "tie_group": "", "version": scoring_round.version})
    assert response.status_code == 302
    rnd = fresh(scoring_round)
    assert (rnd.deadline, rnd.tie_group, rnd.tie_vote) == (dt.date(2026, 12, 5), None, False)


def test_past_the_deadline_the_page_says_the_scores_are_locked(scoring_round, cluster, head_officer, client_for, today):
    today.day = dt.date(2026, 11, 16)
    page = client_for(head_officer).get(_round_url(cluster)).content.decode()
    assert "Đã hết hạn chấm điểm (15/11/2026): điểm đã khóa." in page
    assert "Sửa thiết lập" not in page


def test_the_score_form_shows_points_the_vietnamese_way(scoring_round, cluster, head_officer, client_for):
    """27.00 in a Vietnamese form reads like a thousands separator: the inputs show "27" and "12,5"."""
    fill_scores(scoring_round, {cluster.head: {"1.1": "27", "2.1": "12.5"}})
    page = client_for(head_officer).get(
        reverse("clusters:score", args=[score_of(scoring_round, cluster.head, "1.1").pk])
    )
    text = page.content.decode()
    assert 'value="27"' in text and "27.00" not in text
    page = client_for(head_officer).get(
        reverse("clusters:score", args=[score_of(scoring_round, cluster.head, "2.1").pk])
    )
    assert 'value="12,5"' in page.content.decode()
