"""The membership of a cluster is frozen once its scores are locked, its results published or its
dossier proposed (the ranking is computed from the current members): setting the members is refused,
and unit merges and dissolutions leave such a cluster as it was. A head leaving through a merge or a
dissolution passes its role on. A cluster never holds a unit together with one of its sub-units
(an officer of the upper unit acts for both), neither when the province sets it nor after a carry-over."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.clusters.models import RoundState, ScoreSheet, ScoringRound
from thidua.clusters.selectors.structure import membership_version
from thidua.clusters.services import structure as services
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

from .conftest import YEAR

pytestmark = pytest.mark.django_db

FROZEN = (
    "Cụm, khối đã khóa điểm/công bố kết quả; không thay đổi thành viên được. Đề nghị Sở Nội vụ mở lại chấm điểm trước."
)
DOC = {"document_number": "45/NQ-HĐND", "document_date": dt.date(YEAR, 9, 1)}


class Clock:
    def __init__(self, day):
        self.day = day


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """`timezone.localdate()` answers `today.day`: 1/10/2026, inside the fixture round (deadline
    15/11/2026), whatever the machine's calendar says."""
    clock = Clock(dt.date(YEAR, 10, 1))
    real = timezone.localdate

    def fake(value=None, timezone=None):  # noqa: A002 - Django's own signature
        return clock.day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    return clock


def roles(cluster):
    return {m.unit.name: m.role for m in ClusterMember.objects.filter(cluster=cluster).select_related("unit")}


def members_version(cluster):
    return membership_version(list(ClusterMember.objects.filter(cluster=cluster)))


def new_unit(code, name, parent, kind=UnitKind.COMMUNE):
    return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, valid_from=dt.date(2025, 7, 1))


def _proposal(cluster):
    from thidua.nominations.models import Authority, Basis, Nomination

    return Nomination.objects.create(
        proposing_unit=cluster.head,
        title="Đề nghị tặng Cờ thi đua của Cụm thi đua số 1",
        year=YEAR,
        basis=Basis.values[0],
        authority=Authority.values[0],
        deciding_unit=cluster.head.parent,
        cluster=cluster.cluster,
    )


def freeze(how, scoring_round, cluster, today):
    """Put the round in one of the states that freeze the membership (each on its own)."""
    if how == "locked":
        ScoringRound.objects.filter(pk=scoring_round.pk).update(state=RoundState.LOCKED, locked_at=timezone.now())
    elif how == "deadline":
        today.day = dt.date(YEAR, 11, 16)  # the day after the deadline: scores lock by themselves
    elif how == "published":
        ScoringRound.objects.filter(pk=scoring_round.pk).update(published_at=timezone.now())
    elif how == "proposal":
        ScoringRound.objects.filter(pk=scoring_round.pk).update(proposal=_proposal(cluster))


FREEZES = ["locked", "deadline", "published", "proposal"]


# --- Setting the members ------------------------------------------------------------------------------


@pytest.mark.parametrize("how", FREEZES)
def test_members_of_a_locked_published_or_proposed_cluster_cannot_change(
    how, cluster, scoring_round, province_officer, province, today
):
    freeze(how, scoring_round, cluster, today)
    c = cluster.cluster
    newcomer = new_unit("XB1", "Xã Bình An", province.root)
    before, events = roles(c), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.cluster_members_set(
            actor=province_officer,
            cluster=c,
            version=members_version(c),
            members=[*cluster.units[1:], newcomer],
            head=cluster.deputy,
            deputy=cluster.member,
        )
    assert exc.value.messages == [FROZEN]
    assert roles(c) == before and AuditEvent.objects.count() == events
    assert not ScoreSheet.objects.filter(unit=newcomer).exists()


def test_members_of_an_open_round_still_change(cluster, scoring_round, province_officer):
    c = cluster.cluster
    services.cluster_members_set(
        actor=province_officer,
        cluster=c,
        version=members_version(c),
        members=cluster.units[:-1],
        head=cluster.deputy,
        deputy=cluster.head,
    )
    assert roles(c)["Xã Tân Lập"] == ClusterRole.HEAD and len(roles(c)) == 7


def test_setting_members_locks_the_round_row(cluster, scoring_round, province_officer):
    c = cluster.cluster
    with CaptureQueriesContext(connection) as queries:
        services.cluster_members_set(
            actor=province_officer, cluster=c, version=members_version(c), members=cluster.units, head=cluster.head
        )
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "clusters_scoringround"' in q["sql"]]
    assert reads
    if connection.features.has_select_for_update:
        assert all("FOR UPDATE" in sql for sql in reads)


def test_the_members_screen_says_why_it_is_frozen(cluster, scoring_round, province_officer, client_for, today):
    freeze("locked", scoring_round, cluster, today)
    url = reverse("clusters:cluster_members", args=[cluster.cluster.pk])
    c = client_for(province_officer)
    assert FROZEN in c.get(url).content.decode()
    data = {"members": [u.pk for u in cluster.units[:-1]], "head": cluster.head.pk, "deputy": ""}
    r = c.post(url, data | {"version": members_version(cluster.cluster)})
    assert r.status_code == 200 and FROZEN in r.content.decode()
    assert len(roles(cluster.cluster)) == 8


# --- Merges and dissolutions --------------------------------------------------------------------------


@pytest.mark.parametrize("how", FREEZES)
def test_a_merge_leaves_a_frozen_cluster_as_it_was_and_says_so(
    how, cluster, scoring_round, province_officer, province, today
):
    later = Cluster.objects.create(name="Cụm thi đua số 1", kind=ClusterKind.AREA, year=YEAR + 1)
    ClusterMember.objects.create(cluster=later, unit=cluster.member, role=ClusterRole.HEAD)
    ClusterMember.objects.create(cluster=later, unit=cluster.units[3], role=ClusterRole.MEMBER)
    freeze(how, scoring_round, cluster, today)
    before = roles(cluster.cluster)
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.member, cluster.units[3]],
        new_unit_data={"name": "Phường Tân Hòa Bình", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR, 9, 1),
        **DOC,
    )
    # The frozen cluster keeps the old units, and the successor gets no sheet in its round.
    assert roles(cluster.cluster) == before
    assert not ScoreSheet.objects.filter(round=scoring_round, unit=ward).exists()
    # The next year's cluster (no round) follows the merge as before.
    assert roles(later) == {"Phường Tân Hòa Bình": ClusterRole.HEAD}
    data = AuditEvent.objects.filter(action="unit.consolidate").latest("pk").data["clusters"]
    assert data["frozen"] == [cluster.cluster.pk] and data["moved"] == [later.pk]
    assert "giữ nguyên thành viên" in data["note"]


@pytest.mark.parametrize("how", FREEZES)
def test_a_dissolution_leaves_a_frozen_cluster_as_it_was_and_says_so(
    how, cluster, scoring_round, province_officer, today
):
    freeze(how, scoring_round, cluster, today)
    before = roles(cluster.cluster)
    org_services.unit_dissolve(actor=province_officer, unit=cluster.head, date=dt.date(YEAR, 9, 1), **DOC)
    assert roles(cluster.cluster) == before  # even the head stays: the ranking stands
    data = AuditEvent.objects.filter(action="unit.dissolve").latest("pk").data
    assert data["clusters_frozen"] == [cluster.cluster.pk] and data["clusters_left"] == []
    assert data["cluster_heads"] == [] and "giữ nguyên thành viên" in data["clusters_note"]


def test_a_merge_during_an_open_round_still_moves_the_members_and_gives_a_sheet(
    cluster, scoring_round, province_officer, province
):
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.member, cluster.units[3]],
        new_unit_data={"name": "Phường Tân Hòa", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR, 9, 1),
        **DOC,
    )
    assert "Phường Tân Hòa" in roles(cluster.cluster) and "Xã Tân Hòa" not in roles(cluster.cluster)
    assert ScoreSheet.objects.filter(round=scoring_round, unit=ward).exists()
    assert AuditEvent.objects.filter(action="unit.consolidate").latest("pk").data["clusters"]["frozen"] == []


def test_a_dissolved_head_passes_the_head_role_to_the_deputy(cluster, province_officer):
    org_services.unit_dissolve(actor=province_officer, unit=cluster.head, date=dt.date(YEAR, 9, 1), **DOC)
    r = roles(cluster.cluster)
    assert "Xã Tân Phú" not in r and r["Xã Tân Lập"] == ClusterRole.HEAD
    assert ClusterRole.DEPUTY not in r.values()  # the deputy's place is empty
    data = AuditEvent.objects.filter(action="unit.dissolve").latest("pk").data
    assert data["cluster_heads"] == [{"cluster": cluster.cluster.pk, "unit": cluster.deputy.pk, "from_deputy": True}]


def test_without_a_deputy_the_first_remaining_member_by_name_becomes_head(cluster, province_officer):
    ClusterMember.objects.filter(cluster=cluster.cluster, unit=cluster.deputy).update(role=ClusterRole.MEMBER)
    org_services.unit_dissolve(actor=province_officer, unit=cluster.head, date=dt.date(YEAR, 9, 1), **DOC)
    r = roles(cluster.cluster)
    heads = [name for name, role in r.items() if role == ClusterRole.HEAD]
    assert heads == ["Xã Tân An"]  # Tân An, Tân Bình, Tân Hòa, Tân Lập, … by name
    data = AuditEvent.objects.filter(action="unit.dissolve").latest("pk").data
    assert data["cluster_heads"][0]["from_deputy"] is False


def test_a_head_merged_into_a_unit_of_another_cluster_passes_the_head_role(cluster, province_officer):
    # Xã Tân Phú (head of Cụm 1) merges into Xã Hòa Bình, which stays in Cụm 2.
    org_services.unit_merge(
        actor=province_officer, predecessors=[cluster.head], successor=cluster.outside, date=dt.date(YEAR, 9, 1), **DOC
    )
    r = roles(cluster.cluster)
    assert "Xã Tân Phú" not in r and "Xã Hòa Bình" not in r
    assert r["Xã Tân Lập"] == ClusterRole.HEAD and list(r.values()).count(ClusterRole.HEAD) == 1
    assert roles(cluster.other) == {"Xã Hòa Bình": ClusterRole.HEAD}
    data = AuditEvent.objects.filter(action="unit.merge").latest("pk").data["clusters"]
    assert data["removed"] == [cluster.cluster.pk]
    assert data["heads"] == [{"cluster": cluster.cluster.pk, "unit": cluster.deputy.pk, "from_deputy": True}]


def test_a_head_merged_into_a_new_unit_hands_the_head_role_to_the_successor(cluster, province_officer, province):
    ward = org_services.unit_merge(
        actor=province_officer,
        predecessors=[cluster.head, cluster.units[3]],
        new_unit_data={"name": "Phường Tân Phú", "code": "PH1", "kind": UnitKind.WARD, "parent": province.root},
        date=dt.date(YEAR, 9, 1),
        **DOC,
    )
    r = roles(cluster.cluster)
    assert r[ward.name] == ClusterRole.HEAD and r["Xã Tân Lập"] == ClusterRole.DEPUTY
    assert AuditEvent.objects.filter(action="unit.consolidate").latest("pk").data["clusters"]["heads"] == []


# --- A unit and its sub-units -------------------------------------------------------------------------


def test_a_cluster_cannot_hold_a_unit_and_its_sub_unit_and_the_message_names_both(province, province_officer):
    with pytest.raises(ValidationError) as exc:
        services.cluster_create(
            actor=province_officer,
            name="Khối y tế",
            kind=ClusterKind.SECTOR,
            year=YEAR,
            members=[province.health, province.hospital, province.edu],
            head=province.health,
        )
    text = " ".join(exc.value.message_dict["members"])
    assert "“Bệnh viện Đa khoa tỉnh” trực thuộc “Sở Y tế”" in text
    assert not Cluster.objects.filter(name="Khối y tế").exists()


def test_a_sub_unit_two_levels_down_is_refused_too(province, province_officer, cluster):
    ward_office = new_unit("VP1", "Văn phòng HĐND-UBND xã Tân Hòa", cluster.member, kind=UnitKind.DIVISION)
    team = new_unit("TO1", "Tổ một cửa", ward_office, kind=UnitKind.DIVISION)
    c = cluster.cluster
    with pytest.raises(ValidationError) as exc:
        services.cluster_members_set(
            actor=province_officer,
            cluster=c,
            version=members_version(c),
            members=[*cluster.units, team],
            head=cluster.head,
            deputy=cluster.deputy,
        )
    assert "“Tổ một cửa” trực thuộc “Xã Tân Hòa”" in str(exc.value)
    assert "Tổ một cửa" not in roles(c)


def test_sibling_units_may_share_a_cluster(province, province_officer):
    block = services.cluster_create(
        actor=province_officer,
        name="Khối bệnh viện, trường học",
        kind=ClusterKind.SECTOR,
        year=YEAR,
        members=[province.hospital, province.school],
        head=province.hospital,
    )
    assert len(roles(block)) == 2


@pytest.fixture
def nested_block(province):
    """A block of YEAR that holds Sở Y tế and its hospital (data from before the rule): the hospital heads."""
    block = Cluster.objects.create(name="Khối văn hóa – xã hội", kind=ClusterKind.SECTOR, year=YEAR)
    ClusterMember.objects.create(cluster=block, unit=province.hospital, role=ClusterRole.HEAD)
    ClusterMember.objects.create(cluster=block, unit=province.health, role=ClusterRole.MEMBER)
    ClusterMember.objects.create(cluster=block, unit=province.edu, role=ClusterRole.DEPUTY)
    return block


def test_carry_over_drops_the_sub_unit_lists_it_and_passes_its_head_role(nested_block, province_officer):
    plan = services.carry_over_preview(actor=province_officer, from_year=YEAR, to_year=YEAR + 1, rotate=False)
    item = next(c for c in plan.clusters if c.source == nested_block)
    assert [(u.name, why) for u, why in item.dropped] == [
        ("Bệnh viện Đa khoa tỉnh", "trực thuộc “Sở Y tế” (cùng cụm, khối; chỉ giữ đơn vị cấp trên)")
    ]
    created = services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1, rotate=False)
    assert roles(created[0]) == {"Sở Giáo dục và Đào tạo": ClusterRole.HEAD, "Sở Y tế": ClusterRole.MEMBER}
    event = AuditEvent.objects.get(action="cluster.carry_over")
    assert event.data["dropped"] == {str(nested_block.pk): [nested_block.memberships.get(role="HEAD").unit_id]}


def test_carry_over_with_rotation_never_keeps_a_nested_pair(nested_block, province_officer):
    created = services.cluster_carry_over(actor=province_officer, from_year=YEAR, to_year=YEAR + 1)
    r = roles(created[0])
    assert "Bệnh viện Đa khoa tỉnh" not in r and set(r) == {"Sở Giáo dục và Đào tạo", "Sở Y tế"}
    assert list(r.values()).count(ClusterRole.HEAD) == 1


def test_the_carry_over_preview_lists_the_dropped_sub_unit(nested_block, province_officer, client_for):
    r = client_for(province_officer).get(
        reverse("clusters:cluster_carry_over"), {"from_year": YEAR, "to_year": YEAR + 1, "rotate": "on"}
    )
    assert "Bỏ ra: Bệnh viện Đa khoa tỉnh — trực thuộc “Sở Y tế”" in r.content.decode()
