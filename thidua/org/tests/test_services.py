import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.checks import SplitPart, assert_unit_accepts_members
from thidua.org.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from thidua.people.models import AnnualRating, Employment, Grade, Household, Initiative, InitiativeScope, Person

from .conftest import DOC, MERGE_DATE

WARD = {"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD}


def consolidate(actor, province, **kw):
    args = {
        "predecessors": [province.commune1, province.commune2],
        "new_unit_data": {**WARD, "parent": province.root},
        "date": MERGE_DATE,
        **DOC,
        "note": "",
    }
    args.update(kw)
    return services.unit_merge(actor=actor, **args)


def snapshot():
    """Everything a failed reorganisation must leave untouched."""
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "parent_id", "path", "valid_to")),
        list(Person.objects.order_by("pk").values_list("pk", "unit_id")),
        list(Employment.objects.order_by("pk").values_list("pk", "unit_id", "end_date")),
        UnitSuccession.objects.count(),
        AuditEvent.objects.count(),
    )


# --- create / update -------------------------------------------------------------------------


def test_province_officer_creates_a_unit_with_audit(province, province_officer):
    unit = services.unit_create(
        actor=province_officer,
        data={"name": "Trạm Y tế xã Tân Phú", "code": "tyt1", "kind": UnitKind.HOSPITAL, "parent": province.commune1},
    )
    assert unit.code == "TYT1"
    assert unit.path == f"{province.commune1.path}{unit.pk}/"
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_unit_code_must_be_unique(province, province_officer):
    with pytest.raises(ValidationError) as err:
        services.unit_create(
            actor=province_officer,
            data={"name": "Trùng mã", "code": "syt", "kind": "DEPARTMENT", "parent": province.root},
        )
    assert "đã được dùng cho đơn vị “Sở Y tế”" in err.value.message_dict["code"][0]


def test_unit_cannot_be_moved_under_its_own_subtree(province, province_officer):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        services.unit_update(actor=province_officer, unit=province.health, data={"parent": province.hospital})
    assert "đơn vị trực thuộc của nó" in err.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.unit_update(actor=province_officer, unit=province.health, data={"parent": province.health})
    assert snapshot() == before


def test_valid_to_must_not_precede_valid_from(province, province_officer):
    with pytest.raises(ValidationError) as err:
        services.unit_create(
            actor=province_officer,
            data={
                "name": "Trường Mầm non Hoa Sen",
                "code": "MNHS",
                "kind": UnitKind.SCHOOL,
                "parent": province.commune1,
                "valid_from": dt.date(2025, 7, 1),
                "valid_to": dt.date(2025, 6, 30),
            },
        )
    assert err.value.message_dict["valid_to"] == ["Ngày hết hiệu lực phải bằng hoặc sau ngày bắt đầu hiệu lực."]
    assert not Unit.objects.filter(code="MNHS").exists()


def test_editing_cannot_close_a_unit_without_a_succession_record(province, province_officer):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        services.unit_update(actor=province_officer, unit=province.health, data={"valid_to": dt.date(2025, 8, 1)})
    assert "sáp nhập, chia tách hoặc giải thể" in err.value.message_dict["valid_to"][0]
    assert snapshot() == before
    assert Unit.objects.get(pk=province.health.pk).valid_to is None


def test_a_closed_unit_cannot_be_edited_or_reopened(province, province_officer):
    services.unit_dissolve(actor=province_officer, unit=province.commune2, date=MERGE_DATE, **DOC)
    closed = Unit.objects.get(pk=province.commune2.pk)
    with pytest.raises(ValidationError):
        services.unit_update(actor=province_officer, unit=closed, data={"valid_to": None})
    with pytest.raises(ValidationError):
        services.unit_update(actor=province_officer, unit=closed, data={"name": "Xã Tân Lập mới"})
    closed.refresh_from_db()
    assert closed.valid_to is not None and closed.name == "Xã Tân Lập"


def test_moving_a_unit_reroots_its_subtree(province, province_officer):
    services.unit_update(actor=province_officer, unit=province.health, data={"parent": province.home})
    province.hospital.refresh_from_db()
    assert (
        province.hospital.path == f"{province.root.path}{province.home.pk}/{province.health.pk}/{province.hospital.pk}/"
    )
    assert province.hospital.depth == 3


def test_unit_officer_cannot_create_or_reorganise(province, unit_officer):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=unit_officer, data={"name": "X", "code": "X", "kind": "DIVISION", "parent": province.health}
        )
    with pytest.raises(PermissionDenied):
        consolidate(unit_officer, province)
    with pytest.raises(PermissionDenied):
        services.unit_dissolve(actor=unit_officer, unit=province.hospital, date=MERGE_DATE, **DOC)
    assert not UnitSuccession.objects.exists()


# --- merge / consolidate -----------------------------------------------------------------------


def test_consolidating_two_communes_creates_the_ward_and_one_succession_per_commune(province, province_officer):
    ward = consolidate(province_officer, province)
    assert (ward.name, ward.kind, ward.parent, ward.valid_from) == (
        "Phường Tân Hòa",
        UnitKind.WARD,
        province.root,
        MERGE_DATE,
    )
    rows = UnitSuccession.objects.filter(successor=ward)
    assert {r.predecessor for r in rows} == {province.commune1, province.commune2}
    for row in rows:
        assert row.kind == SuccessionKind.CONSOLIDATE
        assert (row.date, row.document_number, row.document_date) == (MERGE_DATE, "45/NQ-HĐND", dt.date(2025, 8, 15))
    event = AuditEvent.objects.get(action="unit.consolidate")
    assert event.object_id == str(ward.pk) and "45/NQ-HĐND" in event.summary


def test_merged_predecessors_are_closed_the_day_before_the_effective_date(province, province_officer):
    consolidate(province_officer, province)
    for commune in (province.commune1, province.commune2):
        commune.refresh_from_db()
        assert commune.valid_to == dt.date(2025, 8, 31)
        assert not commune.is_active


def test_merge_moves_people_closing_old_employments_and_opening_new_ones(province, province_officer, person_at):
    an = person_at(province.commune1, "Nguyễn Văn An")
    binh = person_at(province.commune2, "Trần Thị Bình")
    ward = consolidate(province_officer, province)
    for person, old in ((an, province.commune1), (binh, province.commune2)):
        person.refresh_from_db()
        assert person.unit == ward
        closed = Employment.objects.get(person=person, unit=old)
        assert closed.end_date == dt.date(2025, 8, 31)
        opened = Employment.objects.get(person=person, unit=ward)
        assert (opened.start_date, opened.end_date, opened.position) == (MERGE_DATE, None, "Công chức văn phòng")
    # The person's own change history records the move.
    assert an.history.first().unit_id == ward.pk


def test_merge_keeps_every_fact_where_it_was(province, province_officer, person_at, grant):
    an = person_at(province.commune1, "Nguyễn Văn An")
    rating = AnnualRating.objects.create(person=an, year=2024, grade=Grade.HTXS)
    unit_rating = AnnualRating.objects.create(unit=province.commune1, year=2024, grade=Grade.HTT)
    initiative = Initiative.objects.create(
        person=an, title="Số hóa hồ sơ một cửa", scope=InitiativeScope.BASE, recognising_body="UBND xã", year=2024
    )
    award = grant(an, unit_name="Xã Tân Phú")
    unit_award = grant(province.commune2, number="13/QĐ-UBND")
    consolidate(province_officer, province)
    for obj, field, value in (
        (rating, "person_id", an.pk),
        (unit_rating, "unit_id", province.commune1.pk),
        (initiative, "person_id", an.pk),
        (award, "person_id", an.pk),
        (unit_award, "unit_id", province.commune2.pk),
    ):
        obj.refresh_from_db()
        assert getattr(obj, field) == value
    award.refresh_from_db()
    assert award.subject_unit_name == "Xã Tân Phú"


def test_merge_into_an_existing_unit_moves_active_subunits_with_their_subtree(province, province_officer):
    station = Unit.objects.create(
        code="TYT2", name="Trạm Y tế xã Tân Lập", kind=UnitKind.HOSPITAL, parent=province.commune2
    )
    team = Unit.objects.create(code="TO1", name="Tổ tiêm chủng", kind=UnitKind.DIVISION, parent=station)
    old = Unit.objects.create(
        code="TO0", name="Tổ cũ", kind=UnitKind.DIVISION, parent=province.commune2, valid_to=dt.date(2024, 12, 31)
    )
    successor = services.unit_merge(
        actor=province_officer, predecessors=[province.commune2], successor=province.commune1, date=MERGE_DATE, **DOC
    )
    assert successor == province.commune1
    station.refresh_from_db()
    team.refresh_from_db()
    old.refresh_from_db()
    assert station.parent == province.commune1 and station.path == f"{province.commune1.path}{station.pk}/"
    assert team.path == f"{station.path}{team.pk}/"
    assert old.parent == province.commune2  # closed sub-units stay where history put them
    assert UnitSuccession.objects.get().kind == SuccessionKind.MERGE


def test_merge_moves_households_to_the_successor(province, province_officer):
    household = Household.objects.create(head_name="Lò Văn Tám", unit=province.commune1)
    ward = consolidate(province_officer, province)
    household.refresh_from_db()
    assert household.unit == ward


@pytest.mark.parametrize(
    "case, expected",
    [
        ("root", "Không thể sắp xếp đơn vị gốc"),
        ("closed", "đã giải thể/sáp nhập"),
        ("twice", "được chọn hai lần"),
        ("successor_in_predecessors", "không được nằm trong các đơn vị bị sáp nhập"),
        ("closed_successor", "Không thể sáp nhập vào"),
        ("successor_below_predecessor", "không được là đơn vị trực thuộc"),
        ("no_document", "số, ký hiệu văn bản"),
        ("date_before_start", "Ngày hiệu lực phải sau ngày bắt đầu hiệu lực"),
        ("one_unit_consolidated", "cần ít nhất hai đơn vị"),
        ("code_taken", "đã được dùng"),
    ],
)
def test_refused_merges_change_nothing(province, province_officer, person_at, case, expected):
    person_at(province.commune1)
    closed = Unit.objects.create(
        code="XA0", name="Xã Cũ", kind=UnitKind.COMMUNE, parent=province.root, valid_to=dt.date(2025, 6, 30)
    )
    p = province
    kw = {
        "root": {"predecessors": [p.root, p.commune1]},
        "closed": {"predecessors": [closed, p.commune1]},
        "twice": {"predecessors": [p.commune1, p.commune1, p.commune2]},
        "successor_in_predecessors": {"predecessors": [p.commune1], "successor": p.commune1, "new_unit_data": None},
        "closed_successor": {"predecessors": [p.commune1], "successor": closed, "new_unit_data": None},
        "successor_below_predecessor": {"predecessors": [p.health], "successor": p.hospital, "new_unit_data": None},
        "no_document": {"document_number": "  "},
        "date_before_start": {"date": dt.date(2025, 7, 1)},
        "one_unit_consolidated": {"predecessors": [p.commune1]},
        "code_taken": {"new_unit_data": {**WARD, "code": "XA2", "parent": p.root}},
    }[case]
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        consolidate(province_officer, province, **kw)
    assert expected in " ".join(err.value.messages)
    assert snapshot() == before


def test_a_unit_cannot_be_merged_twice(province, province_officer):
    consolidate(province_officer, province)
    with pytest.raises(ValidationError) as err:
        services.unit_merge(
            actor=province_officer, predecessors=[province.commune1], successor=province.home, date=MERGE_DATE, **DOC
        )
    assert "Xã Tân Phú” đã giải thể/sáp nhập" in err.value.messages[0]


def test_an_error_midway_rolls_everything_back(province, province_officer, person_at, monkeypatch):
    person_at(province.commune1)
    before = snapshot()

    def boom(**kwargs):
        raise RuntimeError("mất kết nối")

    monkeypatch.setattr(services, "_move_households", boom)
    with pytest.raises(RuntimeError):
        consolidate(province_officer, province)
    assert snapshot() == before
    assert not Unit.objects.filter(code="PH1").exists()


# --- split ------------------------------------------------------------------------------------


def split_parts(province, people_a=(), people_b=(), units_a=(), units_b=()):
    return [
        SplitPart({"name": "Sở Y tế (A)", "code": "SYT-A", "kind": UnitKind.DEPARTMENT}, list(people_a), list(units_a)),
        SplitPart(
            {"name": "Sở An toàn thực phẩm", "code": "SATTP", "kind": UnitKind.DEPARTMENT},
            list(people_b),
            list(units_b),
        ),
    ]


def test_split_requires_every_person_assigned(province, province_officer, person_at):
    an = person_at(province.health, "Nguyễn Văn An")
    person_at(province.health, "Lê Thị Cúc")
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        services.unit_split(
            actor=province_officer,
            unit=province.health,
            parts=split_parts(province, people_a=[an.pk], units_a=[province.hospital.pk]),
            date=MERGE_DATE,
            **DOC,
        )
    messages = " ".join(err.value.messages)
    assert "phải được phân vào đúng một đơn vị mới" in messages and "Lê Thị Cúc" in messages
    assert snapshot() == before


def test_split_refuses_a_person_in_two_parts_and_duplicate_codes(province, province_officer, person_at):
    an = person_at(province.health)
    parts = split_parts(province, people_a=[an.pk], people_b=[an.pk], units_a=[province.hospital.pk])
    parts[1].data["code"] = "SYT-A"
    with pytest.raises(ValidationError) as err:
        services.unit_split(actor=province_officer, unit=province.health, parts=parts, date=MERGE_DATE, **DOC)
    assert f"person_{an.pk}" in err.value.message_dict
    assert "bị trùng với một đơn vị mới khác" in err.value.message_dict["part_2_code"][0]


def test_split_requires_every_active_subunit_assigned(province, province_officer):
    with pytest.raises(ValidationError) as err:
        services.unit_split(
            actor=province_officer, unit=province.health, parts=split_parts(province), date=MERGE_DATE, **DOC
        )
    assert f"child_{province.hospital.pk}" in err.value.message_dict


def test_split_moves_people_and_subunits_as_assigned(province, province_officer, person_at):
    an = person_at(province.health, "Nguyễn Văn An")
    cuc = person_at(province.health, "Lê Thị Cúc")
    a, b = services.unit_split(
        actor=province_officer,
        unit=province.health,
        parts=split_parts(province, people_a=[an.pk], people_b=[cuc.pk], units_b=[province.hospital.pk]),
        date=MERGE_DATE,
        **DOC,
    )
    province.health.refresh_from_db()
    an.refresh_from_db()
    cuc.refresh_from_db()
    province.hospital.refresh_from_db()
    assert province.health.valid_to == dt.date(2025, 8, 31)
    assert (an.unit, cuc.unit, province.hospital.parent) == (a, b, b)
    assert a.parent == province.root and a.valid_from == MERGE_DATE
    assert Employment.objects.get(person=cuc, unit=province.health).end_date == dt.date(2025, 8, 31)
    assert set(UnitSuccession.objects.filter(kind=SuccessionKind.SPLIT).values_list("successor", flat=True)) == {
        a.pk,
        b.pk,
    }


def test_split_needs_two_parts(province, province_officer):
    with pytest.raises(ValidationError) as err:
        services.unit_split(
            actor=province_officer, unit=province.school, parts=split_parts(province)[:1], date=MERGE_DATE, **DOC
        )
    assert "ít nhất hai đơn vị mới" in " ".join(err.value.messages)


# --- dissolve ---------------------------------------------------------------------------------


def test_dissolve_without_transfer_ends_employment_and_keeps_the_last_unit(province, province_officer, person_at):
    an = person_at(province.school)
    services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)
    province.school.refresh_from_db()
    an.refresh_from_db()
    assert province.school.valid_to == dt.date(2025, 8, 31)
    assert an.unit == province.school
    assert Employment.objects.get(person=an).end_date == dt.date(2025, 8, 31)
    row = UnitSuccession.objects.get()
    assert (row.kind, row.successor) == (SuccessionKind.DISSOLVE, None)
    assert AuditEvent.objects.filter(action="unit.dissolve").exists()


def test_dissolve_with_transfer_moves_people(province, province_officer, person_at):
    an = person_at(province.school)
    services.unit_dissolve(
        actor=province_officer, unit=province.school, date=MERGE_DATE, transfer_people_to=province.edu, **DOC
    )
    an.refresh_from_db()
    assert an.unit == province.edu
    assert Employment.objects.get(person=an, unit=province.edu).start_date == MERGE_DATE


def test_dissolve_is_refused_while_active_subunits_remain(province, province_officer):
    before = snapshot()
    with pytest.raises(ValidationError) as err:
        services.unit_dissolve(actor=province_officer, unit=province.health, date=MERGE_DATE, **DOC)
    assert "Bệnh viện Đa khoa tỉnh" in err.value.messages[0]
    assert snapshot() == before


def test_dissolved_unit_receives_no_new_people_or_children(province, province_officer):
    services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)
    province.school.refresh_from_db()
    with pytest.raises(ValidationError) as err:
        services.unit_create(
            actor=province_officer,
            data={"name": "Tổ Toán", "code": "TOAN", "kind": "DIVISION", "parent": province.school},
        )
    assert "Không thể nhận thêm đơn vị trực thuộc" in err.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.unit_merge(
            actor=province_officer, predecessors=[province.commune1], successor=province.school, date=MERGE_DATE, **DOC
        )
    with pytest.raises(ValidationError):
        assert_unit_accepts_members(province.school)
    with pytest.raises(ValidationError):
        services.unit_dissolve(actor=province_officer, unit=province.school, date=MERGE_DATE, **DOC)


def test_the_province_root_cannot_be_dissolved_or_split(province, province_officer):
    with pytest.raises(ValidationError):
        services.unit_dissolve(actor=province_officer, unit=province.root, date=MERGE_DATE, **DOC)
    with pytest.raises(ValidationError):
        services.unit_split(
            actor=province_officer, unit=province.root, parts=split_parts(province), date=MERGE_DATE, **DOC
        )
