"""Progress screens: the movement's progress page, the unit's report form, taking back a report, the
evidence file, the Excel export — and who may see and do what."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.movements.models import ProgressReport

from .test_progress_fixtures import *  # noqa: F403  (fixtures: campaign, media)
from .test_progress_fixtures import SCREENING, TODAY, days_ago, pdf_bytes, report


def page_url(movement):
    return reverse("movements:progress_movement", args=[movement.pk])


def report_url(target):
    return reverse("movements:progress_report", args=[target.pk])


# --- anonymous and roles ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_progress_screen(campaign, client_for, unit_officer):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    client = client_for(None)
    for url in (
        page_url(campaign.movement),
        reverse("movements:progress_export", args=[campaign.movement.pk]),
        report_url(campaign.health_screening),
        reverse("movements:progress_delete", args=[r.pk]),
        reverse("movements:progress_evidence", args=[r.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url


def test_unit_officer_cannot_open_the_report_form_of_another_units_target(campaign, client_for, other_unit_officer):
    response = client_for(other_unit_officer).post(
        report_url(campaign.health_screening), {"value": "5", "date": days_ago(1).isoformat()}
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_unit_officer_cannot_see_another_units_plan_progress_page(campaign, client_for, other_unit_officer):
    assert client_for(other_unit_officer).get(page_url(campaign.health_plan)).status_code == 404


def test_unit_officer_cannot_download_another_units_evidence(
    campaign, client_for, unit_officer, other_unit_officer, media
):
    r = report(
        unit_officer, campaign.health_screening, 5, days_ago(1), evidence=SimpleUploadedFile("x.pdf", pdf_bytes())
    )
    assert client_for(other_unit_officer).get(reverse("movements:progress_evidence", args=[r.pk])).status_code == 404


def test_council_member_reads_progress_but_cannot_report(campaign, client_for, council_member):
    client = client_for(council_member)
    assert client.get(page_url(campaign.movement)).status_code == 200
    assert client.get(page_url(campaign.health_plan)).status_code == 200
    assert client.get(report_url(campaign.health_screening)).status_code == 403
    response = client.post(report_url(campaign.health_screening), {"value": "5", "date": days_ago(1).isoformat()})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


# --- the progress page ------------------------------------------------------------------------------


def test_progress_page_shows_a_chart_per_target_and_highlights_late_units(
    campaign, client_for, province_officer, unit_officer, other_unit_officer
):
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    report(other_unit_officer, campaign.edu_screening, 400, days_ago(1))
    response = client_for(province_officer).get(page_url(campaign.movement))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html
    assert 'src="/static/movements/progress-chart.js"' in html
    assert "<script>" not in html  # CSP: data only through json_script
    charts = json.loads(html.split('id="progress-charts" type="application/json">')[1].split("</script>")[0])
    assert [c["name"] for c in charts] == [SCREENING, "Tỷ lệ hộ nghèo"]
    assert charts[0]["points"] == [[days_ago(1).isoformat(), 500.0]] and charts[0]["target"] == 1000.0
    assert f'data-chart-id="{campaign.screening.pk}"' in html
    late = [r for r in response.context["page"].object_list if r.is_late]
    assert late and html.count('class="late"') == len(late)
    assert "Chậm tiến độ" in html and "Chưa gửi kế hoạch" in html


def test_progress_page_filters_the_unit_table(campaign, client_for, province_officer, unit_officer, province):
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    response = client_for(province_officer).get(
        page_url(campaign.movement), {"target": campaign.screening.pk, "status": "behind"}
    )
    rows = response.context["page"].object_list
    assert [(r.unit, r.status) for r in rows] == [(province.health, "behind")]


def test_progress_page_answers_htmx_with_the_table_only(campaign, client_for, province_officer):
    response = client_for(province_officer).get(page_url(campaign.movement), {"q": "y tế"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.strip().startswith('<section id="unit-table">')
    assert "Sở Y tế" in html and "Sở Giáo dục" not in html


def test_a_future_as_of_date_is_refused_with_a_message(campaign, client_for, province_officer):
    response = client_for(province_officer).get(page_url(campaign.movement), {"as_of": "2999-01-01"})
    assert "Không chọn ngày sau hôm nay." in response.content.decode()
    assert response.context["progress"].as_of == TODAY


def test_unit_officer_sees_only_own_unit_on_the_provincial_progress_page(
    campaign, client_for, unit_officer, other_unit_officer
):
    report(other_unit_officer, campaign.edu_screening, 400, days_ago(1))
    html = client_for(unit_officer).get(page_url(campaign.movement)).content.decode()
    assert "Sở Y tế" in html
    assert "Sở Giáo dục" not in html
    assert "chỉ xem được số liệu của các đơn vị thuộc phạm vi" in html


def test_movement_page_includes_the_progress_section(campaign, client_for, province_officer, unit_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    html = client_for(province_officer).get(reverse("movements:movement_detail", args=[campaign.movement.pk])).content
    html = html.decode()
    assert 'id="progress-section"' in html
    assert reverse("movements:progress_movement", args=[campaign.movement.pk]) in html
    assert reverse("movements:review_list", args=[campaign.movement.pk]) in html


def test_unit_plan_page_offers_report_links_to_its_officer(campaign, client_for, unit_officer):
    html = client_for(unit_officer).get(page_url(campaign.health_plan)).content.decode()
    assert report_url(campaign.health_screening) in html


# --- export -----------------------------------------------------------------------------------------


def test_excel_export_holds_the_filtered_unit_table(campaign, client_for, province_officer, unit_officer):
    report(unit_officer, campaign.health_screening, 100, days_ago(1))
    response = client_for(province_officer).get(
        reverse("movements:progress_export", args=[campaign.movement.pk]), {"target": campaign.screening.pk}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("Tiến độ thực hiện chỉ tiêu")
    header, data = rows[2], rows[3:]
    assert header[:3] == ("STT", "Đơn vị", "Chỉ tiêu")
    assert [(r[1], r[6], r[10]) for r in data] == [
        ("Sở Y tế", 100, "Chậm tiến độ"),
        ("Sở Giáo dục và Đào tạo", None, "Chưa báo cáo"),
        ("Xã Tân Phú", None, "Chưa gửi kế hoạch"),
    ]


def test_unit_officer_export_holds_only_own_unit(campaign, client_for, unit_officer):
    response = client_for(unit_officer).get(reverse("movements:progress_export", args=[campaign.movement.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {r[1] for r in rows[3:]} == {"Sở Y tế"}


# --- the report form ----------------------------------------------------------------------------------


def test_unit_officer_reports_through_the_form_with_evidence(campaign, client_for, unit_officer, media):
    client = client_for(unit_officer)
    assert client.get(report_url(campaign.health_screening)).status_code == 200
    response = client.post(
        report_url(campaign.health_screening),
        {
            "value": "1.250,5",
            "date": days_ago(2).isoformat(),
            "note": "Theo sổ khám",
            "evidence": SimpleUploadedFile("biên bản.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    r = ProgressReport.objects.get()
    assert str(r.value) == "1250.50" and r.evidence.name.endswith(".pdf")
    page = client.get(report_url(campaign.health_screening)).content.decode()
    assert "Đã ghi nhận báo cáo tiến độ" in page and "1.250,5" in page
    download = client.get(reverse("movements:progress_evidence", args=[r.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()


def test_report_form_shows_vietnamese_errors_and_saves_nothing(campaign, client_for, unit_officer, media):
    response = client_for(unit_officer).post(
        report_url(campaign.health_screening),
        {"value": "nhiều", "date": "", "evidence": SimpleUploadedFile("a.pdf", b"not a pdf")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giá trị đạt được phải là một số" in html
    assert "Cần nhập ngày số liệu." in html
    assert not ProgressReport.objects.exists()


def test_report_form_shows_service_errors_on_their_fields(campaign, client_for, unit_officer, media):
    response = client_for(unit_officer).post(
        report_url(campaign.health_screening),
        {"value": "5", "date": days_ago(1).isoformat(), "evidence": SimpleUploadedFile("a.pdf", b"MZ not a pdf")},
    )
    assert "không đúng các định dạng này" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_report_form_of_a_provincial_target_explains_the_rollup(campaign, client_for, province_officer):
    html = client_for(province_officer).get(report_url(campaign.screening)).content.decode()
    assert "được tổng hợp từ báo cáo của các đơn vị" in html
    assert 'enctype="multipart/form-data"' not in html


# --- taking back a report -------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_deletes(campaign, client_for, unit_officer):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    client = client_for(unit_officer)
    url = reverse("movements:progress_delete", args=[r.pk])
    assert (
        reverse("movements:progress_delete", args=[r.pk])
        in client.get(report_url(campaign.health_screening)).content.decode()
    )
    confirm = client.get(url)
    assert confirm.status_code == 200 and "có chắc chắn muốn xóa" in confirm.content.decode()
    assert ProgressReport.objects.filter(pk=r.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not ProgressReport.objects.exists()


def test_delete_of_an_older_report_is_refused_with_a_message(campaign, client_for, unit_officer):
    first = report(unit_officer, campaign.health_screening, 5, days_ago(3))
    report(unit_officer, campaign.health_screening, 9, days_ago(1))
    response = client_for(unit_officer).post(reverse("movements:progress_delete", args=[first.pk]))
    assert response.status_code == 200
    assert "báo cáo nhập gần nhất" in response.content.decode()
    assert ProgressReport.objects.count() == 2


def test_other_unit_officer_cannot_delete_a_units_report(campaign, client_for, unit_officer, other_unit_officer):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    assert client_for(other_unit_officer).post(reverse("movements:progress_delete", args=[r.pk])).status_code == 404
    assert ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ["council_member", "province_officer"])
def test_only_the_author_is_offered_the_delete_link(campaign, client_for, unit_officer, request, who):
    r = report(unit_officer, campaign.health_screening, 5, days_ago(1))
    user = request.getfixturevalue(who)
    client = client_for(user)
    page = client.get(report_url(campaign.health_screening))
    if who == "council_member":
        assert page.status_code == 403
    else:
        assert reverse("movements:progress_delete", args=[r.pk]) not in page.content.decode()
