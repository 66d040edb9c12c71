"""The demo's clusters and blocks at work (after the movements, which divide the units into the
clusters of the year):

- last year's clusters (same members, head and deputy one place earlier), scored on last year's
  provincial tables, locked and published: the year-on-year comparison has figures;
- this year's provincial tables (one for communes, one for departments), copied from last year's
  and applied; every cluster's covenant signed, its shared targets taken from the yearly movement;
- "Cụm thi đua số 1" still scoring (deadline 15/12): the head and half the members have scored
  themselves, one member has raised a cross-check remark; every member commune has an officer
  login (`cb.<commune>`), the head's included;
- every other cluster scored and locked, ready for the ranking, one of them with two units tied
  on points, separated by the named group.

Rows are written directly (deterministic, fast); the services are exercised by the tests and in
the browser by the demo's users.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.clusters.models import (
    Commitment,
    Covenant,
    CovenantState,
    CovenantTarget,
    Criterion,
    CriterionGroup,
    CriterionKind,
    Evidence,
    Remark,
    RoundState,
    Score,
    ScoreSheet,
    ScoringRound,
    ScoringTable,
    SheetState,
    TableState,
)
from thidua.core.demo.names import kinh_name
from thidua.core.demo.users import demo_password_hash
from thidua.core.text import fold_vi
from thidua.movements.models import Level, Movement, MovementKind
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole

# (group code, group name, group max, [(code, criterion, max, kind, evidence required, locked)])
COMMUNE_TABLE = [
    (
        "I",
        "Thực hiện nhiệm vụ phát triển kinh tế – xã hội",
        50,
        [
            ("1.1", "Tốc độ tăng trưởng giá trị sản xuất trên địa bàn đạt, vượt kế hoạch", 15, "S", True, True),
            ("1.2", "Thu ngân sách nhà nước trên địa bàn đạt, vượt dự toán được giao", 15, "S", True, True),
            ("1.3", "Giảm tỷ lệ hộ nghèo đạt chỉ tiêu được giao", 10, "S", False, False),
            ("1.4", "Xây dựng nông thôn mới, đô thị văn minh theo kế hoạch", 10, "S", False, False),
        ],
    ),
    (
        "II",
        "Cải cách hành chính, chuyển đổi số",
        25,
        [
            ("2.1", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến", 10, "S", True, False),
            ("2.2", "Không có hồ sơ thủ tục hành chính trễ hạn", 10, "S", False, False),
            ("2.3", "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành", 5, "S", False, False),
        ],
    ),
    (
        "III",
        "Công tác thi đua, khen thưởng",
        25,
        [
            ("3.1", "Ban hành kế hoạch, phát động và sơ kết, tổng kết phong trào thi đua", 10, "S", False, False),
            ("3.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10, "S", True, False),
            ("3.3", "Thực hiện giao ước thi đua của cụm", 5, "S", False, False),
        ],
    ),
    (
        "IV",
        "Điểm thưởng, điểm trừ",
        0,
        [
            ("4.1", "Được cấp có thẩm quyền khen thưởng đột xuất trong năm", 5, "B", True, False),
            ("4.2", "Có cán bộ, công chức vi phạm bị xử lý kỷ luật", 10, "P", False, False),
        ],
    ),
]
DEPARTMENT_TABLE = [
    (
        "I",
        "Thực hiện chức năng, nhiệm vụ chuyên môn",
        55,
        [
            ("1.1", "Hoàn thành các nhiệm vụ trọng tâm được UBND tỉnh giao đúng tiến độ", 25, "S", True, True),
            ("1.2", "Tham mưu ban hành văn bản quy phạm pháp luật đúng kế hoạch", 15, "S", False, False),
            ("1.3", "Giải ngân vốn đầu tư công đạt kế hoạch", 15, "S", True, False),
        ],
    ),
    (
        "II",
        "Cải cách hành chính, chuyển đổi số",
        25,
        [
            ("2.1", "Chỉ số cải cách hành chính của cơ quan", 15, "S", True, False),
            ("2.2", "Dịch vụ công trực tuyến toàn trình", 10, "S", False, False),
        ],
    ),
    (
        "III",
        "Công tác thi đua, khen thưởng và xây dựng cơ quan",
        20,
        [
            ("3.1", "Tổ chức phong trào thi đua, phát hiện nhân rộng điển hình", 10, "S", False, False),
            ("3.2", "Nội bộ đoàn kết, tổ chức đảng, đoàn thể vững mạnh", 10, "S", False, False),
        ],
    ),
    (
        "IV",
        "Điểm thưởng, điểm trừ",
        0,
        [
            ("4.1", "Có sáng kiến, mô hình được cấp tỉnh công nhận", 5, "B", True, False),
            ("4.2", "Bị cấp trên phê bình bằng văn bản", 5, "P", False, False),
        ],
    ),
]
KINDS = {"S": CriterionKind.SCORE, "B": CriterionKind.BONUS, "P": CriterionKind.PENALTY}
EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n%%EOF\n"


def seed_clusters(*, year: int, seed: int = 2026) -> dict:
    rng = random.Random(f"{seed}:clusters")
    current = list(Cluster.objects.filter(year=year).order_by("kind", "pk"))
    if not current or ScoringTable.objects.exists():
        return {}
    now = timezone.now()
    tables = {}
    for y in (year - 1, year):
        for kind, spec, name in (
            (ClusterKind.AREA, COMMUNE_TABLE, "Bảng chấm điểm thi đua các xã, phường"),
            (ClusterKind.SECTOR, DEPARTMENT_TABLE, "Bảng chấm điểm thi đua các sở, ban, ngành"),
        ):
            tables[(y, kind)] = _table(y, f"{name} năm {y}", spec, previous=tables.get((y - 1, kind)))
    stats = {"tables": len(tables), "clusters_last_year": 0, "sheets": 0}
    for cluster in current:
        members = list(cluster.memberships.select_related("unit").order_by("unit__name"))
        last = _last_year(cluster, members, year)
        stats["clusters_last_year"] += 1
        r = _round(last, tables[(year - 1, last.kind)], dt.date(year - 1, 12, 15), RoundState.PUBLISHED, now)
        stats["sheets"] += _score(r, [m.unit for m in members], rng, share=1.0)
    movement = Movement.objects.filter(level=Level.PROVINCE, kind=MovementKind.REGULAR).order_by("pk").first()
    first = next((c for c in current if c.kind == ClusterKind.AREA), None)
    for cluster in current:
        members = list(cluster.memberships.select_related("unit").order_by("-role", "unit__name"))
        _covenant(cluster, members, movement, year, now)
        table = tables[(year, cluster.kind)]
        units = [m.unit for m in members]
        if cluster == first:
            r = _round(cluster, table, dt.date(year, 12, 15), RoundState.OPEN, None)
            head = next(m.unit for m in members if m.role == ClusterRole.HEAD)
            scored = [head] + [u for u in units if u != head][: len(units) // 2 - 1]
            stats["sheets"] += _score(r, scored, rng, share=1.0, submit=True)
            _officers(units, rng)
            _remark(r, scored, units)
        else:
            r = _round(cluster, table, dt.date(year, 11, 20), RoundState.LOCKED, now)
            stats["sheets"] += _score(r, units, rng, share=1.0, submit=True, tie=cluster.kind == ClusterKind.AREA)
    stats["clusters"] = len(current)
    return stats


def _table(year, name, spec, *, previous=None) -> ScoringTable:
    table = ScoringTable.objects.create(
        year=year,
        name=name,
        state=TableState.APPLIED,
        previous=previous,
        note="Mỗi tiêu chí chấm theo mức độ hoàn thành; tiêu chí bắt buộc có minh chứng phải kèm tài liệu kiểm chứng.",
    )
    order = 0
    for g_order, (code, gname, gmax, criteria) in enumerate(spec, start=1):
        group = CriterionGroup.objects.create(table=table, code=code, name=gname, max_points=gmax, order=g_order)
        for c_code, c_name, c_max, kind, evidence, locked in criteria:
            order += 1
            Criterion.objects.create(
                table=table,
                group=group,
                code=c_code,
                name=c_name,
                max_points=c_max,
                kind=KINDS[kind],
                evidence_required=evidence,
                locked=locked,
                order=order,
                source=previous.criteria.filter(code=c_code).first() if previous else None,
            )
    return table


def _last_year(cluster, members, year) -> Cluster:
    last = Cluster.objects.create(
        name=cluster.name,
        kind=cluster.kind,
        year=year - 1,
        decision_number="08/QĐ-UBND",
        decision_date=dt.date(year - 1, 1, 12),
    )
    # Last year the head and deputy were the members after this year's (the roles rotate yearly).
    n = len(members)
    roles = {}
    if n >= 2:
        roles[members[(1) % n].unit_id] = ClusterRole.HEAD
        roles[members[(2) % n].unit_id] = ClusterRole.DEPUTY
    ClusterMember.objects.bulk_create(
        [ClusterMember(cluster=last, unit=m.unit, role=roles.get(m.unit_id, ClusterRole.MEMBER)) for m in members]
    )
    Cluster.objects.filter(pk=cluster.pk).update(carried_from=last)
    return last


def _round(cluster, table, deadline, state, now) -> ScoringRound:
    groups = {g.code: g for g in table.groups.all()}
    return ScoringRound.objects.create(
        cluster=cluster,
        table=table,
        deadline=deadline,
        state=state,
        locked_at=now if state != RoundState.OPEN else None,
        published_at=now if state == RoundState.PUBLISHED else None,
        tie_group=groups.get("I"),
        tie_vote=True,
    )


def _score(r, units, rng, *, share, submit=False, tie=False) -> int:
    """Sheets for every member; `units` get realistic points (evidence attached where required)."""
    criteria = list(r.table.criteria.all())
    members = list(r.cluster.memberships.values_list("unit_id", flat=True))
    scored_ids = {u.pk for u in units}
    sheets = ScoreSheet.objects.bulk_create(
        [
            ScoreSheet(
                round=r,
                unit_id=uid,
                state=SheetState.SUBMITTED if submit and uid in scored_ids else SheetState.DRAFT,
                submitted_at=timezone.now() if submit and uid in scored_ids else None,
            )
            for uid in members
        ]
    )
    scores = []
    for sheet in sheets:
        skill = rng.uniform(0.72, 0.97)
        for c in criteria:
            points = None
            if sheet.unit_id in scored_ids and rng.random() <= share:
                if c.kind == CriterionKind.SCORE:
                    points = (
                        Decimal(str(round(float(c.max_points) * min(1.0, skill + rng.uniform(-0.08, 0.06)) * 2))) / 2
                    )
                elif c.kind == CriterionKind.BONUS:
                    points = Decimal(rng.choice([0, 0, 0, 2, 3]))
                else:
                    points = Decimal(rng.choice([0, 0, 0, 0, 2]))
            scores.append(Score(sheet=sheet, criterion=c, self_points=points, points=points))
    Score.objects.bulk_create(scores)
    if tie and len(sheets) >= 2:
        _tie(r, sheets[:2])
    for score in Score.objects.filter(sheet__round=r, criterion__evidence_required=True, points__gt=0):
        Evidence.objects.create(
            score=score,
            file=ContentFile(EVIDENCE, name="minh-chung.pdf"),
            original_name=f"Báo cáo kết quả tiêu chí {score.criterion.code}.pdf",
            file_kind="pdf",
            size=len(EVIDENCE),
        )
    return len(sheets)


def _tie(r, sheets):
    """Give the second sheet the first's total, with fewer points in group I (the named group)."""
    first = {s.criterion_id: s for s in Score.objects.filter(sheet=sheets[0]).select_related("criterion__group")}
    second = {s.criterion_id: s for s in Score.objects.filter(sheet=sheets[1])}
    for cid, s in first.items():
        second[cid].points = second[cid].self_points = s.points
    group_i = [c for c, s in first.items() if s.criterion.group.code == "I" and (s.points or 0) >= 1]
    group_ii = [c for c, s in first.items() if s.criterion.group.code == "II" and s.points is not None]
    if group_i and group_ii:
        moved_from, moved_to = second[group_i[0]], second[group_ii[0]]
        room = first[group_ii[0]].criterion.max_points - (moved_to.points or 0)
        delta = min(Decimal(1), room)
        if delta > 0:
            moved_from.points = moved_from.self_points = moved_from.points - delta
            moved_to.points = moved_to.self_points = (moved_to.points or 0) + delta
    Score.objects.bulk_update(list(second.values()), ["points", "self_points"])


def _covenant(cluster, members, movement, year, now):
    head = next((m.unit for m in members if m.role == ClusterRole.HEAD), members[0].unit)
    covenant = Covenant.objects.create(
        cluster=cluster,
        title=f"Giao ước thi đua năm {year} của {cluster.name}",
        place=head.name,
        signing_date=dt.date(year, 2, 20),
        content=(
            "Các đơn vị thành viên cùng thi đua hoàn thành vượt mức các chỉ tiêu phát triển kinh tế – xã hội năm "
            f"{year}; thực hiện nghiêm kỷ luật, kỷ cương hành chính; đẩy mạnh chuyển đổi số; phát hiện, bồi dưỡng, "
            "nhân rộng các điển hình tiên tiến; định kỳ sáu tháng, cuối năm kiểm tra chéo, chấm điểm, bình xét."
        ),
        movement=movement,
        state=CovenantState.SIGNED,
        signed_at=timezone.make_aware(dt.datetime(year, 2, 20, 10, 0)),
    )
    if movement is not None:
        CovenantTarget.objects.bulk_create(
            [
                CovenantTarget(
                    covenant=covenant,
                    source=t,
                    name=t.name,
                    measure=t.measure,
                    target_value=t.target_value,
                    order=i,
                )
                for i, t in enumerate(movement.targets.filter(parent_target__isnull=True).order_by("order", "pk"))
            ]
        )
    Commitment.objects.bulk_create(
        [
            Commitment(
                covenant=covenant,
                unit=m.unit,
                text=(
                    f"{m.unit.name} cam kết hoàn thành 100% chỉ tiêu được giao năm {year}, không có hồ sơ thủ tục "
                    "hành chính trễ hạn, xây dựng ít nhất một mô hình điển hình tiên tiến."
                ),
                signer_name="",
                signer_title="Chủ tịch UBND" if cluster.kind == ClusterKind.AREA else "Giám đốc",
                signed_at=covenant.signed_at,
            )
            for m in members
        ]
    )


def _login(unit) -> str:
    name = unit.short_name or unit.name
    for prefix in ("Xã ", "Phường ", "Thị trấn "):
        name = name.removeprefix(prefix)
    return "cb." + fold_vi(name).replace(" ", "")


def _officers(units, rng):
    """An officer login for every member of the cluster the demo walks through (unless one exists)."""
    taken = set(RoleAssignment.objects.filter(unit__in=units, role=Role.UNIT_OFFICER).values_list("unit_id", flat=True))
    encoded = demo_password_hash()
    for unit in units:
        if unit.pk in taken:
            continue
        username = _login(unit)
        if User.objects.filter(username=username).exists():
            username = f"{username}.{unit.pk}"
        full_name = kinh_name(rng, rng.choice("FM"))
        user = User.objects.create(username=username, full_name=full_name, password=encoded)
        RoleAssignment.objects.create(user=user, unit=unit, role=Role.UNIT_OFFICER)


def _remark(r, scored, units):
    author_unit = next((u for u in units if u not in scored), None)
    target = Score.objects.filter(sheet__round=r, sheet__unit=scored[0], criterion__code="1.2").first()
    if author_unit is None or target is None:
        return
    Remark.objects.create(
        score=target,
        unit=author_unit,
        author=User.objects.filter(roles__unit=author_unit).first(),
        text="Đề nghị kiểm tra lại: báo cáo thu ngân sách gửi kèm chưa có số liệu quý IV.",
        proposed_points=(target.points or Decimal(0)) - Decimal(2) if (target.points or 0) >= 2 else None,
    )
