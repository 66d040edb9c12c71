"""Cluster fixtures: an area cluster of eight communes of the tiny province for 2026 (head Xã Tân
Phú, deputy Xã Tân Lập), their officers, an officer of a commune outside the cluster, a provincial
scoring template and a scoring round open until 15/11/2026 with one sheet per member.

Personas: `province_officer` (the province), `head_officer` (officer of the head unit),
`member_officer` (officer of an ordinary member, Xã Tân Hòa), `outsider_officer` (a commune of
another cluster), `unit_officer` (Sở Y tế, no cluster), `council_member`, anonymous (client_for(None)).
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from thidua.clusters.models import (
    Criterion,
    CriterionGroup,
    CriterionKind,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    TableState,
)
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

YEAR = 2026
COMMUNE_NAMES = ["Xã Tân Hòa", "Xã Tân Bình", "Xã Tân An", "Xã Tân Mỹ", "Xã Tân Thạnh", "Xã Tân Sơn"]


@pytest.fixture
def cluster(province):
    """Cụm thi đua số 1 (2026): .cluster, .units (8; head, deputy first), .head, .deputy, .member, .outside."""
    units = [province.commune1, province.commune2]
    for i, name in enumerate(COMMUNE_NAMES, start=3):
        units.append(
            Unit.objects.create(
                code=f"XA{i}", name=name, kind=UnitKind.COMMUNE, parent=province.root, valid_from=dt.date(2025, 7, 1)
            )
        )
    outside = Unit.objects.create(
        code="XA9", name="Xã Hòa Bình", kind=UnitKind.COMMUNE, parent=province.root, valid_from=dt.date(2025, 7, 1)
    )
    c = Cluster.objects.create(
        name="Cụm thi đua số 1",
        kind=ClusterKind.AREA,
        year=YEAR,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(YEAR, 1, 10),
    )
    roles = [ClusterRole.HEAD, ClusterRole.DEPUTY]
    for i, u in enumerate(units):
        ClusterMember.objects.create(cluster=c, unit=u, role=roles[i] if i < 2 else ClusterRole.MEMBER)
    other = Cluster.objects.create(name="Cụm thi đua số 2", kind=ClusterKind.AREA, year=YEAR)
    ClusterMember.objects.create(cluster=other, unit=outside, role=ClusterRole.HEAD)
    return SimpleNamespace(
        cluster=c, other=other, units=units, head=units[0], deputy=units[1], member=units[2], outside=outside
    )


@pytest.fixture
def head_officer(cluster):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cb.tanphu", Role.UNIT_OFFICER, cluster.head, full_name="Nguyễn Thị Phú")


@pytest.fixture
def member_officer(cluster):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cb.tanhoa", Role.UNIT_OFFICER, cluster.member, full_name="Lê Văn Hòa")


@pytest.fixture
def outsider_officer(cluster):
    from conftest import _user
    from thidua.accounts.models import Role

    return _user("cb.hoabinh", Role.UNIT_OFFICER, cluster.outside, full_name="Trần Văn Bình")


@pytest.fixture
def member_officers(cluster, head_officer, member_officer):
    """One officer per member unit, in the order of `cluster.units`."""
    from conftest import _user
    from thidua.accounts.models import Role

    users = [head_officer]
    for i, u in enumerate(cluster.units[1:], start=2):
        users.append(member_officer if u == cluster.member else _user(f"cb.cum{i}", Role.UNIT_OFFICER, u))
    return users


def build_template(year=YEAR, name="Bảng chấm điểm thi đua các xã, phường", state=TableState.APPLIED):
    """Two groups (I: 60 points, II: 40 points), a bonus and a penalty; 1.2 requires evidence, 1.1 locked."""
    t = ScoringTable.objects.create(year=year, name=name, state=state)
    g1 = CriterionGroup.objects.create(table=t, code="I", name="Thực hiện nhiệm vụ chính trị", max_points=60, order=1)
    g2 = CriterionGroup.objects.create(table=t, code="II", name="Công tác thi đua, khen thưởng", max_points=40, order=2)
    g3 = CriterionGroup.objects.create(table=t, code="III", name="Điểm thưởng, điểm trừ", max_points=0, order=3)
    spec = [
        (g1, "1.1", "Hoàn thành các chỉ tiêu kinh tế – xã hội được giao", 30, CriterionKind.SCORE, False, True),
        (g1, "1.2", "Thu ngân sách trên địa bàn đạt và vượt dự toán", 30, CriterionKind.SCORE, True, False),
        (g2, "2.1", "Ban hành kế hoạch, phát động phong trào thi đua", 20, CriterionKind.SCORE, False, False),
        (g2, "2.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 20, CriterionKind.SCORE, True, False),
        (g3, "3.1", "Được cấp trên khen thưởng đột xuất", 5, CriterionKind.BONUS, True, False),
        (g3, "3.2", "Để xảy ra vi phạm bị cấp có thẩm quyền nhắc nhở", 10, CriterionKind.PENALTY, False, False),
    ]
    for order, (g, code, name_, mx, kind, evidence, locked) in enumerate(spec, start=1):
        Criterion.objects.create(
            table=t,
            group=g,
            code=code,
            name=name_,
            max_points=mx,
            kind=kind,
            evidence_required=evidence,
            locked=locked,
            order=order,
        )
    return t


@pytest.fixture
def template(db):
    return build_template()


@pytest.fixture
def scoring_round(cluster, template):
    """The cluster's round on the provincial template (open until 15/11/2026; tie-break: group I, then
    a vote), one DRAFT sheet per member with empty scores."""
    r = ScoringRound.objects.create(
        cluster=cluster.cluster,
        table=template,
        deadline=dt.date(YEAR, 11, 15),
        tie_group=template.groups.get(code="I"),
        tie_vote=True,
    )
    criteria = list(template.criteria.all())
    for u in cluster.units:
        sheet = ScoreSheet.objects.create(round=r, unit=u)
        Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in criteria])
    return r


def fill_scores(scoring_round, points_by_unit: dict, *, final=True):
    """Set self (and final) points directly: {unit: {"1.1": 25, …}} (test data only; the services
    are tested on their own)."""
    for unit, points in points_by_unit.items():
        sheet = ScoreSheet.objects.get(round=scoring_round, unit=unit)
        for score in sheet.scores.select_related("criterion"):
            value = points.get(score.criterion.code)
            if value is None:
                continue
            score.self_points = Decimal(str(value))
            if final:
                score.points = Decimal(str(value))
            score.save()
