"""Decision screens: the list and a decision, scoped to the user's units; back-entry by hand and from
Excel for the province only (others 403), with the row-by-row report and all-or-nothing commit."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.decisions import services as svc
from thidua.decisions.models import Award, Decision

from .test_back_entry_support import *  # noqa: F403  (fixture: people)
from .test_back_entry_support import XLSX, row, xlsx_upload


@pytest.fixture
def decisions(province, province_officer, people):
    """A provincial decision for the hospital's nurse, a Sở GD&ĐT decision for the school's teacher,
    and a provincial decision for the school's teacher only."""
    make = lambda issuer, number, rows: svc.decision_back_enter(  # noqa: E731
        actor=province_officer, issuer=issuer, number=number, date=dt.date(2024, 12, 20), rows=rows
    )
    return type(
        "Decisions",
        (),
        dict(
            health=make(province.root, "10/QĐ-UBND", [row(people.lan, "BK_TINH", 2024)]),
            edu_own=make(province.edu, "5/QĐ-SGDĐT", [row(people.giao, "GK", 2024)]),
            edu=make(province.root, "11/QĐ-UBND", [row(people.giao, "BK_TINH", 2024)]),
        ),
    )


def list_numbers(client, **params):
    response = client.get(reverse("decisions:decision_list"), params)
    assert response.status_code == 200
    return [d.number for d in response.context["page"].object_list]


def test_the_province_sees_every_decision(decisions, province_officer, client_for):
    assert sorted(list_numbers(client_for(province_officer))) == ["10/QĐ-UBND", "11/QĐ-UBND", "5/QĐ-SGDĐT"]


def test_a_unit_officer_sees_only_decisions_concerning_their_units(
    decisions, unit_officer, other_unit_officer, client_for
):
    assert list_numbers(client_for(unit_officer)) == ["10/QĐ-UBND"]
    assert sorted(list_numbers(client_for(other_unit_officer))) == ["11/QĐ-UBND", "5/QĐ-SGDĐT"]


def test_a_decision_of_another_unit_is_404(decisions, unit_officer, client_for):
    client = client_for(unit_officer)
    assert client.get(reverse("decisions:decision_detail", args=[decisions.edu.pk])).status_code == 404
    assert client.get(reverse("decisions:decision_detail", args=[decisions.edu_own.pk])).status_code == 404
    page = client.get(reverse("decisions:decision_detail", args=[decisions.health.pk]))
    assert page.status_code == 200 and "Đỗ Thị Lan" in page.content.decode()


def test_a_unit_officer_sees_only_the_awards_of_their_units_in_a_shared_decision(
    province, province_officer, people, unit_officer, client_for
):
    shared = svc.decision_back_enter(
        actor=province_officer, issuer=province.root, number="12/QĐ-UBND", date=dt.date(2024, 12, 20),
        rows=[row(people.lan, "BK_TINH", 2023), row(people.giao, "BK_TINH", 2023)],
    )  # fmt: skip
    page = client_for(unit_officer).get(reverse("decisions:decision_detail", args=[shared.pk]))
    body = page.content.decode()
    assert "Đỗ Thị Lan" in body and "Phạm Văn Giáo" not in body
    assert page.context["hidden"] == 1


def test_the_list_filters_by_year_issuer_number_and_source(decisions, province, province_officer, client_for):
    client = client_for(province_officer)
    assert list_numbers(client, number="SGD") == ["5/QĐ-SGDĐT"]
    assert list_numbers(client, issuer=province.edu.pk) == ["5/QĐ-SGDĐT"]
    assert list_numbers(client, year=2023) == []
    assert len(list_numbers(client, year=2024, back_entered="1")) == 3
    assert list_numbers(client, back_entered="0") == []
    assert list_numbers(client, q="do thi lan") == ["10/QĐ-UBND"]


@pytest.mark.parametrize("persona", ["province_officer", "unit_officer"])
def test_the_list_takes_a_fixed_number_of_queries(province, province_officer, people, persona, request):
    from thidua.decisions.selectors import decision_list

    actor = request.getfixturevalue(persona)
    actor.has_perm("decisions.view_list")  # the user's roles are loaded once per request
    counts = []
    for size in (2, 8):
        while Decision.objects.count() < size:
            n = Decision.objects.count()
            svc.decision_back_enter(
                actor=province_officer, issuer=province.root, number=f"{n}/QĐ", date=dt.date(2024, 1, 5),
                rows=[row(people.lan, "LDTT", 2000 + n)],
            )  # fmt: skip
        with CaptureQueriesContext(connection) as ctx:
            items = list(decision_list(actor=actor, filters={}))
        assert len(items) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_anonymous_users_are_sent_to_login(client_for):
    response = client_for(None).get(reverse("decisions:decision_list"))
    assert response.status_code == 302


# --- back-entry by hand ---------------------------------------------------------------------------


def form_data(province, rows, **heading):
    data = {
        "issuer": province.root.pk,
        "number": "77/QĐ-UBND",
        "date": "2024-12-20",
        "signer_name": "Nguyễn Văn Chủ",
        "signer_title": "Chủ tịch",
        "summary": "Tặng Bằng khen",
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "100",
    }
    data.update(heading)
    for i, r in enumerate(rows):
        for key, value in r.items():
            data[f"rows-{i}-{key}"] = value
        data.setdefault(f"rows-{i}-basis", "CONG_TRANG")
    return data


def test_the_province_back_enters_a_decision_by_hand(province, province_officer, people, client_for):
    from thidua.catalog.models import AwardType

    bk = AwardType.objects.get(code="BK_TINH").pk
    rows = [
        {"kind": "PERSON", "ident": "001180000001", "name": "Đỗ Thị Lan", "award_type": bk, "year": "2024"},
        {"kind": "PERSON", "ident": "", "name": "", "award_type": "", "year": ""},  # left empty: skipped
    ]
    client = client_for(province_officer)
    assert client.get(reverse("decisions:decision_back_enter")).status_code == 200
    response = client.post(reverse("decisions:decision_back_enter"), form_data(province, rows))
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "decisions:decision_detail", args=[decision.pk]
    )
    assert decision.back_entered and decision.awards.get().person == people.lan


def test_a_bad_row_typed_by_hand_is_reported_and_nothing_saved(province, province_officer, people, client_for):
    from thidua.catalog.models import AwardType

    bk = AwardType.objects.get(code="BK_TINH").pk
    rows = [
        {"kind": "PERSON", "ident": "001180000001", "name": "", "award_type": bk, "year": "2024"},
        {"kind": "UNIT", "ident": "BVDK", "name": "", "award_type": bk, "year": "2024"},
    ]
    response = client_for(province_officer).post(reverse("decisions:decision_back_enter"), form_data(province, rows))
    assert response.status_code == 400
    assert "Dòng 2: “Bằng khen của Chủ tịch UBND tỉnh (cá nhân)” không dùng cho tập thể" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_duplicate_number_typed_by_hand_is_shown_beside_the_field(
    decisions, province, province_officer, people, client_for
):
    from thidua.catalog.models import AwardType

    rows = [
        {"kind": "PERSON", "ident": "001180000002", "award_type": AwardType.objects.get(code="LDTT").pk, "year": "2024"}
    ]
    response = client_for(province_officer).post(
        reverse("decisions:decision_back_enter"), form_data(province, rows, number="10/QĐ-UBND")
    )
    assert response.status_code == 400
    assert "đã có trong hệ thống" in str(response.context["form"].errors["number"])
    assert Decision.objects.count() == 3


@pytest.mark.parametrize(
    "name", ["decision_back_enter", "decision_import", "decision_import_template", "decision_import_preview"]
)
def test_a_unit_officer_cannot_back_enter(name, unit_officer, client_for):
    assert client_for(unit_officer).get(reverse(f"decisions:{name}")).status_code == 403


def test_a_unit_officer_posting_a_back_entry_gets_403(province, unit_officer, people, client_for):
    response = client_for(unit_officer).post(reverse("decisions:decision_back_enter"), form_data(province, []))
    assert response.status_code == 403
    assert not Decision.objects.exists()


# --- back-entry from Excel ------------------------------------------------------------------------


def upload(client, province, rows, **heading):
    data = {"issuer": province.root.pk, "number": "88/QĐ-UBND", "date": "2024-12-20", "file": xlsx_upload(rows)}
    data.update(heading)
    return client.post(reverse("decisions:decision_import"), data)


def test_the_template_downloads_as_xlsx(province_officer, client_for):
    response = client_for(province_officer).get(reverse("decisions:decision_import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response.content.startswith(b"PK")


def test_upload_preview_then_confirm_saves_the_decision(province, province_officer, people, client_for):
    client = client_for(province_officer)
    response = upload(client, province, [[1, "Cá nhân", "001180000001", "Đỗ Thị Lan", "BK_TINH", 2024, "", ""]])
    assert response.status_code == 302 and response["Location"] == reverse("decisions:decision_import_preview")
    preview = client.get(reverse("decisions:decision_import_preview"))
    assert "Tất cả 1 dòng hợp lệ" in preview.content.decode()
    assert not Decision.objects.exists()
    token = client.session["decisions_back_entry_import"]["token"]
    response = client.post(reverse("decisions:decision_import_confirm"), {"token": token})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("decisions:decision_detail", args=[decision.pk])
    assert decision.number == "88/QĐ-UBND" and decision.awards.count() == 1
    # The same staged file cannot be confirmed twice.
    again = client.post(reverse("decisions:decision_import_confirm"), {"token": token})
    assert again.status_code == 302 and Decision.objects.count() == 1


def test_a_file_with_one_bad_row_shows_the_report_and_cannot_be_confirmed(
    province, province_officer, people, client_for
):
    client = client_for(province_officer)
    upload(
        client,
        province,
        [
            [1, "Cá nhân", "001180000001", "Đỗ Thị Lan", "BK_TINH", 2024, "", ""],
            [2, "Cá nhân", "001180000002", "Lê Thị Hoa", "BK_TINH", 2031, "", ""],
        ],
    )
    preview = client.get(reverse("decisions:decision_import_preview")).content.decode()
    assert "Có 1 / 2 dòng không hợp lệ" in preview
    assert "Dòng 3: Năm thành tích (2031) không được sau năm ban hành quyết định (2024)." in preview
    assert "Xác nhận nhập" not in preview
    token = client.session["decisions_back_entry_import"]["token"]
    response = client.post(reverse("decisions:decision_import_confirm"), {"token": token})
    assert response.status_code == 400
    assert not Decision.objects.exists() and not Award.objects.exists()


def test_an_upload_that_is_not_xlsx_is_refused_on_the_form(province, province_officer, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("ds.xlsx", b"<html><body>not excel</body></html>", content_type=XLSX)
    response = client_for(province_officer).post(
        reverse("decisions:decision_import"),
        {"issuer": province.root.pk, "number": "1/QĐ", "date": "2024-12-20", "file": fake},
    )
    assert response.status_code == 400
    assert "không dựa vào đuôi tên tệp" in response.content.decode()
    assert "decisions_back_entry_import" not in response.wsgi_request.session
