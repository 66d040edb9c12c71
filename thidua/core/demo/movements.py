"""Demo clusters and movements of the home province (after the units, people and users).

Clusters of the year: communes in area clusters of eight, departments in one sector block. Movements:
the yearly provincial movement launched to every unit directly under the province (most have
answered with a plan and a signature work, some late, some not yet), a campaign launched to the
first area cluster, the province's answer to a national movement launched to every commune, and a
draft. Written through the services (with the provincial officer as actor) so the audit log tells
the story; dates are then set to what they would have been.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from thidua.accounts.models import User
from thidua.movements.models import Level, Movement, Participation, ParticipationMode, State
from thidua.movements.services import movements as svc
from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

CLUSTER_SIZE = 8


def seed_movements(root_id: int, *, year: int, seed: int = 2026) -> dict:
    rng = random.Random(f"{seed}:movements")
    actor = User.objects.filter(username="cv.snv").first()
    root = Unit.objects.get(pk=root_id)
    if actor is None or Movement.objects.filter(level=Level.PROVINCE).exists():
        return {}
    clusters = _clusters(root, year)
    stats = {"clusters": len(clusters)}

    yearly = svc.movement_create(
        actor=actor,
        launching_unit=root,
        data={
            "kind": "REGULAR",
            "name": f"Phong trào thi đua yêu nước năm {year}",
            "slogans": ["Đoàn kết, kỷ cương, đổi mới, sáng tạo, hoàn thành xuất sắc nhiệm vụ năm " + str(year)],
            "purposes": "Động viên cán bộ, công chức, viên chức, người lao động và Nhân dân trong tỉnh thi đua "
            f"hoàn thành thắng lợi các chỉ tiêu phát triển kinh tế - xã hội năm {year}.",
            "contents": "1. Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội.\n"
            "2. Thi đua cải cách hành chính, chuyển đổi số.\n3. Thi đua xây dựng nông thôn mới, giảm nghèo bền vững.",
            "period_start": dt.date(year, 1, 1),
            "period_end": dt.date(year, 12, 31),
            "participation_mode": ParticipationMode.ALL,
            "reward_event": f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
        },
        document={
            "doc_type": "Kế hoạch",
            "number": "05/KH-UBND",
            "date": dt.date(year, 1, 15),
            "issuer": root.name.replace("Ủy ban nhân dân", "UBND"),
            "signer_name": "Nguyễn Văn Chủ",
            "signer_title": "Chủ tịch",
        },
        targets=[
            {
                "name": "Tốc độ tăng trưởng kinh tế (GRDP)",
                "measure": "%",
                "baseline": "7.2",
                "target_value": "8",
                "aggregation": "AVERAGE",
            },
            {
                "name": "Tỷ lệ hộ nghèo",
                "measure": "%",
                "baseline": "3.1",
                "target_value": "2.5",
                "direction": "AT_MOST",
                "aggregation": "AVERAGE",
            },
            {
                "name": "Hồ sơ thủ tục hành chính giải quyết trực tuyến",
                "measure": "%",
                "baseline": "60",
                "target_value": "80",
                "aggregation": "AVERAGE",
            },
        ],
    )
    svc.movement_launch(actor=actor, movement=yearly)
    Movement.objects.filter(pk=yearly.pk).update(state=State.UNDER_WAY, launched_at=_at(year, 1, 20))
    Participation.objects.filter(movement=yearly).update(deadline=dt.date(year, 2, 28))
    stats["yearly_answered"] = _answers(actor, yearly, rng, year, share=0.7, keep_open={"Sở Y tế"})

    campaign_cluster = clusters[0] if clusters else None
    if campaign_cluster is not None:
        campaign = svc.movement_create(
            actor=actor,
            launching_unit=root,
            data={
                "kind": "CAMPAIGN",
                "name": f"Đợt thi đua cao điểm “100 ngày đêm” hoàn thành thắng lợi nhiệm vụ năm {year}",
                "slogans": ["Chạy nước rút, về đích sớm"],
                "period_start": dt.date(year, 9, 1),
                "period_end": dt.date(year, 12, 20),
                "participation_mode": ParticipationMode.BY_CLUSTER,
                "participation_cluster": campaign_cluster,
            },
            document={"doc_type": "Kế hoạch", "number": "142/KH-UBND", "date": dt.date(year, 8, 25)},
            targets=[{"name": "Số công trình, phần việc hoàn thành", "measure": "công trình", "target_value": "16"}],
        )
        svc.movement_launch(actor=actor, movement=campaign)
        Movement.objects.filter(pk=campaign.pk).update(launched_at=_at(year, 8, 28))
        Participation.objects.filter(movement=campaign).update(deadline=dt.date(year, 9, 15))
        stats["campaign_answered"] = _answers(actor, campaign, rng, year, share=0.5)

    national = Movement.objects.filter(level=Level.NATIONAL, name="Cả nước chung sức xây dựng nông thôn mới").first()
    rural = svc.movement_create(
        actor=actor,
        launching_unit=root,
        data={
            "kind": "THEMATIC",
            "name": "Phong trào thi đua “Chung sức xây dựng nông thôn mới” giai đoạn 2026 - 2030",
            "parent": national,
            "slogans": ["Nông thôn mới - nâng chất, bền vững"],
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2030, 12, 31),
            "participation_mode": ParticipationMode.BY_KIND,
            "participation_kinds": [UnitKind.COMMUNE],
        },
        document={"doc_type": "Kế hoạch", "number": "31/KH-UBND", "date": dt.date(2026, 3, 2)},
        targets=[
            {"name": "Số xã đạt chuẩn nông thôn mới nâng cao", "measure": "xã", "baseline": "12", "target_value": "40"}
        ],
    )
    svc.movement_launch(actor=actor, movement=rural)
    Movement.objects.filter(pk=rural.pk).update(state=State.UNDER_WAY, launched_at=_at(2026, 3, 5))
    Participation.objects.filter(movement=rural).update(deadline=dt.date(2026, 4, 30))
    stats["rural_answered"] = _answers(actor, rural, rng, 2026, share=0.4)

    svc.movement_create(
        actor=actor,
        launching_unit=root,
        data={
            "kind": "THEMATIC",
            "name": "Phong trào thi đua “Bình dân học vụ số” giai đoạn 2026 - 2030",
            "period_start": dt.date(year + 1, 1, 1),
            "period_end": dt.date(2030, 12, 31),
            "participation_mode": ParticipationMode.ALL,
        },
    )
    stats["movements"] = Movement.objects.filter(level=Level.PROVINCE).count()
    return stats


def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


def _clusters(root: Unit, year: int) -> list[Cluster]:
    communes = list(
        Unit.objects.filter(parent=root, kind__in=(UnitKind.COMMUNE, UnitKind.WARD), valid_to__isnull=True).order_by(
            "code"
        )
    )
    departments = list(
        Unit.objects.filter(parent=root, kind=UnitKind.DEPARTMENT, valid_to__isnull=True).order_by("code")
    )
    clusters = []
    for i in range(0, len(communes), CLUSTER_SIZE):
        cluster = Cluster.objects.create(
            name=f"Cụm thi đua số {i // CLUSTER_SIZE + 1}",
            kind=ClusterKind.AREA,
            year=year,
            decision_number=f"{12}/QĐ-UBND",
            decision_date=dt.date(year, 1, 10),
        )
        _members(cluster, communes[i : i + CLUSTER_SIZE])
        clusters.append(cluster)
    if departments:
        block = Cluster.objects.create(
            name="Khối các sở, ban, ngành tỉnh",
            kind=ClusterKind.SECTOR,
            year=year,
            decision_number="12/QĐ-UBND",
            decision_date=dt.date(year, 1, 10),
        )
        _members(block, departments)
        clusters.append(block)
    return clusters


def _members(cluster: Cluster, units):
    roles = [ClusterRole.HEAD, ClusterRole.DEPUTY]
    ClusterMember.objects.bulk_create(
        [
            ClusterMember(cluster=cluster, unit=u, role=roles[i] if i < len(roles) else ClusterRole.MEMBER)
            for i, u in enumerate(units)
        ]
    )


def _answers(actor, movement: Movement, rng, year: int, *, share: float, keep_open=frozenset()) -> int:
    """Answer the duty of about `share` of the units (some after their deadline)."""
    answered = 0
    for duty in (
        Participation.objects.filter(movement=movement).select_related("unit", "movement").order_by("unit__code")
    ):
        if duty.unit.name in keep_open or rng.random() > share:
            continue
        plan = svc.plan_start(actor=actor, participation=duty)
        for target in plan.targets.all():
            target.target_value = (target.target_value * Decimal(str(round(rng.uniform(0.8, 1.2), 2)))).quantize(
                Decimal("0.01")
            )
            target.save(update_fields=["target_value"])
        svc.signature_work_add(
            actor=actor,
            plan=plan,
            name=rng.choice(
                [
                    "Số hóa toàn bộ hồ sơ lưu trữ của đơn vị",
                    "Cải tạo khuôn viên xanh - sạch - đẹp",
                    "Xây dựng mô hình “Dân vận khéo”",
                    "Hoàn thành 100% dịch vụ công trực tuyến toàn trình",
                    "Nhà tình nghĩa cho hộ nghèo trên địa bàn",
                ]
            ),
            due_date=movement.period_end,
        )
        svc.plan_submit(actor=actor, plan=plan)
        late = rng.random() < 0.2
        deadline = duty.deadline or movement.period_start
        when = (
            deadline + dt.timedelta(days=rng.randint(1, 10))
            if late
            else deadline - dt.timedelta(days=rng.randint(1, 20))
        )
        Participation.objects.filter(pk=duty.pk).update(answered_at=_at(when.year, when.month, when.day))
        answered += 1
    return answered
