"""Covenant screens with the personas: who sees the covenant, who drafts it, who writes and signs which
commitment, the confirmation page of the final signing, the read-only signed covenant, the .docx."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from thidua.clusters.models import Commitment, Covenant, CovenantState, CovenantTarget
from thidua.clusters.selectors.covenant import default_title
from thidua.clusters.services import covenant as services
from thidua.movements.models import Level, Movement, MovementKind, State, Target

from .conftest import YEAR
from .test_covenant import sign_all

pytestmark = pytest.mark.django_db


def url(name, cluster, *args):
    return reverse(f"clusters:{name}", args=[cluster.cluster.pk, *args])


@pytest.fixture
def draft(cluster, head_officer):
    return services.covenant_save(
        actor=head_officer,
        cluster=cluster.cluster,
        title=default_title(cluster.cluster),
        signing_date=dt.date(YEAR, 2, 20),
        content="Nội dung giao ước chung.",
    )


# --- Seeing -----------------------------------------------------------------------------------------------


def test_members_and_the_province_see_the_covenant_outsiders_get_404(
    draft,
    cluster,
    province_officer,
    head_officer,
    member_officer,
    outsider_officer,
    unit_officer,
    council_member,
    client_for,
):
    for user in (province_officer, head_officer, member_officer):
        r = client_for(user).get(url("covenant", cluster))
        assert r.status_code == 200 and "Giao ước thi đua năm 2026 của Cụm thi đua số 1" in r.content.decode()
    for user in (outsider_officer, unit_officer, council_member):
        assert client_for(user).get(url("covenant", cluster)).status_code == 404
        assert client_for(user).get(url("covenant_docx", cluster)).status_code == 404


def test_anonymous_is_sent_to_login(draft, cluster, client_for):
    for name in ("covenant", "covenant_edit", "covenant_sign", "covenant_docx"):
        r = client_for(None).get(url(name, cluster))
        assert r.status_code == 302 and r["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_without_a_draft_the_head_is_offered_to_draft_one(cluster, head_officer, member_officer, client_for):
    head_page = client_for(head_officer).get(url("covenant", cluster)).content.decode()
    assert "Soạn dự thảo giao ước" in head_page
    assert "Soạn dự thảo giao ước" not in client_for(member_officer).get(url("covenant", cluster)).content.decode()
    assert client_for(member_officer).get(url("covenant_docx", cluster)).status_code == 404


def test_the_member_sees_links_for_its_own_commitment_only(draft, cluster, member_officer, client_for):
    text = client_for(member_officer).get(url("covenant", cluster)).content.decode()
    assert url("commitment_edit", cluster, cluster.member.pk) in text
    assert url("commitment_edit", cluster, cluster.head.pk) not in text
    assert url("covenant_edit", cluster) not in text and url("covenant_sign", cluster) not in text


def test_covenant_page_runs_a_fixed_number_of_queries(draft, cluster, member_officers, head_officer, client_for):
    client = client_for(head_officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("covenant", cluster)).status_code == 200
        return len(ctx)

    few = count()
    sign_all(cluster, draft, member_officers)
    for i in range(5):
        CovenantTarget.objects.create(covenant=draft, name=f"Chỉ tiêu {i}", order=i)
    assert count() == few


# --- Drafting through the screens -------------------------------------------------------------------------


def test_the_head_drafts_with_the_default_title(cluster, head_officer, client_for):
    c = client_for(head_officer)
    form = c.get(url("covenant_edit", cluster))
    assert "Giao ước thi đua năm 2026 của Cụm thi đua số 1" in form.content.decode()
    r = c.post(
        url("covenant_edit", cluster),
        {"title": "Giao ước thi đua năm 2026 của Cụm thi đua số 1", "place": "Xã", "version": 0},
    )
    assert r.status_code == 302 and Covenant.objects.get().place == "Xã"


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer"])
def test_members_and_outsiders_cannot_draft(request, draft, cluster, persona, client_for):
    c = client_for(request.getfixturevalue(persona))
    expected = 403 if persona == "member_officer" else 404
    assert c.get(url("covenant_edit", cluster)).status_code == expected
    assert c.post(url("covenant_edit", cluster), {"title": "Khác", "version": 1}).status_code == expected
    assert c.post(url("covenant_target_add", cluster), {"name": "Khác", "version": 1}).status_code == expected
    assert c.post(url("covenant_sign", cluster), {"version": 1}).status_code == expected
    assert Covenant.objects.get().title == default_title(cluster.cluster) and not CovenantTarget.objects.exists()


def test_targets_from_a_movement_and_by_hand_through_the_screens(draft, cluster, head_officer, client_for):
    m = Movement.objects.create(
        level=Level.PROVINCE,
        kind=MovementKind.REGULAR,
        state=State.LAUNCHED,
        name="Phong trào A",
        period_start=dt.date(YEAR, 1, 1),
    )
    Target.objects.create(movement=m, name="Thu ngân sách đạt dự toán", measure="%", target_value=100)
    c = client_for(head_officer)
    page = c.get(url("covenant_targets_from_movement", cluster))
    assert "Phong trào A (1 chỉ tiêu)" in page.content.decode()
    assert c.post(url("covenant_targets_from_movement", cluster), {"movement": m.pk, "version": 1}).status_code == 302
    assert "Thêm chỉ tiêu chung" in c.get(url("covenant_target_add", cluster)).content.decode()
    copied = CovenantTarget.objects.get()
    assert "Phong trào A" in c.get(url("covenant_target_edit", cluster, copied.pk)).content.decode()
    r = c.post(
        url("covenant_target_add", cluster),
        {"name": "Mô hình dân vận khéo", "measure": "mô hình", "target_value": "1.250,5", "version": 2},
    )
    assert r.status_code == 302
    typed = CovenantTarget.objects.get(name="Mô hình dân vận khéo")
    assert str(typed.target_value) == "1250.50"
    c.post(url("covenant_target_move", cluster, typed.pk), {"huong": "up", "version": 3})
    assert list(CovenantTarget.objects.values_list("name", flat=True))[0] == "Mô hình dân vận khéo"
    stale = c.post(url("covenant_target_remove", cluster, typed.pk), {"version": 3}, follow=True)
    assert "vừa được người khác sửa" in stale.content.decode()
    c.post(url("covenant_target_remove", cluster, typed.pk), {"version": 4})
    assert list(CovenantTarget.objects.values_list("name", flat=True)) == ["Thu ngân sách đạt dự toán"]


# --- Commitments through the screens ------------------------------------------------------------------------


def test_a_member_writes_and_signs_its_commitment_with_a_confirmation_page(draft, cluster, member_officer, client_for):
    c = client_for(member_officer)
    unit = cluster.member
    early = c.get(url("commitment_sign", cluster, unit.pk))
    assert early.status_code == 302 and early["Location"] == url("commitment_edit", cluster, unit.pk)
    assert "Cam kết của Xã Tân Hòa" in c.get(url("commitment_edit", cluster, unit.pk)).content.decode()
    assert (
        c.post(url("commitment_edit", cluster, unit.pk), {"text": "Cam kết của Tân Hòa.", "version": 0}).status_code
        == 302
    )
    confirm = c.get(url("commitment_sign", cluster, unit.pk))
    assert "Xác nhận: Xã Tân Hòa ký cam kết" in confirm.content.decode()
    assert not Commitment.objects.get(unit=unit).signed_at
    version = Commitment.objects.get(unit=unit).version
    r = c.post(
        url("commitment_sign", cluster, unit.pk),
        {"signer_name": "Lê Văn Hòa", "signer_title": "Chủ tịch UBND xã", "version": version},
    )
    assert r.status_code == 302 and Commitment.objects.get(unit=unit).signed_at


@pytest.mark.parametrize("persona", ["member_officer", "head_officer", "province_officer"])
def test_nobody_opens_another_units_commitment(request, draft, cluster, persona, client_for):
    c = client_for(request.getfixturevalue(persona))
    other = cluster.units[3]
    assert c.get(url("commitment_edit", cluster, other.pk)).status_code == 403
    assert c.post(url("commitment_edit", cluster, other.pk), {"text": "Thay"}).status_code == 403
    assert (
        c.post(url("commitment_sign", cluster, other.pk), {"signer_name": "A", "signer_title": "B"}).status_code == 403
    )
    assert not Commitment.objects.exists()


def test_commitment_of_a_non_member_unit_or_for_an_outsider_is_404(
    draft, cluster, outsider_officer, member_officer, client_for
):
    assert client_for(member_officer).get(url("commitment_edit", cluster, cluster.outside.pk)).status_code == 404
    assert client_for(outsider_officer).get(url("commitment_edit", cluster, cluster.outside.pk)).status_code == 404


# --- Final signing -----------------------------------------------------------------------------------------


def test_the_confirmation_page_lists_who_has_not_signed(draft, cluster, member_officers, head_officer, client_for):
    sign_all(cluster, draft, member_officers, skip=(cluster.units[7],))
    c = client_for(head_officer)
    page = c.get(url("covenant_sign", cluster)).content.decode()
    assert "Còn 1 đơn vị chưa ký cam kết: Xã Tân Sơn" in page
    r = c.post(url("covenant_sign", cluster), {"version": 1})
    assert "Còn 1 đơn vị chưa ký cam kết: Xã Tân Sơn." in r.content.decode()
    assert Covenant.objects.get().state == CovenantState.DRAFT


def test_after_signing_edits_are_refused_with_a_clear_message(
    draft, cluster, member_officers, head_officer, member_officer, client_for
):
    sign_all(cluster, draft, member_officers)
    c = client_for(head_officer)
    assert c.post(url("covenant_sign", cluster), {"version": 1}).status_code == 302
    assert Covenant.objects.get().state == CovenantState.SIGNED
    r = c.get(url("covenant_edit", cluster), follow=True)
    assert "Giao ước đã được ký kết" in r.content.decode()
    r = client_for(member_officer).post(
        url("commitment_edit", cluster, cluster.member.pk), {"text": "Khác"}, follow=True
    )
    assert "Giao ước đã được ký kết" in r.content.decode()
    assert Commitment.objects.get(unit=cluster.member).text != "Khác"
    page = client_for(member_officer).get(url("covenant", cluster)).content.decode()
    assert "Đã ký kết" in page and url("commitment_edit", cluster, cluster.member.pk) not in page


def test_docx_download(draft, cluster, member_officer, client_for):
    r = client_for(member_officer).get(url("covenant_docx", cluster))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(r.content))
    assert any(p.text == "GIAO ƯỚC THI ĐUA" for p in doc.paragraphs)
    assert any(p.text == "DỰ THẢO" for p in doc.paragraphs)
