"""Review screens and the review report (.docx), opened with python-docx and read back."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from thidua.movements.models import Participation, Review, ReviewKind
from thidua.movements.selectors.reviews import review_summary
from thidua.movements.services.reviews import review_create

from .test_progress_fixtures import *  # noqa: F403  (fixtures: campaign, media)
from .test_progress_fixtures import END, START, days_ago, report


@pytest.fixture
def interim(campaign, province_officer, unit_officer, other_unit_officer):
    """Plans sent early, reports from both units, an interim review five days ago, and a later report
    it must not count."""
    Participation.objects.filter(plan__isnull=False).update(answered_at=timezone.now() - dt.timedelta(days=90))
    report(unit_officer, campaign.health_screening, 150, days_ago(40))
    report(other_unit_officer, campaign.edu_screening, 350, days_ago(20))
    report(unit_officer, campaign.health_poverty, "1.8", days_ago(10))
    report(other_unit_officer, campaign.edu_poverty, "1.5", days_ago(10))
    report(unit_officer, campaign.health_screening, 390, days_ago(1))  # after the review
    return review_create(
        actor=province_officer,
        movement=campaign.movement,
        data={
            "kind": ReviewKind.INTERIM,
            "date": days_ago(5),
            "title": "Hội nghị sơ kết 6 tháng",
            "scope": "Toàn tỉnh",
            "participants": 180,
            "summary": "Các đơn vị tích cực hưởng ứng.\nCòn một số xã chưa xây dựng kế hoạch.",
            "awards_proposed": 42,
            "awards_given": 37,
        },
    )


def docx_text(content: bytes):
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return doc, paragraphs, tables


# --- the summary ------------------------------------------------------------------------------------


def test_review_summary_counts_participation_and_targets_on_the_review_date(interim, province_officer):
    summary = review_summary(actor=province_officer, review=interim)
    assert (summary.units_answered, summary.units_total) == (2, 3)
    screening, poverty = summary.targets
    assert screening.value == 500  # 150 + 350: the report after the review is not counted
    assert screening.reached is False
    assert poverty.value == Decimal("3.3") and poverty.reached is False  # a sum of rates, as the roll-up defines
    assert [w.name for w in summary.works] == ["Khám sàng lọc lưu động tại xã", "Trường học xanh"]


def test_review_summary_of_a_unit_officer_is_limited_to_own_units(interim, unit_officer):
    summary = review_summary(actor=unit_officer, review=interim)
    assert summary.partial and summary.units_total == 1
    assert [w.name for w in summary.works] == ["Khám sàng lọc lưu động tại xã"]
    assert summary.targets[0].value == 150


# --- screens ----------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_review_screen(interim, client_for, campaign):
    client = client_for(None)
    for url in (
        reverse("movements:review_list", args=[campaign.movement.pk]),
        reverse("movements:review_create", args=[campaign.movement.pk]),
        reverse("movements:review_detail", args=[interim.pk]),
        reverse("movements:review_update", args=[interim.pk]),
        reverse("movements:review_report", args=[interim.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], url


def test_review_page_shows_participation_targets_works_and_awards(interim, client_for, province_officer):
    response = client_for(province_officer).get(reverse("movements:review_detail", args=[interim.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Hội nghị sơ kết 6 tháng",
        "Toàn tỉnh",
        "<strong>2/3</strong>",
        "0/2 chỉ tiêu đạt",
        "Chưa đạt",
        "Khám sàng lọc lưu động tại xã",
        "Trường học xanh",
        "42",
        "37",
        "Tải báo cáo (.docx)",
    ):
        assert text in html, text


def test_review_list_links_each_review(interim, client_for, council_member, campaign):
    html = client_for(council_member).get(reverse("movements:review_list", args=[campaign.movement.pk])).content
    assert reverse("movements:review_detail", args=[interim.pk]) in html.decode()
    assert reverse("movements:review_create", args=[campaign.movement.pk]) not in html.decode()


def test_province_officer_adds_a_review_through_the_form(campaign, client_for, province_officer):
    response = client_for(province_officer).post(
        reverse("movements:review_create", args=[campaign.movement.pk]),
        {"kind": "FINAL", "date": END.isoformat(), "scope": "Toàn tỉnh", "awards_proposed": "5", "awards_given": "5"},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.kind == ReviewKind.FINAL and response["Location"] == reverse(
        "movements:review_detail", args=[review.pk]
    )


def test_review_form_shows_the_date_rule_in_vietnamese_and_saves_nothing(campaign, client_for, province_officer):
    response = client_for(province_officer).post(
        reverse("movements:review_create", args=[campaign.movement.pk]),
        {"kind": "INTERIM", "date": (START.replace(year=START.year - 1)).isoformat()},
    )
    assert response.status_code == 200
    assert "Sơ kết được tổ chức trong thời gian thực hiện phong trào" in response.content.decode()
    assert not Review.objects.exists()


def test_review_form_of_a_unit_plan_offers_no_congress(campaign, client_for, unit_officer):
    response = client_for(unit_officer).get(reverse("movements:review_create", args=[campaign.health_plan.pk]))
    assert response.status_code == 200
    assert [v for v, _ in response.context["form"].fields["kind"].choices] == ["INTERIM", "FINAL"]
    response = client_for(unit_officer).post(
        reverse("movements:review_create", args=[campaign.health_plan.pk]), {"kind": "CONGRESS", "date": END}
    )
    assert not Review.objects.exists()


def test_province_officer_edits_a_review(interim, client_for, province_officer):
    url = reverse("movements:review_update", args=[interim.pk])
    client = client_for(province_officer)
    assert client.get(url).context["form"].initial["awards_given"] == 37
    form = {"kind": "INTERIM", "date": interim.date.isoformat(), "title": interim.title, "awards_proposed": "42"}
    response = client.post(url, {**form, "awards_given": "40"})
    assert response.status_code == 302
    interim.refresh_from_db()
    assert interim.awards_given == 40 and interim.title == "Hội nghị sơ kết 6 tháng"


def test_council_member_reads_reviews_but_cannot_add_or_edit(interim, client_for, council_member, campaign):
    client = client_for(council_member)
    assert client.get(reverse("movements:review_detail", args=[interim.pk])).status_code == 200
    assert client.get(reverse("movements:review_create", args=[campaign.movement.pk])).status_code == 403
    assert client.post(reverse("movements:review_update", args=[interim.pk]), {"kind": "FINAL"}).status_code == 403
    assert client.get(reverse("movements:review_report", args=[interim.pk])).status_code == 200


def test_unit_officer_cannot_add_a_review_to_a_provincial_movement(campaign, client_for, unit_officer):
    response = client_for(unit_officer).post(
        reverse("movements:review_create", args=[campaign.movement.pk]), {"kind": "INTERIM", "date": days_ago(1)}
    )
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_unit_officer_sees_a_provincial_review_limited_to_own_unit_and_gets_no_report(
    interim, client_for, unit_officer
):
    client = client_for(unit_officer)
    html = client.get(reverse("movements:review_detail", args=[interim.pk])).content.decode()
    assert "Khám sàng lọc lưu động tại xã" in html and "Trường học xanh" not in html
    assert "chỉ xem được số liệu của các đơn vị thuộc phạm vi" in html
    assert "Tải báo cáo" not in html
    assert client.get(reverse("movements:review_report", args=[interim.pk])).status_code == 403


def test_unit_officer_cannot_see_reviews_of_another_units_plan(campaign, client_for, unit_officer, other_unit_officer):
    review = review_create(
        actor=unit_officer, movement=campaign.health_plan, data={"kind": "INTERIM", "date": days_ago(2)}
    )
    client = client_for(other_unit_officer)
    assert client.get(reverse("movements:review_detail", args=[review.pk])).status_code == 404
    assert client.get(reverse("movements:review_list", args=[campaign.health_plan.pk])).status_code == 404
    assert client.get(reverse("movements:review_report", args=[review.pk])).status_code == 404


# --- the .docx report -----------------------------------------------------------------------------


def test_review_report_docx_is_compiled_from_the_data(interim, client_for, province_officer, campaign):
    response = client_for(province_officer).get(reverse("movements:review_report", args=[interim.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "bao-cao-so-ket-" in response["Content-Disposition"]
    doc, paragraphs, tables = docx_text(response.content)

    # A4, Times New Roman 13–14.
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert doc.styles["Normal"].font.name == "Times New Roman"
    sizes = {run.font.size.pt for p in doc.paragraphs for run in p.runs if run.font.size}
    assert sizes and sizes <= {13, 14}
    assert {run.font.name for p in doc.paragraphs for run in p.runs} == {"Times New Roman"}

    # The header: issuer and the national title.
    header = tables[0]
    assert header[0][0] == "ỦY BAN NHÂN DÂN TỈNH HÒA GIANG"
    assert header[0][1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert header[1][0].endswith("/BC-UBND")
    assert header[1][1] == f"Hòa Giang, ngày {interim.date.day} tháng {interim.date.month} năm {interim.date.year}"

    text = "\n".join(paragraphs)
    assert "BÁO CÁO" in paragraphs
    assert "Sơ kết phong trào thi đua thực hiện thắng lợi nhiệm vụ chính trị năm" in paragraphs
    assert f"từ ngày {START:%d/%m/%Y} đến ngày {END:%d/%m/%Y}" in text
    assert "Hội nghị sơ kết 6 tháng" in text and "phạm vi: Toàn tỉnh" in text and "180" in text
    assert "Có 2/3 cơ quan, đơn vị, địa phương đã xây dựng và gửi kế hoạch hưởng ứng" in text
    assert "Có 0/2 chỉ tiêu đạt" in text
    assert "Số tập thể, cá nhân được đề nghị khen thưởng: 42." in text
    assert "Số tập thể, cá nhân được khen thưởng: 37." in text
    assert "Còn một số xã chưa xây dựng kế hoạch." in paragraphs

    targets = tables[1]
    assert targets[0] == [
        "STT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Chỉ tiêu đề ra",
        "Kết quả đạt được",
        "Tỷ lệ hoàn thành",
        "Đánh giá",
    ]
    assert targets[1] == ["1", campaign.screening.name, "người", "≥ 1.000", "500", "50%", "Chưa đạt"]
    assert targets[2][1:5] == ["Tỷ lệ hộ nghèo", "%", "≤ 2", "3,3"]

    works = tables[2]
    assert works[1][1:3] == ["Sở Y tế", "Khám sàng lọc lưu động tại xã"]
    assert works[2][1:3] == ["Sở Giáo dục và Đào tạo", "Trường học xanh"]
    assert works[1][4] == "Đang thực hiện"

    signature = tables[3]
    assert signature[0][0].startswith("Nơi nhận:\n- Hội đồng Thi đua - Khen thưởng tỉnh;")
    assert signature[0][1].startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


def test_review_report_of_a_units_plan_names_the_unit_under_its_parent(campaign, client_for, unit_officer):
    report(unit_officer, campaign.health_screening, 420, days_ago(3))
    review = review_create(actor=unit_officer, movement=campaign.health_plan, data={"kind": "FINAL", "date": END})
    response = client_for(unit_officer).get(reverse("movements:review_report", args=[review.pk]))
    assert response.status_code == 200
    _doc, paragraphs, tables = docx_text(response.content)
    assert tables[0][0][0] == "UBND TỈNH HÒA GIANG\nSỞ Y TẾ"
    assert tables[0][1][0].endswith("/BC-SYT")
    assert any(p.startswith("Tổng kết kế hoạch hưởng ứng") for p in paragraphs)
    assert tables[1][1][4:] == ["420", "105%", "Đạt"]
    assert any("tự tổ chức thực hiện phong trào" in p for p in paragraphs)
    assert tables[-1][0][1].startswith("THỦ TRƯỞNG CƠ QUAN")


def test_congress_report_says_so(campaign, client_for, province_officer):
    review = review_create(
        actor=province_officer, movement=campaign.movement, data={"kind": "CONGRESS", "date": days_ago(1)}
    )
    response = client_for(province_officer).get(reverse("movements:review_report", args=[review.pk]))
    _doc, paragraphs, _tables = docx_text(response.content)
    assert any(p.endswith("tại Đại hội thi đua yêu nước") for p in paragraphs)
    assert "Số tập thể, cá nhân được khen thưởng: chưa có số liệu." in paragraphs
