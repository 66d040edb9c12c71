"""The demo's council, decisions and money (after the dossiers), written through the services so
that the audit log, the minutes and the histories tell the story:

- the provincial council (term from 01/07/2025): the chairman (login `lanhdao`), the standing
  vice-chair and six members (`hoidong.1` … `hoidong.7`);
- the province (UBND, symbol "UBND") and Sở Y tế ("SYT") as issuing bodies; `lanhdao` signs for
  the province;
- a closed meeting: the Bằng khen lines of Sở Y tế's dossier voted openly, passed; the chairman's
  decision issued (numbered, awards created, amounts by the base salary of the decision date), paid
  from the province's fund (income entered first);
- a meeting in session today: the secret vote on Chiến sĩ thi đua cấp tỉnh is open; three members
  have voted, the others (and the chairman, who closes it) can log in and finish it;
- one historical award revoked (false documents), money to recover.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.accounts.models import User
from thidua.catalog.models import AwardType
from thidua.council.models import Choice, MemberRole, Presence
from thidua.council.services import meetings, terms, voting
from thidua.decisions.models import Award, DocKind, FundEntryKind, RevocationGround
from thidua.decisions.services import issuing, money, revocation
from thidua.nominations.models import Appraisal, Authority, Nomination, NominationLine, Outcome, State
from thidua.org.models import Unit

MEMBERS = [
    ("lanhdao", MemberRole.CHAIR, "Chủ tịch UBND tỉnh"),
    ("hoidong.1", MemberRole.STANDING_VICE_CHAIR, "Giám đốc Sở Nội vụ"),
    ("hoidong.2", MemberRole.VICE_CHAIR, "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
    ("hoidong.3", MemberRole.MEMBER, "Chủ tịch Liên đoàn Lao động tỉnh"),
    ("hoidong.4", MemberRole.MEMBER, "Phó Chủ tịch HĐND tỉnh"),
    ("hoidong.5", MemberRole.MEMBER, "Trưởng Ban Dân vận Tỉnh ủy"),
    ("hoidong.6", MemberRole.MEMBER, "Giám đốc Sở Tài chính"),
    ("hoidong.7", MemberRole.MEMBER, "Phó Giám đốc Sở Nội vụ"),
]


def _user(username):
    return User.objects.filter(username=username).first()


def seed_council(root_id: int, *, year: int) -> dict:
    province, chair = _user("cv.snv"), _user("lanhdao")
    seats = [(_user(u), role, position) for u, role, position in MEMBERS]
    if province is None or chair is None or any(u is None for u, _, _ in seats):
        return {}
    root = Unit.objects.get(pk=root_id)
    place = root.name.split(" tỉnh ", 1)[-1].split(" thành phố ", 1)[
        -1
    ]  # "Ủy ban nhân dân tỉnh Hòa Giang" → "Hòa Giang"
    province_name = root.name.replace("Ủy ban nhân dân ", "", 1)  # "tỉnh Hòa Giang"
    stats = {"meetings": 0, "decisions": 0, "payments": 0, "revocations": 0}

    # Issuing bodies and the chairman's signature.
    body = issuing.issuing_body_save(actor=province, unit=root, symbol="UBND", header_name=root.name, place=place)
    health = Unit.objects.filter(parent=root, short_name="SYT").first()
    if health is not None:
        issuing.issuing_body_save(
            actor=province,
            unit=health,
            symbol="SYT",
            header_parent=f"UBND {province_name}",
            header_name=health.name,
            place=place,
        )
    signer = issuing.signer_save(
        actor=province,
        body=body,
        user=chair,
        full_name=chair.full_name,
        title="Chủ tịch",
        sign_lines="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    )

    # The council.
    council = terms.council_create(
        actor=province,
        unit=root,
        name=f"Hội đồng Thi đua – Khen thưởng {province_name}",
        term_from=dt.date(2025, 7, 1),
        establishing_act="Quyết định kiện toàn Hội đồng Thi đua – Khen thưởng tỉnh (dữ liệu minh họa)",
    )
    members = {}
    for order, (user, role, position) in enumerate(seats, start=1):
        members[user.username] = terms.member_add(
            actor=province,
            council=council,
            user=user,
            full_name=user.full_name,
            role=role,
            position=position,
            sort_order=order,
        )

    ready = (
        NominationLine.objects.filter(
            nomination__state=State.APPRAISED,
            nomination__authority=Authority.PROVINCE_CHAIR,
            appraisal=Appraisal.ACCEPTED,
            outcome=Outcome.PENDING,
        )
        .select_related("award_type")
        .order_by("nomination_id", "sort_order", "id")
    )
    bk_lines = [line for line in ready if line.award_type.code.startswith("BK_TINH")]
    cstd_lines = [line for line in ready if line.award_type.code == "CSTD_TINH"]
    tz = timezone.get_current_timezone()

    # A closed meeting: the Bằng khen lines, voted openly; one member absent with a written vote.
    if bk_lines:
        first = meetings.meeting_create(
            actor=province,
            council=council,
            title=f"Phiên họp xét khen thưởng tổng kết năm {year} (phiên thứ nhất)",
            held_at=dt.datetime(year + 1, 3, 20, 8, 30, tzinfo=tz),
            place="Phòng họp số 1, trụ sở UBND tỉnh",
            secretary_name="Trần Thị Thu Hà",
        )
        meetings.agenda_add_lines(actor=province, meeting=first, line_ids=[line.pk for line in bk_lines])
        presences = {m.pk: Presence.PRESENT for m in members.values()}
        presences[members["hoidong.6"].pk] = Presence.ABSENT_WRITTEN
        meetings.attendance_set(actor=province, meeting=first, presences=presences)
        items = voting.vote_open(actor=chair, meeting=first)
        for item in items:
            for username, member in members.items():
                if username == "hoidong.6":
                    voting.ballot_record_written(actor=province, item=item, member=member, choice=Choice.YES)
                else:
                    choice = Choice.ABSTAIN if username == "hoidong.5" else Choice.YES
                    voting.ballot_cast(actor=member.user, item=item, choice=choice)
        voting.vote_close(actor=chair, meeting=first)
        meetings.meeting_close(
            actor=province, meeting=first, note="Hội đồng thống nhất đề nghị Chủ tịch UBND tỉnh tặng Bằng khen."
        )
        stats["meetings"] += 1

        passed = [
            line for line in NominationLine.objects.filter(pk__in=[x.pk for x in bk_lines], outcome=Outcome.PASSED)
        ]
        if passed:
            decided_on = dt.date(year + 1, 3, 25)
            draft = issuing.draft_create(
                actor=province, issuer=root, kind=DocKind.DECISION, lines=passed, signer=signer, date=decided_on
            )
            decision = issuing.decision_issue(actor=chair, decision=draft, date=decided_on, version=draft.version)
            stats["decisions"] += 1
            money.fund_entry_add(
                actor=province,
                unit=root,
                kind=FundEntryKind.INCOME,
                date=dt.date(year + 1, 1, 10),
                amount=500_000_000,
                description=f"Trích lập quỹ thi đua, khen thưởng năm {year + 1} từ dự toán ngân sách tỉnh",
                voucher_number="PT-01",
            )
            paid = money.payment_record(
                actor=province,
                paid_on=dt.date(year + 1, 4, 10),
                voucher_number="PC-0412",
                payer_unit=root,
                decision=decision,
                award_ids=list(decision.awards.values_list("pk", flat=True)),
            )
            stats["payments"] += len(paid)

    # A meeting in session: the secret vote on Chiến sĩ thi đua cấp tỉnh is open.
    if cstd_lines:
        now = timezone.localtime()
        second = meetings.meeting_create(
            actor=province,
            council=council,
            title=f"Phiên họp xét khen thưởng tổng kết năm {year} (phiên thứ hai)",
            held_at=now.replace(hour=8, minute=0, second=0, microsecond=0),
            place="Phòng họp số 1, trụ sở UBND tỉnh",
            secretary_name="Trần Thị Thu Hà",
        )
        meetings.agenda_add_lines(actor=province, meeting=second, line_ids=[line.pk for line in cstd_lines])
        meetings.attendance_set(
            actor=province, meeting=second, presences={m.pk: Presence.PRESENT for m in members.values()}
        )
        items = voting.vote_open(actor=chair, meeting=second)
        for item in items:
            for username in ("hoidong.2", "hoidong.3", "hoidong.4"):
                voting.ballot_cast(actor=members[username].user, item=item, choice=Choice.YES)
        stats["meetings"] += 1

    # One historical award revoked: false documents found by an inspection.
    award = (
        Award.objects.filter(
            decision__back_entered=True, award_type__code="CSTDCS", person__isnull=False, revoked=False, year=year - 3
        )
        .exclude(person__nominationlines__isnull=False)
        .order_by("id")
        .first()
    )
    if award is not None:
        revocation.award_revoke(
            actor=province,
            award=award,
            ground=RevocationGround.FALSE_DOCUMENTS,
            reason="Kết luận thanh tra: báo cáo thành tích kê khai sáng kiến không có thật.",
            act_number=f"{150 + award.pk % 50}/QĐ-UBND",
            act_date=dt.date(year + 1, 2, 12),
            act_issuer=f"Chủ tịch UBND {province_name}",
            amount_to_recover=award.amount,
            insignia_to_recover="Giấy chứng nhận danh hiệu Chiến sĩ thi đua cơ sở",
        )
        stats["revocations"] += 1
    stats["households"] = _households(province, root)
    stats["dossiers_decided"] = Nomination.objects.filter(state=State.DECIDED).count()
    return stats


HOUSEHOLDS = [
    ("Nguyễn Văn Tư", "Thôn Đông, số nhà 12"),
    ("Lê Thị Mận", "Thôn Đông, số nhà 27"),
    ("Trần Văn Sáu", "Thôn Tây, số nhà 5"),
]


def _households(province, root) -> int:
    """Three households of the demo commune officer's commune; the first holds a Bằng khen of the
    chairman for households, recorded from a paper decision of 2025 (so the household pages show
    a history)."""
    from thidua.accounts.models import Role, RoleAssignment
    from thidua.decisions.services import decision_back_enter
    from thidua.org.models import LOCAL_GOVERNMENT_KINDS
    from thidua.people.models import Household

    role = (
        RoleAssignment.objects.filter(role=Role.UNIT_OFFICER, unit__kind__in=LOCAL_GOVERNMENT_KINDS)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if role is None:
        return 0
    commune = role.unit
    made = [Household.objects.create(head_name=name, address=address, unit=commune) for name, address in HOUSEHOLDS]
    decision_back_enter(
        actor=province,
        issuer=root,
        number="1890/QĐ-UBND",
        date=dt.date(2025, 9, 2),
        signer_name="Nguyễn Văn Thành",
        signer_title="Chủ tịch",
        summary="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho hộ gia đình có thành tích trong phát triển kinh tế",
        rows=[
            {
                "subject": made[0],
                "award_type": AwardType.objects.get(code="BK_TINH_HGD"),
                "year": 2025,
                "basis": "CONG_TRANG",
            }
        ],
    )
    return len(made)
