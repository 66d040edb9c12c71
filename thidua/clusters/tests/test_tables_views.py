"""Scoring tables, screens: the template list (filters, search, fixed queries), the template's editing
pages, the confirmation before applying, a cluster's table by persona, and the .docx / .xlsx."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.clusters.models import Criterion, ScoringTable, TableState
from thidua.clusters.services import tables as svc

from .conftest import YEAR, build_template, fill_scores
from .test_scoring_support import fixed_today  # noqa: F401 — rounds lock after their deadline: fix today

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    return build_template(name="Bảng chấm điểm dự thảo", state=TableState.DRAFT)


@pytest.fixture
def adapted(cluster, template, head_officer):
    return svc.table_adapt(actor=head_officer, cluster=cluster.cluster, template=template)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _text(response) -> str:
    return response.content.decode()


# --- The template list ---------------------------------------------------------------------------------------


def test_template_list_runs_a_fixed_number_of_queries(template, province_officer, member_officer, client_for):
    url = reverse("clusters:template_list")
    province, member = client_for(province_officer), client_for(member_officer)
    few, few_member = _count(province, url), _count(member, url)
    for i in range(8):
        build_template(
            year=YEAR - 1 - i % 3, name=f"Bảng chấm điểm số {i}", state=(TableState.DRAFT, TableState.APPLIED)[i % 2]
        )
    assert _count(province, url) == few
    assert _count(member, url) == few_member
    assert _count(province, url + "?q=bang+cham&year=2025") == _count(province, url + "?q=bang")


def test_template_list_shows_drafts_to_the_province_only(template, draft, province_officer, member_officer, client_for):
    url = reverse("clusters:template_list")
    province = _text(client_for(province_officer).get(url))
    assert template.name in province and draft.name in province and "Tạo bảng chấm điểm mẫu" in province
    member = _text(client_for(member_officer).get(url))
    assert template.name in member and draft.name not in member and "Tạo bảng chấm điểm mẫu" not in member


def test_template_list_filters_by_year_and_searches_without_diacritics(template, province_officer, client_for):
    old = build_template(year=YEAR - 1, name="Bảng chấm điểm khối sở, ngành")
    client = client_for(province_officer)
    url = reverse("clusters:template_list")
    page = _text(client.get(url, {"year": YEAR - 1}))
    assert old.name in page and template.name not in page
    page = _text(client.get(url, {"q": "khoi so nganh"}))
    assert old.name in page and template.name not in page
    partial = client.get(url, {"q": "xa phuong"}, HTTP_HX_REQUEST="true")
    assert template.name in _text(partial) and "<html" not in _text(partial)


def test_template_list_needs_a_login_and_a_cluster_role(template, council_member, client_for):
    url = reverse("clusters:template_list")
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous.url
    assert client_for(council_member).get(url).status_code == 403


# --- Editing a template ----------------------------------------------------------------------------------------------


def test_the_province_creates_a_template_and_builds_it(province_officer, client_for):
    client = client_for(province_officer)
    response = client.post(
        reverse("clusters:template_create"), {"year": YEAR, "name": "Bảng chấm điểm khối doanh nghiệp", "note": ""}
    )
    table = ScoringTable.objects.get(name="Bảng chấm điểm khối doanh nghiệp")
    assert response.status_code == 302 and response.url == reverse("clusters:table_detail", args=[table.pk])
    client.post(
        reverse("clusters:table_group_create", args=[table.pk]),
        {"code": "I", "name": "Sản xuất kinh doanh", "max_points": "60", "order": 1, "version": table.version},
    )
    group = table.groups.get()
    table.refresh_from_db()
    response = client.post(
        reverse("clusters:table_criterion_create", args=[table.pk]),
        {
            "group": group.pk,
            "code": "1.1",
            "name": "Doanh thu",
            "kind": "SCORE",
            "max_points": "62,5",
            "order": 1,
            "version": table.version,
        },
    )
    assert response.status_code == 200
    assert "Tổng điểm tối đa các tiêu chí nhóm I là 62,5, vượt điểm tối đa của nhóm (60)." in _text(response)
    assert not Criterion.objects.filter(table=table).exists()


def test_a_stale_edit_form_is_refused_on_screen(draft, province_officer, client_for):
    client = client_for(province_officer)
    crit = draft.criteria.get(code="2.1")
    stale = draft.version
    svc.criterion_update(actor=province_officer, criterion=crit, name="Đã sửa trước")
    response = client.post(
        reverse("clusters:table_criterion_edit", args=[crit.pk]),
        {
            "group": crit.group_id,
            "code": "2.1",
            "name": "Sửa sau",
            "kind": "SCORE",
            "max_points": "20",
            "version": stale,
        },
    )
    assert response.status_code == 200 and svc.STALE in _text(response)
    crit.refresh_from_db()
    assert crit.name == "Đã sửa trước"


def test_applying_goes_through_a_confirmation_page(draft, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("clusters:template_apply", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Xác nhận: áp dụng bảng chấm điểm mẫu" in _text(page)
    draft.refresh_from_db()
    assert draft.state == TableState.DRAFT
    response = client.post(url, {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == TableState.APPLIED
    detail = _text(client.get(reverse("clusters:table_detail", args=[draft.pk])))
    assert svc.APPLIED_FROZEN in detail and "Thêm nhóm tiêu chí" not in detail
    assert "Sao chép thành phiên bản mới" in detail


def test_editing_an_applied_template_on_screen_shows_the_reason(template, province_officer, client_for):
    crit = template.criteria.get(code="2.1")
    response = client_for(province_officer).post(
        reverse("clusters:table_criterion_edit", args=[crit.pk]),
        {"group": crit.group_id, "code": "2.1", "name": "Sửa", "kind": "SCORE", "max_points": "20", "version": 1},
    )
    assert response.status_code == 200 and svc.APPLIED_FROZEN in _text(response)


def test_copying_a_template_from_its_page(template, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("clusters:template_copy", args=[template.pk])
    assert f'value="{YEAR + 1}"' in _text(client.get(url))
    response = client.post(url, {"year": YEAR + 1, "name": template.name, "note": ""})
    new = ScoringTable.objects.get(year=YEAR + 1, name=template.name)
    assert response.url == reverse("clusters:table_detail", args=[new.pk])
    assert new.previous_id == template.pk and new.criteria.count() == 6


def test_units_cannot_open_the_template_editing_pages(draft, template, head_officer, member_officer, client_for):
    crit = draft.criteria.get(code="1.1")
    urls = [
        reverse("clusters:template_create"),
        reverse("clusters:template_copy", args=[template.pk]),
        reverse("clusters:template_apply", args=[template.pk]),
        reverse("clusters:table_group_create", args=[template.pk]),
        reverse("clusters:table_criterion_edit", args=[template.criteria.get(code="1.1").pk]),
    ]
    for user in (head_officer, member_officer):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
        # a draft is not even visible to them
        assert client.get(reverse("clusters:table_criterion_edit", args=[crit.pk])).status_code == 404
        assert client.get(reverse("clusters:table_detail", args=[draft.pk])).status_code == 404


def test_deleting_a_criterion_goes_through_a_confirmation_page(draft, province_officer, client_for):
    client = client_for(province_officer)
    crit = draft.criteria.get(code="2.2")
    url = reverse("clusters:table_criterion_delete", args=[crit.pk])
    assert "Xác nhận: xóa tiêu chí 2.2" in _text(client.get(url))
    assert Criterion.objects.filter(pk=crit.pk).exists()
    draft.refresh_from_db()
    assert client.post(url, {"version": draft.version}).status_code == 302
    assert not Criterion.objects.filter(pk=crit.pk).exists()


# --- A cluster's table, by persona --------------------------------------------------------------------------------


def test_a_cluster_without_its_own_table_offers_the_years_templates_to_the_head(
    cluster, template, head_officer, member_officer, client_for
):
    url = reverse("clusters:cluster_table", args=[cluster.cluster.pk])
    head = _text(client_for(head_officer).get(url))
    assert template.name in head and "Áp dụng và điều chỉnh cho cụm" in head
    member = client_for(member_officer).get(url)
    assert member.status_code == 200 and template.name in _text(member)
    assert "Áp dụng và điều chỉnh cho cụm" not in _text(member)


def test_the_head_adapts_a_template_after_a_confirmation_page(cluster, template, head_officer, client_for):
    client = client_for(head_officer)
    url = reverse("clusters:table_adapt", args=[cluster.cluster.pk])
    assert "Áp dụng bảng chấm điểm mẫu cho" in _text(client.get(url, {"mau": template.pk}))
    assert not ScoringTable.objects.filter(cluster=cluster.cluster).exists()
    response = client.post(url, {"template": template.pk})
    assert response.url == reverse("clusters:cluster_table", args=[cluster.cluster.pk])
    own = ScoringTable.objects.get(cluster=cluster.cluster)
    assert own.template_id == template.pk
    page = _text(client.get(response.url))
    assert own.name in page and "Giới hạn điều chỉnh của cụm, khối" in page


def test_members_cannot_adapt_and_outsiders_see_nothing(
    cluster, template, member_officer, outsider_officer, client_for
):
    adapt = reverse("clusters:table_adapt", args=[cluster.cluster.pk])
    assert client_for(member_officer).post(adapt, {"template": template.pk}).status_code == 403
    assert client_for(outsider_officer).post(adapt, {"template": template.pk}).status_code == 404
    assert (
        client_for(outsider_officer).get(reverse("clusters:cluster_table", args=[cluster.cluster.pk])).status_code
        == 404
    )
    assert not ScoringTable.objects.filter(cluster=cluster.cluster).exists()


def test_members_see_the_clusters_table_read_only(adapted, member_officer, client_for):
    client = client_for(member_officer)
    page = _text(client.get(reverse("clusters:table_detail", args=[adapted.pk])))
    assert "Hoàn thành các chỉ tiêu kinh tế – xã hội được giao" in page
    assert "Thêm tiêu chí" not in page and "Sửa thông tin bảng" not in page
    crit = adapted.criteria.get(code="2.1")
    response = client.post(
        reverse("clusters:table_criterion_edit", args=[crit.pk]),
        {"group": crit.group_id, "code": "2.1", "name": "Sửa trộm", "kind": "SCORE", "max_points": "20"},
    )
    assert response.status_code == 403
    crit.refresh_from_db()
    assert crit.name != "Sửa trộm"


def test_outsiders_and_anonymous_users_cannot_see_a_clusters_table(adapted, outsider_officer, unit_officer, client_for):
    for name in ("table_detail", "table_docx", "table_xlsx"):
        url = reverse(f"clusters:{name}", args=[adapted.pk])
        assert client_for(outsider_officer).get(url).status_code == 404
        assert client_for(unit_officer).get(url).status_code == 404
        anonymous = client_for(None).get(url)
        assert anonymous.status_code == 302 and "next=" in anonymous.url


def test_the_head_edits_a_criterion_on_screen_within_the_limits(adapted, head_officer, client_for):
    client = client_for(head_officer)
    crit = adapted.criteria.get(code="1.2")
    form = client.get(reverse("clusters:table_criterion_edit", args=[crit.pk]))
    assert form.status_code == 200 and 'name="locked"' not in _text(form)
    base = {
        "group": crit.group_id,
        "code": "1.2",
        "name": crit.name,
        "kind": "SCORE",
        "max_points": "25",
        "version": adapted.version,
    }
    response = client.post(reverse("clusters:table_criterion_edit", args=[crit.pk]), base)  # evidence unticked
    assert "không được bỏ yêu cầu này" in _text(response)
    response = client.post(
        reverse("clusters:table_criterion_edit", args=[crit.pk]), {**base, "evidence_required": "on"}
    )
    assert response.status_code == 302
    crit.refresh_from_db()
    assert crit.max_points == 25 and crit.evidence_required


def test_a_clusters_table_cannot_be_edited_on_screen_after_a_score(
    scoring_round, adapted, cluster, head_officer, client_for
):
    scoring_round.refresh_from_db()
    assert scoring_round.table_id == adapted.pk
    fill_scores(scoring_round, {cluster.member: {"2.1": 12}})
    client = client_for(head_officer)
    page = _text(client.get(reverse("clusters:cluster_table", args=[cluster.cluster.pk])))
    assert svc.SCORED_FROZEN in page and "Thêm tiêu chí" not in page
    crit = adapted.criteria.get(code="2.1")
    response = client.post(
        reverse("clusters:table_criterion_edit", args=[crit.pk]),
        {
            "group": crit.group_id,
            "code": "2.1",
            "name": crit.name,
            "kind": "SCORE",
            "max_points": "10",
            "version": adapted.version,
        },
    )
    assert svc.SCORED_FROZEN in _text(response)
    crit.refresh_from_db()
    assert crit.max_points == 20


# --- Printable ----------------------------------------------------------------------------------------------------


def test_the_docx_lists_the_criteria_groups_in_bold_and_the_total(template, member_officer, client_for):
    from docx import Document

    response = client_for(member_officer).get(reverse("clusters:table_docx", args=[template.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(response.content))
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {YEAR}" in texts
    grid = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in grid.rows[0].cells] == ["STT", "Nội dung tiêu chí", "Điểm tối đa", "Minh chứng bắt buộc"]
    rows = [[c.text for c in r.cells] for r in grid.rows[1:]]
    assert rows[0] == ["I", "THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ", "60", ""]
    assert ["1.2", "Thu ngân sách trên địa bàn đạt và vượt dự toán", "30", "Có"] in rows
    assert ["3.1", "Được cấp trên khen thưởng đột xuất (điểm thưởng)", "+5", "Có"] in rows
    assert ["3.2", "Để xảy ra vi phạm bị cấp có thẩm quyền nhắc nhở (điểm trừ)", "−10", ""] in rows
    assert rows[-1] == ["", "Tổng cộng", "100", ""]
    group_run = grid.rows[1].cells[1].paragraphs[0].runs[0]
    criterion_run = grid.rows[2].cells[1].paragraphs[0].runs[0]
    assert group_run.bold and not criterion_run.bold


def test_the_docx_of_a_clusters_table_names_the_cluster_and_its_changes(adapted, cluster, head_officer, client_for):
    from docx import Document

    svc.criterion_update(
        actor=head_officer, criterion=adapted.criteria.get(code="2.1"), max_points=15, guidance="Có kế hoạch trước 31/3"
    )
    response = client_for(head_officer).get(reverse("clusters:table_docx", args=[adapted.pk]))
    doc = Document(io.BytesIO(response.content))
    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "CỤM THI ĐUA SỐ 1" in texts and "Điều chỉnh từ bảng chấm điểm mẫu của tỉnh" in texts
    grid = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    row = next(r for r in grid.rows if r.cells[0].text == "2.1")
    assert row.cells[2].text == "15" and "Có kế hoạch trước 31/3" in row.cells[1].text
    assert grid.rows[-1].cells[2].text == "95"


def test_the_xlsx_has_the_same_content(template, province_officer, client_for):
    from openpyxl import load_workbook

    response = client_for(province_officer).get(reverse("clusters:table_xlsx", args=[template.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {YEAR}"
    header = rows.index(
        ("STT", "Nội dung tiêu chí", "Cách chấm, tài liệu kiểm chứng", "Loại", "Điểm tối đa", "Minh chứng bắt buộc")
    )
    body = rows[header + 1 :]
    assert body[0][:2] == ("I", "Thực hiện nhiệm vụ chính trị") and body[0][4] == 60
    assert ("1.2", "Thu ngân sách trên địa bàn đạt và vượt dự toán", None, "Chấm điểm", 30, "Có") in body
    assert ("3.2", "Để xảy ra vi phạm bị cấp có thẩm quyền nhắc nhở", None, "Điểm trừ", -10, None) in body
    assert (None, "Tổng cộng", None, None, 100, None) in body


def test_a_criterion_name_that_looks_like_a_formula_stays_text(draft, province_officer, client_for):
    from openpyxl import load_workbook

    svc.criterion_update(
        actor=province_officer, criterion=draft.criteria.get(code="2.1"), name='=HYPERLINK("http://x")'
    )
    response = client_for(province_officer).get(reverse("clusters:table_xlsx", args=[draft.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_the_detail_page_is_printable(template, member_officer, client_for):
    page = _text(client_for(member_officer).get(reverse("clusters:table_detail", args=[template.pk])))
    assert "@media print" in page and "Tổng cộng" in page
    assert reverse("clusters:table_docx", args=[template.pk]) in page
    assert reverse("clusters:table_xlsx", args=[template.pk]) in page


def test_the_template_pages_render_for_the_province(draft, province_officer, client_for):
    client = client_for(province_officer)
    group = draft.groups.get(code="II")
    pages = {
        reverse("clusters:table_edit", args=[draft.pk]): "Sửa thông tin bảng chấm điểm",
        reverse("clusters:table_group_create", args=[draft.pk]): "Thêm nhóm tiêu chí",
        reverse("clusters:table_group_edit", args=[group.pk]): "Sửa nhóm tiêu chí II",
        reverse("clusters:table_group_delete", args=[group.pk]): "Nhóm có 2 tiêu chí",
        reverse("clusters:template_delete", args=[draft.pk]): "Xác nhận: xóa bảng chấm điểm mẫu đang soạn",
        reverse("clusters:table_criterion_create", args=[draft.pk]) + f"?nhom={group.pk}": "Thêm tiêu chí",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200 and text in _text(response), url


def test_the_province_renames_a_draft_and_deletes_it(draft, province_officer, client_for):
    client = client_for(province_officer)
    response = client.post(
        reverse("clusters:table_edit", args=[draft.pk]),
        {"year": YEAR + 1, "name": "Bảng chấm điểm năm sau", "note": "Áp dụng cho các xã", "version": draft.version},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.year, draft.name, draft.note) == (YEAR + 1, "Bảng chấm điểm năm sau", "Áp dụng cho các xã")
    response = client.post(reverse("clusters:template_delete", args=[draft.pk]), {"version": draft.version})
    assert response.url == reverse("clusters:template_list")
    assert not ScoringTable.objects.filter(pk=draft.pk).exists()
