"""Movements: create, launch (the cascade), transitions, concurrent edits, the units' answers, visibility."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.movements.models import Level, Movement, Participation, ParticipationMode, State, Target
from thidua.movements.selectors import movements as sel
from thidua.movements.services import movements as svc
from thidua.org.models import Cluster, ClusterMember, UnitKind

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 12, 31)}


def draft(actor, **data):
    values = {"kind": "REGULAR", "name": "Phong trào thi đua yêu nước năm 2026", **PERIOD, **data}
    targets = values.pop("targets", [{"name": "Tỷ lệ hộ nghèo", "measure": "%", "target_value": "2.5"}])
    return svc.movement_create(actor=actor, data=values, targets=targets, document={"number": "90/KH-UBND"})


def test_province_officer_creates_a_draft_with_its_document_targets_and_an_audit_event(province_officer):
    m = draft(province_officer, slogans=["Đoàn kết, sáng tạo", ""])
    assert m.state == State.DRAFT and m.level == Level.PROVINCE
    assert m.slogans == ["Đoàn kết, sáng tạo"]
    assert m.document.number == "90/KH-UBND"
    assert list(m.targets.values_list("name", flat=True)) == ["Tỷ lệ hộ nghèo"]
    assert AuditEvent.objects.filter(action="movement.create", object_id=str(m.pk)).count() == 1


def test_unit_officer_cannot_create_a_provincial_movement(unit_officer):
    with pytest.raises(PermissionDenied):
        draft(unit_officer)
    assert not Movement.objects.filter(level=Level.PROVINCE).exists()


def test_unit_officer_creates_a_movement_of_their_own_unit_but_not_of_another(unit_officer, province):
    own = svc.movement_create(
        actor=unit_officer, data={"kind": "THEMATIC", "name": "Thi đua ngành y"}, launching_unit=province.health
    )
    assert own.level == Level.UNIT and own.launching_unit == province.health
    with pytest.raises(PermissionDenied):
        svc.movement_create(actor=unit_officer, data={"kind": "THEMATIC", "name": "X"}, launching_unit=province.edu)


def test_period_end_before_start_is_refused_and_nothing_is_saved(province_officer):
    with pytest.raises(ValidationError):
        draft(province_officer, period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 1, 1))
    assert not Movement.objects.filter(level=Level.PROVINCE).exists()


def test_launch_to_all_gives_every_active_unit_under_the_launcher_the_duty_to_answer(province_officer, province):
    m = draft(province_officer, answer_deadline=timezone.localdate() + dt.timedelta(days=10))
    gone = province.commune2
    gone.valid_to = dt.date(2025, 12, 31)
    gone.save()
    svc.movement_launch(actor=province_officer, movement=m)
    m.refresh_from_db()
    units = set(Participation.objects.filter(movement=m).values_list("unit__code", flat=True))
    assert units == {"SNV", "SYT", "SGDDT", "XA1"}  # direct children, active only
    assert m.state == State.LAUNCHED and m.launched_at is not None
    assert Participation.objects.filter(movement=m, deadline=m.answer_deadline).count() == 4
    assert AuditEvent.objects.filter(action="movement.launch", object_id=str(m.pk)).count() == 1


def test_launch_by_kind_by_list_and_by_cluster(province_officer, province):
    by_kind = draft(
        province_officer, participation_mode=ParticipationMode.BY_KIND, participation_kinds=[UnitKind.COMMUNE]
    )
    svc.movement_launch(actor=province_officer, movement=by_kind)
    assert set(by_kind.participations.values_list("unit__code", flat=True)) == {"XA1", "XA2"}

    by_list = draft(province_officer, participation_mode=ParticipationMode.BY_LIST)
    by_list.participation_units.set([province.hospital, province.school])
    svc.movement_launch(actor=province_officer, movement=by_list)
    assert set(by_list.participations.values_list("unit__code", flat=True)) == {"BVDK", "THPT1"}

    cluster = Cluster.objects.create(name="Cụm thi đua các xã", kind="AREA", year=2026)
    ClusterMember.objects.create(cluster=cluster, unit=province.commune1, role="HEAD")
    ClusterMember.objects.create(cluster=cluster, unit=province.hospital)
    by_cluster = draft(province_officer, participation_mode=ParticipationMode.BY_CLUSTER, participation_cluster=cluster)
    svc.movement_launch(actor=province_officer, movement=by_cluster)
    assert set(by_cluster.participations.values_list("unit__code", flat=True)) == {"XA1", "BVDK"}


def test_a_movement_cannot_be_launched_twice_nor_without_a_period(province_officer):
    m = draft(province_officer)
    svc.movement_launch(actor=province_officer, movement=m)
    with pytest.raises(ValidationError):
        svc.movement_launch(actor=province_officer, movement=m)
    assert Participation.objects.filter(movement=m).count() == 5
    no_period = draft(province_officer, period_start=None, period_end=None)
    with pytest.raises(ValidationError):
        svc.movement_launch(actor=province_officer, movement=no_period)
    assert not no_period.participations.exists()


def test_states_follow_the_transition_table_only(province_officer):
    m = draft(province_officer)
    with pytest.raises(ValidationError):
        svc.movement_close(actor=province_officer, movement=m)  # draft → closed is not a transition
    svc.movement_launch(actor=province_officer, movement=m)
    svc.movement_start(actor=province_officer, movement=m)
    svc.movement_begin_review(actor=province_officer, movement=m)
    svc.movement_close(actor=province_officer, movement=m)
    assert m.state == State.CLOSED
    actions = list(
        AuditEvent.objects.filter(object_id=str(m.pk), object_type="movements.movement").values_list(
            "action", flat=True
        )
    )
    assert {"movement.launch", "movement.start", "movement.review", "movement.close"} <= set(actions)
    with pytest.raises(ValidationError):
        svc.movement_update(actor=province_officer, movement=m, version=m.version, data={"name": "Khác"})


def test_unit_officer_cannot_launch_or_close_a_provincial_movement(province_officer, unit_officer):
    m = draft(province_officer)
    with pytest.raises(PermissionDenied):
        svc.movement_launch(actor=unit_officer, movement=m)
    assert Movement.objects.get(pk=m.pk).state == State.DRAFT


def test_a_save_over_a_newer_save_is_refused_and_changes_nothing(province_officer):
    m = draft(province_officer)
    opened_at = m.version
    svc.movement_update(
        actor=province_officer, movement=m, version=opened_at, data={"name": "Tên mới của người thứ nhất"}
    )
    stale = Movement.objects.get(pk=m.pk)
    with pytest.raises(svc.ConcurrentEdit):
        svc.movement_update(
            actor=province_officer, movement=stale, version=opened_at, data={"name": "Tên của người thứ hai"}
        )
    assert Movement.objects.get(pk=m.pk).name == "Tên mới của người thứ nhất"


def launched(province_officer, **data):
    m = draft(province_officer, answer_deadline=timezone.localdate() + dt.timedelta(days=5), **data)
    return svc.movement_launch(actor=province_officer, movement=m)


def test_a_unit_plan_is_prefilled_from_the_parent_and_answers_the_duty_when_sent(
    province_officer, unit_officer, province
):
    m = launched(province_officer)
    duty = Participation.objects.get(movement=m, unit=province.health)
    plan = svc.plan_start(actor=unit_officer, participation=duty)
    assert plan.level == Level.UNIT and plan.parent == m and plan.launching_unit == province.health
    target = plan.targets.get()
    assert target.parent_target == m.targets.get() and target.name == "Tỷ lệ hộ nghèo"
    assert svc.plan_start(actor=unit_officer, participation=duty) == plan  # opening again: the same plan
    with pytest.raises(ValidationError):
        svc.plan_submit(actor=unit_officer, plan=plan)  # no signature work yet
    svc.signature_work_add(actor=unit_officer, plan=plan, name="Công trình cải tạo khoa cấp cứu")
    svc.plan_submit(actor=unit_officer, plan=plan)
    duty.refresh_from_db()
    assert duty.answered_at is not None and Movement.objects.get(pk=plan.pk).state == State.LAUNCHED
    assert sel.participation_status(duty, timezone.localdate()) == "answered"


def test_unit_officer_cannot_answer_for_another_unit(province_officer, unit_officer, province):
    m = launched(province_officer)
    other = Participation.objects.get(movement=m, unit=province.edu)
    with pytest.raises(PermissionDenied):
        svc.plan_start(actor=unit_officer, participation=other)
    assert Participation.objects.get(pk=other.pk).plan_id is None


def test_unit_officer_cannot_edit_another_units_plan(
    province_officer, unit_officer, other_unit_officer, province, client_for
):
    m = launched(province_officer)
    plan = svc.plan_start(
        actor=other_unit_officer, participation=Participation.objects.get(movement=m, unit=province.edu)
    )
    with pytest.raises(PermissionDenied):
        svc.signature_work_add(actor=unit_officer, plan=plan, name="Chen ngang")
    c = client_for(unit_officer)
    assert c.get(reverse("movements:plan_detail", args=[plan.pk])).status_code == 404
    assert c.post(reverse("movements:plan_submit", args=[plan.pk])).status_code == 404
    assert c.get(reverse("movements:movement_edit", args=[plan.pk])).status_code == 404
    assert not plan.signature_works.exists()


def test_an_answer_after_the_deadline_counts_as_late(province_officer, unit_officer, province):
    m = launched(province_officer)
    duty = Participation.objects.get(movement=m, unit=province.health)
    plan = svc.plan_start(actor=unit_officer, participation=duty)
    svc.signature_work_add(actor=unit_officer, plan=plan, name="Phần việc tiêu biểu")
    Participation.objects.filter(pk=duty.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    svc.plan_submit(actor=unit_officer, plan=plan)
    duty.refresh_from_db()
    assert sel.participation_status(duty, timezone.localdate()) == "late"
    assert "(quá hạn)" in AuditEvent.objects.get(action="plan.submit").summary


def test_the_answer_board_counts_answered_pending_and_overdue_in_two_queries(
    province_officer, province, django_assert_num_queries
):
    from thidua.org.models import Unit

    for i in range(30):
        Unit.objects.create(code=f"X{i}", name=f"Xã số {i}", kind=UnitKind.COMMUNE, parent=province.root)
    m = launched(province_officer)
    Participation.objects.filter(movement=m, unit__code__in=["X1", "X2"]).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    Participation.objects.filter(movement=m, unit__code="X3").update(answered_at=timezone.now())
    province_officer = type(province_officer).objects.get(pk=province_officer.pk)
    with django_assert_num_queries(2):
        board = sel.answer_board(actor=province_officer, movement=m)
    assert (board.total, board.answered, board.pending, board.overdue) == (35, 1, 34, 2)


def test_a_unit_officer_sees_only_their_units_on_the_answer_board(province_officer, unit_officer):
    m = launched(province_officer)
    board = sel.answer_board(actor=unit_officer, movement=m)
    assert [p.unit.code for p, _, _ in board.rows] == ["SYT"]


def test_a_draft_provincial_movement_is_hidden_from_units_and_the_public(province_officer, unit_officer, client_for):
    m = draft(province_officer)
    assert client_for(unit_officer).get(reverse("movements:movement_detail", args=[m.pk])).status_code == 404
    assert client_for(None).get(reverse("public:movement_detail", args=[m.pk])).status_code == 404
    svc.movement_launch(actor=province_officer, movement=m)
    assert client_for(unit_officer).get(reverse("movements:movement_detail", args=[m.pk])).status_code == 200
    page = client_for(None).get(reverse("public:movement_detail", args=[m.pk]))
    assert page.status_code == 200 and "Tỷ lệ hộ nghèo" in page.content.decode()


def test_anonymous_citizen_is_sent_to_login_for_the_officers_screens(client_for):
    r = client_for(None).get(reverse("movements:movement_list"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_council_member_sees_movements_but_cannot_create_them(council_member, client_for):
    c = client_for(council_member)
    assert c.get(reverse("movements:movement_list")).status_code == 200
    assert c.get(reverse("movements:movement_create")).status_code == 403


def test_reminders_mail_the_officers_of_overdue_units_once_a_day(province_officer, unit_officer, province):
    unit_officer.email = "cb.syt@hoagiang.gov.vn"
    unit_officer.save()
    m = launched(province_officer)
    Participation.objects.filter(movement=m).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    assert svc.participations_remind() == 1
    assert mail.outbox[0].to == ["cb.syt@hoagiang.gov.vn"] and "Quá hạn" in mail.outbox[0].subject
    assert svc.participations_remind() == 0  # already reminded today


def test_the_launch_page_asks_for_confirmation_and_lists_the_units(province_officer, client_for):
    m = draft(province_officer)
    c = client_for(province_officer)
    page = c.get(reverse("movements:movement_transition", args=[m.pk, "LAUNCHED"]))
    assert page.status_code == 200 and "Sở Y tế" in page.content.decode()
    assert Movement.objects.get(pk=m.pk).state == State.DRAFT
    c.post(reverse("movements:movement_transition", args=[m.pk, "LAUNCHED"]))
    assert Movement.objects.get(pk=m.pk).state == State.LAUNCHED


def test_create_screen_saves_a_draft_with_targets(province_officer, client_for):
    c = client_for(province_officer)
    data = {
        "save": "1",
        "kind": "REGULAR",
        "name": "Phong trào thi đua “Chung tay xây dựng nông thôn mới”",
        "slogans": "Đoàn kết\nĐổi mới",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "participation_mode": "ALL",
        "doc_type": "Kế hoạch",
        "doc_number": "12/KH-UBND",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Số xã đạt chuẩn",
        "targets-0-target_value": "12",
        "targets-0-direction": "AT_LEAST",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
    }
    r = c.post(reverse("movements:movement_create"), data)
    assert r.status_code == 302
    m = Movement.objects.get(level=Level.PROVINCE)
    assert m.slogans == ["Đoàn kết", "Đổi mới"] and m.targets.get().name == "Số xã đạt chuẩn"


def test_create_screen_shows_vietnamese_errors_and_saves_nothing(province_officer, client_for):
    c = client_for(province_officer)
    data = {
        "save": "1",
        "kind": "REGULAR",
        "name": "",
        "period_start": "2026-06-01",
        "period_end": "2026-01-01",
        "participation_mode": "BY_LIST",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-name": "Chỉ tiêu thiếu giá trị",
        "offers-TOTAL_FORMS": "0",
        "offers-INITIAL_FORMS": "0",
    }
    r = c.post(reverse("movements:movement_create"), data)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html and "Chọn ít nhất một đơn vị." in html
    assert "Cần nhập giá trị chỉ tiêu." in html
    assert not Movement.objects.filter(level=Level.PROVINCE).exists()


def test_national_catalogue_holds_the_movements_the_seeds_name_and_officers_extend_it(province_officer, unit_officer):
    names = set(sel.national_movements().values_list("name", flat=True))
    assert "Cả nước chung sức xây dựng nông thôn mới" in names and len(names) >= 4
    svc.national_movement_create(actor=province_officer, name="Phong trào “Bình dân học vụ số”", launcher_name="")
    with pytest.raises(ValidationError):
        svc.national_movement_create(
            actor=province_officer, name="Cả nước chung sức xây dựng nông thôn mới", launcher_name=""
        )
    with pytest.raises(PermissionDenied):
        svc.national_movement_create(actor=unit_officer, name="Khác", launcher_name="")
    assert Target.objects.count() == 0


def test_create_from_text_fills_the_form_beside_its_passages_and_saves_nothing(province_officer, client_for):
    from pathlib import Path

    seed = next((Path(__file__).resolve().parents[4] / "shared" / "corpus" / "seeds").glob("003_*.txt"))
    c = client_for(province_officer)
    r = c.post(reverse("movements:movement_extract"), {"text": seed.read_text(encoding="utf-8")})
    html = r.content.decode()
    assert r.status_code == 200 and 'value="2024-07-01"' in html and 'value="2025-06-30"' in html
    assert "Trích từ văn bản" in html and "Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI" in html
    assert f'action="{reverse("movements:movement_create")}"' in html
    assert not Movement.objects.filter(level=Level.PROVINCE).exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.pdf", "Kế hoạch phát động phong trào thi đua".encode(), "không phải PDF"),
        ("ke-hoach.docx", b"%PDF-1.4 not a word file", "không phải"),
        ("ke-hoach.txt", b"", ""),
        ("ke-hoach.exe", b"MZ\x90\x00binary", ""),
    ],
)
def test_create_from_text_refuses_bad_files_with_a_vietnamese_message(
    province_officer, client_for, name, content, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(province_officer)
    r = c.post(reverse("movements:movement_extract"), {"file": SimpleUploadedFile(name, content)})
    html = r.content.decode()
    assert r.status_code == 200 and 'class="error"' in html or "errorlist" in html
    assert message in html
    assert "Trích từ văn bản" not in html
    assert not Movement.objects.filter(level=Level.PROVINCE).exists()


def test_unit_officer_cannot_use_create_from_text(unit_officer, client_for):
    assert client_for(unit_officer).get(reverse("movements:movement_extract")).status_code == 403


def test_the_launching_document_file_is_served_only_to_those_who_may_see_the_movement(
    province_officer, unit_officer, client_for, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    m = svc.movement_create(
        actor=province_officer,
        data={"kind": "REGULAR", "name": "Phong trào có văn bản", **PERIOD},
        document={"number": "90/KH-UBND"},
        file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach"),
    )
    officer = client_for(province_officer).get(reverse("movements:document_file", args=[m.pk]))
    assert officer.status_code == 200 and b"".join(officer.streaming_content).startswith(b"%PDF")
    assert client_for(unit_officer).get(reverse("movements:document_file", args=[m.pk])).status_code == 404
    assert client_for(None).get(reverse("public:document_file", args=[m.pk])).status_code == 404
    svc.movement_launch(actor=province_officer, movement=m)
    assert client_for(None).get(reverse("public:document_file", args=[m.pk])).status_code == 200
