"""Issuing screens: signers, drafting, the drafts to sign, the confirmation before issuing, the .docx,
the higher decision; who sees what (scope), and a detail page in a fixed number of queries."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from thidua.decisions.models import Decision, DecisionState, DocKind, IssuingBody, Payment, Revocation, Signer
from thidua.decisions.services import issuing as svc
from thidua.nominations.models import Authority, Outcome

DAY = dt.date(2026, 7, 1)


def _draft(actor, issuer, lines, kind=DocKind.DECISION, **kw):
    return svc.draft_create(actor=actor, issuer=issuer, kind=kind, lines=lines, **kw)


def _issue(actor, d, date=DAY):
    return svc.decision_issue(actor=actor, decision=d, date=date, version=Decision.objects.get(pk=d.pk).version)


@pytest.fixture
def lines(province, ready_line, make_person):
    return [
        ready_line(make_person(province.hospital, "Đỗ Thị Lan", position="Điều dưỡng trưởng"), "CSTD_TINH"),
        ready_line(
            make_person(province.school, "Phạm Văn Giáo", position="Giáo viên"), "BK_TINH", unit=province.school
        ),
    ]


# --- Issuing bodies and signers -----------------------------------------------------------------


def test_signer_list_is_for_the_province_only(province_officer, unit_officer, leader, issuing, client_for):
    response = client_for(province_officer).get(reverse("decisions:signer_list"))
    assert response.status_code == 200
    assert "Đặng Văn Phó" in response.content.decode() and "KT. CHỦ TỊCH" in response.content.decode()
    for user in (unit_officer, leader):
        assert client_for(user).get(reverse("decisions:signer_list")).status_code == 403


def test_province_declares_an_issuing_body_and_a_signer(province, province_officer, other_unit_officer, client_for):
    c = client_for(province_officer)
    response = c.post(
        reverse("decisions:issuing_body_create"),
        {
            "unit": province.edu.pk,
            "symbol": "SGDĐT",
            "header_parent": "UBND tỉnh Hòa Giang",
            "header_name": "Sở Giáo dục và Đào tạo",
        },
    )
    assert response.status_code == 302
    body = IssuingBody.objects.get(unit=province.edu)
    response = c.post(
        reverse("decisions:signer_create", args=[body.pk]),
        {
            "user": other_unit_officer.pk,
            "full_name": "Phạm Thị Mai",
            "title": "Giám đốc",
            "sign_lines": "GIÁM ĐỐC",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Signer.objects.get(body=body).sign_lines == "GIÁM ĐỐC"
    bad = c.post(
        reverse("decisions:issuing_body_create"),
        {"unit": province.health.pk, "symbol": "S Y T", "header_name": "Sở Y tế"},
    )
    assert bad.status_code == 400 and "không có khoảng trắng" in bad.content.decode()


# --- Drafting -------------------------------------------------------------------------------------


def test_the_officer_drafts_from_the_ready_lines(province, province_officer, issuing, lines, client_for):
    c = client_for(province_officer)
    page = c.get(reverse("decisions:draft_create"), {"issuer": province.root.pk, "kind": "QD"})
    html = page.content.decode()
    assert page.status_code == 200 and "Chiến sĩ thi đua cấp tỉnh" in html and "Phạm Văn Giáo" in html
    filtered = c.get(reverse("decisions:draft_create"), {"issuer": province.root.pk, "kind": "QD", "q": "giao"})
    assert "Phạm Văn Giáo" in filtered.content.decode() and "Đỗ Thị Lan" not in filtered.content.decode()

    response = c.post(
        reverse("decisions:draft_create"), {"issuer": province.root.pk, "kind": "QD", "lines": [x.pk for x in lines]}
    )
    d = Decision.objects.get()
    assert response.status_code == 302 and response.url == reverse("decisions:draft_edit", args=[d.pk])
    edit = c.get(response.url)
    assert edit.status_code == 200 and "chưa chọn ngày ban hành" in edit.content.decode()
    response = c.post(
        response.url,
        {
            "version": d.version,
            "summary": "Về việc tặng thưởng",
            "legal_basis": d.legal_basis,
            "recipients": d.recipients,
            "signer": issuing.vice.pk,
            "date": "2026-07-01",
        },
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.summary, d.signer, d.date) == ("Về việc tặng thưởng", issuing.vice, DAY)
    assert "11.390.000" in c.get(reverse("decisions:draft_edit", args=[d.pk])).content.decode()

    again = c.get(reverse("decisions:draft_create"), {"issuer": province.root.pk, "kind": "QD"})
    assert "Đã có trong dự thảo khác" in again.content.decode()


def test_unit_officer_cannot_draft_for_the_province_nor_see_its_drafts(
    province, province_officer, unit_officer, issuing, lines, client_for
):
    c = client_for(unit_officer)
    page = c.get(reverse("decisions:draft_create"), {"issuer": province.root.pk})
    assert page.status_code == 200 and "Đỗ Thị Lan" not in page.content.decode()
    refused = c.post(reverse("decisions:draft_create"), {"issuer": province.root.pk, "lines": [lines[0].pk]})
    assert refused.status_code == 400 and not Decision.objects.exists()
    d = _draft(province_officer, province.root, lines)
    assert c.get(reverse("decisions:decision_detail", args=[d.pk])).status_code == 404
    assert c.get(reverse("decisions:draft_edit", args=[d.pk])).status_code == 404
    assert c.get(reverse("decisions:decision_docx", args=[d.pk])).status_code == 404
    assert d.pk not in [x.pk for x in client_for(unit_officer).get(reverse("decisions:decision_list")).context["page"]]


def test_remove_an_item_and_delete_a_draft_after_confirmation(province, province_officer, issuing, lines, client_for):
    c = client_for(province_officer)
    d = _draft(province_officer, province.root, lines)
    item = d.items.get(line=lines[0])
    c.post(reverse("decisions:draft_remove", args=[d.pk]), {"version": d.version, "items": [item.pk]})
    assert list(d.items.values_list("line_id", flat=True)) == [lines[1].pk]
    confirm = c.get(reverse("decisions:draft_delete", args=[d.pk]))
    assert confirm.status_code == 200 and "Xác nhận" in confirm.content.decode()
    d.refresh_from_db()
    assert c.post(reverse("decisions:draft_delete", args=[d.pk]), {"version": d.version}).status_code == 302
    assert not Decision.objects.exists()


# --- Signing and issuing ---------------------------------------------------------------------------


def test_the_signer_sees_drafts_to_sign_confirms_and_issues(
    province, province_officer, leader, issuing, lines, client_for
):
    d = _draft(province_officer, province.root, lines, signer=issuing.chair)
    c = client_for(leader)
    waiting = c.get(reverse("decisions:to_sign"))
    assert waiting.status_code == 200 and d.summary[:40] in waiting.content.decode()
    confirm = c.get(reverse("decisions:decision_issue", args=[d.pk]))
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "1/QĐ-UBND" in html and "Xác nhận" in html
    response = c.post(reverse("decisions:decision_issue", args=[d.pk]), {"version": d.version, "date": "2026-07-01"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == DecisionState.ISSUED and d.number == "1/QĐ-UBND" and d.total_amount == 11_390_000
    detail = c.get(reverse("decisions:decision_detail", args=[d.pk])).content.decode()
    assert "Chưa chi" in detail and "Đỗ Thị Lan" in detail and "11.390.000" in detail
    docx = c.get(reverse("decisions:decision_docx", args=[d.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Số: 1/QĐ-UBND" in [
        cell.text for row in Document(io.BytesIO(docx.content)).tables[0].rows for cell in row.cells
    ]


def test_issuing_a_stale_page_tells_the_user(province, province_officer, leader, issuing, lines, client_for):
    d = _draft(province_officer, province.root, lines)
    response = client_for(leader).post(
        reverse("decisions:decision_issue", args=[d.pk]), {"version": d.version + 5, "date": "2026-07-01"}
    )
    assert response.status_code == 400 and "vừa được người khác xử lý" in response.content.decode()
    assert Decision.objects.get(pk=d.pk).state == DecisionState.DRAFT


def test_only_the_issuers_signers_issue(province, province_officer, unit_officer, issuing, lines, client_for):
    d = _draft(province_officer, province.root, lines)
    for user in (province_officer, unit_officer, issuing.director.user):
        response = client_for(user).post(
            reverse("decisions:decision_issue", args=[d.pk]), {"version": d.version, "date": "2026-07-01"}
        )
        assert response.status_code in (403, 404)
    assert client_for(province_officer).get(reverse("decisions:to_sign")).status_code == 403
    assert Decision.objects.get(pk=d.pk).state == DecisionState.DRAFT


def test_unit_officer_sees_the_issued_decision_concerning_their_unit_only_in_part(
    province, province_officer, leader, unit_officer, other_unit_officer, issuing, lines, client_for
):
    d = _issue(leader, _draft(province_officer, province.root, lines))
    page = client_for(unit_officer).get(reverse("decisions:decision_detail", args=[d.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Đỗ Thị Lan" in html and "Phạm Văn Giáo" not in html
    assert "1 khen thưởng khác không hiển thị" in html
    assert client_for(unit_officer).get(reverse("decisions:decision_docx", args=[d.pk])).status_code == 403
    listed = client_for(other_unit_officer).get(reverse("decisions:decision_list")).context["page"]
    assert d.pk in [x.pk for x in listed]


def test_list_filters_by_kind_and_state(
    province, province_officer, leader, issuing, lines, ready_line, make_person, client_for
):
    issued = _issue(leader, _draft(province_officer, province.root, [lines[0]]))
    draft = _draft(province_officer, province.root, [lines[1]])
    c = client_for(province_officer)
    ids = lambda **q: [x.pk for x in c.get(reverse("decisions:decision_list"), q).context["page"]]  # noqa: E731
    assert ids(state="DRAFT") == [draft.pk]
    assert ids(state="ISSUED", kind="QD") == [issued.pk]
    assert ids(kind="TTR") == []
    assert ids(search="1/QĐ-UBND") == [issued.pk]


def test_detail_shows_payment_and_revocation_in_a_fixed_number_of_queries(
    province, province_officer, leader, issuing, lines, client_for, make_person, ready_line
):
    more = [ready_line(make_person(province.hospital, f"Người thứ {i}"), "BK_TINH") for i in range(6)]
    d = _issue(leader, _draft(province_officer, province.root, lines + more))
    first, second = d.awards.order_by("id")[:2]
    Payment.objects.create(
        award=first, paid_on=dt.date(2026, 8, 3), voucher_number="PC-15", payer_unit=province.root, amount=first.amount
    )
    Revocation.objects.create(
        award=second, ground="FRAUD", reason="Kê khai sai", act_number="5/QĐ-UBND", act_date=DAY, act_issuer="UBND"
    )
    type(second).objects.filter(pk=second.pk).update(revoked=True)
    c = client_for(province_officer)
    url = reverse("decisions:decision_detail", args=[d.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as many:
        html = c.get(url).content.decode()
    assert "Đã chi 03/08/2026" in html and "CT số PC-15" in html and "Đã hủy bỏ" in html and "Chưa chi" in html
    small = _issue(
        leader, _draft(province_officer, province.root, [ready_line(make_person(province.hospital, "Một"), "BK_TINH")])
    )
    with CaptureQueriesContext(connection) as one:
        c.get(reverse("decisions:decision_detail", args=[small.pk]))
    assert len(many) == len(one)


# --- Submissions and the higher decision -------------------------------------------------------------


def test_province_records_the_higher_decision_on_a_submission(
    province, province_officer, leader, issuing, ready_line, make_person, client_for
):
    a = ready_line(make_person(province.hospital, "Trần Văn Quốc"), "BK_TTG", authority=Authority.STATE)
    b = ready_line(make_person(province.hospital, "Lý Thị Gia"), "BK_TTG", nomination=a.nomination)
    sub = _issue(leader, _draft(province_officer, province.root, [a, b], kind=DocKind.SUBMISSION))
    c = client_for(province_officer)
    detail = c.get(reverse("decisions:decision_detail", args=[sub.pk])).content.decode()
    assert reverse("decisions:higher_record", args=[sub.pk]) in detail
    form = c.get(reverse("decisions:higher_record", args=[sub.pk]))
    assert form.status_code == 200 and "Trần Văn Quốc" in form.content.decode()
    sub.refresh_from_db()
    response = c.post(
        reverse("decisions:higher_record", args=[sub.pk]),
        {
            "version": sub.version,
            "number": "1234/QĐ-TTg",
            "date": "2026-07-01",
            "issuer_name": "Thủ tướng Chính phủ",
            "approved": [a.pk],
            "rest_not_awarded": "on",
        },
    )
    assert response.status_code == 302
    higher = Decision.objects.get(number="1234/QĐ-TTg")
    assert higher.issuer is None and higher.answers == sub and higher.awards.get().subject_name == "Trần Văn Quốc"
    b.refresh_from_db()
    assert b.outcome == Outcome.NOT_AWARDED


def test_unit_officer_cannot_record_a_higher_decision(
    province, province_officer, leader, unit_officer, issuing, ready_line, make_person, client_for
):
    a = ready_line(make_person(province.hospital, "Trần Văn Quốc"), "BK_TTG", authority=Authority.STATE)
    sub = _issue(leader, _draft(province_officer, province.root, [a], kind=DocKind.SUBMISSION))
    assert client_for(unit_officer).get(reverse("decisions:higher_record", args=[sub.pk])).status_code == 403


def test_a_signer_holding_no_other_role_opens_and_issues_the_draft(
    province, province_officer, issuing, lines, client_for
):
    from thidua.accounts.models import User

    bare = User.objects.create_user(username="ky.rieng", password="x", full_name="Người Ký Riêng")
    Signer.objects.create(
        body=issuing.ubnd, user=bare, full_name="Người Ký Riêng", title="Phó Chủ tịch", sign_lines="KT. CHỦ TỊCH"
    )
    d = _draft(province_officer, province.root, lines)
    c = client_for(bare)
    assert c.get(reverse("decisions:to_sign")).status_code == 200
    assert c.get(reverse("decisions:decision_issue", args=[d.pk])).status_code == 200
    response = c.post(reverse("decisions:decision_issue", args=[d.pk]), {"version": d.version, "date": "2026-07-01"})
    assert response.status_code == 302 and Decision.objects.get(pk=d.pk).signer_name == "Người Ký Riêng"
