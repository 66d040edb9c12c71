"""The leaderboard, the Excel export of the full scoring table and the per-unit chart with its
year-on-year comparison, seen by every persona: provisional ("tạm tính") for the province, the head and
the members while the round is open; final once locked; other units see a ranking only once published."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.clusters.models import ScoreSheet

from .test_ranking_support import GROUP_SCENARIO, keep_open, lock, make_cluster, publish, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(cluster, scoring_round):
    score(scoring_round, cluster.units, GROUP_SCENARIO)
    return scoring_round


def _get(client_for, user, name, *args):
    return client_for(user).get(reverse(f"clusters:{name}", args=args))


# --- Who sees the ranking -----------------------------------------------------------------------------


def test_open_round_shows_a_provisional_ranking_to_the_province_head_and_members(
    cluster, scored, province_officer, head_officer, member_officer, client_for
):
    keep_open(scored)
    for user in (province_officer, head_officer, member_officer):
        page = _get(client_for, user, "ranking", cluster.cluster.pk)
        text = page.content.decode()
        assert page.status_code == 200
        assert "Tạm tính" in text and "Xã Tân Phú" in text and "96,5" in text


def test_other_units_get_404_until_publication(
    cluster, scored, outsider_officer, unit_officer, council_member, client_for
):
    for state in (keep_open, lock):
        state(scored)
        for user in (outsider_officer, unit_officer, council_member):
            assert _get(client_for, user, "ranking", cluster.cluster.pk).status_code == 404
            assert _get(client_for, user, "unit_chart", cluster.cluster.pk, cluster.head.pk).status_code == 404


def test_after_publication_every_logged_in_unit_officer_sees_the_ranking(
    cluster, scored, outsider_officer, unit_officer, client_for
):
    publish(scored)
    for user in (outsider_officer, unit_officer):
        page = _get(client_for, user, "ranking", cluster.cluster.pk)
        text = page.content.decode()
        assert page.status_code == 200 and "Đã công bố kết quả" in text and "Tạm tính" not in text
        assert "bang-diem.xlsx" not in text  # the detailed table stays with the cluster and the province


def test_anonymous_is_sent_to_the_login_page(cluster, scored, client_for):
    publish(scored)
    response = _get(client_for, None, "ranking", cluster.cluster.pk)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_final_ranking_explains_each_place_and_marks_the_awards(cluster, scored, member_officer, client_for):
    lock(scored)
    text = _get(client_for, member_officer, "ranking", cluster.cluster.pk).content.decode()
    assert "Kết quả chính thức" in text and "Tạm tính" not in text
    assert "Hơn điểm nhóm I: 55 &gt; 50" in text and "Kém điểm nhóm I: 50 &lt; 55" in text
    assert text.count("Đề nghị Cờ thi đua") == 1 and text.count("Đề nghị Bằng khen") == 2
    assert "Lập hồ sơ đề nghị khen thưởng" not in text and "Công bố kết quả</a>" not in text  # member: no actions


def test_head_and_province_get_their_actions(cluster, scored, head_officer, province_officer, client_for):
    lock(scored)
    head = _get(client_for, head_officer, "ranking", cluster.cluster.pk).content.decode()
    assert (
        "Lập hồ sơ đề nghị khen thưởng" in head
        and reverse("clusters:round_publish", args=[cluster.cluster.pk]) not in head
    )
    province = _get(client_for, province_officer, "ranking", cluster.cluster.pk).content.decode()
    assert reverse("clusters:round_publish", args=[cluster.cluster.pk]) in province


def test_the_page_says_a_vote_is_needed_for_an_unbroken_tie(cluster, scoring_round, head_officer, client_for):
    from .test_ranking_support import VOTE_SCENARIO

    score(scoring_round, cluster.units, VOTE_SCENARIO)
    lock(scoring_round)
    text = _get(client_for, head_officer, "ranking", cluster.cluster.pk).content.decode()
    assert "đồng hạng" in text and "cần bỏ phiếu kín phân định" in text
    assert "ảnh hưởng đề nghị khen thưởng" in text
    assert reverse("clusters:tie_vote_open", args=[cluster.cluster.pk]) + "?position=1" in text


def test_a_cluster_without_a_round_says_so(cluster, head_officer, client_for):
    page = _get(client_for, head_officer, "ranking", cluster.cluster.pk)
    assert page.status_code == 200 and "chưa có đợt chấm điểm" in page.content.decode()


def test_unknown_cluster_is_404(province_officer, client_for, db):
    assert _get(client_for, province_officer, "ranking", 999999).status_code == 404


# --- Excel: the full scoring table ------------------------------------------------------------------------


def _sheet(response):
    wb = load_workbook(io.BytesIO(response.content))
    return wb["Bảng điểm"]


def test_excel_holds_the_full_scoring_table(cluster, scored, head_officer, client_for):
    lock(scored)
    sheet = ScoreSheet.objects.get(round=scored, unit=cluster.member)
    sheet.scores.filter(criterion__code="2.2").update(self_points=20, points=Decimal("18.5"))  # adjusted
    response = _get(client_for, head_officer, "ranking_xlsx", cluster.cluster.pk)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    ws = _sheet(response)
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert "CỤM THI ĐUA SỐ 1 NĂM 2026" in rows[0][0]
    header, sub = rows[3], rows[4]
    assert header[:3] == ["STT", "Đơn vị", "1.1. Hoàn thành các chỉ tiêu kinh tế – xã hội được giao (tối đa 30)"]
    assert sub[2:4] == ["Tự chấm", "Sau kiểm tra chéo"]
    assert "3.1. Được cấp trên khen thưởng đột xuất (điểm thưởng) (tối đa 5)" in header
    for title in ("Cộng nhóm I", "Cộng nhóm II", "Cộng điểm thưởng", "Cộng điểm trừ", "Tổng điểm", "Xếp hạng"):
        assert title in header
    data = {r[1]: dict(zip(header, r, strict=False)) | {"_row": r} for r in rows[5:]}
    assert len(data) == 8
    hoa = data["Xã Tân Hòa"]["_row"]
    col = header.index("2.2. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến (tối đa 20)")
    assert (hoa[col], hoa[col + 1]) == (20, 18.5)
    assert data["Xã Tân Hòa"]["Tổng điểm"] == 88.5 and data["Xã Tân Hòa"]["Tổng điểm tự chấm"] == 90
    phu = data["Xã Tân Phú"]
    assert (phu["Tổng điểm"], phu["Xếp hạng"], phu["Cộng điểm thưởng"], phu["Cộng nhóm I"]) == (96.5, 1, 0.5, 58)
    assert data["Xã Tân Thạnh"]["Cộng điểm trừ"] == 2


def test_excel_is_formula_safe(cluster, scored, head_officer, client_for):
    cluster.units[7].name = '=HYPERLINK("http://evil.example","Xã")'
    cluster.units[7].save()
    ws = _sheet(_get(client_for, head_officer, "ranking_xlsx", cluster.cluster.pk))
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_excel_is_for_the_cluster_and_the_province_only(
    cluster, scored, province_officer, member_officer, outsider_officer, client_for
):
    publish(scored)
    assert _get(client_for, province_officer, "ranking_xlsx", cluster.cluster.pk).status_code == 200
    assert _get(client_for, member_officer, "ranking_xlsx", cluster.cluster.pk).status_code == 200
    assert _get(client_for, outsider_officer, "ranking_xlsx", cluster.cluster.pk).status_code == 403


def test_excel_before_publication_is_404_for_other_units(cluster, scored, unit_officer, client_for):
    assert _get(client_for, unit_officer, "ranking_xlsx", cluster.cluster.pk).status_code == 404


# --- The unit's chart and year-on-year ------------------------------------------------------------------------


def test_unit_chart_shows_points_by_group_against_the_average(cluster, scored, member_officer, client_for):
    lock(scored)
    page = _get(client_for, member_officer, "unit_chart", cluster.cluster.pk, cluster.member.pk)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in text and "clusters/unit-chart.js" in text
    match = re.search(r'<script id="unit-chart-data" type="application/json">(.*?)</script>', text)
    chart = json.loads(match.group(1))
    assert chart["unit"] == [50.0, 40.0, 0.0]
    assert chart["average"][0] == (58 + 55 + 50 + 50 + 50 + 45 + 40 + 40) / 8
    assert chart["unit_label"] == "Xã Tân Hòa" and chart["labels"][0].startswith("I. ")
    # CSP: no inline script besides the JSON data block.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text)
    assert all('type="application/json"' in attrs for attrs in inline)
    assert "xếp thứ <strong>3/8</strong>" in text


def test_unit_chart_of_a_unit_outside_the_cluster_is_404(cluster, scored, member_officer, client_for):
    assert _get(client_for, member_officer, "unit_chart", cluster.cluster.pk, cluster.outside.pk).status_code == 404


def test_year_on_year_without_last_years_figures(cluster, scored, member_officer, client_for):
    text = _get(client_for, member_officer, "unit_chart", cluster.cluster.pk, cluster.member.pk).content.decode()
    assert "Chưa có số liệu năm trước." in text


def test_year_on_year_through_the_cluster_carried_over(province, cluster, scored, template, member_officer, client_for):
    previous, _rnd, _units = make_cluster(
        province, template, name="Cụm thi đua số 1", year=2025, totals=(70, 82.5), units=[cluster.head, cluster.member]
    )
    cluster.cluster.carried_from = previous
    cluster.cluster.save()
    text = _get(client_for, member_officer, "unit_chart", cluster.cluster.pk, cluster.member.pk).content.decode()
    assert "Chưa có số liệu năm trước." not in text
    assert "<td>2025</td>" in text and "82,5" in text and "1/2" in text


def test_year_on_year_through_last_years_membership(province, cluster, scored, template, member_officer, client_for):
    make_cluster(
        province, template, name="Cụm thi đua cũ", year=2025, totals=(90, 60), units=[cluster.units[5], cluster.member]
    )
    text = _get(client_for, member_officer, "unit_chart", cluster.cluster.pk, cluster.member.pk).content.decode()
    assert "Cụm thi đua cũ" in text and "2/2" in text


def _chart_text(client_for, user, cluster, unit) -> str:
    page = _get(client_for, user, "unit_chart", cluster.cluster.pk, unit.pk)
    assert page.status_code == 200
    return page.content.decode()


def test_an_outsider_sees_last_years_result_only_once_it_is_published(
    province, cluster, scored, template, outsider_officer, client_for
):
    publish(scored)  # this year's results are public: the outsider sees this year's chart
    _previous, rnd, _units = make_cluster(
        province, template, name="Cụm thi đua cũ", year=2025, totals=(90, 60), units=[cluster.units[5], cluster.member]
    )
    lock(rnd)
    text = _chart_text(client_for, outsider_officer, cluster, cluster.member)
    assert "Chưa có số liệu năm trước." in text and "Cụm thi đua cũ" not in text and "<td>2025</td>" not in text
    publish(rnd)
    text = _chart_text(client_for, outsider_officer, cluster, cluster.member)
    assert "Cụm thi đua cũ" in text and "2/2" in text


def test_a_member_does_not_see_last_years_result_of_a_unit_from_another_cluster(
    province, cluster, scored, template, member_officer, province_officer, client_for
):
    other_unit = cluster.units[3]  # Xã Tân Bình sat last year in a cluster Tân Hòa was not in
    _previous, rnd, _units = make_cluster(
        province, template, name="Cụm thi đua số 5", year=2025, totals=(88, 77), units=[province.commune1, other_unit]
    )
    lock(rnd)
    text = _chart_text(client_for, member_officer, cluster, other_unit)
    assert "Chưa có số liệu năm trước." in text and "Cụm thi đua số 5" not in text and "77" not in text
    text = _chart_text(client_for, province_officer, cluster, other_unit)
    assert "Cụm thi đua số 5" in text and "2/2" in text


def test_last_years_result_is_not_shown_while_that_round_is_still_open(
    province, cluster, scored, template, member_officer, province_officer, client_for
):
    _previous, rnd, _units = make_cluster(
        province, template, name="Cụm thi đua cũ", year=2025, totals=(90, 60), units=[cluster.units[5], cluster.member]
    )
    keep_open(rnd)
    for user in (member_officer, province_officer):
        text = _chart_text(client_for, user, cluster, cluster.member)
        assert "Chưa có số liệu năm trước." in text and "Cụm thi đua cũ" not in text


def test_previous_result_needs_the_actor(province, cluster, scored, template, member_officer, outsider_officer):
    from thidua.clusters.selectors import ranking as sel

    _previous, rnd, _units = make_cluster(
        province, template, name="Cụm thi đua cũ", year=2025, totals=(90, 60), units=[cluster.units[5], cluster.member]
    )
    lock(rnd)
    assert sel.previous_result(cluster.cluster, cluster.member, actor=member_officer)["line"].position == 2
    assert sel.previous_result(cluster.cluster, cluster.member, actor=outsider_officer) is None


# --- Leaders page: province only ---------------------------------------------------------------------------------


def test_leaders_page_is_for_the_province(cluster, scored, province_officer, head_officer, unit_officer, client_for):
    lock(scored)
    for user in (head_officer, unit_officer):
        assert client_for(user).get(reverse("clusters:leaders")).status_code == 403
    page = client_for(province_officer).get(reverse("clusters:leaders"), {"nam": 2026})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Xã Tân Phú" in text and "96,5" in text and "Chưa lập hồ sơ đề nghị" in text
    assert "Số lượng tối đa đề nghị Cờ thi đua của Chính phủ năm 2026: 0 đơn vị" in text
    assert "chưa xác minh căn cứ" in text and "Nghị định 91/2017/NĐ-CP" in text


def test_leaders_page_lists_the_clusters_in_natural_order(
    province, cluster, scored, template, province_officer, client_for
):
    lock(scored)  # Cụm thi đua số 1
    for name, code in (("Cụm thi đua số 10", "M"), ("Cụm thi đua số 9", "N"), ("Cụm thi đua số 2b", "P")):
        _c, rnd, _u = make_cluster(province, template, name=name, totals=(80, 70), code=code)
        lock(rnd)
    text = client_for(province_officer).get(reverse("clusters:leaders"), {"nam": 2026}).content.decode()
    names = ["Cụm thi đua số 1<", "Cụm thi đua số 2b<", "Cụm thi đua số 9<", "Cụm thi đua số 10<"]
    positions = [text.index(n) for n in names]
    assert positions == sorted(positions)


def test_rankings_of_a_year_come_in_natural_order_of_the_names(province, cluster, scoring_round, template):
    from thidua.clusters.selectors import ranking as sel

    for name, code in (("Cụm thi đua số 10", "M"), ("Cụm thi đua số 9", "N")):
        make_cluster(province, template, name=name, totals=(80, 70), code=code)
    names = [r.cluster.name for r in sel.rankings_for_year(2026)]
    assert names == ["Cụm thi đua số 1", "Cụm thi đua số 9", "Cụm thi đua số 10"]
    assert sel.natural_key("Khối thi đua số 2") < sel.natural_key("khối thi đua số 10")


def _page_queries(client, url, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_ranking_and_leaders_pages_run_a_fixed_number_of_queries(
    province, cluster, scored, template, head_officer, province_officer, client_for
):
    from thidua.catalog.models import RuleParameter

    RuleParameter.objects.filter(key="co_cp_quota").update(value="1")  # the proposal form shows in both runs
    lock(scored)
    head, office = client_for(head_officer), client_for(province_officer)
    ranking_url = reverse("clusters:ranking", args=[cluster.cluster.pk])
    leaders_url = reverse("clusters:leaders")
    chart_url = reverse("clusters:unit_chart", args=[cluster.cluster.pk, cluster.member.pk])
    before = (
        _page_queries(head, ranking_url),
        _page_queries(office, leaders_url, nam=2026),
        _page_queries(head, chart_url),
    )
    # Four more members with their sheets, and three more locked clusters.
    from thidua.clusters.models import Score, ScoreSheet
    from thidua.org.models import ClusterMember

    _c, _r, extra = make_cluster(province, template, name="Cụm tạm", totals=(50, 40, 30, 20), code="X")
    for unit in extra:
        ClusterMember.objects.create(cluster=cluster.cluster, unit=unit)
        sheet = ScoreSheet.objects.create(round=scored, unit=unit)
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c, points=5) for c in template.criteria.all()])
    for i in range(3):
        _c, rnd, _u = make_cluster(province, template, name=f"Cụm thêm {i}", totals=(70, 60, 50), code=f"Y{i}-")
        lock(rnd)
    after = (
        _page_queries(head, ranking_url),
        _page_queries(office, leaders_url, nam=2026),
        _page_queries(head, chart_url),
    )
    assert before == after
