"""A cluster of eight communes goes through its year in the browser: the head drafts the covenant and
takes its targets from a movement, the members sign their commitments (Xã Tân Hòa in the browser), the
head signs the covenant and downloads it; the head opens the scoring round (tie-break: group I, then a
vote); Xã Tân Hòa scores itself — too many points and points without evidence are refused with the
Vietnamese messages — uploads a PDF and sends its sheet; at the cross-check Xã Tân Hòa remarks on Xã Tân
Bình's score and the head adjusts it with a written reason (an empty reason is refused first), which
leaves the two units tied on 88 points at the Bằng khen cut-off; the head locks the scores and Xã Tân
Hòa can no longer change its own; the ranking puts Xã Tân Hòa above Xã Tân Bình by group I (55 > 54,
although the name order would say the opposite); the head proposes from the ranking: one dossier with
the flag line for the leader and two Bằng khen lines. A commune outside the cluster sees nothing of it
until the province publishes the results.

The other units' commitments and scores are written with the services (their own officers) for speed.
"""

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, login
from tests.personas import PASSWORD

# The catalogue is seeded by migrations: keep it across the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

expect.set_options(timeout=15_000)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OTHER_COMMUNES = ["Xã Tân Hòa", "Xã Tân Bình", "Xã Tân An", "Xã Tân Mỹ", "Xã Tân Thạnh", "Xã Tân Sơn"]
# Each member unit's officer (who also signs its commitments in this test).
PEOPLE = {
    "Xã Tân Phú": "Nguyễn Thị Phú",
    "Xã Tân Lập": "Trần Văn Lập",
    "Xã Tân Hòa": "Lê Văn Hòa",
    "Xã Tân Bình": "Phạm Thị Bình",
    "Xã Tân An": "Võ Văn An",
    "Xã Tân Mỹ": "Đặng Thị Mỹ",
    "Xã Tân Thạnh": "Huỳnh Văn Thạnh",
    "Xã Tân Sơn": "Bùi Văn Sơn",
}
LOCKED = "Đã khóa điểm; chỉ Sở Nội vụ mở lại được."


def pts(g1a, g1b, g2a, g2b, bonus=None, penalty=None) -> dict:
    return {"1.1": g1a, "1.2": g1b, "2.1": g2a, "2.2": g2b, "3.1": bonus, "3.2": penalty}


# Self-scoring written with the services (Xã Tân Hòa scores 1.1 and 1.2 in the browser: 28 and 27).
# Xã Tân Bình gives itself 91; the head adjusts its 1.1 from 30 to 27 → 88, group I 54, the same total as
# Xã Tân Hòa (28 + 27 + 18 + 15 = 88, group I 55).
SERVICE_SCORES = {
    "Xã Tân Phú": pts(30, 28, 20, 18, bonus=0.5),  # 96,5
    "Xã Tân Lập": pts(28, 27, 18, 17),  # 90
    "Xã Tân Hòa": {"2.1": 18, "2.2": 15},
    "Xã Tân Bình": pts(30, 27, 18, 16),  # 91 → 88 after the cross-check
    "Xã Tân An": pts(25, 25, 15, 15),  # 80
    "Xã Tân Mỹ": pts(25, 20, 15, 15),  # 75
    "Xã Tân Thạnh": pts(20, 20, 15, 15, penalty=2),  # 68
    "Xã Tân Sơn": pts(20, 20, 10, 10),  # 60
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def setting(province, province_officer):
    """Cụm thi đua số 1 of this year: eight communes (head Xã Tân Phú, deputy Xã Tân Lập), one unit officer
    per member, an officer of Xã Hòa Bình (Cụm thi đua số 2), the province's applied scoring template
    (1.2 requires evidence) and an open provincial movement with two targets."""
    from conftest import _user
    from thidua.accounts.models import Role
    from thidua.clusters.tests.conftest import build_template
    from thidua.movements.models import Level, Movement, MovementKind, Target
    from thidua.movements.models import State as MovementState
    from thidua.org.models import Cluster, ClusterKind, ClusterMember, ClusterRole, Unit, UnitKind

    year = timezone.localdate().year

    def commune(code, name):
        return Unit.objects.create(
            code=code, name=name, kind=UnitKind.COMMUNE, parent=province.root, valid_from=dt.date(2025, 7, 1)
        )

    units = [province.commune1, province.commune2]
    units += [commune(f"XA{i}", name) for i, name in enumerate(OTHER_COMMUNES, start=3)]
    outside = commune("XA9", "Xã Hòa Bình")
    cluster = Cluster.objects.create(
        name="Cụm thi đua số 1",
        kind=ClusterKind.AREA,
        year=year,
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(year, 1, 10),
    )
    for i, unit in enumerate(units):
        role = {0: ClusterRole.HEAD, 1: ClusterRole.DEPUTY}.get(i, ClusterRole.MEMBER)
        ClusterMember.objects.create(cluster=cluster, unit=unit, role=role)
    other = Cluster.objects.create(name="Cụm thi đua số 2", kind=ClusterKind.AREA, year=year)
    ClusterMember.objects.create(cluster=other, unit=outside, role=ClusterRole.HEAD)

    usernames = {"Xã Tân Phú": "cb.tanphu", "Xã Tân Hòa": "cb.tanhoa"}
    officers = {
        u.name: _user(usernames.get(u.name, f"cb.cum{i + 1}"), Role.UNIT_OFFICER, u, full_name=PEOPLE[u.name])
        for i, u in enumerate(units)
    }
    _user("cb.hoabinh", Role.UNIT_OFFICER, outside, full_name="Trần Văn Bình")

    template = build_template(year=year)
    movement = Movement.objects.create(
        kind=MovementKind.REGULAR,
        name=f"Phong trào thi đua “Chung sức xây dựng nông thôn mới” năm {year}",
        state=MovementState.UNDER_WAY,
        level=Level.PROVINCE,
        launching_unit=province.root,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
    )
    Target.objects.create(movement=movement, name="Tỷ lệ hộ nghèo giảm", measure="%", target_value=1.5, order=1)
    Target.objects.create(
        movement=movement, name="Đường giao thông nông thôn làm mới", measure="km", target_value=12, order=2
    )
    return SimpleNamespace(
        year=year,
        cluster=cluster,
        units={u.name: u for u in units},
        officers=officers,
        template=template,
        movement=movement,
    )


def _new_page(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, username, PASSWORD)
    return context, page


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return "\n".join(parts)


def _sign_commitments_with_services(setting, skip):
    from thidua.clusters.models import Covenant
    from thidua.clusters.services import covenant as services

    covenant = Covenant.objects.get(cluster=setting.cluster)
    for name, unit in setting.units.items():
        if name == skip:
            continue
        officer = setting.officers[name]
        services.commitment_save(
            actor=officer,
            covenant=covenant,
            unit=unit,
            version=None,
            text=f"{name} phấn đấu hoàn thành 100% chỉ tiêu kinh tế – xã hội năm {setting.year}.",
        )
        services.commitment_sign(
            actor=officer,
            covenant=covenant,
            unit=unit,
            version=None,
            signer_name=officer.full_name,
            signer_title="Chủ tịch UBND xã",
        )


def _score_with_services(setting, rnd):
    """Each unit's officer scores it (with a PDF for every criterion requiring evidence scored above 0);
    every sheet but Xã Tân Hòa's is sent."""
    from thidua.clusters.models import ScoreSheet
    from thidua.clusters.services import scoring

    for name, points in SERVICE_SCORES.items():
        officer = setting.officers[name]
        sheet = ScoreSheet.objects.get(round=rnd, unit=setting.units[name])
        for score in sheet.scores.select_related("criterion"):
            value = points.get(score.criterion.code)
            if value is None:
                continue
            if score.criterion.evidence_required and value > 0:
                file = SimpleUploadedFile(f"minh-chung-{score.criterion.code}.pdf", PDF, "application/pdf")
                scoring.evidence_add(actor=officer, score=score, file=file)
            scoring.score_set(actor=officer, score=score, self_points=Decimal(str(value)))
        if name != "Xã Tân Hòa":
            scoring.sheet_submit(actor=officer, sheet=sheet)


def _score(rnd, unit, code):
    from thidua.clusters.models import Score

    return Score.objects.select_related("sheet").get(sheet__round=rnd, sheet__unit=unit, criterion__code=code)


def _post_with_csrf(page, url, data):
    """A plain form POST from the page's browser session (what a stale form or a crafted request sends)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(url, form={**data, "csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token})


# `page` comes first: the browser (Playwright's sync API switches the context Django's connections are
# looked up in) must start before the test database is created and serialized, or the catalogue kept for
# serialized rollback is attached to a connection the later tests never see (this file runs first).
def test_cluster_covenant_scoring_cross_check_lock_ranking_and_proposal(
    page, browser, live_server, screenshot, setting
):
    from thidua.clusters.models import Adjustment, Covenant, CovenantState, Remark, RoundState, ScoringRound
    from thidua.clusters.services import scoring
    from thidua.nominations.models import Nomination

    cluster, units = setting.cluster, setting.units
    phu, lap, hoa, binh = (units[n] for n in ("Xã Tân Phú", "Xã Tân Lập", "Xã Tân Hòa", "Xã Tân Bình"))
    base = f"/cum-khoi/{cluster.pk}/"
    today = timezone.localdate()
    contexts = []
    try:
        # --- 1. The covenant ------------------------------------------------------------------------------
        login(page, "cb.tanphu", PASSWORD)  # the head's officer (Xã Tân Phú)
        page.goto(base)
        page.get_by_role("button", name="Giao ước thi đua").click()
        expect(page.locator("main")).to_contain_text("Cụm, khối chưa có dự thảo giao ước thi đua.")
        page.get_by_role("button", name="Soạn dự thảo giao ước").click()
        expect(page.locator("input[name=title]")).to_have_value(
            f"Giao ước thi đua năm {setting.year} của Cụm thi đua số 1"
        )
        page.fill("input[name=place]", "Hội trường UBND xã Tân Phú")
        page.fill("input[name=signing_date]", today.isoformat())
        page.fill(
            "textarea[name=content]",
            "Các đơn vị thành viên thi đua hoàn thành vượt mức các chỉ tiêu kinh tế – xã hội.\n"
            "Thực hiện tốt công tác cải cách hành chính, chuyển đổi số.",
        )
        page.get_by_role("button", name="Lưu dự thảo").click()
        expect(page.locator("main")).to_contain_text("Đã lưu dự thảo giao ước.")

        page.get_by_role("link", name="Lấy chỉ tiêu từ phong trào thi đua").click()
        page.select_option("select[name=movement]", str(setting.movement.pk))
        page.get_by_role("button", name="Lấy chỉ tiêu", exact=True).click()
        expect(page.locator("main")).to_contain_text("Đã thêm 2 chỉ tiêu của phong trào vào giao ước.")
        page.get_by_role("link", name="Thêm chỉ tiêu", exact=True).click()
        page.fill("textarea[name=name]", "Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao")
        page.fill("input[name=measure]", "%")
        page.fill("input[name=target_value]", "50")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.locator("main")).to_contain_text("Đã thêm chỉ tiêu chung.")
        expect(page.locator("main table")).to_contain_text("Tỷ lệ hộ nghèo giảm")
        expect(page.locator("main table")).to_contain_text("Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao")

        # Seven members sign with the services; the head cannot finalise while Xã Tân Hòa has not signed.
        _sign_commitments_with_services(setting, skip="Xã Tân Hòa")
        page.goto(f"{base}giao-uoc/ky-ket/")
        expect(page.locator("main")).to_contain_text("Còn 1 đơn vị chưa ký cam kết: Xã Tân Hòa")
        expect(page.get_by_role("button", name="Ký kết giao ước", exact=True)).to_be_disabled()

        # Xã Tân Hòa writes and signs its commitments in its own browser.
        context, member = _new_page(browser, live_server, "cb.tanhoa")
        contexts.append(context)
        member.goto(f"{base}giao-uoc/")
        member.get_by_role("link", name="Viết cam kết").click()
        member.fill(
            "textarea[name=text]",
            "Thu ngân sách trên địa bàn vượt 10% dự toán.\nGiảm tỷ lệ hộ nghèo 1,5% so với đầu năm.",
        )
        member.get_by_role("button", name="Lưu cam kết").click()
        expect(member.locator("main")).to_contain_text("Đã lưu cam kết của Xã Tân Hòa.")
        member.get_by_role("link", name="Ký cam kết").click()
        expect(member.locator("main h1")).to_have_text("Xác nhận: Xã Tân Hòa ký cam kết")
        member.fill("input[name=signer_name]", "Lê Văn Hòa")
        member.fill("input[name=signer_title]", "Chủ tịch UBND xã")
        member.get_by_role("button", name="Ký cam kết", exact=True).click()
        expect(member.locator("main")).to_contain_text("Xã Tân Hòa đã ký cam kết.")

        # The head signs the covenant through the confirmation page and downloads it.
        page.goto(f"{base}giao-uoc/")
        expect(page.locator("main")).to_contain_text("Mọi đơn vị thành viên đã ký cam kết")
        page.get_by_role("button", name="Ký kết giao ước", exact=True).click()
        expect(page.locator("main h1")).to_have_text("Xác nhận: ký kết giao ước")
        page.get_by_role("button", name="Ký kết giao ước", exact=True).click()
        expect(page.locator("main")).to_contain_text("Đã ký kết giao ước thi đua. Giao ước không sửa được nữa.")
        assert Covenant.objects.get(cluster=cluster).state == CovenantState.SIGNED
        screenshot("clusters-covenant-signed")
        with page.expect_download() as download:
            page.get_by_role("button", name="Tải giao ước (.docx)", exact=True).click()
        text = _docx_text(download.value.path().read_bytes())
        assert "GIAO ƯỚC THI ĐUA" in text and "Cụm thi đua số 1" in text and "DỰ THẢO" not in text
        assert "Xã Tân Hòa" in text and "Lê Văn Hòa" in text and "Tỷ lệ hộ nghèo giảm" in text

        # --- 2. The head opens the scoring round -------------------------------------------------------------
        page.goto(base)
        page.get_by_role("button", name="Chấm điểm", exact=True).click()
        page.select_option("select[name=table]", str(setting.template.pk))
        page.fill("input[name=deadline]", (today + dt.timedelta(days=14)).isoformat())
        page.select_option("select[name=tie_group]", str(setting.template.groups.get(code="I").pk))
        expect(page.locator("input[name=tie_vote]")).to_be_checked()
        page.get_by_role("button", name="Mở đợt chấm điểm").click()
        expect(page.locator("main")).to_contain_text("Đã mở đợt chấm điểm")
        expect(page.locator("main")).to_contain_text(
            "so điểm nhóm I. Thực hiện nhiệm vụ chính trị; nếu vẫn bằng: bỏ phiếu kín giữa các đơn vị thành viên"
        )
        rnd = ScoringRound.objects.get(cluster=cluster)
        assert rnd.sheets.count() == 8 and rnd.tie_group.code == "I"

        _score_with_services(setting, rnd)

        # --- 3. Xã Tân Hòa scores itself ---------------------------------------------------------------------
        s11, s12 = _score(rnd, hoa, "1.1"), _score(rnd, hoa, "1.2")
        member.goto(f"{base}cham-diem/")
        member.get_by_role("button", name="Bảng tự chấm điểm của Xã Tân Hòa").click()
        sheet_url = member.url
        member.get_by_label("Điểm tự chấm tiêu chí 1.1").fill("35")
        member.locator(f"#tc-{s11.pk}").get_by_role("button", name="Lưu").click()
        expect(member.locator("main")).to_contain_text(
            "Điểm tối đa của tiêu chí 1.1 là 30; không chấm quá điểm tối đa."
        )
        assert _score(rnd, hoa, "1.1").self_points is None
        member.fill("input[name=self_points]", "28")
        member.get_by_role("button", name="Lưu điểm tự chấm").click()
        expect(member.locator("main")).to_contain_text("Đã lưu điểm tự chấm tiêu chí 1.1.")

        member.goto(sheet_url)
        member.get_by_label("Điểm tự chấm tiêu chí 1.2").fill("27")
        member.locator(f"#tc-{s12.pk}").get_by_role("button", name="Lưu").click()
        expect(member.locator("main")).to_contain_text(
            "Tiêu chí 1.2 bắt buộc có minh chứng; hãy tải tài liệu kiểm chứng trước khi chấm điểm lớn hơn 0."
        )
        _shot(member, "clusters-score-evidence-required")
        assert _score(rnd, hoa, "1.2").self_points is None
        member.set_input_files(
            "input[name=file]",
            {"name": "Báo cáo thu ngân sách.pdf", "mimeType": "application/pdf", "buffer": PDF},
        )
        member.get_by_role("button", name="Tải minh chứng lên").click()
        expect(member.locator("main")).to_contain_text("Đã tải minh chứng “Báo cáo thu ngân sách.pdf”.")
        member.fill("input[name=self_points]", "27")
        member.fill("textarea[name=note]", "Thu ngân sách đạt 112% dự toán được giao.")
        member.get_by_role("button", name="Lưu điểm tự chấm").click()
        expect(member.locator("main")).to_contain_text("Đã lưu điểm tự chấm tiêu chí 1.2.")
        expect(member.locator("#minh-chung")).to_contain_text("Báo cáo thu ngân sách.pdf")
        assert (_score(rnd, hoa, "1.1").points, _score(rnd, hoa, "1.2").points) == (28, 27)

        member.goto(sheet_url)
        expect(member.locator("main")).to_contain_text("Tổng tự chấm: 88")
        member.get_by_role("button", name="Gửi bảng tự chấm điểm").click()
        expect(member.locator("main h1")).to_have_text("Xác nhận: gửi bảng tự chấm điểm")
        member.get_by_role("button", name="Gửi bảng tự chấm điểm", exact=True).click()
        expect(member.locator("main")).to_contain_text("Đã gửi bảng tự chấm điểm để kiểm tra chéo.")

        # --- 4. The cross-check ------------------------------------------------------------------------------
        binh11 = _score(rnd, binh, "1.1")
        member.goto(f"/cum-khoi/cham-diem/phieu/{binh11.sheet_id}/")
        expect(member.locator("main")).to_contain_text("Chỉ xem: bảng điểm của đơn vị khác.")
        assert member.locator("input[name=self_points]").count() == 0
        member.locator(f"#tc-{binh11.pk}").get_by_role("link", name="Chi tiết").click()
        member.fill(
            "textarea[name=text]", "Xã Tân Bình chưa đạt chỉ tiêu thu hút đầu tư năm nay; đề nghị chấm 27 điểm."
        )
        member.fill("input[name=proposed_points]", "27")
        member.get_by_role("button", name="Gửi ý kiến").click()
        expect(member.locator("main")).to_contain_text("Đã gửi ý kiến kiểm tra chéo.")
        assert Remark.objects.get(score=binh11).unit == hoa

        page.goto(f"/cum-khoi/cham-diem/diem/{binh11.pk}/")
        expect(page.locator("#y-kien")).to_contain_text("Xã Tân Hòa")
        expect(page.locator("#y-kien")).to_contain_text("Chờ xử lý")
        page.fill("input[name=points]", "27")
        page.get_by_role("button", name="Điều chỉnh điểm").click()
        expect(page.locator("#dieu-chinh")).to_contain_text("Vui lòng ghi lý do điều chỉnh điểm.")
        assert _score(rnd, binh, "1.1").points == 30 and not Adjustment.objects.exists()
        page.fill("input[name=points]", "27")
        page.fill("textarea[name=reason]", "Theo báo cáo của Chi cục Thống kê, chỉ tiêu thu hút đầu tư đạt 90%.")
        page.check("input[name=resolve_remarks]")
        page.get_by_role("button", name="Điều chỉnh điểm").click()
        expect(page.locator("main")).to_contain_text("Đã điều chỉnh điểm tiêu chí 1.1 của Xã Tân Bình.")
        expect(page.locator("#dieu-chinh")).to_contain_text("Theo báo cáo của Chi cục Thống kê")
        screenshot("clusters-score-adjusted")
        adjustment = Adjustment.objects.get(score=binh11)
        assert (adjustment.old_points, adjustment.new_points, adjustment.by_unit) == (30, 27, phu)
        binh11 = _score(rnd, binh, "1.1")
        assert (binh11.self_points, binh11.points) == (30, 27)
        assert Remark.objects.get(score=binh11).resolved

        # --- 5. The head locks the scores ------------------------------------------------------------------
        page.goto(f"{base}cham-diem/")
        page.get_by_role("button", name="Khóa điểm", exact=True).click()
        expect(page.locator("main h1")).to_have_text("Xác nhận: khóa điểm")
        assert ScoringRound.objects.get(pk=rnd.pk).state == RoundState.OPEN
        page.get_by_role("button", name="Khóa điểm", exact=True).click()
        expect(page.locator("main")).to_contain_text("Đã khóa điểm. Từ nay chỉ Sở Nội vụ mở lại được.")
        assert ScoringRound.objects.get(pk=rnd.pk).state == RoundState.LOCKED

        member.goto(sheet_url)
        expect(member.locator("main")).to_contain_text(LOCKED)
        assert member.locator("input[name=self_points]").count() == 0
        member.goto(f"/cum-khoi/cham-diem/diem/{s11.pk}/")
        expect(member.locator("main")).to_contain_text(LOCKED)
        assert member.locator("input[name=self_points]").count() == 0
        assert member.locator("input[name=file]").count() == 0
        _shot(member, "clusters-score-locked")
        response = _post_with_csrf(
            member,
            f"/cum-khoi/cham-diem/diem/{s11.pk}/tu-cham/",
            {"self_points": "30", "version": str(_score(rnd, hoa, "1.1").version)},
        )
        assert response.status == 200 and LOCKED in response.text()
        with pytest.raises(ValidationError, match="Đã khóa điểm"):
            scoring.score_set(actor=setting.officers["Xã Tân Hòa"], score=s11, self_points=30)
        s11 = _score(rnd, hoa, "1.1")
        assert (s11.self_points, s11.points) == (28, 28)

        # --- 6. The ranking: the tie on 88 points is broken by group I --------------------------------------
        page.goto(f"{base}cham-diem/")
        page.get_by_role("button", name="Xếp hạng", exact=True).click()
        expect(page.locator("main h1")).to_have_text(f"Xếp hạng thi đua Cụm thi đua số 1 năm {setting.year}")
        expect(page.locator("main")).to_contain_text("Kết quả chính thức (đã khóa điểm)")
        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(8)
        expected = [
            ("1", "Xã Tân Phú", "96,5", "Hơn tổng điểm", "Đề nghị Cờ thi đua"),
            ("2", "Xã Tân Lập", "90", "Hơn tổng điểm", "Đề nghị Bằng khen"),
            ("3", "Xã Tân Hòa", "88", "Hơn điểm nhóm I: 55 > 54", "Đề nghị Bằng khen"),
            ("4", "Xã Tân Bình", "88", "Kém điểm nhóm I: 54 < 55", "—"),
        ]
        for i, (position, name, total, how, band) in enumerate(expected):
            cells = [c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
            assert cells[0] == position and cells[1] == name, cells
            assert cells[-3] == total and cells[-2] == how and cells[-1] == band, cells
        assert "Đơn vị đồng hạng" not in page.inner_text("main")
        screenshot("clusters-ranking")

        # --- 7. The head proposes the flag and the Bằng khen lines ---------------------------------------------
        page.get_by_role("button", name="Lập hồ sơ đề nghị khen thưởng").click()
        expect(page.locator("main h1")).to_have_text("Xác nhận: lập hồ sơ đề nghị khen thưởng từ kết quả xếp hạng")
        expect(page.locator("select[name=movement]")).to_have_value(str(setting.movement.pk))
        expect(page.locator("main table")).to_contain_text(f"Xếp thứ 3/8 Cụm thi đua số 1 năm {setting.year}, 88 điểm")
        assert not Nomination.objects.exists()
        page.get_by_role("button", name="Lập hồ sơ đề nghị", exact=True).click()
        expect(page.locator("main")).to_contain_text("với 3 dòng đề nghị")
        nomination = Nomination.objects.get()
        assert page.url.endswith(f"/ho-so/{nomination.pk}/")
        lines = list(nomination.lines.select_related("award_type", "unit").order_by("sort_order"))
        assert [(line.unit, line.award_type.code) for line in lines] == [
            (phu, "CO_TINH"),
            (lap, "BK_TINH_TT"),
            (hoa, "BK_TINH_TT"),
        ]
        assert lines[0].achievement == f"Xếp thứ 1/8 Cụm thi đua số 1 năm {setting.year}, 96,5 điểm"
        assert (nomination.cluster, nomination.proposing_unit, nomination.movement) == (cluster, phu, setting.movement)
        assert ScoringRound.objects.get(pk=rnd.pk).proposal == nomination
        main = page.locator("main")
        for text in ("Cờ thi đua của Ủy ban nhân dân tỉnh", "Bằng khen của Chủ tịch UBND tỉnh (tập thể)"):
            expect(main).to_contain_text(text)
        for name in ("Xã Tân Phú", "Xã Tân Lập", "Xã Tân Hòa"):
            expect(main).to_contain_text(name)
        screenshot("clusters-proposal-dossier")

        # --- 8. A commune outside the cluster sees nothing until the results are published ------------------
        context, outsider = _new_page(browser, live_server, "cb.hoabinh")
        contexts.append(context)
        for url in (base, f"{base}xep-hang/", f"{base}giao-uoc/", f"{base}cham-diem/", sheet_url):
            assert outsider.goto(url).status == 404, url
        context, office = _new_page(browser, live_server, "cv.snv")
        contexts.append(context)
        office.goto(f"{base}xep-hang/")
        office.get_by_role("button", name="Công bố kết quả").click()
        expect(office.locator("main h1")).to_have_text("Xác nhận: công bố kết quả xếp hạng")
        office.get_by_role("button", name="Công bố kết quả", exact=True).click()
        expect(office.locator("main")).to_contain_text("Đã công bố kết quả xếp hạng Cụm thi đua số 1")
        response = outsider.goto(f"{base}xep-hang/")
        assert response.status == 200
        expect(outsider.locator("main table")).to_contain_text("Xã Tân Phú")
        assert outsider.goto(base).status == 404
    finally:
        for context in contexts:
            context.close()
