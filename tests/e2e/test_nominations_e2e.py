"""A unit officer builds a dossier of three lines (one ineligible: the screen says why), attaches the
documents and submits; the commendation office returns one line; the unit fixes only that line and
resubmits; the office appraises and the dossier reaches the council's queue. Each actor sees only
what their role allows."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.personas import PASSWORD

# The catalogue is seeded by migrations: keep it across the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect.set_options(timeout=15_000)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def staff(province):
    """Three people of Sở Y tế: two with two Chiến sĩ thi đua cơ sở years (Bằng khen tỉnh), one without."""
    from thidua.catalog.models import AwardType
    from thidua.decisions.models import Award, Decision
    from thidua.people.models import AnnualRating, EmploymentType, Person, Sex

    def person(name, sex=Sex.FEMALE):
        return Person.objects.create(
            unit=province.health,
            full_name=name,
            sex=sex,
            employment_type=EmploymentType.CIVIL_SERVANT,
            birth_date=dt.date(1982, 5, 4),
            position="Bác sĩ",
        )

    lan, minh, tuan = person("Nguyễn Thị Lan"), person("Trần Văn Minh", Sex.MALE), person("Lê Anh Tuấn", Sex.MALE)
    cstdcs = AwardType.objects.get(code="CSTDCS")
    for year in (2024, 2025):
        decision = Decision.objects.create(
            issuer=province.health, number=f"{year}/QĐ-SYT", date=dt.date(year + 1, 1, 15)
        )
        for p in (lan, minh):
            AnnualRating.objects.create(person=p, year=year, grade="HTXS")
            Award.objects.create(person=p, decision=decision, award_type=cstdcs, year=year, subject_name=p.full_name)
    return lan, minh, tuan


def _add_line(page, pk, name, award_label, *, justification=""):
    page.goto(f"/ho-so/{pk}/dong/them/")
    page.fill("#id_q", name)
    page.wait_for_selector(f"#subject-results >> text={name}")
    page.locator("#subject-results input[type=radio]").first.check()
    page.select_option("select[name=award_type]", label=award_label)
    page.fill("input[name=year_from]", "2025")
    page.fill("input[name=year_to]", "2025")
    page.fill("textarea[name=achievement]", f"{name}: hoàn thành xuất sắc nhiệm vụ khám, chữa bệnh năm 2025.")
    page.locator("input[name=year_to]").dispatch_event("change")
    page.wait_for_selector("#line-check >> text=/Đủ điều kiện|Chưa đủ điều kiện/")
    check = page.inner_text("#line-check")
    if justification:
        page.fill("textarea[name=justification]", justification)
    page.get_by_role("button", name="Thêm vào hồ sơ").click()
    expect(page).to_have_url(re.compile(rf".*/ho-so/{pk}/(#.*)?$"))
    return check


def _upload(page, pk, kind, line_pk, name):
    page.goto(f"/ho-so/{pk}/tai-lieu/them/")
    page.select_option("select[name=kind]", kind)
    page.select_option("select[name=line]", str(line_pk) if line_pk else "")
    page.set_input_files("input[name=file]", {"name": name, "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    expect(page).to_have_url(re.compile(rf".*/ho-so/{pk}/(#.*)?$"))


def _confirm(page, pk, link_label, button_label):
    page.goto(f"/ho-so/{pk}/")
    page.locator(".workflow-buttons a[role=button]", has_text=link_label).click()
    page.locator("form button[type=submit]", has_text=button_label).click()
    expect(page).to_have_url(re.compile(rf".*/ho-so/{pk}/(#.*)?$"))


def test_dossier_from_unit_to_council_queue_with_one_line_returned_and_fixed(
    page, screenshot, province, unit_officer, province_officer, other_unit_officer, council_member, staff
):
    from thidua.nominations import requirements
    from thidua.nominations.models import Nomination, NominationLine, State

    lan, minh, tuan = staff

    # 1. The unit officer creates the dossier.
    login(page, unit_officer.username, PASSWORD)
    page.goto("/ho-so/tao-moi/")
    page.fill("input[name=title]", "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2025")
    page.fill("input[name=year]", "2025")
    # Choosing the unit, the basis or the authority redraws the form (htmx), keeping what was typed.
    for name, value in (
        ("proposing_unit", str(province.health.pk)),
        ("basis", "CONG_TRANG"),
        ("authority", "PROVINCE_CHAIR"),
    ):
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.select_option(f"select[name={name}]", value)
        page.wait_for_timeout(200)  # the swap settles
    assert page.input_value("input[name=title]").startswith("Đề nghị tặng Bằng khen")
    page.get_by_role("button", name="Tạo hồ sơ").click()
    expect(page).to_have_url(re.compile(r".*/ho-so/\d+/(#.*)?$"))
    assert "Tiếp theo: thêm các dòng đề nghị" in page.content()
    nomination = Nomination.objects.get()
    pk = nomination.pk

    # 2. Three lines; the live check says the third is not eligible, and why.
    bk = "Bằng khen của Chủ tịch UBND tỉnh (cá nhân)"
    assert "Đủ điều kiện" in _add_line(page, pk, "Nguyễn Thị Lan", bk)
    assert "Đủ điều kiện" in _add_line(page, pk, "Trần Văn Minh", bk)
    third = _add_line(
        page, pk, "Lê Anh Tuấn", bk, justification="Bác sĩ trực tiếp cứu chữa thành công nhiều ca bệnh nặng."
    )
    assert "Chưa đủ điều kiện" in third and "còn thiếu" in third
    page.goto(f"/ho-so/{pk}/")
    assert "còn thiếu" in page.content()
    screenshot("nomination_three_lines")

    # 3. The documents the screen asks for, then submit.
    for req in requirements.required_documents(Nomination.objects.get(pk=pk)):
        _upload(page, pk, req.kind, req.line_id, f"{req.kind.lower()}-{req.line_id or 'ho-so'}.pdf")
    assert all(r.satisfied for r in requirements.required_documents(Nomination.objects.get(pk=pk)))
    _confirm(page, pk, "Gửi hồ sơ", "Gửi hồ sơ")
    assert "Đã gửi hồ sơ" in page.content()
    assert Nomination.objects.get(pk=pk).state == State.SUBMITTED

    # An officer of another unit sees nothing of it.
    page.context.clear_cookies()
    login(page, other_unit_officer.username, PASSWORD)
    assert page.goto(f"/ho-so/{pk}/").status == 404
    page.goto("/ho-so/")
    assert nomination.code not in page.content()

    # 4. The commendation office receives it and returns the third line's achievement.
    page.context.clear_cookies()
    login(page, province_officer.username, PASSWORD)
    _confirm(page, pk, "Tiếp nhận hồ sơ", "Tiếp nhận")
    line3 = NominationLine.objects.get(nomination_id=pk, person=tuan)
    page.goto(f"/ho-so/{pk}/")
    page.locator(".workflow-buttons a[role=button]", has_text="Trả lại để chỉnh sửa").click()
    page.fill("textarea[name=note]", "Đề nghị bổ sung số liệu cụ thể.")
    page.check(f"input[name=line_{line3.pk}_fields][value=achievement]")
    page.fill(f"textarea[name=line_{line3.pk}_note]", "Nêu số ca bệnh nặng đã cứu chữa.")
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    expect(page).to_have_url(re.compile(rf".*/ho-so/{pk}/(#.*)?$"))
    assert Nomination.objects.get(pk=pk).state == State.RETURNED

    # 5. The unit may edit only that line, only its achievement; it fixes it and resubmits.
    page.context.clear_cookies()
    login(page, unit_officer.username, PASSWORD)
    page.goto(f"/ho-so/{pk}/")
    edit_links = page.locator("a", has_text=re.compile(r"^Sửa$"))
    assert edit_links.count() == 1
    edit_links.first.click()
    assert page.locator("select[name=award_type]").count() == 0 or page.locator("select[name=award_type]").is_disabled()
    page.fill("textarea[name=achievement]", "Cứu chữa thành công 42 ca bệnh nặng, 12 ca đa chấn thương năm 2025.")
    page.get_by_role("button", name="Lưu dòng đề nghị").click()
    expect(page).to_have_url(re.compile(rf".*/ho-so/{pk}/(#.*)?$"))
    assert "42 ca bệnh nặng" in NominationLine.objects.get(pk=line3.pk).achievement
    screenshot("nomination_fixed_line")
    _confirm(page, pk, "Gửi lại hồ sơ", "Gửi lại hồ sơ")
    assert Nomination.objects.get(pk=pk).state == State.SUBMITTED

    # 6. The office appraises each line and completes: the dossier reaches the council's queue.
    page.context.clear_cookies()
    login(page, province_officer.username, PASSWORD)
    _confirm(page, pk, "Tiếp nhận hồ sơ", "Tiếp nhận")
    page.goto(f"/ho-so/{pk}/")
    for line in NominationLine.objects.filter(nomination_id=pk).order_by("sort_order"):
        box = page.locator(f"#line-process-{line.pk}")
        if line.pk == line3.pk:
            box.get_by_label("Không đủ điều kiện").check()
            box.locator("textarea").fill("Chưa đủ hai năm Chiến sĩ thi đua cơ sở liên tục.")
        else:
            box.get_by_label("Đủ điều kiện", exact=True).check()
        box.get_by_role("button", name="Ghi kết quả").click()
        page.wait_for_selector(f"#line-process-{line.pk} >> text=Đã lưu")
    _confirm(page, pk, "Hoàn thành thẩm định", "Hoàn thành thẩm định")
    assert Nomination.objects.get(pk=pk).state == State.APPRAISED

    # 7. A council member finds the two accepted lines in the queue, not the rejected one.
    page.context.clear_cookies()
    login(page, council_member.username, PASSWORD)
    page.goto("/ho-so/cho-hoi-dong/")
    html = page.content()
    assert nomination.code in html and "Nguyễn Thị Lan" in html and "Trần Văn Minh" in html
    assert "Lê Anh Tuấn" not in html
    screenshot("council_queue")
    assert page.goto(f"/ho-so/{pk}/sua/").status in (403, 404)  # a council member never edits
