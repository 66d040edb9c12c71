"""Writes of the covenant (giao ước thi đua): the head unit's officers (and the province) draft the
shared part and the shared targets; each member unit's officers write and sign their own unit's
commitments; the head finalises the signing once every member has signed, after which nothing
changes. Any change to what was signed (the shared text, the targets, a unit's own commitment)
voids the signatures given on it, so nobody is bound by a text they did not sign."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core.audit import audit
from thidua.core.permissions import require
from thidua.org.models import Cluster, ClusterMember, ClusterRole, Unit

from ..models import Commitment, Covenant, CovenantState, CovenantTarget
from ..rules import acts_for
from ..selectors.structure import role_words

MANAGE_DENIED = "Chỉ đơn vị cụm trưởng (khối trưởng) và chuyên viên thi đua, khen thưởng cấp tỉnh được soạn giao ước."
OWN_UNIT_ONLY = "Anh/chị chỉ viết và ký cam kết của đơn vị mình."
STALE = "Giao ước vừa được người khác sửa. Hãy tải lại trang để xem nội dung mới nhất rồi thực hiện lại."
NO_COVENANT = "Cụm, khối chưa có dự thảo giao ước."


def signed_message(covenant: Covenant) -> str:
    when = timezone.localtime(covenant.signed_at).strftime("%d/%m/%Y") if covenant.signed_at else ""
    return f"Giao ước đã được ký kết{f' ngày {when}' if when else ''}; không sửa được nữa."


def _head_unit(cluster) -> Unit | None:
    member = ClusterMember.objects.filter(cluster=cluster, role=ClusterRole.HEAD).select_related("unit").first()
    return member.unit if member else None


def _locked_covenant(covenant) -> Covenant:
    pk = covenant.pk if isinstance(covenant, Covenant) else int(covenant)
    return Covenant.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=pk)


def _editable(actor, covenant: Covenant, version) -> Covenant:
    """The covenant locked, after the permission, state and version checks of a shared-part change.
    `version` is the one the form showed (0: the form was shown before the covenant existed); the
    screens always pass it (their forms require it). Only internal callers (demo data, tests that
    build a state) pass None to skip the check."""
    covenant = _locked_covenant(covenant)
    require(actor, "clusters.manage", covenant.cluster, message=MANAGE_DENIED)
    if covenant.state == CovenantState.SIGNED:
        raise ValidationError(signed_message(covenant))
    if version is not None and int(version) != covenant.version:
        raise ValidationError(STALE)
    return covenant


def _void_signatures(covenant: Covenant) -> list[int]:
    """The shared part changed: every signature given on the old text is withdrawn."""
    signed = list(covenant.commitments.filter(signed_at__isnull=False).values_list("unit_id", flat=True))
    if signed:
        Commitment.objects.filter(covenant=covenant, unit_id__in=signed).update(signed_at=None, signed_by=None)
    return signed


def _bump(covenant: Covenant, fields=()) -> None:
    covenant.version += 1
    covenant.save(update_fields=["version", *fields])


def _clean_text(value, *, field: str, label: str, max_length: int, required: bool, errors: dict) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(f"Nhập {label}.")
    elif len(value) > max_length:
        errors.setdefault(field, []).append(f"{label.capitalize()} dài tối đa {max_length} ký tự.")
    return value


def covenant_save(
    *,
    actor,
    cluster: Cluster,
    version: int | None = None,
    title: str = "",
    place: str = "",
    signing_date: dt.date | None = None,
    content: str = "",
) -> Covenant:
    """Draft (or redraft) the covenant's shared part. The first save creates the covenant (the form
    passes version 0); later saves need the `version` shown — a draft created by somebody else
    meanwhile is not overwritten. Changing the title or the shared content voids the signatures given."""
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
        require(actor, "clusters.manage", cluster, message=MANAGE_DENIED)
        errors: dict[str, list[str]] = {}
        title = _clean_text(title, field="title", label="tên giao ước", max_length=300, required=True, errors=errors)
        place = _clean_text(
            place, field="place", label="địa điểm ký kết", max_length=150, required=False, errors=errors
        )
        content = (content or "").strip()
        if signing_date and not (cluster.year - 1 <= signing_date.year <= cluster.year):
            errors.setdefault("signing_date", []).append(
                f"Ngày ký kết phải trong năm {cluster.year} (hoặc cuối năm {cluster.year - 1})."
            )
        covenant = Covenant.objects.filter(cluster=cluster).first()
        created = covenant is None
        if covenant is not None:
            covenant = _editable(actor, covenant, version)
        if errors:
            raise ValidationError(errors)
        voided: list[int] = []
        if created:
            try:
                with transaction.atomic():
                    covenant = Covenant.objects.create(
                        cluster=cluster, title=title, place=place, signing_date=signing_date, content=content
                    )
            except IntegrityError as exc:  # created by someone else meanwhile
                raise ValidationError(STALE) from exc
        else:
            if covenant.title != title or covenant.content != content:
                voided = _void_signatures(covenant)
            covenant.title, covenant.place, covenant.signing_date, covenant.content = (
                title,
                place,
                signing_date,
                content,
            )
            _bump(covenant, ["title", "place", "signing_date", "content"])
        audit(
            actor=actor,
            action="covenant.save",
            obj=covenant,
            unit=_head_unit(cluster),
            summary=f"{'Soạn' if created else 'Sửa'} dự thảo “{covenant.title}”",
            data={"created": created, "signatures_voided": voided},
        )
        return covenant


def covenant_targets_from_movement(*, actor, covenant: Covenant, version: int | None, movement) -> list[CovenantTarget]:
    """Copy a movement's targets as shared targets (each keeps its `source`; one already copied is not
    copied again), after the existing ones."""
    from thidua.movements.selectors.movements import movement_list

    with transaction.atomic():
        covenant = _editable(actor, covenant, version)
        if movement is None or not movement_list(actor=actor).filter(pk=movement.pk).exists():
            raise ValidationError({"movement": ["Chọn một phong trào thi đua anh/chị được xem."]})
        sources = list(movement.targets.order_by("order", "pk"))
        if not sources:
            raise ValidationError({"movement": [f"Phong trào “{movement.name}” chưa có chỉ tiêu nào."]})
        have = set(covenant.targets.filter(source__isnull=False).values_list("source_id", flat=True))
        new = [t for t in sources if t.pk not in have]
        if not new:
            raise ValidationError({"movement": ["Các chỉ tiêu của phong trào này đã có trong giao ước."]})
        start = (covenant.targets.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        created = CovenantTarget.objects.bulk_create(
            [
                CovenantTarget(
                    covenant=covenant,
                    source=t,
                    name=t.name,
                    measure=t.measure,
                    target_value=t.target_value,
                    order=start + i,
                )
                for i, t in enumerate(new)
            ]
        )
        voided = _void_signatures(covenant)
        covenant.movement = movement
        _bump(covenant, ["movement"])
        audit(
            actor=actor,
            action="covenant.targets_from_movement",
            obj=covenant,
            unit=_head_unit(covenant.cluster),
            summary=f"Lấy {len(created)} chỉ tiêu của phong trào “{movement.name}” vào “{covenant.title}”",
            data={"movement": movement.pk, "targets": [t.pk for t in new], "signatures_voided": voided},
        )
        return created


def _clean_target(name, measure, target_value) -> tuple[str, str, Decimal | None]:
    errors: dict[str, list[str]] = {}
    name = _clean_text(name, field="name", label="tên chỉ tiêu", max_length=500, required=True, errors=errors)
    measure = _clean_text(measure, field="measure", label="đơn vị tính", max_length=60, required=False, errors=errors)
    if target_value is not None:
        target_value = Decimal(target_value)
        if target_value < 0:
            errors.setdefault("target_value", []).append("Giá trị chỉ tiêu không được âm.")
        elif target_value >= Decimal("1e16"):
            errors.setdefault("target_value", []).append("Giá trị chỉ tiêu quá lớn.")
    if errors:
        raise ValidationError(errors)
    return name, measure, target_value


def covenant_target_add(
    *, actor, covenant: Covenant, version: int | None, name: str, measure: str = "", target_value=None
) -> CovenantTarget:
    """A shared target typed by hand, at the end."""
    with transaction.atomic():
        covenant = _editable(actor, covenant, version)
        name, measure, target_value = _clean_target(name, measure, target_value)
        last = covenant.targets.order_by("-order").values_list("order", flat=True).first() or 0
        target = CovenantTarget.objects.create(
            covenant=covenant, name=name, measure=measure, target_value=target_value, order=last + 1
        )
        voided = _void_signatures(covenant)
        _bump(covenant)
        audit(
            actor=actor,
            action="covenant.target_add",
            obj=covenant,
            unit=_head_unit(covenant.cluster),
            summary=f"Thêm chỉ tiêu “{name}” vào “{covenant.title}”",
            data={"target": target.pk, "signatures_voided": voided},
        )
        return target


def _target_of(covenant: Covenant, target) -> CovenantTarget:
    pk = target.pk if isinstance(target, CovenantTarget) else int(target)
    found = CovenantTarget.objects.select_for_update().filter(covenant=covenant, pk=pk).first()
    if found is None:
        raise ValidationError("Chỉ tiêu không còn trong giao ước.")
    return found


def covenant_target_update(
    *, actor, target: CovenantTarget, version: int | None, name: str, measure: str = "", target_value=None
) -> CovenantTarget:
    """Edit a shared target (one taken from a movement keeps its `source`)."""
    with transaction.atomic():
        covenant = _editable(actor, target.covenant_id, version)
        target = _target_of(covenant, target)
        name, measure, target_value = _clean_target(name, measure, target_value)
        target.name, target.measure, target.target_value = name, measure, target_value
        target.save(update_fields=["name", "measure", "target_value"])
        voided = _void_signatures(covenant)
        _bump(covenant)
        audit(
            actor=actor,
            action="covenant.target_update",
            obj=covenant,
            unit=_head_unit(covenant.cluster),
            summary=f"Sửa chỉ tiêu “{name}” của “{covenant.title}”",
            data={"target": target.pk, "signatures_voided": voided},
        )
        return target


def covenant_target_remove(*, actor, target: CovenantTarget, version: int | None) -> None:
    with transaction.atomic():
        covenant = _editable(actor, target.covenant_id, version)
        target = _target_of(covenant, target)
        name, pk = target.name, target.pk
        target.delete()
        voided = _void_signatures(covenant)
        _bump(covenant)
        audit(
            actor=actor,
            action="covenant.target_remove",
            obj=covenant,
            unit=_head_unit(covenant.cluster),
            summary=f"Bỏ chỉ tiêu “{name}” khỏi “{covenant.title}”",
            data={"target": pk, "signatures_voided": voided},
        )


def covenant_target_move(*, actor, target: CovenantTarget, version: int | None, direction: str) -> None:
    """Move a shared target one place up ("up") or down ("down")."""
    if direction not in ("up", "down"):
        raise ValidationError("Hướng di chuyển không hợp lệ.")
    with transaction.atomic():
        covenant = _editable(actor, target.covenant_id, version)
        target = _target_of(covenant, target)
        ordered = list(covenant.targets.select_for_update().order_by("order", "pk"))
        i = next(n for n, t in enumerate(ordered) if t.pk == target.pk)
        j = i - 1 if direction == "up" else i + 1
        if 0 <= j < len(ordered):
            ordered[i], ordered[j] = ordered[j], ordered[i]
        for n, t in enumerate(ordered, start=1):
            t.order = n
        CovenantTarget.objects.bulk_update(ordered, ["order"])
        _bump(covenant)
        audit(
            actor=actor,
            action="covenant.target_move",
            obj=covenant,
            unit=_head_unit(covenant.cluster),
            summary=f"Đổi thứ tự chỉ tiêu “{target.name}” của “{covenant.title}”",
            data={"target": target.pk, "order": [t.pk for t in ordered]},
        )


# --- A member unit's own commitments ---------------------------------------------------------------------


def _commitment_for(actor, covenant, unit, version) -> tuple[Covenant, Commitment]:
    """The covenant (draft) and the unit's commitment (created empty if needed), locked, after checking
    that the actor is an officer of that very unit and the unit is a member of the cluster."""
    covenant = _locked_covenant(covenant)
    require(actor, "clusters.sign_commitment", covenant.cluster, message=OWN_UNIT_ONLY)
    if not acts_for(actor, unit):
        raise PermissionDenied(OWN_UNIT_ONLY)
    if not ClusterMember.objects.filter(cluster=covenant.cluster, unit=unit).exists():
        raise PermissionDenied(f"“{unit.name}” không là thành viên của {covenant.cluster.name}.")
    if covenant.state == CovenantState.SIGNED:
        raise ValidationError(signed_message(covenant))
    commitment, created = Commitment.objects.get_or_create(covenant=covenant, unit=unit)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    # The form shows 0 while the unit has no commitment yet (see forms.covenant).
    if version is not None and int(version) != (0 if created else commitment.version):
        raise ValidationError("Cam kết vừa được người khác sửa. Hãy tải lại trang rồi thực hiện lại.")
    return covenant, commitment


def commitment_save(*, actor, covenant: Covenant, unit: Unit, version: int | None, text: str) -> Commitment:
    """The unit's own commitments. Changing a signed text withdraws the unit's signature."""
    with transaction.atomic():
        covenant, commitment = _commitment_for(actor, covenant, unit, version)
        text = (text or "").strip()
        if not text:
            raise ValidationError({"text": ["Nhập nội dung cam kết của đơn vị."]})
        voided = commitment.signed_at is not None and commitment.text != text
        commitment.text = text
        if voided:
            commitment.signed_at, commitment.signed_by = None, None
        commitment.version += 1
        commitment.save()
        audit(
            actor=actor,
            action="commitment.save",
            obj=commitment,
            unit=unit,
            summary=f"{unit.name} cập nhật cam kết theo “{covenant.title}”",
            data={"signature_voided": voided},
        )
        return commitment


def commitment_sign(
    *, actor, covenant: Covenant, unit: Unit, version: int | None, signer_name: str, signer_title: str
) -> Commitment:
    """The unit signs its commitments (and the covenant): who signs, with which title."""
    with transaction.atomic():
        covenant, commitment = _commitment_for(actor, covenant, unit, version)
        errors: dict[str, list[str]] = {}
        signer_name = _clean_text(
            signer_name, field="signer_name", label="họ và tên người ký", max_length=150, required=True, errors=errors
        )
        signer_title = _clean_text(
            signer_title, field="signer_title", label="chức vụ người ký", max_length=150, required=True, errors=errors
        )
        if not commitment.text.strip():
            errors.setdefault("__all__", []).append("Đơn vị chưa nhập nội dung cam kết; hãy nhập trước khi ký.")
        if commitment.signed_at is not None:
            errors.setdefault("__all__", []).append("Đơn vị đã ký cam kết này.")
        if errors:
            raise ValidationError(errors)
        commitment.signer_name, commitment.signer_title = signer_name, signer_title
        commitment.signed_at, commitment.signed_by = timezone.now(), actor
        commitment.version += 1
        commitment.save()
        audit(
            actor=actor,
            action="commitment.sign",
            obj=commitment,
            unit=unit,
            summary=f"{unit.name} ký cam kết theo “{covenant.title}” ({signer_title} {signer_name})",
        )
        return commitment


# --- Finalising --------------------------------------------------------------------------------------------


def covenant_sign(*, actor, covenant: Covenant, version: int | None) -> Covenant:
    """ "Ký kết giao ước": only when every member unit has signed its commitments; then read-only."""
    with transaction.atomic():
        covenant = _editable(actor, covenant, version)
        cluster = covenant.cluster
        members = list(ClusterMember.objects.filter(cluster=cluster).select_related("unit"))
        signed = set(covenant.commitments.filter(signed_at__isnull=False).values_list("unit_id", flat=True))
        missing = sorted((m.unit for m in members if m.unit_id not in signed), key=lambda u: u.name)
        errors = []
        if not members:
            errors.append("Cụm, khối chưa có đơn vị thành viên.")
        if missing:
            names = ", ".join(u.name for u in missing)
            errors.append(f"Còn {len(missing)} đơn vị chưa ký cam kết: {names}.")
        if covenant.signing_date is None:
            errors.append("Nhập ngày ký kết giao ước trước khi ký kết.")
        if not covenant.content.strip() and not covenant.targets.exists():
            errors.append("Giao ước chưa có nội dung chung hay chỉ tiêu chung nào.")
        if errors:
            raise ValidationError(errors)
        covenant.state = CovenantState.SIGNED
        covenant.signed_at = timezone.now()
        _bump(covenant, ["state", "signed_at"])
        head = next((m.unit for m in members if m.role == ClusterRole.HEAD), None)
        audit(
            actor=actor,
            action="covenant.sign",
            obj=covenant,
            unit=head,
            summary=f"Ký kết “{covenant.title}” ({len(members)} đơn vị; {role_words(cluster.kind)[0]}: "
            f"{head.name if head else '—'})",
            data={"units": [m.unit_id for m in members]},
        )
        return covenant
