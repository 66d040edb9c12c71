"""Council fixtures: a provincial council of ten members (the `council_member` persona is one of
them), a meeting on 10/03/2026 (rule set NĐ 152 in force) and a queue of appraised dossier lines:
two "Chiến sĩ thi đua cấp tỉnh" (secret ballot) and two "Bằng khen" (open vote)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from thidua.council import services
from thidua.council.models import Council, CouncilMember, MemberRole, Presence
from thidua.nominations.models import Appraisal, Authority, State
from thidua.nominations.tests.conftest import make_line, make_nomination, make_person  # noqa: F401

MEMBER_NAMES = [
    ("hd.chutich", "Nguyễn Văn Tỉnh", MemberRole.CHAIR, "Chủ tịch UBND tỉnh"),
    ("hd.thuongtruc", "Trần Thị Nội", MemberRole.STANDING_VICE_CHAIR, "Phó Giám đốc Sở Nội vụ"),
    ("hd.pho", "Lê Văn Mặt", MemberRole.VICE_CHAIR, "Chủ tịch Ủy ban MTTQ tỉnh"),
    (None, None, MemberRole.MEMBER, "Giám đốc Sở Tài chính"),  # the council_member persona
    ("hd.tv5", "Phạm Thị Lao", MemberRole.MEMBER, "Chủ tịch Liên đoàn Lao động tỉnh"),
    ("hd.tv6", "Đỗ Văn Dân", MemberRole.MEMBER, "Trưởng Ban Dân vận Tỉnh ủy"),
    ("hd.tv7", "Vũ Thị Hội", MemberRole.MEMBER, "Phó Chủ tịch HĐND tỉnh"),
    ("hd.tv8", "Bùi Văn Giáo", MemberRole.MEMBER, "Giám đốc Sở Giáo dục và Đào tạo"),
    ("hd.tv9", "Ngô Thị Y", MemberRole.MEMBER, "Giám đốc Sở Y tế"),
    ("hd.tv10", "Đặng Văn Công", MemberRole.MEMBER, "Giám đốc Công an tỉnh"),
]


@pytest.fixture
def board(province, council_member):
    """The council and its ten seats: .council, .users (10, chair first), .seats, .chair, .vice."""
    from conftest import _user
    from thidua.accounts.models import Role

    council = Council.objects.create(
        unit=province.root,
        name="Hội đồng Thi đua – Khen thưởng tỉnh Hòa Giang",
        establishing_act="Quyết định số 1234/QĐ-UBND ngày 01/7/2025",
        term_from=dt.date(2025, 7, 1),
    )
    users, seats = [], []
    for i, (username, name, role, position) in enumerate(MEMBER_NAMES, start=1):
        user = (
            council_member if username is None else _user(username, Role.COUNCIL_MEMBER, province.root, full_name=name)
        )
        users.append(user)
        seats.append(
            CouncilMember.objects.create(
                council=council, user=user, full_name=user.full_name, position=position, role=role, sort_order=i
            )
        )
    return SimpleNamespace(council=council, users=users, seats=seats, chair=users[0], vice=users[1])


MEETING_AT = dt.datetime(2026, 3, 10, 8, 30)


@pytest.fixture
def meeting(board, province_officer):
    return services.meeting_create(
        actor=province_officer,
        council=board.council,
        title="Phiên họp xét khen thưởng tổng kết năm 2025",
        held_at=timezone.make_aware(MEETING_AT),
        place="Phòng họp số 1, UBND tỉnh",
        secretary_name="Trần Thị Thu Hà",
    )


@pytest.fixture
def queue(province, make_nomination, make_line, make_person):  # noqa: F811  (fixtures imported above)
    """Appraised dossier of Sở Y tế for the provincial chairman: accepted lines CSTĐ tỉnh ×2, Bằng khen
    ×2, one rejected Bằng khen; and a dossier still in appraisal with an accepted line."""
    n = make_nomination(province.health, authority=Authority.PROVINCE_CHAIR, year=2025)
    people = [make_person(province.hospital, name) for name in ("Nguyễn Văn An", "Lê Thị Bình", "Phạm Văn Cường")]
    extra = make_person(province.health, "Hoàng Thị Dung")
    rejected_person = make_person(province.health, "Trịnh Văn Em")
    lines = SimpleNamespace(
        cstd1=make_line(
            n, people[0], "CSTD_TINH", appraisal=Appraisal.ACCEPTED, subject_unit_name="Bệnh viện Đa khoa tỉnh"
        ),
        cstd2=make_line(
            n, people[1], "CSTD_TINH", appraisal=Appraisal.ACCEPTED, subject_unit_name="Bệnh viện Đa khoa tỉnh"
        ),
        bk1=make_line(
            n, people[2], "BK_TINH", appraisal=Appraisal.ACCEPTED, subject_unit_name="Bệnh viện Đa khoa tỉnh"
        ),
        bk2=make_line(n, extra, "BK_TINH", appraisal=Appraisal.ACCEPTED, subject_unit_name="Sở Y tế"),
        rejected=make_line(n, rejected_person, "BK_TINH", appraisal=Appraisal.REJECTED),
    )
    type(n).objects.filter(pk=n.pk).update(state=State.APPRAISED)
    other = make_nomination(province.edu, authority=Authority.PROVINCE_CHAIR, year=2025)
    lines.in_appraisal = make_line(
        other, make_person(province.school, "Đinh Thị Giang"), "BK_TINH", appraisal=Appraisal.ACCEPTED
    )
    type(other).objects.filter(pk=other.pk).update(state=State.IN_APPRAISAL)
    lines.nomination = n
    return lines


def mark(officer, meeting, board, *, present=(), written=(), absent=()):
    """Attendance by index into board.users (everyone else present unless listed)."""
    presences = {}
    for i, seat in enumerate(board.seats):
        if i in written:
            presences[seat.pk] = Presence.ABSENT_WRITTEN
        elif i in absent:
            presences[seat.pk] = Presence.ABSENT
        else:
            presences[seat.pk] = Presence.PRESENT
    services.attendance_set(actor=officer, meeting=meeting, presences=presences)


@pytest.fixture
def agenda(meeting, queue, province_officer):
    """The four accepted lines on the agenda: .secret (CSTĐ tỉnh ×2) and .open (Bằng khen ×2) items."""
    items = services.agenda_add_lines(
        actor=province_officer, meeting=meeting, line_ids=[queue.cstd1.pk, queue.cstd2.pk, queue.bk1.pk, queue.bk2.pk]
    )
    by_line = {i.line_id: i for i in items}
    return SimpleNamespace(
        secret=[by_line[queue.cstd1.pk], by_line[queue.cstd2.pk]],
        open=[by_line[queue.bk1.pk], by_line[queue.bk2.pk]],
        all=items,
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)
