"""The covenant (giao ước thi đua): the head drafts the shared part and targets (copied from a movement
or typed), each member writes and signs its own commitments, the head signs the covenant once every
member has signed, then nothing changes; the .docx shows units, targets and signers."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from thidua.clusters.covenant_docx import covenant_docx
from thidua.clusters.models import Commitment, Covenant, CovenantState, CovenantTarget
from thidua.clusters.selectors.covenant import covenant_page, default_title
from thidua.clusters.services import covenant as services
from thidua.core.models import AuditEvent
from thidua.movements.models import Level, Movement, MovementKind, State, Target

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def movement(db):
    m = Movement.objects.create(
        level=Level.PROVINCE,
        kind=MovementKind.REGULAR,
        state=State.LAUNCHED,
        name="Phong trào thi đua “Chung sức xây dựng nông thôn mới”",
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
    )
    Target.objects.create(movement=m, name="Tỷ lệ hộ nghèo giảm", measure="%", target_value=Decimal("1.5"), order=1)
    Target.objects.create(movement=m, name="Số km đường giao thông nông thôn", measure="km", target_value=12, order=2)
    return m


@pytest.fixture
def draft(cluster, head_officer):
    return services.covenant_save(
        actor=head_officer,
        cluster=cluster.cluster,
        title=default_title(cluster.cluster),
        place="Hội trường UBND xã Tân Phú",
        signing_date=dt.date(YEAR, 2, 20),
        content="Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2026.\nĐẩy mạnh cải cách hành chính.",
    )


def fresh(covenant):
    return Covenant.objects.get(pk=covenant.pk)


def sign_all(cluster, covenant, officers, *, skip=()):
    for unit, officer in zip(cluster.units, officers, strict=True):
        if unit in skip:
            continue
        services.commitment_save(
            actor=officer,
            covenant=covenant,
            unit=unit,
            version=None,
            text=f"{unit.name} cam kết hoàn thành 100% chỉ tiêu.",
        )
        services.commitment_sign(
            actor=officer,
            covenant=covenant,
            unit=unit,
            version=None,
            signer_name=f"Chủ tịch {unit.name}",
            signer_title="Chủ tịch UBND xã",
        )


# --- Drafting ------------------------------------------------------------------------------------------


def test_default_title_names_the_year_and_the_cluster(cluster):
    assert default_title(cluster.cluster) == "Giao ước thi đua năm 2026 của Cụm thi đua số 1"


def test_the_head_drafts_the_covenant_with_one_audit_event(cluster, head_officer):
    before = AuditEvent.objects.count()
    c = services.covenant_save(actor=head_officer, cluster=cluster.cluster, title="Giao ước 2026")
    assert c.state == CovenantState.DRAFT and c.version == 1
    assert AuditEvent.objects.count() == before + 1


def test_the_province_may_draft_too(cluster, province_officer):
    assert services.covenant_save(actor=province_officer, cluster=cluster.cluster, title="Giao ước 2026").pk


@pytest.mark.parametrize("persona", ["member_officer", "outsider_officer", "unit_officer", "council_member"])
def test_only_the_head_and_the_province_draft_the_covenant(request, cluster, persona):
    with pytest.raises(PermissionDenied):
        services.covenant_save(actor=request.getfixturevalue(persona), cluster=cluster.cluster, title="Giao ước")
    assert not Covenant.objects.exists()


def test_covenant_needs_a_title_and_a_signing_date_in_its_year(cluster, head_officer):
    with pytest.raises(ValidationError) as exc:
        services.covenant_save(actor=head_officer, cluster=cluster.cluster, title=" ", signing_date=dt.date(2020, 1, 1))
    assert set(exc.value.message_dict) == {"title", "signing_date"}


def test_a_stale_version_is_refused(draft, cluster, head_officer):
    services.covenant_save(actor=head_officer, cluster=cluster.cluster, version=1, title="Tên mới")
    with pytest.raises(ValidationError) as exc:
        services.covenant_save(actor=head_officer, cluster=cluster.cluster, version=1, title="Tên khác")
    assert "vừa được người khác sửa" in str(exc.value)
    assert fresh(draft).title == "Tên mới"


def test_targets_are_copied_from_a_movement_keeping_their_source_and_not_twice(draft, movement, head_officer):
    created = services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=1, movement=movement)
    assert [(t.name, t.measure, t.target_value, t.source.movement_id) for t in created] == [
        ("Tỷ lệ hộ nghèo giảm", "%", Decimal("1.5"), movement.pk),
        ("Số km đường giao thông nông thôn", "km", Decimal("12"), movement.pk),
    ]
    assert fresh(draft).movement == movement
    with pytest.raises(ValidationError) as exc:
        services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=2, movement=movement)
    assert "đã có trong giao ước" in str(exc.value)


def test_a_movement_without_targets_or_out_of_sight_is_refused(draft, head_officer, movement):
    empty = Movement.objects.create(level=Level.PROVINCE, kind=MovementKind.REGULAR, state=State.LAUNCHED, name="Trống")
    with pytest.raises(ValidationError) as exc:
        services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=1, movement=empty)
    assert "chưa có chỉ tiêu" in str(exc.value)
    movement.state = State.DRAFT  # a provincial draft is not visible to a commune
    movement.save()
    with pytest.raises(ValidationError):
        services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=1, movement=movement)


def test_typed_targets_are_added_reordered_edited_and_removed(draft, movement, head_officer):
    services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=1, movement=movement)
    typed = services.covenant_target_add(
        actor=head_officer,
        covenant=draft,
        version=2,
        name="Xây dựng 5 mô hình dân vận khéo",
        measure="mô hình",
        target_value=5,
    )
    services.covenant_target_move(actor=head_officer, target=typed, version=3, direction="up")
    services.covenant_target_move(actor=head_officer, target=typed, version=4, direction="up")
    services.covenant_target_move(actor=head_officer, target=typed, version=5, direction="up")  # already first
    assert [t.name for t in CovenantTarget.objects.filter(covenant=draft)][0] == "Xây dựng 5 mô hình dân vận khéo"
    services.covenant_target_update(
        actor=head_officer, target=typed, version=6, name="Xây dựng 6 mô hình", measure="mô hình", target_value=6
    )
    first = CovenantTarget.objects.filter(covenant=draft).first()
    services.covenant_target_remove(actor=head_officer, target=first, version=7)
    assert [t.name for t in CovenantTarget.objects.filter(covenant=draft)] == [
        "Tỷ lệ hộ nghèo giảm",
        "Số km đường giao thông nông thôn",
    ]
    assert fresh(draft).version == 8


@pytest.mark.parametrize(
    "kw, field", [({"name": ""}, "name"), ({"target_value": -1}, "target_value"), ({"measure": "x" * 61}, "measure")]
)
def test_bad_targets_are_refused(draft, head_officer, kw, field):
    args = {"name": "Chỉ tiêu", "measure": "", "target_value": None} | kw
    with pytest.raises(ValidationError) as exc:
        services.covenant_target_add(actor=head_officer, covenant=draft, version=1, **args)
    assert field in exc.value.message_dict
    assert not CovenantTarget.objects.exists()


def test_a_member_cannot_change_the_shared_part(draft, member_officer):
    with pytest.raises(PermissionDenied):
        services.covenant_target_add(actor=member_officer, covenant=draft, version=1, name="Chỉ tiêu riêng")


# --- Commitments ------------------------------------------------------------------------------------------


def test_a_member_writes_and_signs_its_own_commitment(draft, cluster, member_officer):
    c = services.commitment_save(
        actor=member_officer, covenant=draft, unit=cluster.member, version=None, text="Giảm 2% hộ nghèo."
    )
    assert c.version == 2
    signed = services.commitment_sign(
        actor=member_officer,
        covenant=draft,
        unit=cluster.member,
        version=2,
        signer_name="Lê Văn Hòa",
        signer_title="Chủ tịch UBND xã",
    )
    assert signed.signed_at and signed.signed_by == member_officer and signed.signer_name == "Lê Văn Hòa"
    assert AuditEvent.objects.filter(action="commitment.sign").count() == 1


@pytest.mark.parametrize("persona", ["member_officer", "head_officer", "province_officer", "outsider_officer"])
def test_nobody_writes_or_signs_another_units_commitment(request, draft, cluster, persona):
    actor = request.getfixturevalue(persona)
    other = cluster.units[3]  # Xã Tân Bình: none of these personas is its officer
    with pytest.raises(PermissionDenied):
        services.commitment_save(actor=actor, covenant=draft, unit=other, version=None, text="Cam kết thay")
    with pytest.raises(PermissionDenied):
        services.commitment_sign(
            actor=actor, covenant=draft, unit=other, version=None, signer_name="A", signer_title="B"
        )
    assert not Commitment.objects.exists()


def test_signing_needs_a_text_a_signer_and_a_title(draft, cluster, member_officer):
    with pytest.raises(ValidationError) as exc:
        services.commitment_sign(
            actor=member_officer, covenant=draft, unit=cluster.member, version=None, signer_name="", signer_title=""
        )
    assert {"signer_name", "signer_title", "__all__"} <= set(exc.value.message_dict)
    assert not Commitment.objects.filter(signed_at__isnull=False).exists()


def test_changing_a_signed_text_voids_the_units_signature(draft, cluster, member_officer):
    services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=None, text="A")
    services.commitment_sign(
        actor=member_officer, covenant=draft, unit=cluster.member, version=None, signer_name="X", signer_title="Y"
    )
    c = services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=None, text="B")
    assert c.signed_at is None and c.signer_name == "X"


def test_changing_the_shared_content_or_targets_voids_every_signature(draft, cluster, member_officers, head_officer):
    sign_all(cluster, draft, member_officers)
    services.covenant_target_add(actor=head_officer, covenant=draft, version=1, name="Chỉ tiêu mới")
    assert not Commitment.objects.filter(covenant=draft, signed_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="covenant.target_add").latest("pk").data["signatures_voided"]


def test_changing_only_the_place_keeps_the_signatures(draft, cluster, member_officers, head_officer):
    sign_all(cluster, draft, member_officers)
    d = fresh(draft)
    services.covenant_save(
        actor=head_officer,
        cluster=cluster.cluster,
        version=d.version,
        title=d.title,
        content=d.content,
        place="Nhà văn hóa xã",
        signing_date=d.signing_date,
    )
    assert Commitment.objects.filter(covenant=draft, signed_at__isnull=False).count() == 8


# --- Signing the covenant ------------------------------------------------------------------------------------


def test_the_covenant_is_signed_only_when_every_member_has_signed(draft, cluster, member_officers, head_officer):
    sign_all(cluster, draft, member_officers, skip=(cluster.units[6], cluster.units[7]))
    with pytest.raises(ValidationError) as exc:
        services.covenant_sign(actor=head_officer, covenant=draft, version=1)
    assert "Còn 2 đơn vị chưa ký cam kết" in str(exc.value)
    assert "Xã Tân Thạnh" in str(exc.value) and "Xã Tân Sơn" in str(exc.value)
    assert fresh(draft).state == CovenantState.DRAFT


def test_once_signed_the_covenant_is_read_only(draft, cluster, member_officers, head_officer, member_officer, movement):
    sign_all(cluster, draft, member_officers)
    signed = services.covenant_sign(actor=head_officer, covenant=draft, version=1)
    assert signed.state == CovenantState.SIGNED and signed.signed_at
    attempts = [
        lambda: services.covenant_save(actor=head_officer, cluster=cluster.cluster, version=2, title="Khác"),
        lambda: services.covenant_target_add(actor=head_officer, covenant=draft, version=2, name="Khác"),
        lambda: services.covenant_targets_from_movement(
            actor=head_officer, covenant=draft, version=2, movement=movement
        ),
        lambda: services.commitment_save(
            actor=member_officer, covenant=draft, unit=cluster.member, version=None, text="Khác"
        ),
        lambda: services.covenant_sign(actor=head_officer, covenant=draft, version=2),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "đã được ký kết" in str(exc.value)


def test_a_member_cannot_sign_the_covenant(draft, cluster, member_officers, member_officer):
    sign_all(cluster, draft, member_officers)
    with pytest.raises(PermissionDenied):
        services.covenant_sign(actor=member_officer, covenant=draft, version=1)


def test_signing_needs_a_date(cluster, member_officers, head_officer):
    covenant = services.covenant_save(actor=head_officer, cluster=cluster.cluster, title="Giao ước", content="Nội dung")
    sign_all(cluster, covenant, member_officers)
    with pytest.raises(ValidationError) as exc:
        services.covenant_sign(actor=head_officer, covenant=covenant, version=1)
    assert "ngày ký kết" in str(exc.value)


# --- The document ------------------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_docx_of_a_draft_is_marked_and_lists_units_targets_and_commitments(draft, cluster, movement, head_officer):
    services.covenant_targets_from_movement(actor=head_officer, covenant=draft, version=1, movement=movement)
    text = docx_text(covenant_docx(covenant_page(actor=head_officer, cluster=cluster.cluster)))
    assert "DỰ THẢO" in text and "GIAO ƯỚC THI ĐUA" in text
    assert "CỤM THI ĐUA SỐ 1" in text and "XÃ TÂN PHÚ" in text  # the header: cluster and head unit
    assert "Giao ước thi đua năm 2026 của Cụm thi đua số 1" in text
    for unit in cluster.units:
        assert unit.name in text
    assert "Tỷ lệ hộ nghèo giảm" in text and "1,5" in text and "Số km đường giao thông nông thôn" in text
    assert "Hội trường UBND xã Tân Phú" in text and "12/QĐ-UBND" in text


def test_docx_of_the_signed_covenant_shows_every_signer(draft, cluster, member_officers, head_officer):
    sign_all(cluster, draft, member_officers)
    services.covenant_sign(actor=head_officer, covenant=draft, version=1)
    text = docx_text(covenant_docx(covenant_page(actor=head_officer, cluster=cluster.cluster)))
    assert "DỰ THẢO" not in text
    for unit in cluster.units:
        assert f"Chủ tịch {unit.name}" in text
        assert f"ĐẠI DIỆN {unit.name.upper()}" in text
        assert f"{unit.name} cam kết hoàn thành 100% chỉ tiêu." in text
    assert "(Đã ký)" in text and "ngày 20 tháng 02 năm 2026" in text


def test_a_covenant_without_content_or_targets_cannot_be_signed(cluster, member_officers, head_officer):
    covenant = services.covenant_save(
        actor=head_officer, cluster=cluster.cluster, title="Giao ước", signing_date=dt.date(YEAR, 2, 1)
    )
    sign_all(cluster, covenant, member_officers)
    with pytest.raises(ValidationError) as exc:
        services.covenant_sign(actor=head_officer, covenant=covenant, version=1)
    assert "chưa có nội dung chung hay chỉ tiêu chung" in str(exc.value)


def test_a_unit_signs_once_and_a_stale_commitment_version_is_refused(draft, cluster, member_officer):
    c = services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=None, text="A")
    services.commitment_sign(
        actor=member_officer, covenant=draft, unit=cluster.member, version=c.version, signer_name="X", signer_title="Y"
    )
    with pytest.raises(ValidationError) as exc:
        services.commitment_sign(
            actor=member_officer, covenant=draft, unit=cluster.member, version=None, signer_name="X", signer_title="Y"
        )
    assert "đã ký" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.commitment_save(actor=member_officer, covenant=draft, unit=cluster.member, version=c.version, text="B")
    assert "vừa được người khác sửa" in str(exc.value)


def test_a_commitment_is_only_for_a_member_unit(draft, cluster, outsider_officer, province):
    from conftest import _user
    from thidua.accounts.models import Role

    # An officer of both a member and a non-member unit cannot write for the non-member.
    both = _user("cb.hai", Role.UNIT_OFFICER, cluster.member)
    from thidua.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, unit=cluster.outside, role=Role.UNIT_OFFICER)
    with pytest.raises(PermissionDenied) as exc:
        services.commitment_save(actor=both, covenant=draft, unit=cluster.outside, version=None, text="A")
    assert "không là thành viên" in str(exc.value)


def test_moving_a_target_needs_a_direction(draft, head_officer):
    t = services.covenant_target_add(actor=head_officer, covenant=draft, version=1, name="Chỉ tiêu")
    with pytest.raises(ValidationError):
        services.covenant_target_move(actor=head_officer, target=t, version=2, direction="sideways")
