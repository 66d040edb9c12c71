"""Screens of the clusters of a year: who sees which clusters, the list's filters, pagination, Excel
export and fixed query count, the cluster page, creating and editing, the members form and the
carry-over preview and confirmation."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.selectors import user_nav
from thidua.clusters.selectors.structure import header_version, membership_version
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

from .conftest import YEAR

pytestmark = pytest.mark.django_db

LIST = reverse("clusters:cluster_list")


def detail(c):
    return reverse("clusters:cluster_detail", args=[c.pk])


def names(response):
    return [c.name for c in response.context["page"].object_list]


def make_clusters(province, n, *, year=YEAR, start=0):
    """n more clusters of `year`, two new communes each."""
    for i in range(start, start + n):
        c = Cluster.objects.create(name=f"Cụm bổ sung {i}", kind=ClusterKind.AREA, year=year)
        for j, role in enumerate((ClusterRole.HEAD, ClusterRole.DEPUTY)):
            u = Unit.objects.create(
                code=f"B{i}-{j}", name=f"Xã Bổ Sung {i}-{j}", kind=UnitKind.COMMUNE, parent=province.root
            )
            ClusterMember.objects.create(cluster=c, unit=u, role=role)


@pytest.fixture(autouse=True)
def this_year(monkeypatch):
    """The screens default to the current year: pin it to the fixtures' year."""
    monkeypatch.setattr("thidua.clusters.selectors.structure.current_year", lambda: YEAR)


# --- Who sees what -------------------------------------------------------------------------------------


def test_the_province_sees_every_cluster_of_the_year(cluster, province_officer, client_for):
    r = client_for(province_officer).get(LIST)
    assert r.status_code == 200 and names(r) == ["Cụm thi đua số 1", "Cụm thi đua số 2"]
    assert "Lập cụm, khối" in r.content.decode()


def test_a_member_sees_only_the_clusters_of_their_units(cluster, member_officer, outsider_officer, client_for):
    assert names(client_for(member_officer).get(LIST)) == ["Cụm thi đua số 1"]
    assert names(client_for(outsider_officer).get(LIST)) == ["Cụm thi đua số 2"]
    assert "Lập cụm, khối" not in client_for(member_officer).get(LIST).content.decode()


def test_an_officer_of_a_parent_unit_sees_the_clusters_of_its_sub_units(cluster, province, client_for):
    from conftest import _user
    from thidua.accounts.models import Role

    c = Cluster.objects.create(name="Khối y tế", kind=ClusterKind.SECTOR, year=YEAR)
    ClusterMember.objects.create(cluster=c, unit=province.hospital, role=ClusterRole.HEAD)
    health_leader = _user("ld.syt", Role.LEADER, province.health)
    assert names(client_for(health_leader).get(LIST)) == ["Khối y tế"]


@pytest.mark.parametrize("persona", ["unit_officer", "council_member"])
def test_units_outside_every_cluster_see_an_empty_list(request, cluster, persona, client_for):
    r = client_for(request.getfixturevalue(persona)).get(LIST)
    assert r.status_code == 200 and names(r) == []


def test_anonymous_is_sent_to_the_login_page(cluster, client_for):
    for url in (LIST, detail(cluster.cluster), reverse("clusters:cluster_create")):
        r = client_for(None).get(url)
        assert r.status_code == 302 and r["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_the_menu_entry_is_hidden_without_view_list(cluster, council_member, member_officer, province_officer):
    def has_entry(user):
        items = user_nav(user)
        flat = [c for i in items if i for c in (i.get("children") or [i])]
        return any(e["url"] == "clusters:cluster_list" for e in flat)

    assert has_entry(province_officer) and has_entry(member_officer)
    assert not has_entry(council_member)


def test_cluster_page_is_404_for_outsiders_and_shows_members_for_members(
    cluster, member_officer, outsider_officer, unit_officer, council_member, client_for
):
    url = detail(cluster.cluster)
    for user in (outsider_officer, unit_officer, council_member):
        assert client_for(user).get(url).status_code == 404
    r = client_for(member_officer).get(url)
    text = r.content.decode()
    assert r.status_code == 200
    assert "Xã Tân Phú" in text and "Cụm trưởng" in text and "12/QĐ-UBND" in text and "10/01/2026" in text
    assert reverse("clusters:covenant", args=[cluster.cluster.pk]) in text
    assert reverse("clusters:cluster_table", args=[cluster.cluster.pk]) in text
    assert reverse("clusters:round", args=[cluster.cluster.pk]) in text
    assert reverse("clusters:ranking", args=[cluster.cluster.pk]) in text
    assert reverse("clusters:cluster_members", args=[cluster.cluster.pk]) not in text


def test_cluster_page_shows_the_carried_from_link(cluster, province_officer, client_for):
    from thidua.clusters.services.structure import cluster_carry_over

    new = cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)[0]
    text = client_for(province_officer).get(detail(new)).content.decode()
    assert "Chuyển tiếp từ" in text and detail(cluster.cluster) in text


# --- Filters, pagination, export, query count ------------------------------------------------------------


def test_list_filters_by_year_kind_and_searches_names_and_member_units(cluster, province_officer, client_for):
    c = client_for(province_officer)
    Cluster.objects.create(name="Khối các sở", kind=ClusterKind.SECTOR, year=YEAR)
    Cluster.objects.create(name="Cụm năm trước", kind=ClusterKind.AREA, year=YEAR - 1)
    assert names(c.get(LIST, {"year": YEAR - 1})) == ["Cụm năm trước"]
    assert len(names(c.get(LIST, {"year": ""}))) == 4
    assert names(c.get(LIST, {"year": YEAR, "kind": "SECTOR"})) == ["Khối các sở"]
    assert names(c.get(LIST, {"year": YEAR, "q": "cum thi dua so 2"})) == ["Cụm thi đua số 2"]
    assert names(c.get(LIST, {"year": YEAR, "q": "hoa binh"})) == ["Cụm thi đua số 2"]  # a member unit
    assert names(c.get(LIST, {"year": YEAR, "q": "Tân Thạnh"})) == ["Cụm thi đua số 1"]
    assert names(c.get(LIST, {"year": "abc"})) == []


def test_list_answers_htmx_with_the_results_only(cluster, province_officer, client_for):
    r = client_for(province_officer).get(LIST, {"q": "so 1"}, headers={"HX-Request": "true"})
    text = r.content.decode()
    assert 'id="results"' in text and "<html" not in text and "Cụm thi đua số 1" in text


def test_list_paginates(cluster, province, province_officer, client_for):
    make_clusters(province, 55)
    c = client_for(province_officer)
    first = c.get(LIST)
    assert len(names(first)) == 50 and first.context["page"].paginator.count == 57
    assert len(names(c.get(LIST, {"trang": 2}))) == 7


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx)


def test_list_runs_a_fixed_number_of_queries(cluster, province, province_officer, member_officer, client_for):
    officer, member = client_for(province_officer), client_for(member_officer)
    few, few_member = _count(officer, LIST), _count(member, LIST)
    few_search = _count(officer, LIST, {"q": "xa"})
    make_clusters(province, 20)
    for i in range(5):  # more clusters of the member's unit in other years and kinds
        c = Cluster.objects.create(name=f"Khối {i}", kind=ClusterKind.SECTOR, year=YEAR - i)
        ClusterMember.objects.create(cluster=c, unit=cluster.member, role=ClusterRole.MEMBER)
    assert _count(officer, LIST) == few
    assert _count(member, LIST) == few_member
    assert _count(officer, LIST, {"q": "xa"}) == few_search


def test_export_lists_every_membership_with_roles(cluster, province_officer, client_for):
    r = client_for(province_officer).get(LIST, {"year": YEAR, "xuat": "excel"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Năm", "Cụm, khối thi đua")
    body = rows[1:]
    assert len(body) == 9
    assert body[0][2] == "Cụm thi đua số 1" and body[0][6] == "Xã Tân Phú" and body[0][8] == "Cụm trưởng"
    assert body[1][6] == "Xã Tân Lập" and body[1][8] == "Cụm phó"
    assert body[0][4] == "12/QĐ-UBND" and body[0][5].date() == dt.date(YEAR, 1, 10)


def test_export_is_scoped_and_formula_safe(cluster, province_officer, member_officer, client_for):
    Cluster.objects.filter(pk=cluster.cluster.pk).update(name='=HYPERLINK("http://x")')
    r = client_for(member_officer).get(LIST, {"xuat": "excel"})
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))[1:]
    assert {row[2] for row in rows} == {'=HYPERLINK("http://x")'}
    assert ws["C2"].data_type == "s"


def test_export_runs_a_fixed_number_of_queries(cluster, province, province_officer, client_for):
    c = client_for(province_officer)
    few = _count(c, LIST, {"xuat": "excel"})
    make_clusters(province, 10)
    assert _count(c, LIST, {"xuat": "excel"}) == few


# --- Create, edit, members -------------------------------------------------------------------------------


def test_province_creates_a_cluster_through_the_form(province, province_officer, client_for):
    a = Unit.objects.create(code="N1", name="Xã Nam Một", kind=UnitKind.COMMUNE, parent=province.root)
    b = Unit.objects.create(code="N2", name="Xã Nam Hai", kind=UnitKind.COMMUNE, parent=province.root)
    c = client_for(province_officer)
    page = c.get(reverse("clusters:cluster_create"))
    assert page.status_code == 200
    found = c.post(reverse("clusters:cluster_create"), {"q": "nam", "_tim": "1", "name": "", "year": YEAR})
    assert "Xã Nam Một" in found.content.decode() and not Cluster.objects.filter(year=YEAR).exists()
    data = {
        "name": "Cụm phía Nam",
        "kind": "AREA",
        "year": YEAR,
        "decision_number": "1/QĐ-UBND",
        "decision_date": "2026-01-05",
        "members": [a.pk, b.pk],
        "head": b.pk,
        "deputy": a.pk,
    }
    r = c.post(reverse("clusters:cluster_create"), data)
    new = Cluster.objects.get(name="Cụm phía Nam")
    assert r.status_code == 302 and r["Location"] == detail(new)
    assert ClusterMember.objects.get(cluster=new, unit=b).role == ClusterRole.HEAD


def test_create_form_shows_the_conflict_beside_the_members(cluster, province_officer, client_for):
    data = {"name": "Cụm mới", "kind": "AREA", "year": YEAR, "members": [cluster.member.pk], "head": cluster.member.pk}
    r = client_for(province_officer).post(reverse("clusters:cluster_create"), data)
    assert r.status_code == 200
    assert "đã là thành viên của “Cụm thi đua số 1”" in r.content.decode()


@pytest.mark.parametrize("persona", ["head_officer", "member_officer", "outsider_officer", "unit_officer"])
def test_only_the_province_opens_the_structure_forms(request, cluster, persona, client_for):
    c = client_for(request.getfixturevalue(persona))
    pk = cluster.cluster.pk
    assert c.get(reverse("clusters:cluster_create")).status_code == 403
    assert c.get(reverse("clusters:cluster_carry_over")).status_code == 403
    assert c.get(reverse("clusters:cluster_edit", args=[pk])).status_code == 403
    r = c.post(reverse("clusters:cluster_members", args=[pk]), {"members": [cluster.member.pk]})
    assert r.status_code == 403
    assert ClusterMember.objects.filter(cluster=cluster.cluster).count() == 8


def test_edit_form_saves_and_reports_a_concurrent_edit(cluster, province_officer, client_for):
    c = client_for(province_officer)
    url = reverse("clusters:cluster_edit", args=[cluster.cluster.pk])
    version = header_version(cluster.cluster)
    data = {
        "name": "Cụm thi đua số 1",
        "kind": "AREA",
        "year": YEAR,
        "decision_number": "99/QĐ-UBND",
        "version": version,
    }
    assert c.post(url, data).status_code == 302
    r = c.post(url, data | {"decision_number": "100/QĐ-UBND"})
    assert "vừa được người khác sửa" in r.content.decode()
    assert Cluster.objects.get(pk=cluster.cluster.pk).decision_number == "99/QĐ-UBND"


def test_members_form_sets_roles_and_keeps_choices_when_searching(cluster, province_officer, client_for):
    c = client_for(province_officer)
    url = reverse("clusters:cluster_members", args=[cluster.cluster.pk])
    page = c.get(url)
    assert page.status_code == 200 and page.content.decode().count('name="members"') == 8
    version = membership_version(list(ClusterMember.objects.filter(cluster=cluster.cluster)))
    ids = [u.pk for u in cluster.units]
    searched = c.post(url, {"members": ids[:3], "q": "hoa binh", "_tim": "1", "version": version})
    text = searched.content.decode()
    assert "Xã Hòa Bình" in text and text.count('checked aria-label="Thành viên') == 3
    r = c.post(url, {"members": ids, "head": ids[1], "deputy": ids[2], "version": version})
    assert r.status_code == 302
    assert ClusterMember.objects.get(cluster=cluster.cluster, unit_id=ids[1]).role == ClusterRole.HEAD


def test_members_form_shows_service_errors(cluster, province_officer, client_for):
    url = reverse("clusters:cluster_members", args=[cluster.cluster.pk])
    version = membership_version(list(ClusterMember.objects.filter(cluster=cluster.cluster)))
    r = client_for(province_officer).post(url, {"members": [cluster.member.pk], "head": "", "version": version})
    assert "Chọn cụm trưởng" in r.content.decode()


# --- Carry-over screens ---------------------------------------------------------------------------------


def test_carry_over_preview_then_confirm(cluster, province_officer, client_for):
    c = client_for(province_officer)
    url = reverse("clusters:cluster_carry_over")
    preview = c.get(url, {"from_year": YEAR, "to_year": YEAR + 1, "rotate": "on"})
    text = preview.content.decode()
    assert "Xem trước: 2 cụm, khối" in text and "Xác nhận chuyển sang năm 2027" in text
    assert not Cluster.objects.filter(year=YEAR + 1).exists()
    r = c.post(url, {"from_year": YEAR, "to_year": YEAR + 1, "rotate": "on"})
    assert r.status_code == 302 and Cluster.objects.filter(year=YEAR + 1).count() == 2
    again = c.post(url, {"from_year": YEAR, "to_year": YEAR + 1, "rotate": "on"})
    assert "đã có cụm, khối trùng tên" in again.content.decode()
    assert Cluster.objects.filter(year=YEAR + 1).count() == 2


def test_carry_over_form_refuses_a_target_year_not_after_the_source(cluster, province_officer, client_for):
    r = client_for(province_officer).get(reverse("clusters:cluster_carry_over"), {"from_year": YEAR, "to_year": YEAR})
    assert "phải sau năm 2026" in r.content.decode() and r.context["plan"] is None


def test_provincial_leader_is_not_a_member_of_every_cluster(cluster, leader):
    from thidua.clusters.rules import member_units_of

    assert member_units_of(leader, cluster.cluster) == []
    assert not leader.has_perm("clusters.view", cluster.cluster)
    assert not leader.has_perm("clusters.sign_commitment", cluster.cluster)
