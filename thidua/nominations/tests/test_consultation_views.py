"""Public consultation screens: the public pages (no login, nothing personal beyond name, position and
unit, markup never runs), the comment form (CSRF, honeypot), and the staff screens and panel."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from thidua.core.models import AuditEvent
from thidua.nominations.models import CommentStatus, PublicComment, PublicConsultation

from .test_consultation_support import *  # noqa: F403  (fixture: dossier)
from .test_consultation_support import opened

SCRIPT = "<script>alert('xss')</script>"


def public_url(c):
    return reverse("consultation:consultation_public_detail", args=[c.pk])


def post_comment(client, c, **kw):
    data = {"name": "Nguyễn Văn Dân", "contact": "0912345678", "body": "Tôi đồng ý với đề nghị này.", "website": ""}
    data.update(kw)
    return client.post(public_url(c), data)


# --- public pages -------------------------------------------------------------------------------


def test_anyone_sees_the_list_of_open_consultations(dossier, client_for):
    c = opened(dossier)
    today = timezone.localdate()
    closed_dossier = PublicConsultation.objects.create(
        nomination=type(dossier).objects.create(
            proposing_unit=dossier.proposing_unit,
            title="Hồ sơ đã hết hạn lấy ý kiến",
            year=2024,
            basis=dossier.basis,
            authority=dossier.authority,
            deciding_unit=dossier.deciding_unit,
        ),
        opened_on=today - dt.timedelta(days=30),
        ends_on=today - dt.timedelta(days=2),
    )
    response = client_for(None).get(reverse("consultation:consultation_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert public_url(c) in body and "Đỗ Thị Lan" in body
    assert public_url(closed_dossier) not in body


def test_the_list_loads_in_a_fixed_number_of_queries(dossier, make_nomination, make_line, make_person, province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.nominations.selectors import consultation as sel

    opened(dossier)
    counts = []
    for size in (1, 4):
        while PublicConsultation.objects.count() < size:
            n = make_nomination(province.hospital, title=f"Hồ sơ {PublicConsultation.objects.count()}")
            make_line(n, make_person(province.hospital, "Người thứ hai"), "CSTD_TQ")
            opened(n)
        with CaptureQueriesContext(connection) as ctx:
            items = sel.public_consultation_list()
        assert len(items) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == 2


def test_the_public_page_shows_only_name_position_unit_award_period_and_summary(dossier, client_for):
    c = opened(dossier)
    line = c.lines.get()
    line.achievement = "Có 3 sáng kiến cấp tỉnh."
    line.check_summary = "KIỂM TRA NỘI BỘ: thiếu biên bản"
    line.save()
    response = client_for(None).get(public_url(c))
    assert response.status_code == 200
    body = response.content.decode()
    for shown in ("Đỗ Thị Lan", "Trưởng khoa Nội", "Bệnh viện Đa khoa tỉnh", "Chiến sĩ thi đua toàn quốc",
                  "2020–2025", "Có 3 sáng kiến cấp tỉnh."):  # fmt: skip
        assert shown in body
    for hidden in ("001185000777", "30/04/1979", "1979-04-30", "KIỂM TRA NỘI BỘ", "Bằng khen của Chủ tịch UBND tỉnh"):
        assert hidden not in body
    # Nothing in the page context can reach the person or the line rows themselves.
    published = response.context["consultation"].lines[0]
    assert not hasattr(published, "person") and not hasattr(published, "check_summary")


def test_an_unknown_or_future_consultation_is_404(dossier, client_for):
    today = timezone.localdate()
    c = opened(dossier, opened_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=20))
    assert client_for(None).get(public_url(c)).status_code == 404
    assert client_for(None).get(reverse("consultation:consultation_public_detail", args=[9999])).status_code == 404


def test_an_anonymous_citizen_can_comment_and_it_waits_for_moderation(dossier, client_for):
    c = opened(dossier)
    client = client_for(None)
    response = post_comment(client, c, line=str(c.lines.get().pk), body="Bác sĩ Lan rất tận tình với bệnh nhân.")
    assert response.status_code == 302
    saved = PublicComment.objects.get()
    assert saved.status == CommentStatus.PENDING and saved.consultation == c
    assert len(saved.client_key) == 64 and "127.0.0.1" not in saved.client_key
    page = client.get(public_url(c)).content.decode()
    assert "Cảm ơn anh/chị đã gửi ý kiến" in page
    assert "Bác sĩ Lan rất tận tình" not in page  # pending: not shown


def test_approved_comments_show_name_and_text_but_never_the_contact(dossier, client_for):
    c = opened(dossier)
    PublicComment.objects.create(
        consultation=c, name="Trần Văn Góp", contact="gop@example.vn", body="Đồng ý.", client_key="k",
        status=CommentStatus.APPROVED,
    )  # fmt: skip
    PublicComment.objects.create(
        consultation=c, name="Người bị ẩn", contact="an@example.vn", body="Ý kiến bị ẩn", client_key="k",
        status=CommentStatus.REJECTED,
    )  # fmt: skip
    body = client_for(None).get(public_url(c)).content.decode()
    assert "Trần Văn Góp" in body and "Đồng ý." in body
    assert "gop@example.vn" not in body
    assert "Người bị ẩn" not in body and "Ý kiến bị ẩn" not in body


def test_markup_in_a_comment_never_runs(dossier, client_for):
    c = opened(dossier)
    post_comment(client_for(None), c, name="Kẻ xấu <b>", body=f"Nội dung {SCRIPT}")
    saved = PublicComment.objects.get()
    assert saved.body == f"Nội dung {SCRIPT}"  # stored as typed, as plain text
    saved.status = CommentStatus.APPROVED
    saved.save()
    body = client_for(None).get(public_url(c)).content.decode()
    assert SCRIPT not in body and "<b>" not in body
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in body


def test_the_comment_form_carries_a_csrf_token_and_is_checked(dossier):
    c = opened(dossier)
    strict = Client(enforce_csrf_checks=True)
    page = strict.get(public_url(c))
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert 'name="website"' in page.content.decode()  # the honeypot
    response = strict.post(public_url(c), {"name": "A B", "contact": "0912345678", "body": "Nội dung đủ dài."})
    assert response.status_code == 403
    assert not PublicComment.objects.exists()


def test_a_robot_filling_the_honeypot_is_thanked_but_nothing_is_kept(dossier, client_for):
    c = opened(dossier)
    response = post_comment(client_for(None), c, website="http://spam.example")
    assert response.status_code == 302
    assert not PublicComment.objects.exists()
    assert not AuditEvent.objects.filter(action="consultation.comment").exists()


def test_the_form_shows_errors_in_vietnamese(dossier, client_for):
    c = opened(dossier)
    response = post_comment(client_for(None), c, name="", body="ngắn")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vui lòng nhập họ và tên." in body
    assert "Nội dung ý kiến quá ngắn (ít nhất 10 ký tự)." in body


def test_the_fourth_comment_in_an_hour_is_refused_with_a_message(dossier, client_for, settings):
    settings.THIDUA_COMMENT_LIMIT_PER_HOUR = 3
    c = opened(dossier)
    client = client_for(None)
    for _ in range(3):
        assert post_comment(client, c).status_code == 302
    response = post_comment(client, c)
    assert response.status_code == 400
    assert "3 ý kiến trong một giờ qua" in response.content.decode()
    assert PublicComment.objects.count() == 3


def test_after_the_period_the_form_is_gone_and_a_comment_is_refused(dossier, client_for):
    today = timezone.localdate()
    c = opened(dossier, opened_on=today - dt.timedelta(days=20), ends_on=today - dt.timedelta(days=1))
    client = client_for(None)
    assert "Gửi ý kiến</button>" not in client.get(public_url(c)).content.decode()
    assert post_comment(client, c).status_code == 400
    assert not PublicComment.objects.exists()


# --- staff --------------------------------------------------------------------------------------


def test_the_office_opens_consultation_after_a_confirmation_page(dossier, province_officer, client_for):
    client = client_for(province_officer)
    url = reverse("nominations:consultation_open", args=[dossier.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Xác nhận đăng lấy ý kiến" in page.content.decode()
    assert not PublicConsultation.objects.exists()
    response = client.post(url, {"version": dossier.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:consultation_manage", args=[dossier.pk])
    assert PublicConsultation.objects.filter(nomination=dossier).exists()


def test_opening_with_a_stale_page_changes_nothing(dossier, province_officer, client_for):
    response = client_for(province_officer).post(
        reverse("nominations:consultation_open", args=[dossier.pk]), {"version": dossier.version + 1}
    )
    assert response.status_code == 400
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert not PublicConsultation.objects.exists()


def test_unit_officers_cannot_open_or_manage(dossier, unit_officer, other_unit_officer, client_for):
    # Sở Y tế sees its hospital's dossier (403); Sở GD&ĐT does not see it at all (404).
    for url in (
        reverse("nominations:consultation_open", args=[dossier.pk]),
        reverse("nominations:consultation_manage", args=[dossier.pk]),
    ):
        assert client_for(unit_officer).get(url).status_code == 403
        assert client_for(other_unit_officer).get(url).status_code == 404
    assert (
        client_for(unit_officer)
        .post(reverse("nominations:consultation_open", args=[dossier.pk]), {"version": dossier.version})
        .status_code
        == 403
    )
    assert not PublicConsultation.objects.exists()


def test_the_moderation_queue_is_for_the_province_only(dossier, province_officer, unit_officer, client_for):
    c = opened(dossier)
    PublicComment.objects.create(
        consultation=c, name="Người góp ý", contact="0900000000", body="Chờ duyệt", client_key="k"
    )
    url = reverse("nominations:moderation_queue")
    assert client_for(unit_officer).get(url).status_code == 403
    response = client_for(province_officer).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Người góp ý" in body and "0900000000" in body and dossier.code in body
    assert client_for(None).get(url).status_code == 302  # to the login page


def test_a_unit_officer_cannot_moderate(dossier, unit_officer, other_unit_officer, client_for):
    c = opened(dossier)
    saved = PublicComment.objects.create(
        consultation=c, name="A", contact="0900000000", body="Chờ duyệt", client_key="k"
    )
    url = reverse("nominations:comment_moderate", args=[saved.pk])
    assert client_for(unit_officer).post(url, {"decision": "approve"}).status_code == 403
    assert client_for(other_unit_officer).post(url, {"decision": "approve"}).status_code == 404
    saved.refresh_from_db()
    assert saved.status == CommentStatus.PENDING


def test_the_province_moderates_from_the_manage_page(dossier, province_officer, client_for):
    c = opened(dossier)
    saved = PublicComment.objects.create(
        consultation=c, name="Người góp ý", contact="0900000000", body="Nội dung", client_key="k"
    )
    client = client_for(province_officer)
    manage = reverse("nominations:consultation_manage", args=[dossier.pk])
    page = client.get(manage).content.decode()
    assert "Người góp ý" in page and "Duyệt hiển thị" in page
    response = client.post(
        reverse("nominations:comment_moderate", args=[saved.pk]), {"decision": "approve", "next": manage}
    )
    assert response.status_code == 302 and response["Location"] == manage
    saved.refresh_from_db()
    assert saved.status == CommentStatus.APPROVED
    assert "Người góp ý" in client_for(None).get(public_url(c)).content.decode()
    htmx = client.post(
        reverse("nominations:comment_moderate", args=[saved.pk]), {"decision": "reject"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and f'id="y-kien-{saved.pk}"' in htmx.content.decode()
    saved.refresh_from_db()
    assert saved.status == CommentStatus.REJECTED


def test_an_outside_next_url_is_ignored(dossier, province_officer, client_for):
    saved = PublicComment.objects.create(
        consultation=opened(dossier), name="A", contact="0900000000", body="B", client_key="k"
    )
    response = client_for(province_officer).post(
        reverse("nominations:comment_moderate", args=[saved.pk]),
        {"decision": "approve", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("nominations:consultation_manage", args=[dossier.pk])


# --- the panel on the dossier page ----------------------------------------------------------------


def render_panel(user, nomination):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load nomination_consultation %}{% consultation_panel nomination %}")
    return template.render(Context({"request": request, "nomination": nomination, "user": user}))


def test_the_panel_tells_the_office_what_is_needed_and_offers_to_open(dossier, province_officer):
    html = render_panel(province_officer, dossier)
    assert "cần đăng lấy ý kiến nhân dân trước khi hoàn thành thẩm định" in html
    assert reverse("nominations:consultation_open", args=[dossier.pk]) in html


def test_the_panel_shows_the_period_and_counts_once_open(dossier, province_officer):
    c = opened(dossier)
    PublicComment.objects.create(consultation=c, name="A", contact="x@y.vn", body="B", client_key="k")
    PublicComment.objects.create(
        consultation=c, name="C", contact="x@y.vn", body="D", client_key="k", status="APPROVED"
    )
    html = render_panel(province_officer, dossier)
    assert f"đến hết ngày {c.ends_on:%d/%m/%Y}" in html
    assert "1 ý kiến chờ duyệt · 1 đã hiển thị" in html
    assert reverse("nominations:consultation_manage", args=[dossier.pk]) in html
    assert reverse("nominations:consultation_open", args=[dossier.pk]) not in html


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "council_member", "other_unit_officer"])
def test_the_panel_is_empty_for_users_without_the_right(dossier, persona, request):
    opened(dossier)
    assert render_panel(request.getfixturevalue(persona), dossier).strip() == ""


def test_the_moderation_queue_takes_a_fixed_number_of_queries(dossier, province_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.nominations.selectors import consultation as sel

    c = opened(dossier)
    line = c.lines.get()
    province_officer.has_perm("nominations.moderate_comments")  # roles are loaded once per request
    counts = []
    for size in (2, 9):
        while PublicComment.objects.count() < size:
            PublicComment.objects.create(
                consultation=c, line=line, name="Người góp ý", contact="0900000000", body="Nội dung", client_key="k"
            )
        with CaptureQueriesContext(connection) as ctx:
            rows = [
                (x.consultation.nomination.code, x.line.subject_name)
                for x in sel.moderation_queue(actor=province_officer)
            ]
        assert len(rows) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == 1
