"""Route screens: confirmation pages, appraisal (htmx and plain), the return form, the dossier page's
workflow pieces per persona, the inbox, the overdue board and the council queue."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.core.calendar import working_days_between
from thidua.nominations.models import Appraisal, Nomination, State

from .test_workflow_services import accept_all, forward, fresh, ready_dossier, receive, submit, to_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, make_nomination, make_line, make_person):
    return ready_dossier(province.hospital, make_nomination, make_line, make_person)


def url(name, n, *args):
    return reverse(f"nominations:{name}", args=[n.pk, *args])


def render_tag(user, source, **context):
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load nomination_workflow %}" + source).render(Context({"request": request, **context}))


# --- Confirmation pages and transitions ------------------------------------------------------------


def test_submit_asks_for_confirmation_then_sends(dossier, hospital_officer, client_for):
    client = client_for(hospital_officer)
    page = client.get(url("nomination_submit", dossier))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xác nhận" in html and f'value="{dossier.version}"' in html
    assert fresh(dossier).state == State.DRAFT  # GET changes nothing
    response = client.post(url("nomination_submit", dossier), {"version": dossier.version})
    assert response.status_code == 302 and response["Location"] == url("nomination_detail", dossier)
    assert fresh(dossier).state == State.SUBMITTED


def test_a_stale_confirmation_page_changes_nothing_and_says_why(dossier, hospital_officer, client_for):
    client = client_for(hospital_officer)
    response = client.post(url("nomination_submit", dossier), {"version": dossier.version - 1}, follow=True)
    assert "vừa được người khác xử lý" in response.content.decode()
    assert fresh(dossier).state == State.DRAFT


def test_the_checks_blockers_are_shown_when_submission_is_refused(dossier, hospital_officer, client_for):
    dossier.documents.filter(line__isnull=True).delete()
    response = client_for(hospital_officer).post(
        url("nomination_submit", dossier), {"version": dossier.version}, follow=True
    )
    assert "Thiếu Tờ trình đề nghị khen thưởng." in response.content.decode()
    assert fresh(dossier).state == State.DRAFT


def test_another_units_officer_gets_404_on_every_route_screen(
    dossier, hospital_officer, other_unit_officer, client_for
):
    submit(hospital_officer, dossier)
    client = client_for(other_unit_officer)
    line = dossier.lines.first()
    for name in ("nomination_submit", "nomination_withdraw", "nomination_receive", "nomination_forward"):
        assert client.get(url(name, dossier)).status_code == 404
        assert client.post(url(name, dossier), {"version": fresh(dossier).version}).status_code == 404
    assert client.get(url("nomination_return", dossier)).status_code == 404
    assert client.post(url("line_appraise", dossier, line.pk), {}).status_code == 404
    assert fresh(dossier).state == State.SUBMITTED


def test_a_unit_that_sees_the_dossier_but_may_not_act_gets_403(
    dossier, hospital_officer, unit_officer, province_officer, client_for
):
    to_office(dossier, hospital_officer, unit_officer)
    client = client_for(unit_officer)  # Sở Y tế still sees it, but it now waits at Sở Nội vụ
    assert client.get(url("nomination_receive", dossier)).status_code == 403
    assert client.post(url("nomination_receive", dossier), {"version": fresh(dossier).version}).status_code == 403
    assert fresh(dossier).state == State.SUBMITTED
    assert client_for(province_officer).get(url("nomination_receive", dossier)).status_code == 200


def test_an_impossible_transition_redirects_with_the_reason(dossier, hospital_officer, client_for):
    response = client_for(hospital_officer).get(url("nomination_withdraw", dossier), follow=True)
    assert "Không thể rút về hồ sơ đang ở trạng thái" in response.content.decode()


def test_receive_forward_and_complete_through_the_screens(
    dossier, hospital_officer, unit_officer, province_officer, client_for
):
    submit(hospital_officer, dossier)
    client = client_for(unit_officer)
    client.post(url("nomination_receive", dossier), {"version": fresh(dossier).version})
    assert fresh(dossier).state == State.IN_APPRAISAL
    page = client.get(url("nomination_forward", dossier)).content.decode()
    assert "Còn 2 dòng chưa thẩm định" in page and "disabled" in page
    accept_all(unit_officer, dossier)
    page = client.get(url("nomination_forward", dossier)).content.decode()
    assert "Sở Nội vụ" in page and "disabled" not in page
    client.post(url("nomination_forward", dossier), {"version": fresh(dossier).version})
    n = fresh(dossier)
    assert n.state == State.SUBMITTED and n.current_step.unit.name == "Sở Nội vụ"
    office = client_for(province_officer)
    office.post(url("nomination_receive", dossier), {"version": fresh(dossier).version})
    accept_all(province_officer, dossier)
    assert "Hoàn thành thẩm định" in office.get(url("nomination_forward", dossier)).content.decode()
    office.post(url("nomination_forward", dossier), {"version": fresh(dossier).version})
    assert fresh(dossier).state == State.APPRAISED


# --- Appraisal -----------------------------------------------------------------------------------


def test_appraising_a_line_with_htmx_answers_the_lines_fragment(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    client = client_for(unit_officer)
    prefix = f"line{line.pk}-"
    response = client.post(
        url("line_appraise", dossier, line.pk),
        {prefix + "decision": Appraisal.REJECTED, prefix + "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and f'id="line-process-{line.pk}"' in html
    assert "Hãy ghi lý do không đủ điều kiện." in html and "<html" not in html
    line.refresh_from_db()
    assert line.appraisal == Appraisal.PENDING
    response = client.post(
        url("line_appraise", dossier, line.pk),
        {prefix + "decision": Appraisal.REJECTED, prefix + "reason": "Chưa đủ thời gian công tác"},
        HTTP_HX_REQUEST="true",
    )
    assert "Đã lưu" in response.content.decode()
    line.refresh_from_db()
    assert line.appraisal == Appraisal.REJECTED and line.appraisal_reason == "Chưa đủ thời gian công tác"


def test_appraising_without_htmx_redirects_to_the_dossier(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    response = client_for(unit_officer).post(
        url("line_appraise", dossier, line.pk), {f"line{line.pk}-decision": Appraisal.ACCEPTED}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.appraisal == Appraisal.ACCEPTED


def test_the_proposing_unit_cannot_appraise_its_own_lines(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    response = client_for(hospital_officer).post(
        url("line_appraise", dossier, line.pk), {f"line{line.pk}-decision": Appraisal.ACCEPTED}
    )
    assert response.status_code == 403


def test_appraisal_needs_a_post(dossier, unit_officer, client_for):
    line = dossier.lines.first()
    assert client_for(unit_officer).get(url("line_appraise", dossier, line.pk)).status_code == 405


# --- Return form ---------------------------------------------------------------------------------


def test_the_return_form_flags_the_ticked_fields_of_each_line(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    first, second = dossier.lines.order_by("pk")
    client = client_for(unit_officer)
    page = client.get(url("nomination_return", dossier)).content.decode()
    assert f'name="line_{first.pk}_fields"' in page and "Tóm tắt thành tích" in page
    response = client.post(
        url("nomination_return", dossier),
        {
            "version": fresh(dossier).version,
            "note": "",
            f"line_{first.pk}_fields": ["achievement", "period"],
            f"line_{first.pk}_note": "Ghi rõ năm",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.correction_fields == ["achievement", "period"] and first.correction_note == "Ghi rõ năm"
    assert not second.needs_correction
    assert fresh(dossier).state == State.RETURNED


def test_an_empty_return_form_is_shown_again_with_the_error(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    response = client_for(unit_officer).post(url("nomination_return", dossier), {"version": fresh(dossier).version})
    assert response.status_code == 200
    assert "Hãy ghi ý kiến chung hoặc chọn ít nhất một dòng cần sửa." in response.content.decode()
    assert fresh(dossier).state == State.IN_APPRAISAL


def test_a_note_for_a_line_without_a_ticked_field_is_refused(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    response = client_for(unit_officer).post(
        url("nomination_return", dossier), {"version": fresh(dossier).version, f"line_{line.pk}_note": "Sửa giúp"}
    )
    assert "Hãy đánh dấu nội dung cần sửa của dòng này." in response.content.decode()
    assert fresh(dossier).state == State.IN_APPRAISAL


# --- The dossier page's pieces per persona ---------------------------------------------------------


def test_the_actions_show_only_the_allowed_buttons(dossier, hospital_officer, unit_officer, other_unit_officer):
    submit(hospital_officer, dossier)
    n = fresh(dossier)
    mine = render_tag(hospital_officer, "{% nomination_actions n %}", n=n)
    assert url("nomination_withdraw", n) in mine and url("nomination_receive", n) not in mine
    theirs = render_tag(unit_officer, "{% nomination_actions n %}", n=n)
    assert url("nomination_receive", n) in theirs
    assert render_tag(other_unit_officer, "{% nomination_actions n %}", n=n).strip() == ""


@pytest.mark.parametrize("persona", ["hospital_officer", "unit_officer", "province_officer", "leader", "admin_user"])
def test_the_timeline_is_shown_to_everyone_entitled(dossier, hospital_officer, unit_officer, persona, request):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    html = render_tag(request.getfixturevalue(persona), "{% nomination_timeline n %}", n=fresh(dossier))
    assert "Quá trình xử lý" in html
    assert "Gửi hồ sơ đề nghị" in html and "Tiếp nhận hồ sơ" in html
    assert "Gửi hồ sơ tới Sở Y tế" in html and "Sở Y tế tiếp nhận hồ sơ" in html


def test_the_council_member_sees_the_timeline_once_the_appraisal_is_complete(
    dossier, hospital_officer, unit_officer, province_officer, council_member
):
    to_office(dossier, hospital_officer, unit_officer)
    assert render_tag(council_member, "{% nomination_timeline n %}", n=fresh(dossier)).strip() == ""
    receive(province_officer, dossier)
    accept_all(province_officer, dossier)
    forward(province_officer, dossier)
    html = render_tag(council_member, "{% nomination_timeline n %}", n=fresh(dossier))
    assert "Hoàn thành thẩm định hồ sơ" in html


def test_the_timeline_is_hidden_from_other_units(dossier, hospital_officer, other_unit_officer):
    submit(hospital_officer, dossier)
    assert render_tag(other_unit_officer, "{% nomination_timeline n %}", n=fresh(dossier)).strip() == ""


def test_line_process_gives_the_form_to_the_steps_officer_and_the_state_to_others(
    dossier, hospital_officer, unit_officer
):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    n = fresh(dossier)
    officer = render_tag(unit_officer, "{% line_process n line %}", n=n, line=line)
    assert "Ghi kết quả" in officer and url("line_appraise", n, line.pk) in officer
    proposer = render_tag(hospital_officer, "{% line_process n line %}", n=n, line=line)
    assert "Ghi kết quả" not in proposer and "Chưa thẩm định" in proposer


def test_line_process_shows_what_to_correct_after_a_return(dossier, hospital_officer, unit_officer, client_for):
    from thidua.nominations.services import workflow as svc

    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    line = dossier.lines.first()
    svc.nomination_return(
        actor=unit_officer,
        nomination=dossier,
        version=fresh(dossier).version,
        corrections={line.pk: {"fields": ["achievement"], "note": "Bổ sung số liệu"}},
    )
    line.refresh_from_db()
    html = render_tag(hospital_officer, "{% line_process n line %}", n=fresh(dossier), line=line)
    assert "Cần chỉnh sửa" in html and "Tóm tắt thành tích" in html and "Bổ sung số liệu" in html


def test_the_dossier_page_renders_the_workflow_pieces(dossier, hospital_officer, unit_officer, client_for):
    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    html = client_for(unit_officer).get(url("nomination_detail", dossier)).content.decode()
    assert "Quá trình xử lý" in html and "Ghi kết quả" in html and url("nomination_forward", dossier) in html


# --- Inbox ---------------------------------------------------------------------------------------


def test_the_inbox_shows_each_officer_what_waits_for_them(
    province,
    dossier,
    hospital_officer,
    unit_officer,
    province_officer,
    other_unit_officer,
    client_for,
    make_nomination,
    make_line,
    make_person,
):
    draft = ready_dossier(province.hospital, make_nomination, make_line, make_person, names=["Lê Văn Cường"])
    submit(hospital_officer, dossier)
    html = client_for(unit_officer).get(reverse("nominations:inbox")).content.decode()
    assert dossier.code in html and draft.code in html
    office = client_for(province_officer).get(reverse("nominations:inbox")).content.decode()
    assert dossier.code not in office  # not at the office's step yet
    assert dossier.code not in client_for(other_unit_officer).get(reverse("nominations:inbox")).content.decode()
    receive(unit_officer, dossier)
    accept_all(unit_officer, dossier)
    forward(unit_officer, dossier)
    assert dossier.code in client_for(province_officer).get(reverse("nominations:inbox")).content.decode()


def test_the_inbox_lists_returned_dossiers_for_the_proposing_unit(dossier, hospital_officer, unit_officer):
    from thidua.nominations.selectors import workflow as sel
    from thidua.nominations.services import workflow as svc

    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    svc.nomination_return(actor=unit_officer, nomination=dossier, version=fresh(dossier).version, note="Bổ sung")
    box = sel.inbox(actor=hospital_officer)
    assert [n.pk for n in box.returned] == [dossier.pk] and box.counts["returned"] == 1
    assert box.at_step == [] and box.waiting == 1


def test_the_inbox_runs_a_fixed_number_of_queries(
    province, hospital_officer, unit_officer, make_nomination, make_line, make_person
):
    from thidua.nominations.selectors import workflow as sel

    def add(count):
        for _ in range(count):
            n = make_nomination(province.hospital, submitted=True)
            make_nomination(province.hospital)
            assert n.current_step.unit == province.health

    def measure():
        unit_officer._thidua_roles = None
        with CaptureQueriesContext(connection) as ctx:
            box = sel.inbox(actor=unit_officer)
            [(n.proposing_unit.name, n.current_step and n.current_step.unit.name) for n in box.at_step + box.drafts]
        return len(ctx.captured_queries), box

    add(1)
    small, box = measure()
    assert box.counts["at_step"] == 1
    add(6)
    large, box = measure()
    assert box.counts["at_step"] == 7 and large == small


# --- Overdue board -------------------------------------------------------------------------------


def _overdue(unit, make_nomination, due, state=State.IN_APPRAISAL):
    n = make_nomination(unit, submitted=True)
    Nomination.objects.filter(pk=n.pk).update(state=state, due_date=due)
    return n


def test_the_overdue_board_groups_by_the_unit_holding_the_dossier(
    province, make_nomination, province_officer, client_for
):
    today = timezone.localdate()
    late = _overdue(province.hospital, make_nomination, today - dt.timedelta(days=10))
    returned = _overdue(province.hospital, make_nomination, today - dt.timedelta(days=3), State.RETURNED)
    on_time = _overdue(province.hospital, make_nomination, today + dt.timedelta(days=1))
    from thidua.nominations.selectors import workflow as sel

    groups = sel.overdue(actor=province_officer)
    assert [(g.unit, g.returned, [r.nomination.pk for r in g.rows]) for g in groups] == [
        (province.health, False, [late.pk]),
        (province.hospital, True, [returned.pk]),
    ]
    assert groups[0].rows[0].days_late == working_days_between(today - dt.timedelta(days=10), today)
    html = client_for(province_officer).get(reverse("nominations:overdue")).content.decode()
    assert late.code in html and returned.code in html and on_time.code not in html


def test_the_overdue_board_is_for_the_province_only(unit_officer, council_member, client_for):
    for user in (unit_officer, council_member):
        assert client_for(user).get(reverse("nominations:overdue")).status_code == 403


def test_the_overdue_board_runs_a_fixed_number_of_queries(province, make_nomination, province_officer, client_for):
    client = client_for(province_officer)
    today = timezone.localdate()

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("nominations:overdue"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _overdue(province.hospital, make_nomination, today - dt.timedelta(days=4))
    small = measure()
    for i in range(8):
        unit = province.school if i % 2 else province.commune1
        _overdue(unit, make_nomination, today - dt.timedelta(days=i + 1), State.RETURNED if i % 3 else State.SUBMITTED)
    assert measure() == small


# --- Council queue -------------------------------------------------------------------------------


def test_the_council_queue_is_for_the_council_and_the_province(
    dossier, hospital_officer, unit_officer, province_officer, council_member, client_for
):
    to_office(dossier, hospital_officer, unit_officer)
    receive(province_officer, dossier)
    accept_all(province_officer, dossier)
    forward(province_officer, dossier)
    for user in (council_member, province_officer):
        html = client_for(user).get(reverse("nominations:council_queue")).content.decode()
        assert dossier.code in html and "Bằng khen của Chủ tịch" in html
    assert client_for(unit_officer).get(reverse("nominations:council_queue")).status_code == 403


def test_the_council_queue_runs_a_fixed_number_of_queries(
    province, make_nomination, make_line, make_person, council_member, client_for
):
    client = client_for(council_member)

    def add(count):
        for i in range(count):
            n = make_nomination(province.hospital, submitted=True)
            for j in range(2):
                person = make_person(province.hospital, full_name=f"Người {i}-{j}")
                make_line(n, person, "BK_TINH" if j else "CSTD_TINH", appraisal=Appraisal.ACCEPTED)
            Nomination.objects.filter(pk=n.pk).update(state=State.APPRAISED)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("nominations:council_queue"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    add(1)
    small, _ = measure()
    add(5)
    large, html = measure()
    assert large == small and html.count("Người 4-") == 2


def test_resubmitting_says_where_the_dossier_goes_back(dossier, hospital_officer, unit_officer, client_for):
    from thidua.nominations.services import workflow as svc

    submit(hospital_officer, dossier)
    receive(unit_officer, dossier)
    svc.nomination_return(actor=unit_officer, nomination=dossier, version=fresh(dossier).version, note="Bổ sung")
    html = client_for(hospital_officer).get(url("nomination_submit", dossier)).content.decode()
    assert "Gửi lại hồ sơ" in html and "gửi lại tới Sở Y tế" in html
    actions = render_tag(hospital_officer, "{% nomination_actions n %}", n=fresh(dossier))
    assert "Gửi lại hồ sơ" in actions and "Bổ sung" in actions  # the return note is shown with the button
