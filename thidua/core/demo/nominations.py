"""Demo nomination dossiers of the home province (after movements), written through the services so
that the audit log, the timelines and the notifications tell the story:

- Sở Y tế's dossier for Chiến sĩ thi đua cấp tỉnh and Bằng khen of the chairman: appraised by the
  commendation office, waiting in the council's queue;
- Sở Giáo dục và Đào tạo's dossier: received by the office, one line returned for correction;
- a dossier of a hospital under Sở Y tế: sent to Sở Y tế, past its due date (on the overdue board);
- Sở Y tế's state-level dossier (Bằng khen của Thủ tướng): under public consultation, with comments;
- a commune's draft.
The yearly submission deadlines are set for the year of achievement.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.catalog.models import AwardType
from thidua.decisions.models import Award
from thidua.nominations import checks, requirements
from thidua.nominations.models import Appraisal, Authority, Basis, DocKind, Nomination, NominationLine, NominationStep
from thidua.nominations.services import consultation as consult
from thidua.nominations.services import deadlines, dossiers, workflow
from thidua.org.models import Unit, UnitKind
from thidua.people.models import Person

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _fresh(n: Nomination) -> Nomination:
    return Nomination.objects.get(pk=n.pk)


def _people_with_chain(unit: Unit, code: str, years, limit: int) -> list[Person]:
    """People of `unit`'s subtree holding `code` in every one of `years` (candidates for the next step)."""
    ids = (
        Award.objects.filter(
            person__unit__path__startswith=unit.path, award_type__code=code, year__in=years, revoked=False
        )
        .values("person_id")
        .annotate(n=Count("year", distinct=True))
        .filter(n=len(years))
        .order_by("person_id")
        .values_list("person_id", flat=True)[: limit * 6]
    )
    return list(Person.objects.filter(pk__in=list(ids)).order_by("pk"))


def _add_eligible(actor, n: Nomination, candidates, code: str, want: int, achievement: str) -> int:
    """Add lines for the first `want` candidates whose live check passes (checked before adding, as an
    officer reads the check while typing)."""
    award = AwardType.objects.get(code=code)
    year_from = n.year if code != "CSTD_TINH" else n.year - 2
    added = 0
    for person in candidates:
        if added >= want:
            break
        result = checks.check_draft_line(
            _fresh(n), subject=person, award_type=award, year_from=year_from, year_to=n.year
        )
        if not result.eligible or result.blocking:
            continue
        dossiers.line_add(
            actor=actor,
            nomination=_fresh(n),
            subject=person,
            award_type=award,
            year_from=year_from,
            year_to=n.year,
            achievement=achievement,
        )
        added += 1
    return added


def _attach_required(actor, n: Nomination) -> None:
    """One file for every document the dossier still lacks (a placeholder PDF in the demo)."""
    n = _fresh(n)
    for req in requirements.required_documents(n):
        if req.satisfied:
            continue
        line = NominationLine.objects.get(pk=req.line_id) if req.line_id else None
        stem = DocKind(req.kind).label
        name = f"{stem} - {line.subject_name}.pdf" if line else f"{stem}.pdf"
        dossiers.document_add(
            actor=actor,
            nomination=_fresh(n),
            kind=req.kind,
            file=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
            line=line,
        )


def _submit(actor, n):
    return workflow.nomination_submit(actor=actor, nomination=_fresh(n), version=_fresh(n).version)


def _receive(actor, n):
    return workflow.nomination_receive(actor=actor, nomination=_fresh(n), version=_fresh(n).version)


def _accept_all(actor, n, reason="Đủ điều kiện, hồ sơ đầy đủ."):
    for line in _fresh(n).lines.filter(appraisal=Appraisal.PENDING):
        workflow.line_appraise(actor=actor, line=line, decision=Appraisal.ACCEPTED, reason=reason)


def _forward(actor, n):
    return workflow.nomination_forward(actor=actor, nomination=_fresh(n), version=_fresh(n).version)


def _officer_of(unit: Unit) -> User | None:
    ra = RoleAssignment.objects.filter(unit=unit, role=Role.UNIT_OFFICER).select_related("user").first()
    return ra.user if ra else None


def _make_officer(unit: Unit, username: str, full_name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        from thidua.core.demo.users import demo_password_hash

        user = User.objects.create(username=username, full_name=full_name, password=demo_password_hash())
        RoleAssignment.objects.create(user=user, unit=unit, role=Role.UNIT_OFFICER)
    return user


def seed_nominations(root_id: int, *, year: int) -> dict:
    province = User.objects.filter(username="cv.snv").first()
    health_officer = User.objects.filter(username="cb.syt").first()
    edu_officer = User.objects.filter(username="cb.sgd").first()
    if province is None or health_officer is None or Nomination.objects.exists():
        return {}
    root = Unit.objects.get(pk=root_id)
    health = RoleAssignment.objects.get(user=health_officer, role=Role.UNIT_OFFICER).unit
    edu = RoleAssignment.objects.get(user=edu_officer, role=Role.UNIT_OFFICER).unit if edu_officer else None

    deadlines.submission_deadline_set(
        actor=province,
        year=year,
        authority=Authority.STATE,
        due_date=dt.date(year + 1, 1, 30),
        note="Hồ sơ đề nghị khen thưởng cấp Nhà nước",
    )
    deadlines.submission_deadline_set(
        actor=province,
        year=year,
        authority=Authority.PROVINCE_CHAIR,
        due_date=dt.date(year + 1, 3, 15),
        note="Hồ sơ đề nghị Chủ tịch UBND tỉnh khen thưởng tổng kết năm",
    )
    stats = {"dossiers": 0}

    # 1. Sở Y tế → the council's queue.
    n1 = dossiers.nomination_create(
        actor=health_officer,
        proposing_unit=health,
        title=f"Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh và Bằng khen của Chủ tịch UBND tỉnh năm {year}",
        year=year,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
    )
    chain = _people_with_chain(health, "CSTDCS", range(year - 2, year + 1), 3)
    _add_eligible(
        health_officer,
        n1,
        chain,
        "CSTD_TINH",
        2,
        "Ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở; có sáng kiến được áp dụng trong toàn ngành y tế.",
    )
    bk = _people_with_chain(health, "CSTDCS", range(year - 1, year + 1), 8)
    _add_eligible(
        health_officer,
        n1,
        [p for p in bk if not n1.lines.filter(person=p).exists()],
        "BK_TINH",
        2,
        "Hai năm liên tục hoàn thành xuất sắc nhiệm vụ, tiêu biểu trong phong trào chuyển đổi số ngành y tế.",
    )
    if _fresh(n1).lines.exists():
        _attach_required(health_officer, n1)
        _submit(health_officer, n1)
        _receive(province, n1)
        _accept_all(province, n1)
        _forward(province, n1)
        stats["dossiers"] += 1

    # 2. Sở GD&ĐT: received by the office, one line returned.
    if edu is not None:
        n2 = dossiers.nomination_create(
            actor=edu_officer,
            proposing_unit=edu,
            title=f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho giáo viên tiêu biểu năm học {year - 1}–{year}",
            year=year,
            basis=Basis.CONG_TRANG,
            authority=Authority.PROVINCE_CHAIR,
        )
        teachers = _people_with_chain(edu, "CSTDCS", range(year - 1, year + 1), 6)
        _add_eligible(
            edu_officer,
            n2,
            teachers,
            "BK_TINH",
            3,
            "Có nhiều đóng góp trong đổi mới phương pháp dạy học; học sinh đạt giải học sinh giỏi cấp tỉnh.",
        )
        lines = list(_fresh(n2).lines.all())
        if lines:
            _attach_required(edu_officer, n2)
            _submit(edu_officer, n2)
            _receive(province, n2)
            workflow.nomination_return(
                actor=province,
                nomination=_fresh(n2),
                version=_fresh(n2).version,
                note="Đề nghị bổ sung số liệu cụ thể trong tóm tắt thành tích.",
                corrections={
                    lines[0].pk: {
                        "fields": ["achievement", "documents"],
                        "note": "Tóm tắt thành tích chưa nêu kết quả cụ thể; báo cáo thành tích chưa có xác nhận "
                        "của thủ trưởng đơn vị.",
                    }
                },
            )
            stats["dossiers"] += 1

    # 3. A hospital under Sở Y tế: sent to Sở Y tế, which has not received it in time.
    hospital = Unit.objects.filter(parent=health, kind=UnitKind.HOSPITAL, valid_to__isnull=True).order_by("pk").first()
    if hospital is not None:
        officer = _officer_of(hospital) or _make_officer(hospital, "cb.benhvien", "Ngô Thị Thanh")
        n3 = dossiers.nomination_create(
            actor=officer,
            proposing_unit=hospital,
            title=f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể và cá nhân năm {year}",
            year=year,
            basis=Basis.CONG_TRANG,
            authority=Authority.PROVINCE_CHAIR,
        )
        staff = _people_with_chain(hospital, "CSTDCS", range(year - 1, year + 1), 6)
        _add_eligible(officer, n3, staff, "BK_TINH", 2, "Tận tụy với người bệnh, hoàn thành xuất sắc nhiệm vụ.")
        if _fresh(n3).lines.exists():
            _attach_required(officer, n3)
            _submit(officer, n3)
            step = _fresh(n3).current_step
            late = dt.date(year + 1, 2, 20)
            NominationStep.objects.filter(pk=step.pk).update(due_date=late)
            Nomination.objects.filter(pk=n3.pk).update(due_date=late)
            stats["dossiers"] += 1

    # 4. Sở Y tế, state level: Bằng khen của Thủ tướng under public consultation.
    n4 = dossiers.nomination_create(
        actor=health_officer,
        proposing_unit=health,
        title=f"Đề nghị Thủ tướng Chính phủ tặng Bằng khen năm {year}",
        year=year,
        basis=Basis.CONG_TRANG,
        authority=Authority.STATE,
    )
    veterans = _people_with_chain(health, "LDTT", range(year - 4, year + 1), 6)
    bk_ttg = AwardType.objects.get(code="BK_TTG")
    for person in veterans:
        result = checks.check_draft_line(
            _fresh(n4), subject=person, award_type=bk_ttg, year_from=year - 4, year_to=year
        )
        if any(i.code != "ineligible" for i in result.blocking):
            continue  # conflicts, embargo…: not a candidate at all
        dossiers.line_add(
            actor=health_officer,
            nomination=_fresh(n4),
            subject=person,
            award_type=bk_ttg,
            year_from=year - 4,
            year_to=year,
            achievement="Năm năm liên tục hoàn thành xuất sắc nhiệm vụ; hai sáng kiến cấp cơ sở được áp dụng.",
            justification=""
            if result.eligible
            else "Đơn vị đề nghị xem xét: cá nhân có thành tích xuất sắc trong phòng, chống dịch bệnh.",
        )
        break
    if _fresh(n4).lines.exists():
        _attach_required(health_officer, n4)
        _submit(health_officer, n4)
        _receive(province, n4)
        opened = consult.consultation_open(actor=province, nomination=_fresh(n4))
        line = opened.lines.first()
        for name, body, approve in (
            (
                "Trần Văn Lộc",
                "Tôi là người bệnh đã được bác sĩ tận tình điều trị; đề nghị khen thưởng là xứng đáng.",
                True,
            ),
            ("Lê Thị Hoa", "Đề nghị làm rõ số liệu về sáng kiến đã áp dụng tại khoa.", None),
        ):
            comment = consult.comment_submit(
                consultation=opened,
                line_id=line.pk if line else None,
                name=name,
                contact="0912345678",
                body=body,
                client_key=consult.client_key_for(f"demo-{name}"),
            )
            if approve:
                consult.comment_moderate(actor=province, comment=comment, approve=True)
        stats["dossiers"] += 1

    # 5. A commune's draft.
    commune = Unit.objects.filter(
        Q(kind=UnitKind.COMMUNE) | Q(kind=UnitKind.WARD), role_assignments__role=Role.UNIT_OFFICER
    ).first()
    if commune is not None:
        officer = _officer_of(commune)
        n5 = dossiers.nomination_create(
            actor=officer,
            proposing_unit=commune,
            title=f"Đề nghị khen thưởng tổng kết phong trào thi đua năm {year}",
            year=year,
            basis=Basis.CONG_TRANG,
            authority=Authority.PROVINCE_CHAIR,
        )
        staff = _people_with_chain(commune, "CSTDCS", range(year - 1, year + 1), 4)
        _add_eligible(officer, n5, staff, "BK_TINH", 1, "Hoàn thành xuất sắc nhiệm vụ cải cách hành chính.")
        stats["dossiers"] += 1
    stats["root"] = root.pk
    return stats
