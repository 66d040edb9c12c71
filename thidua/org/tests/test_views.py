import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from thidua.people.models import AnnualRating, Employment, Grade, Initiative, InitiativeScope, Person

from .conftest import DOC, MERGE_DATE


def detail(unit, tab=""):
    return reverse("org:unit_detail", args=[unit.pk]) + (f"?tab={tab}" if tab else "")


def test_merging_two_communes_into_a_new_ward_keeps_every_persons_facts_and_the_ward_page_shows_them(
    province, province_officer, person_at, grant, client_for
):
    an = person_at(province.commune1, "Nguyễn Văn An")
    binh = person_at(province.commune2, "Trần Thị Bình")
    AnnualRating.objects.create(person=an, year=2024, grade=Grade.HTXS)
    AnnualRating.objects.create(person=binh, year=2024, grade=Grade.HTT)
    AnnualRating.objects.create(unit=province.commune1, year=2024, grade=Grade.HTXS)
    Initiative.objects.create(
        person=binh,
        title="Sổ tay số hóa hồ sơ một cửa",
        scope=InitiativeScope.BASE,
        recognising_body="UBND xã",
        year=2024,
    )
    grant(an, unit_name="Xã Tân Phú")
    grant(province.commune2, number="13/QĐ-UBND")

    ward = services.unit_merge(
        actor=province_officer,
        predecessors=[province.commune1, province.commune2],
        new_unit_data={"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=MERGE_DATE,
        **DOC,
    )

    assert AnnualRating.objects.filter(person__in=[an, binh]).count() == 2
    assert Initiative.objects.filter(person=binh).count() == 1
    assert an.awards.count() == 1 and province.commune2.awards.count() == 1
    assert set(Person.objects.filter(unit=ward)) == {an, binh}

    page = client_for(province_officer).get(detail(ward, "thanh-tich")).content.decode()
    for text in (
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Sổ tay số hóa hồ sơ một cửa",
        "Lao động tiên tiến (thử nghiệm)",
        "Số 12/QĐ-UBND ngày 15/01/2025",
        "trước sắp xếp: Xã Tân Lập",
        "Xã Tân Phú",
    ):
        assert text in page, text

    info = client_for(province_officer).get(detail(ward)).content.decode()
    assert "Kế thừa" in info and "Xã Tân Phú" in info and "45/NQ-HĐND" in info and "01/09/2025" in info


def test_a_predecessor_page_links_to_its_successor_and_shows_it_closed(province, province_officer, client_for):
    ward = services.unit_merge(
        actor=province_officer,
        predecessors=[province.commune1, province.commune2],
        new_unit_data={"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=MERGE_DATE,
        **DOC,
    )
    page = client_for(province_officer).get(detail(province.commune1)).content.decode()
    assert "đã giải thể/sáp nhập" in page
    assert detail(ward) in page
    assert reverse("org:unit_split", args=[province.commune1.pk]) not in page  # no actions on a closed unit


def test_tree_page_lists_units_and_search_fragment_works_without_diacritics(province, province_officer, client_for):
    client = client_for(province_officer)
    page = client.get(reverse("org:unit_tree")).content.decode()
    assert "Sở Y tế" in page and 'hx-trigger="keyup changed delay:300ms' in page
    fragment = client.get(reverse("org:unit_tree"), {"q": "tan phu"}, headers={"HX-Request": "true"}).content.decode()
    assert "Xã Tân Phú" in fragment and "Sở Y tế" not in fragment
    assert "<html" not in fragment and 'id="unit-tree"' in fragment


def test_tree_shows_closed_units_greyed_only_when_asked(province, province_officer, client_for):
    services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)
    client = client_for(province_officer)
    assert "Trường THPT Chuyên" not in client.get(reverse("org:unit_tree")).content.decode()
    page = client.get(reverse("org:unit_tree"), {"da_dong": "1"}).content.decode()
    assert "Trường THPT Chuyên" in page and "đã giải thể/sáp nhập" in page


def test_unit_officer_cannot_see_another_departments_unit_page(province, unit_officer, client_for):
    client = client_for(unit_officer)
    assert client.get(detail(province.hospital)).status_code == 200
    assert client.get(detail(province.school)).status_code == 404
    assert client.get(detail(province.edu, "thanh-tich")).status_code == 404
    tree = client.get(reverse("org:unit_tree")).content.decode()
    assert "Sở Giáo dục" not in tree


@pytest.mark.parametrize(
    "name, args",
    [
        ("org:unit_create", []),
        ("org:unit_merge", []),
        ("org:unit_update", ["health"]),
        ("org:unit_split", ["health"]),
        ("org:unit_dissolve", ["hospital"]),
    ],
)
def test_unit_officer_cannot_use_the_management_screens(province, unit_officer, client_for, name, args):
    url = reverse(name, args=[getattr(province, a).pk for a in args])
    client = client_for(unit_officer)
    assert client.get(url).status_code == 403
    post = {"step": "confirm", "date": "2025-09-01", "document_number": "1/QĐ"}
    assert client.post(url, post).status_code == 403
    assert not UnitSuccession.objects.exists()
    assert province.hospital.__class__.objects.get(pk=province.hospital.pk).is_active


def test_manage_buttons_appear_only_for_those_allowed(province, province_officer, unit_officer, client_for):
    split = reverse("org:unit_split", args=[province.hospital.pk])
    assert split in client_for(province_officer).get(detail(province.hospital)).content.decode()
    page = client_for(unit_officer).get(detail(province.hospital)).content.decode()
    assert split not in page and reverse("org:unit_update", args=[province.hospital.pk]) not in page
    assert reverse("org:unit_merge") not in client_for(unit_officer).get(reverse("org:unit_tree")).content.decode()


def test_anonymous_is_sent_away(province, client_for):
    assert client_for(None).get(reverse("org:unit_tree")).status_code in (302, 403)


def test_people_tab_is_paginated_by_50_and_links_to_person_pages(province, province_officer, client_for):
    from thidua.people.models import EmploymentType, Sex

    Person.objects.bulk_create(
        Person(
            full_name=f"Người {i:03d}",
            search_text=f"nguoi {i:03d}",
            sex=Sex.MALE,
            employment_type=EmploymentType.WORKER,
            unit=province.hospital,
        )
        for i in range(55)
    )
    client = client_for(province_officer)
    page1 = client.get(detail(province.hospital, "ca-nhan")).content.decode()
    first = Person.objects.get(full_name="Người 000")
    assert page1.count("<tr><td><a href=") == 50 and f"/ca-nhan/{first.pk}/" in page1
    page2 = client.get(detail(province.hospital, "ca-nhan") + "&trang=2").content.decode()
    assert page2.count("<tr><td><a href=") == 5


def test_history_tab_shows_the_units_changes(province, province_officer, client_for):
    services.unit_update(actor=province_officer, unit=province.hospital, data={"address": "12 Lê Lợi"})
    page = client_for(province_officer).get(detail(province.hospital, "lich-su")).content.decode()
    assert "Địa chỉ" in page and "12 Lê Lợi" in page


def test_create_form_creates_and_shows_vietnamese_errors(province, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("org:unit_create")
    response = client.post(
        url,
        {"name": "Sở Tài chính", "code": "SYT", "kind": "DEPARTMENT", "sector": "ECONOMY", "parent": province.root.pk},
    )
    assert response.status_code == 200
    assert "đã được dùng cho đơn vị “Sở Y tế”" in response.content.decode()
    assert not Unit.objects.filter(name="Sở Tài chính").exists()
    response = client.post(
        url,
        {"name": "Sở Tài chính", "code": "STC", "kind": "DEPARTMENT", "sector": "ECONOMY", "parent": province.root.pk},
    )
    unit = Unit.objects.get(code="STC")
    assert response.status_code == 302 and response["Location"] == detail(unit)


def test_edit_form_refuses_a_parent_inside_the_subtree(province, province_officer, client_for):
    url = reverse("org:unit_update", args=[province.health.pk])
    client = client_for(province_officer)
    form = client.get(url).content.decode()
    assert "Bệnh viện Đa khoa tỉnh (BVDK)" not in form  # own subtree not offered
    response = client.post(
        url,
        {"name": "Sở Y tế", "code": "SYT", "kind": "DEPARTMENT", "sector": "HEALTH", "parent": province.hospital.pk},
    )
    assert response.status_code == 200 and "Đơn vị cấp trên" in response.content.decode()
    province.health.refresh_from_db()
    assert province.health.parent == province.root


def merge_post(province, step, **extra):
    data = {
        "step": step,
        "s1-predecessors": [province.commune1.pk, province.commune2.pk],
        "s1-mode": "new",
        "s2-name": "Phường Tân Hòa",
        "s2-code": "PH1",
        "s2-kind": "WARD",
        "s2-sector": "GOVERNMENT",
        "s2-parent": province.root.pk,
        "s2-date": "2025-09-01",
        "s2-document_number": "45/NQ-HĐND",
        "s2-document_date": "2025-08-15",
        "s2-document_issuer": "HĐND tỉnh",
    }
    data.update(extra)
    return data


def test_merge_wizard_confirmation_lists_what_will_happen_before_anything_changes(
    province, province_officer, person_at, client_for
):
    person_at(province.commune1)
    person_at(province.commune2, "Trần Thị Bình")
    Unit.objects.create(code="TH9", name="Trường Tiểu học Tân Lập", kind=UnitKind.SCHOOL, parent=province.commune2)
    client = client_for(province_officer)
    url = reverse("org:unit_merge")
    step1 = client.get(url).content.decode()
    assert "Xã Tân Phú" in step1 and "Ủy ban nhân dân tỉnh" not in step1.split("predecessors")[1].split("</select>")[0]
    step2 = client.post(
        url, {"step": "1", "s1-predecessors": [province.commune1.pk, province.commune2.pk], "s1-mode": "new"}
    )
    assert 'name="s2-name"' in step2.content.decode()
    step3 = client.post(url, merge_post(province, "2")).content.decode()
    assert "data-confirm=" in step3
    assert "hết hiệu lực từ ngày 31/08/2025" in step3
    assert "<strong>2</strong> cá nhân chuyển sang Phường Tân Hòa" in step3
    assert "<strong>1</strong> đơn vị trực thuộc" in step3 and "Trường Tiểu học Tân Lập" in step3
    assert not Unit.objects.filter(code="PH1").exists()

    done = client.post(url, merge_post(province, "3"))
    ward = Unit.objects.get(code="PH1")
    assert done.status_code == 302 and done["Location"] == detail(ward)
    assert UnitSuccession.objects.filter(successor=ward, kind=SuccessionKind.CONSOLIDATE).count() == 2
    assert Employment.objects.filter(unit=ward, start_date=MERGE_DATE).count() == 2


def test_merge_wizard_shows_errors_and_changes_nothing(province, province_officer, client_for):
    client = client_for(province_officer)
    response = client.post(reverse("org:unit_merge"), merge_post(province, "3", **{"s2-code": "XA1"}))
    assert response.status_code == 200
    assert "Mã đơn vị “XA1” đã được dùng" in response.content.decode()
    assert not UnitSuccession.objects.exists()
    province.commune1.refresh_from_db()
    assert province.commune1.is_active


def test_merge_wizard_offers_only_active_units_in_scope(province, province_officer, client_for):
    services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)
    response = client_for(province_officer).post(
        reverse("org:unit_merge"), {"step": "1", "s1-predecessors": [province.school.pk], "s1-mode": "existing"}
    )
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert 'name="s2-successor"' not in response.content.decode()


def split_post(province, people, **extra):
    data = {
        "so_phan": "2",
        "step": "preview",
        "date": "2025-09-01",
        "document_number": "7/QĐ-UBND",
        "part_1_name": "Sở Y tế",
        "part_1_code": "SYT-M",
        "part_1_kind": "DEPARTMENT",
        "part_1_sector": "HEALTH",
        "part_1_parent": province.root.pk,
        "part_2_name": "Sở An toàn thực phẩm",
        "part_2_code": "SATTP",
        "part_2_kind": "DEPARTMENT",
        "part_2_sector": "HEALTH",
        "part_2_parent": province.root.pk,
        f"child_{province.hospital.pk}": "1",
    }
    data.update({f"person_{p.pk}": part for p, part in people})
    data.update(extra)
    return data


def test_split_wizard_requires_every_person_assigned(province, province_officer, person_at, client_for):
    an = person_at(province.health, "Nguyễn Văn An")
    cuc = person_at(province.health, "Lê Thị Cúc")
    url = reverse("org:unit_split", args=[province.health.pk])
    client = client_for(province_officer)
    response = client.post(url, split_post(province, [(an, "1"), (cuc, "")]))
    page = response.content.decode()
    assert "còn 1 người chưa được phân: Lê Thị Cúc" in page and "Chưa phân vào đơn vị mới nào." in page
    assert province.health.__class__.objects.get(pk=province.health.pk).is_active

    preview = client.post(url, split_post(province, [(an, "1"), (cuc, "2")])).content.decode()
    assert "data-confirm=" in preview and "Sở An toàn thực phẩm" in preview
    done = client.post(url, split_post(province, [(an, "1"), (cuc, "2")], step="confirm"))
    assert done.status_code == 302
    cuc.refresh_from_db()
    assert cuc.unit.code == "SATTP"


def test_dissolve_asks_for_confirmation_then_dissolves(province, province_officer, person_at, client_for):
    an = person_at(province.school)
    url = reverse("org:unit_dissolve", args=[province.school.pk])
    client = client_for(province_officer)
    data = {"date": "2025-09-01", "document_number": "9/QĐ-UBND", "transfer_people_to": province.edu.pk}
    preview = client.post(url, {**data, "step": "preview"}).content.decode()
    assert "data-confirm=" in preview and "<strong>1</strong> cá nhân chuyển sang Sở Giáo dục và Đào tạo" in preview
    assert Unit.objects.get(pk=province.school.pk).is_active
    done = client.post(url, {**data, "step": "confirm"})
    assert done.status_code == 302
    assert Unit.objects.get(pk=province.school.pk).valid_to == dt.date(2025, 8, 31)
    an.refresh_from_db()
    assert an.unit == province.edu
    assert AuditEvent.objects.filter(action="unit.dissolve", actor=province_officer).exists()


def test_dissolve_of_a_unit_with_active_subunits_shows_the_reason(province, province_officer, client_for):
    url = reverse("org:unit_dissolve", args=[province.health.pk])
    response = client_for(province_officer).post(
        url, {"date": "2025-09-01", "document_number": "9/QĐ", "step": "confirm"}
    )
    assert "còn đơn vị trực thuộc đang hoạt động" in response.content.decode()
    assert Unit.objects.get(pk=province.health.pk).is_active


def test_council_member_sees_no_people_or_achievements_tabs_on_unit_pages(client_for, council_member, province):
    from thidua.people.models import EmploymentType, Person, Sex

    Person.objects.create(
        full_name="Lê Thị Mai", sex=Sex.FEMALE, employment_type=EmploymentType.PUBLIC_EMPLOYEE, unit=province.school
    )
    client = client_for(council_member)
    for tab in ("ca-nhan", "thanh-tich"):
        html = client.get(f"/don-vi/{province.school.pk}/?tab={tab}").content.decode()
        assert "Lê Thị Mai" not in html
        assert f"?tab={tab}" not in html
