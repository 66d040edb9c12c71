"""A provincial officer creates a movement from the text of an announcement, corrects it, launches it
to a cluster; an officer of a member unit sees the duty and sends the unit's plan."""

from pathlib import Path

import pytest

from tests.e2e.conftest import login
from tests.personas import PASSWORD

# The catalogue and the national movements are seeded by migrations: keep them across the flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEED = next((Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds").glob("003_*.txt"))


@pytest.fixture
def cluster(province):
    from thidua.org.models import Cluster, ClusterMember, ClusterRole

    c = Cluster.objects.create(name="Cụm thi đua số 1", kind="AREA", year=2025)
    ClusterMember.objects.create(cluster=c, unit=province.commune1, role=ClusterRole.HEAD)
    ClusterMember.objects.create(cluster=c, unit=province.health)
    return c


def test_officer_creates_a_movement_from_an_announcement_and_a_cluster_unit_answers_it(
    page, screenshot, province_officer, unit_officer, cluster
):
    from thidua.movements.models import Movement, Participation, State

    login(page, province_officer.username, PASSWORD)
    page.goto("/phong-trao/tao-tu-van-ban/")
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Trích xuất thông tin").click()
    page.wait_for_selector("input[name=name]")
    assert "Thi đua đoàn kết, đổi mới, sáng tạo" in page.input_value("textarea[name=slogans]")
    assert page.input_value("input[name=period_start]") == "2024-07-01"
    assert page.input_value("input[name=period_end]") == "2025-06-30"
    assert "Đại hội thi đua yêu nước tỉnh Hậu Giang lần thứ VI" in page.input_value("input[name=reward_event]")
    assert page.locator("blockquote.source").count() >= 3  # each extracted field beside its passage
    screenshot("movement_from_announcement")

    # The officer corrects a field and chooses the cluster.
    page.fill("input[name=name]", "Đợt thi đua đặc biệt chào mừng đại hội đảng bộ các cấp, nhiệm kỳ 2025 - 2030")
    page.select_option("select[name=participation_mode]", "BY_CLUSTER")
    page.select_option("select[name=participation_cluster]", str(cluster.pk))
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_selector("text=Đã lưu dự thảo phong trào")
    movement = Movement.objects.get(name__startswith="Đợt thi đua đặc biệt chào mừng đại hội")
    assert movement.period_start.isoformat() == "2024-07-01" and movement.state == State.DRAFT

    page.get_by_role("button", name="Phát động", exact=True).click()
    assert "Sở Y tế" in page.content() and "Xã Tân Phú" in page.content()
    page.get_by_role("button", name="Xác nhận: Phát động").click()
    page.wait_for_selector("text=Đã phát động phong trào tới 2 đơn vị")
    assert Participation.objects.filter(movement=movement).count() == 2
    screenshot("movement_launched_to_cluster")

    # An officer of a member unit sees the duty and sends the plan.
    page.context.clear_cookies()
    login(page, unit_officer.username, PASSWORD)
    page.goto("/phong-trao/nhiem-vu/")
    assert "Đợt thi đua đặc biệt chào mừng đại hội" in page.content()
    page.get_by_role("button", name="Soạn kế hoạch hưởng ứng").click()
    page.wait_for_selector("text=Kế hoạch hưởng ứng của Sở Y tế")
    page.fill("input[name=name]", "Hoàn thành 100% hồ sơ bệnh án điện tử")
    page.get_by_role("button", name="Thêm công trình, phần việc").click()
    page.wait_for_selector("text=Đã thêm công trình, phần việc tiêu biểu")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi kế hoạch hưởng ứng").click()
    page.wait_for_selector("text=Đã gửi kế hoạch hưởng ứng")
    screenshot("unit_plan_sent")
    duty = Participation.objects.get(movement=movement, unit__code="SYT")
    assert duty.answered_at is not None
