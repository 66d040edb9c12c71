"""In-app notifications and their e-mails; the notification screens; the header's bell and the
dashboard's "waiting for you" panel."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from thidua.core.models import Notification
from thidua.core.notifications import notify

pytestmark = pytest.mark.django_db


def test_notify_writes_one_notice_per_user_and_mails_those_with_an_address(
    unit_officer, other_unit_officer, leader, django_capture_on_commit_callbacks
):
    unit_officer.email = "syt@example.vn"
    unit_officer.save()
    leader.is_active = False
    leader.email = "ld@example.vn"
    leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            users=[unit_officer, other_unit_officer, unit_officer, leader],
            text="Hồ sơ HS-2025-000001 chờ tiếp nhận.",
            url="/ho-so/1/",
        )
    assert len(rows) == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["cb.sgd", "cb.syt"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["syt@example.vn"]
    assert message.subject.startswith("[Thi đua – Khen thưởng] Hồ sơ HS-2025-000001")
    assert "Kính gửi Lê Văn Bình" in message.body and "/ho-so/1/" in message.body


def test_no_mail_leaves_when_the_action_is_rolled_back(unit_officer, django_capture_on_commit_callbacks):
    unit_officer.email = "syt@example.vn"
    unit_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(users=[unit_officer], text="Sẽ bị hủy", url="")
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_list_shows_only_my_notifications(unit_officer, other_unit_officer, client_for):
    notify(users=[unit_officer], text="Thông báo cho Sở Y tế", url="/")
    notify(users=[other_unit_officer], text="Thông báo cho Sở Giáo dục", url="/")
    html = client_for(unit_officer).get(reverse("notifications:list")).content.decode()
    assert "Thông báo cho Sở Y tế" in html and "Thông báo cho Sở Giáo dục" not in html
    assert "1 thông báo chưa đọc" in html


def test_the_list_is_paginated(unit_officer, client_for):
    for i in range(55):
        notify(users=[unit_officer], text=f"Thông báo số {i}", url="")
    html = client_for(unit_officer).get(reverse("notifications:list")).content.decode()
    assert "Trang 1 / 2" in html


def test_opening_a_notification_marks_it_read_and_follows_its_link(unit_officer, client_for):
    (notice,) = notify(users=[unit_officer], text="Hồ sơ chờ tiếp nhận", url="/ho-so/viec-cho-xu-ly/")
    response = client_for(unit_officer).get(reverse("notifications:read", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/ho-so/viec-cho-xu-ly/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_an_outside_link_is_not_followed(unit_officer, client_for):
    (notice,) = notify(users=[unit_officer], text="Lạ", url="https://evil.example/")
    response = client_for(unit_officer).get(reverse("notifications:read", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_404(unit_officer, other_unit_officer, client_for):
    (notice,) = notify(users=[unit_officer], text="Riêng", url="/")
    assert client_for(other_unit_officer).get(reverse("notifications:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_read_all_marks_only_mine_and_needs_a_post(unit_officer, other_unit_officer, client_for):
    notify(users=[unit_officer, other_unit_officer], text="Chung", url="")
    notify(users=[unit_officer], text="Riêng", url="")
    client = client_for(unit_officer)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=unit_officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_unit_officer, read_at__isnull=True).count() == 1


def test_anonymous_visitors_are_sent_to_login(client_for):
    response = client_for(None).get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_header_shows_the_bell_with_the_unread_count(unit_officer, client_for):
    notify(users=[unit_officer], text="Một", url="")
    notify(users=[unit_officer], text="Hai", url="")
    html = client_for(unit_officer).get(reverse("dashboard")).content.decode()
    assert 'aria-label="Thông báo: 2 chưa đọc"' in html
    assert reverse("notifications:list") in html and reverse("nominations:inbox") in html


def test_the_inbox_link_is_for_officers_only(council_member, leader, client_for):
    for user in (council_member, leader):
        html = client_for(user).get(reverse("dashboard")).content.decode()
        assert reverse("nominations:inbox") not in html
        assert reverse("notifications:list") in html


def _waiting_at_health(province, due=None):
    """A hospital dossier sent to Sở Y tế (its managing body), written directly."""
    import datetime as dt

    from django.utils import timezone

    from thidua.nominations.models import Authority, Basis, Nomination, NominationStep, State, StepKind

    n = Nomination.objects.create(
        proposing_unit=province.hospital,
        title="Đề nghị khen thưởng đột xuất",
        year=2025,
        basis=Basis.DOT_XUAT,
        authority=Authority.PROVINCE_CHAIR,
        deciding_unit=province.root,
        state=State.SUBMITTED,
        due_date=due or timezone.localdate() + dt.timedelta(days=5),
    )
    step = NominationStep.objects.create(
        nomination=n, order=0, unit=province.health, kind=StepKind.MANAGING_BODY, arrived_at=timezone.now()
    )
    n.current_step = step
    n.save()
    return n


def test_the_dashboard_shows_what_waits_for_the_officer(province, unit_officer, client_for):
    waiting = _waiting_at_health(province)
    html = client_for(unit_officer).get(reverse("dashboard")).content.decode()
    assert "Việc đang chờ anh/chị" in html and waiting.code in html
    assert 'title="1 hồ sơ đang chờ anh/chị"' in html


def test_the_dashboard_shows_the_province_its_overdue_dossiers(province, province_officer, client_for):
    import datetime as dt

    from django.utils import timezone

    _waiting_at_health(province, due=timezone.localdate() - dt.timedelta(days=3))
    html = client_for(province_officer).get(reverse("dashboard")).content.decode()
    assert "1</strong> hồ sơ quá hạn trong tỉnh" in html and "Sở Y tế: 1 hồ sơ" in html
