"""The council votes on its agenda (one line by secret ballot, two openly); the chair closes the votes
and the results appear; the office drafts the chairman's decision from the lines the council passed;
the chairman signs it (it gets its number); the decision's .docx opens with the number, the names
and the amounts; the office records the payment and exports the payment list for the accountants.
A unit officer of another department sees neither the meeting nor the ballots."""

import datetime as dt
import io

import docx
import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, login
from tests.personas import PASSWORD

# The catalogue is seeded by migrations: keep it across the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect.set_options(timeout=15_000)

MEMBERS = [("chu.tich", "CHAIR"), ("pho.tt", "STANDING_VICE"), ("uy.vien1", "MEMBER"), ("uy.vien2", "MEMBER")]


@pytest.fixture
def setting(province, province_officer, other_unit_officer):
    """Sở Y tế's appraised dossier (two Bằng khen lines, one Chiến sĩ thi đua cấp tỉnh line), the
    provincial council of four with a meeting prepared (agenda and attendance done by the office), the
    province as an issuing body with its chairman as signer."""
    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.catalog.models import AwardType
    from thidua.council.models import Presence
    from thidua.council.services import meetings, terms
    from thidua.decisions.services import issuing
    from thidua.nominations import routing
    from thidua.nominations.models import Appraisal, Authority, Basis, Nomination, NominationLine, State
    from thidua.people.models import EmploymentType, Person, Sex

    users = {u: _user(u, Role.COUNCIL_MEMBER, province.root, full_name=f"Thành viên {u}") for u, _ in MEMBERS}
    users["chu.tich"].full_name = "Nguyễn Văn Chủ"
    users["chu.tich"].save()
    body = issuing.issuing_body_save(
        actor=province_officer,
        unit=province.root,
        symbol="UBND",
        header_name="Ủy ban nhân dân tỉnh Hòa Giang",
        place="Hòa Giang",
    )
    issuing.signer_save(
        actor=province_officer,
        body=body,
        user=users["chu.tich"],
        full_name="Nguyễn Văn Chủ",
        title="Chủ tịch",
        sign_lines="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
    )
    council = terms.council_create(
        actor=province_officer,
        unit=province.root,
        name="Hội đồng Thi đua – Khen thưởng tỉnh Hòa Giang",
        term_from=dt.date(2025, 7, 1),
    )
    seats = {
        u: terms.member_add(
            actor=province_officer,
            council=council,
            user=users[u],
            full_name=users[u].full_name,
            role=role,
            sort_order=i,
        )
        for i, (u, role) in enumerate(MEMBERS)
    }
    dossier = Nomination.objects.create(
        proposing_unit=province.health,
        title="Đề nghị khen thưởng tổng kết năm 2025",
        year=2025,
        basis=Basis.CONG_TRANG,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=routing.deciding_unit_for(province.health, Authority.PROVINCE_CHAIR),
        state=State.APPRAISED,
    )
    names = {"BK_TINH": ["Nguyễn Thị Lan", "Trần Văn Minh"], "CSTD_TINH": ["Lê Thị Hoa"]}
    for code, people in names.items():
        for name in people:
            person = Person.objects.create(
                unit=province.health,
                full_name=name,
                sex=Sex.FEMALE,
                employment_type=EmploymentType.CIVIL_SERVANT,
                birth_date=dt.date(1980, 1, 2),
                position="Bác sĩ",
            )
            NominationLine.objects.create(
                nomination=dossier,
                person=person,
                award_type=AwardType.objects.get(code=code),
                year_from=2025,
                year_to=2025,
                achievement="Hoàn thành xuất sắc nhiệm vụ.",
                subject_name=name,
                subject_position="Bác sĩ",
                subject_unit_name=province.health.name,
                appraisal=Appraisal.ACCEPTED,
            )
    meeting = meetings.meeting_create(
        actor=province_officer,
        council=council,
        title="Phiên họp xét khen thưởng tổng kết năm 2025",
        held_at=timezone.now(),
        place="Phòng họp số 1",
        secretary_name="Trần Thị Thu Hà",
    )
    meetings.agenda_add_lines(
        actor=province_officer, meeting=meeting, line_ids=list(dossier.lines.values_list("pk", flat=True))
    )
    meetings.attendance_set(
        actor=province_officer, meeting=meeting, presences={s.pk: Presence.PRESENT for s in seats.values()}
    )
    return meeting


def _vote_all(page, choice):
    """Cast `choice` on every open item of the member's ballot sheet."""
    while True:
        buttons = page.locator("article.ballot-item").get_by_role("button", name=choice, exact=True)
        if buttons.count() == 0:
            return
        buttons.first.click()
        page.wait_for_timeout(150)


def test_council_votes_decision_is_issued_paid_and_exported(setting, page, browser, live_server, screenshot):
    meeting = setting
    meeting_url = f"/hoi-dong/phien-hop/{meeting.pk}/"

    # The chair opens every vote.
    login(page, "chu.tich", PASSWORD)
    page.goto(meeting_url)
    page.get_by_role("button", name="Mở biểu quyết tất cả nội dung chờ").click()
    expect(page.locator("body")).to_contain_text("Đang biểu quyết")

    # Every member votes "Đồng ý" on all three items in their own browser (the chair too).
    for username, _ in MEMBERS:
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844})
        member_page = context.new_page()
        member_page.set_default_timeout(15_000)
        login(member_page, username, PASSWORD)
        member_page.goto(f"{meeting_url}phieu/")
        _vote_all(member_page, "Đồng ý")
        expect(member_page.locator("#open-items")).to_contain_text("Đã bỏ phiếu")
        if username == "uy.vien1":
            # The secret item shows the member's own choice (from this browser only) until the close.
            expect(member_page.locator("#open-items")).to_contain_text("Lựa chọn của anh/chị")
            SCREENSHOTS.mkdir(exist_ok=True)
            member_page.screenshot(path=str(SCREENSHOTS / "council-ballot-sheet-phone.png"), full_page=True)
        context.close()

    # The chair closes all votes (after a confirmation page); the results appear.
    page.goto(meeting_url)
    page.get_by_role("button", name="Kết thúc biểu quyết tất cả nội dung đang mở").click()
    page.get_by_role("button", name="Kết thúc biểu quyết và công bố kết quả").click()
    expect(page.locator("body")).to_contain_text("Thông qua")
    body = page.inner_text("body")
    assert body.count("Thông qua") >= 3 and "Không thông qua" not in body
    assert "Đồng ý 4/4" in body
    screenshot("council-meeting-results")

    # The office drafts the chairman's decision from the lines the council passed.
    office = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900})
    office_page = office.new_page()
    office_page.set_default_timeout(15_000)
    login(office_page, "cv.snv", PASSWORD)
    office_page.goto("/quyet-dinh/du-thao/tao/")
    office_page.select_option("select[name=issuer]", label="Ủy ban nhân dân tỉnh Hòa Giang (UBND)")
    office_page.get_by_role("button", name="Xem").click()
    expect(office_page.locator("body")).to_contain_text("Nguyễn Thị Lan")
    office_page.get_by_role("button", name="Tạo dự thảo").click()
    expect(office_page.locator("body")).to_contain_text("Đã tạo dự thảo với 3 trường hợp")

    # The chairman signs: the decision gets 1/QĐ-UBND.
    page.goto("/quyet-dinh/cho-ky/")
    page.locator("main").get_by_role("link", name="Ký ban hành", exact=True).first.click()
    expect(page.locator("body")).to_contain_text("1/QĐ-UBND")
    page.get_by_role("button", name="Ký ban hành").click()
    expect(page.locator("body")).to_contain_text("Đã ban hành")
    decision_url = page.url
    screenshot("decision-issued")

    # The .docx: number, recipients and amounts (base salary 2,530,000 from 01/07/2026: BK 3,800,000;
    # CSTĐ tỉnh 7,590,000).
    with page.expect_download() as download:
        page.locator("main a[href$='.docx']").first.click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "1/QĐ-UBND" in cells + text
    for name in ("Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thị Hoa"):
        assert name in cells
    assert "3.800.000" in cells and "7.590.000" in cells
    assert "15.190.000" in cells + text  # 2 × 3,800,000 + 7,590,000

    # The office records the payment and exports the payment list.
    office_page.goto(decision_url)
    office_page.get_by_role("button", name="Chi tiền thưởng").click()
    office_page.fill("input[name=paid_on]", timezone.localdate().isoformat())
    office_page.fill("input[name=voucher_number]", "PC-0123")
    office_page.check("input[name=all]")
    office_page.once("dialog", lambda dialog: dialog.accept())
    office_page.get_by_role("button", name="Ghi nhận đã chi").click()
    expect(office_page.locator("body")).to_contain_text("PC-0123")
    office_page.goto(decision_url)
    expect(office_page.locator("body")).to_contain_text("Đã chi")
    with office_page.expect_download() as download:
        office_page.get_by_role("button", name="Danh sách chi (Excel)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Nguyễn Thị Lan" in values and "PC-0123" in values and 15_190_000 in values
    office.close()

    # Another department's officer sees nothing of the council.
    outsider = browser.new_context(base_url=live_server.url, locale="vi-VN")
    outsider_page = outsider.new_page()
    login(outsider_page, "cb.sgd", PASSWORD)
    response = outsider_page.goto(meeting_url)
    assert response.status in (403, 404)
    response = outsider_page.goto(f"{meeting_url}phieu/")
    assert response.status in (403, 404)
    outsider.close()
