"""Clusters of a year: creating, editing, setting the members with the head and the deputy, carrying
a year over to the next with the reorganisations since, and memberships following unit merges and
dissolutions (service level)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.clusters.models import Score, ScoreSheet
from thidua.clusters.selectors.structure import carry_over_plan, header_version, membership_version
from thidua.clusters.services import structure as services
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

from .conftest import YEAR

pytestmark = pytest.mark.django_db

# "Today" inside the fixture round (open until 15/11/2026): whether the round is locked by its
# deadline must not depend on the machine's calendar.
TODAY = dt.date(YEAR, 10, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    real = timezone.localdate

    def fake(value=None, timezone=None):  # noqa: A002 - Django's own signature
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)


DOC = {"document_number": "45/NQ-HĐND", "document_date": dt.date(YEAR, 2, 15)}


def commune(code, name, province):
    unit, _ = Unit.objects.get_or_create(
        code=code,
        defaults=dict(name=name, kind=UnitKind.COMMUNE, parent=province.root, valid_from=dt.date(2025, 7, 1)),
    )
    return unit


def roles(cluster):
    return {m.unit.name: m.role for m in ClusterMember.objects.filter(cluster=cluster).select_related("unit")}


def members_version(cluster):
    return membership_version(list(ClusterMember.objects.filter(cluster=cluster)))


def create(actor, province, **kw):
    a, b = kw.pop("units", None) or (commune("XB1", "Xã Bình An", province), commune("XB2", "Xã Bình Minh", province))
    args = dict(name="Cụm thi đua số 3", kind=ClusterKind.AREA, year=YEAR, members=[a, b], head=a, deputy=b)
    args.update(kw)
    return services.cluster_create(actor=actor, **args)


# --- Create ------------------------------------------------------------------------------------------


def test_province_creates_a_cluster_with_its_members_head_and_deputy_and_one_audit_event(province, province_officer):
    before = AuditEvent.objects.count()
    c = create(province_officer, province, decision_number="12/QĐ-UBND", decision_date=dt.date(YEAR, 1, 10))
    assert (c.name, c.year, c.decision_number) == ("Cụm thi đua số 3", YEAR, "12/QĐ-UBND")
    assert roles(c) == {"Xã Bình An": ClusterRole.HEAD, "Xã Bình Minh": ClusterRole.DEPUTY}
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "cluster.create"


@pytest.mark.parametrize("persona", ["head_officer", "member_officer", "unit_officer", "council_member"])
def test_only_the_province_creates_clusters(request, province, persona):
    with pytest.raises(PermissionDenied):
        create(request.getfixturevalue(persona), province)
    assert not Cluster.objects.filter(name="Cụm thi đua số 3").exists()


def test_a_unit_belongs_to_one_cluster_of_a_kind_per_year_and_the_error_names_the_other_cluster(
    cluster, province_officer, province
):
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, units=(cluster.member, commune("XB1", "Xã Bình An", province)))
    assert "Xã Tân Hòa" in str(exc.value) and "Cụm thi đua số 1" in str(exc.value)
    assert not Cluster.objects.filter(name="Cụm thi đua số 3").exists()


def test_the_same_unit_may_be_in_a_block_and_in_a_cluster_or_in_another_years_cluster(
    cluster, province_officer, province
):
    block = create(
        province_officer, province, name="Khối các xã", kind=ClusterKind.SECTOR, units=(cluster.member, cluster.outside)
    )
    later = create(province_officer, province, year=YEAR + 1, units=(cluster.member, cluster.outside))
    assert block.memberships.count() == 2 and later.memberships.count() == 2


def test_inactive_units_are_refused_with_their_name(cluster, province_officer, province):
    closed = commune("XC", "Xã Cũ", province)
    closed.valid_to = dt.date(2025, 12, 31)
    closed.save()
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, units=(closed, commune("XB1", "Xã Bình An", province)))
    assert "Xã Cũ" in str(exc.value) and "hết hiệu lực" in str(exc.value)


def test_the_cluster_name_is_unique_within_a_year(cluster, province_officer, province):
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, name="Cụm thi đua số 1")
    assert "đã có" in exc.value.message_dict["name"][0]
    assert create(province_officer, province, name="Cụm thi đua số 1", year=YEAR + 1).year == YEAR + 1


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"head": None}, "head", "Chọn cụm trưởng"),
        ({"members": []}, "members", "ít nhất một"),
        ({"deputy": "head"}, "deputy", "khác"),
        ({"head": "outsider"}, "head", "phải là một đơn vị thành viên"),
        ({"deputy": "outsider"}, "deputy", "phải là một đơn vị thành viên"),
        ({"name": "  "}, "name", "Nhập tên"),
        ({"kind": "X"}, "kind", "Chọn loại"),
        ({"year": 1999}, "year", "Năm phải"),
    ],
)
def test_a_cluster_needs_exactly_one_head_at_most_one_deputy_among_its_members(
    province, province_officer, change, field, words
):
    a, b = commune("XB1", "Xã Bình An", province), commune("XB2", "Xã Bình Minh", province)
    outsider = commune("XB3", "Xã Bình Lợi", province)
    value = next(iter(change.values()))
    if value == "head":
        change = {field: a}
    elif value == "outsider":
        change = {field: outsider}
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, units=(a, b), **change)
    assert words in " ".join(exc.value.message_dict[field])
    assert not Cluster.objects.filter(name="Cụm thi đua số 3").exists()


def test_block_wording_uses_khoi_truong(province, province_officer):
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, kind=ClusterKind.SECTOR, head=None)
    assert "khối trưởng" in exc.value.message_dict["head"][0]


# --- Update ------------------------------------------------------------------------------------------


def test_update_changes_the_decision_and_checks_the_version(cluster, province_officer):
    c = cluster.cluster
    version = header_version(c)
    services.cluster_update(
        actor=province_officer,
        cluster=c,
        version=version,
        name=c.name,
        kind=c.kind,
        year=c.year,
        decision_number="20/QĐ-UBND",
        decision_date=dt.date(YEAR, 2, 1),
    )
    c.refresh_from_db()
    assert c.decision_number == "20/QĐ-UBND"
    with pytest.raises(ValidationError) as exc:  # the old version: somebody else saved meanwhile
        services.cluster_update(
            actor=province_officer, cluster=c, version=version, name="Tên khác", kind=c.kind, year=c.year
        )
    assert "vừa được người khác sửa" in str(exc.value)
    c.refresh_from_db()
    assert c.name == "Cụm thi đua số 1"


def test_moving_a_cluster_to_a_year_where_its_units_are_taken_is_refused(cluster, province_officer, province):
    create(province_officer, province, year=YEAR + 1, units=(cluster.member, commune("XB1", "Xã Bình An", province)))
    c = cluster.cluster
    with pytest.raises(ValidationError) as exc:
        services.cluster_update(
            actor=province_officer, cluster=c, version=header_version(c), name=c.name, kind=c.kind, year=YEAR + 1
        )
    assert "Xã Tân Hòa" in str(exc.value)


def test_the_year_of_a_cluster_with_a_scoring_round_cannot_change(cluster, scoring_round, province_officer):
    c = cluster.cluster
    with pytest.raises(ValidationError) as exc:
        services.cluster_update(
            actor=province_officer, cluster=c, version=header_version(c), name=c.name, kind=c.kind, year=YEAR + 1
        )
    assert "không đổi năm" in exc.value.message_dict["year"][0]


def test_a_head_officer_cannot_edit_the_cluster(cluster, head_officer):
    c = cluster.cluster
    with pytest.raises(PermissionDenied):
        services.cluster_update(
            actor=head_officer, cluster=c, version=header_version(c), name="Cụm mới", kind=c.kind, year=c.year
        )


# --- Members --------------------------------------------------------------------------------------------


def test_members_set_rotates_roles_adds_and_removes_members(cluster, province_officer, province):
    c = cluster.cluster
    new = commune("XB1", "Xã Bình An", province)
    keep = [u for u in cluster.units if u != cluster.units[-1]] + [new]
    services.cluster_members_set(
        actor=province_officer,
        cluster=c,
        version=members_version(c),
        members=keep,
        head=cluster.deputy,
        deputy=cluster.member,
    )
    r = roles(c)
    assert r["Xã Tân Lập"] == ClusterRole.HEAD and r["Xã Tân Hòa"] == ClusterRole.DEPUTY
    assert r["Xã Tân Phú"] == ClusterRole.MEMBER and "Xã Bình An" in r and cluster.units[-1].name not in r
    assert AuditEvent.objects.latest("pk").action == "cluster.members_set"


def test_members_set_refuses_a_stale_version(cluster, province_officer):
    c = cluster.cluster
    stale = members_version(c)
    services.cluster_members_set(
        actor=province_officer, cluster=c, version=stale, members=cluster.units, head=cluster.head, deputy=None
    )
    with pytest.raises(ValidationError) as exc:
        services.cluster_members_set(
            actor=province_officer,
            cluster=c,
            version=stale,
            members=cluster.units,
            head=cluster.member,
            deputy=cluster.head,
        )
    assert "vừa được người khác sửa" in str(exc.value)
    assert roles(c)["Xã Tân Phú"] == ClusterRole.HEAD


def test_members_set_refuses_a_unit_of_another_cluster_of_the_same_kind(cluster, province_officer):
    c = cluster.cluster
    with pytest.raises(ValidationError) as exc:
        services.cluster_members_set(
            actor=province_officer,
            cluster=c,
            version=members_version(c),
            members=[*cluster.units, cluster.outside],
            head=cluster.head,
        )
    assert "Xã Hòa Bình" in str(exc.value) and "Cụm thi đua số 2" in str(exc.value)
    assert "Xã Hòa Bình" not in roles(c)


def test_a_unit_added_to_a_cluster_already_scoring_gets_an_empty_sheet(
    cluster, scoring_round, province_officer, province
):
    c = cluster.cluster
    new = commune("XB1", "Xã Bình An", province)
    services.cluster_members_set(
        actor=province_officer,
        cluster=c,
        version=members_version(c),
        members=[*cluster.units, new],
        head=cluster.head,
        deputy=cluster.deputy,
    )
    sheet = ScoreSheet.objects.get(round=scoring_round, unit=new)
    assert sheet.scores.count() == scoring_round.table.criteria.count()
    assert not sheet.scores.exclude(self_points=None).exists()


def test_member_officer_cannot_set_members(cluster, member_officer):
    c = cluster.cluster
    with pytest.raises(PermissionDenied):
        services.cluster_members_set(
            actor=member_officer, cluster=c, version=members_version(c), members=cluster.units, head=cluster.member
        )


# --- Carry-over -------------------------------------------------------------------------------------------


def test_carry_over_copies_every_cluster_rotating_head_and_deputy(cluster, province_officer):
    created = services.cluster_carry_over(
        actor=province_officer,
        from_year=YEAR,
        to_year=YEAR + 1,
        decision_number="5/QĐ-UBND",
        decision_date=dt.date(YEAR + 1, 1, 5),
    )
    assert [c.name for c in created] == ["Cụm thi đua số 1", "Cụm thi đua số 2"]
    new = Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 1")
    assert new.carried_from == cluster.cluster and new.decision_number == "5/QĐ-UBND"
    r = roles(new)
    # The old deputy (Tân Lập) heads; the next member by name (Tân Mỹ) is deputy.
    assert r["Xã Tân Lập"] == ClusterRole.HEAD and r["Xã Tân Mỹ"] == ClusterRole.DEPUTY
    assert r["Xã Tân Phú"] == ClusterRole.MEMBER and len(r) == 8
    # A single-member cluster: the only unit stays head, no deputy.
    assert roles(Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 2")) == {"Xã Hòa Bình": ClusterRole.HEAD}
    assert AuditEvent.objects.filter(action="cluster.carry_over").count() == 1


def test_carry_over_without_rotation_keeps_the_roles(cluster, province_officer):
    services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1, rotate=False)
    r = roles(Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 1"))
    assert r["Xã Tân Phú"] == ClusterRole.HEAD and r["Xã Tân Lập"] == ClusterRole.DEPUTY


def test_carry_over_maps_merged_split_and_dissolved_units(cluster, province_officer, province):
    # After the year: Tân Hòa and Tân Bình consolidate into a ward; Tân An splits into two; Tân Sơn dissolves.
    date = dt.date(YEAR + 1, 1, 1)
    doc = {"document_number": "7/NQ-HĐND"}
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[2], cluster.units[3]],
        new_unit_data={"name": "Phường Tân Hòa Bình", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=date,
        **doc,
    )
    an = cluster.units[4]
    parts = org_services.unit_split(
        actor=province_officer,
        unit=an,
        parts=[
            ({"name": "Xã An Đông", "code": "AD", "kind": UnitKind.COMMUNE, "parent": province.root}, [], []),
            ({"name": "Xã An Tây", "code": "AT", "kind": UnitKind.COMMUNE, "parent": province.root}, [], []),
        ],
        date=date,
        **doc,
    )
    son = next(u for u in cluster.units if u.name == "Xã Tân Sơn")
    org_services.unit_dissolve(actor=province_officer, unit=son, date=date, **doc)

    plan = carry_over_plan(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    first = next(p for p in plan.clusters if p.source == cluster.cluster)
    assert {u.name for u, _ in first.dropped} == {"Xã Tân Sơn"}
    assert {old.name: [u.name for u in new] for old, new, _ in first.replaced} == {
        "Xã Tân Hòa": ["Phường Tân Hòa Bình"],
        "Xã Tân Bình": ["Phường Tân Hòa Bình"],
        "Xã Tân An": ["Xã An Đông", "Xã An Tây"],
    }

    services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    r = roles(Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 1"))
    assert set(r) == {
        "Xã Tân Phú",
        "Xã Tân Lập",
        "Phường Tân Hòa Bình",
        "Xã An Đông",
        "Xã An Tây",
        "Xã Tân Mỹ",
        "Xã Tân Thạnh",
    }
    assert ward.pk in set(ClusterMember.objects.filter(cluster__year=YEAR + 1).values_list("unit_id", flat=True))
    assert all(p.valid_to is None for p in parts)


def test_carry_over_follows_a_chain_of_reorganisations(cluster, province_officer, province):
    first = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[2], cluster.units[3]],
        new_unit_data={"name": "Phường Một", "code": "P1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR + 1, 1, 1),
        document_number="1/NQ",
    )
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[first],
        successor=cluster.units[4],
        date=dt.date(YEAR + 1, 3, 1),
        document_number="2/NQ",
    )
    # The YEAR cluster still lists the old communes (the merges happened after its year).
    services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    r = roles(Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 1"))
    assert "Xã Tân An" in r and "Phường Một" not in r and len(r) == 6


def test_a_successor_reached_from_two_clusters_stays_where_it_was_a_member(cluster, province_officer):
    # Xã Hòa Bình (Cụm 2) merges into Xã Tân Mỹ (Cụm 1) after the year.
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.outside],
        successor=cluster.units[5],
        date=dt.date(YEAR + 1, 1, 1),
        document_number="3/NQ",
    )
    plan = carry_over_plan(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    second = next(p for p in plan.clusters if p.source == cluster.other)
    assert second.skipped and [u.name for u, _ in second.dropped] == ["Xã Tân Mỹ"]
    created = services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    assert [c.name for c in created] == ["Cụm thi đua số 1"]
    assert "Xã Tân Mỹ" in roles(created[0])


def test_carry_over_rotation_when_the_deputy_was_dissolved(cluster, province_officer):
    org_services.unit_dissolve(
        actor=province_officer, unit=cluster.deputy, date=dt.date(YEAR + 1, 1, 1), document_number="4/NQ"
    )
    services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    r = roles(Cluster.objects.get(year=YEAR + 1, name="Cụm thi đua số 1"))
    # No deputy left: the member after the old head (Tân Phú) by name heads — Tân Sơn; then Tân Thạnh.
    assert r["Xã Tân Sơn"] == ClusterRole.HEAD and r["Xã Tân Thạnh"] == ClusterRole.DEPUTY
    assert "Xã Tân Lập" not in r


def test_carry_over_is_refused_when_the_target_year_has_a_cluster_of_the_same_name(cluster, province_officer, province):
    create(province_officer, province, name="Cụm thi đua số 2", year=YEAR + 1)
    before = Cluster.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    assert "“Cụm thi đua số 2”" in str(exc.value) and "không có gì được tạo" in str(exc.value)
    assert Cluster.objects.count() == before


def test_a_unit_already_placed_in_the_target_year_is_not_carried_twice(cluster, province_officer, province):
    create(province_officer, province, name="Cụm mới", year=YEAR + 1, units=(cluster.member, cluster.outside))
    plan = carry_over_plan(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    first = next(p for p in plan.clusters if p.source == cluster.cluster)
    assert ("Xã Tân Hòa", "đã thuộc “Cụm mới” năm 2027") in [(u.name, why) for u, why in first.dropped]


@pytest.mark.parametrize(
    "years, words", [((YEAR, YEAR), "phải sau"), ((YEAR - 5, YEAR - 4), "chưa có cụm, khối"), ((1990, 1991), "Năm")]
)
def test_carry_over_refuses_bad_years(cluster, province_officer, years, words):
    with pytest.raises(ValidationError) as exc:
        services.cluster_carry_over(actor=province_officer, from_year=years[0], to_year=years[1])
    assert words in str(exc.value)


def test_only_the_province_carries_over(cluster, head_officer):
    with pytest.raises(PermissionDenied):
        services.cluster_carry_over(actor=head_officer, from_year=YEAR, to_year=YEAR + 1)
    assert not Cluster.objects.filter(year=YEAR + 1).exists()


# --- Reorganisations during the year (org services) --------------------------------------------------------


def test_a_merge_moves_memberships_to_the_successor_with_the_highest_role(cluster, province_officer, province):
    past = create(province_officer, province, year=YEAR - 1, units=(cluster.head, cluster.deputy))
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.head, cluster.member],
        new_unit_data={"name": "Phường Tân Phú Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR, 3, 1),
        **DOC,
    )
    r = roles(cluster.cluster)
    assert r["Phường Tân Phú Hòa"] == ClusterRole.HEAD
    assert "Xã Tân Phú" not in r and "Xã Tân Hòa" not in r and len(r) == 7
    # Earlier years keep their history.
    assert roles(past) == {"Xã Tân Phú": ClusterRole.HEAD, "Xã Tân Lập": ClusterRole.DEPUTY}
    event = AuditEvent.objects.filter(action="unit.consolidate").latest("pk")
    assert event.data["clusters"]["moved"] == [cluster.cluster.pk]
    assert ward.pk


def test_a_merge_into_an_existing_member_keeps_one_membership_with_the_higher_role(cluster, province_officer):
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.deputy],
        successor=cluster.member,
        date=dt.date(YEAR, 3, 1),
        **DOC,
    )
    r = roles(cluster.cluster)
    assert r["Xã Tân Hòa"] == ClusterRole.DEPUTY and "Xã Tân Lập" not in r and len(r) == 7
    assert ClusterMember.objects.filter(cluster=cluster.cluster, unit=cluster.member).count() == 1


def test_a_merge_creates_an_empty_sheet_for_the_successor_and_keeps_the_predecessors_sheets(
    cluster, scoring_round, province_officer, province
):
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[2], cluster.units[3]],
        new_unit_data={"name": "Phường Tân Hòa Bình", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR, 6, 1),
        **DOC,
    )
    sheet = ScoreSheet.objects.get(round=scoring_round, unit=ward)
    assert sheet.scores.count() == 6 and not Score.objects.filter(sheet=sheet).exclude(self_points=None).exists()
    assert ScoreSheet.objects.filter(round=scoring_round, unit__in=cluster.units[2:4]).count() == 2
    # Merging again into the ward: no second sheet.
    org_services.unit_merge(
        actor=province_officer, predecessors=[cluster.units[4]], successor=ward, date=dt.date(YEAR, 7, 1), **DOC
    )
    assert ScoreSheet.objects.filter(round=scoring_round, unit=ward).count() == 1


def test_a_successor_already_in_another_cluster_of_the_kind_stays_there(cluster, province_officer):
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[5]],
        successor=cluster.outside,
        date=dt.date(YEAR, 3, 1),
        **DOC,
    )
    assert "Xã Tân Mỹ" not in roles(cluster.cluster) and "Xã Hòa Bình" not in roles(cluster.cluster)
    assert roles(cluster.other) == {"Xã Hòa Bình": ClusterRole.HEAD}


def test_a_merge_moves_clusters_of_its_year_and_later_but_not_earlier_ones(cluster, province_officer):
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[5]],
        successor=cluster.member,
        date=dt.date(YEAR - 1, 12, 1),
        **DOC | {"document_date": dt.date(YEAR - 1, 11, 1)},
    )
    assert "Xã Tân Mỹ" not in roles(cluster.cluster)
    past = Cluster.objects.create(name="Cụm cũ", kind=ClusterKind.AREA, year=YEAR - 2)
    ClusterMember.objects.create(cluster=past, unit=cluster.units[6], role=ClusterRole.HEAD)
    org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.units[6]],
        successor=cluster.member,
        date=dt.date(YEAR, 1, 15),
        **DOC,
    )
    assert roles(past) == {"Xã Tân Thạnh": ClusterRole.HEAD}


def test_a_dissolution_removes_the_unit_from_clusters_of_that_year_and_later_only(cluster, province_officer, province):
    past = create(province_officer, province, year=YEAR - 1, units=(cluster.units[7], cluster.head))
    later = create(province_officer, province, year=YEAR + 1, units=(cluster.units[7], cluster.head))
    org_services.unit_dissolve(actor=province_officer, unit=cluster.units[7], date=dt.date(YEAR, 5, 1), **DOC)
    name = cluster.units[7].name
    assert name not in roles(cluster.cluster) and name not in roles(later)
    assert name in roles(past)
    event = AuditEvent.objects.filter(action="unit.dissolve").latest("pk")
    assert sorted(event.data["clusters_left"]) == sorted([cluster.cluster.pk, later.pk])


def test_a_decision_date_needs_its_number_and_the_province_itself_is_no_member(province, province_officer):
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, decision_date=dt.date(YEAR, 1, 1))
    assert "decision_number" in exc.value.message_dict
    a = commune("XB1", "Xã Bình An", province)
    with pytest.raises(ValidationError) as exc:
        create(province_officer, province, units=(a, province.root))
    assert "cấp tỉnh" in " ".join(exc.value.message_dict["members"])


def test_unit_options_keep_the_chosen_units_and_search_active_ones(cluster, province):
    from thidua.clusters.selectors.structure import unit_options

    closed = commune("XC", "Xã Hòa Cũ", province)
    closed.valid_to = dt.date(2025, 12, 31)
    closed.save()
    selected, found, more = unit_options(q="hoa", selected_ids=[cluster.member.pk])
    assert [u.name for u in selected] == ["Xã Tân Hòa"]
    assert "Xã Hòa Bình" in [u.name for u in found] and "Xã Hòa Cũ" not in [u.name for u in found]
    assert "Xã Tân Hòa" not in [u.name for u in found] and not more
    assert unit_options(q="xa", limit=3)[2] is True
