"""Council terms and their members (the secretariat's work)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.core.audit import audit
from thidua.core.permissions import require

from ..models import AgendaItem, Council, CouncilMember, MemberRole, VoteState

MANAGE_DENIED = "Chỉ chuyên viên thi đua, khen thưởng cấp tỉnh (Thường trực Hội đồng) được quản lý Hội đồng."
COUNCIL_FIELDS = ("unit", "name", "establishing_act", "term_from", "term_to")
MEMBER_FIELDS = ("full_name", "position", "role", "sort_order")


def _check_term(term_from, term_to):
    if term_from and term_to and term_to < term_from:
        raise ValidationError({"term_to": ["Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu."]})


def council_create(*, actor, unit, name: str, term_from, establishing_act: str = "", term_to=None) -> Council:
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        name = (name or "").strip()
        if not name:
            raise ValidationError({"name": ["Nhập tên hội đồng."]})
        _check_term(term_from, term_to)
        council = Council.objects.create(
            unit=unit, name=name, establishing_act=establishing_act.strip(), term_from=term_from, term_to=term_to
        )
        audit(actor=actor, action="council.create", obj=council, unit=unit, summary=f"Thành lập {council.name}")
        return council


def council_update(*, actor, council: Council, **fields) -> Council:
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        council = Council.objects.select_for_update().get(pk=council.pk)
        unknown = set(fields) - set(COUNCIL_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {unknown}")
        for key, value in fields.items():
            setattr(council, key, value.strip() if isinstance(value, str) else value)
        if not council.name:
            raise ValidationError({"name": ["Nhập tên hội đồng."]})
        _check_term(council.term_from, council.term_to)
        council.save()
        audit(actor=actor, action="council.update", obj=council, unit=council.unit, summary=f"Sửa {council.name}")
        return council


def _check_single_chair(council_id, role, exclude_pk=None):
    if role != MemberRole.CHAIR:
        return
    others = CouncilMember.objects.filter(council_id=council_id, role=MemberRole.CHAIR, active=True)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    chair = others.first()
    if chair is not None:
        raise ValidationError(
            {"role": [f"Hội đồng đã có Chủ tịch ({chair.full_name}); mỗi hội đồng chỉ có một Chủ tịch."]}
        )


def _has_open_vote(council_id) -> bool:
    return AgendaItem.objects.filter(meeting__council_id=council_id, vote_state=VoteState.OPEN).exists()


def member_add(
    *, actor, council: Council, user, full_name: str, role: str, position: str = "", sort_order: int = 0
) -> CouncilMember:
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        council = Council.objects.select_for_update().get(pk=council.pk)
        if role not in MemberRole.values:
            raise ValidationError({"role": ["Vai trò không hợp lệ."]})
        full_name = (full_name or "").strip() or getattr(user, "full_name", "") or user.get_username()
        existing = CouncilMember.objects.filter(council=council, user=user).first()
        if existing is not None:
            state = "" if existing.active else " (đã thôi làm thành viên; hãy sửa thông tin để tham gia lại)"
            raise ValidationError({"user": [f"Tài khoản này đã là thành viên của hội đồng{state}."]})
        if _has_open_vote(council.pk):
            raise ValidationError("Hội đồng đang biểu quyết; chỉ thay đổi thành phần sau khi kết thúc biểu quyết.")
        _check_single_chair(council.pk, role)
        try:
            with transaction.atomic():
                member = CouncilMember.objects.create(
                    council=council,
                    user=user,
                    full_name=full_name,
                    position=(position or "").strip(),
                    role=role,
                    sort_order=sort_order or 0,
                )
        except IntegrityError as exc:
            raise ValidationError({"user": ["Tài khoản này đã là thành viên của hội đồng."]}) from exc
        audit(
            actor=actor,
            action="council.member_add",
            obj=member,
            unit=council.unit,
            summary=f"Thêm {member.full_name} ({member.get_role_display()}) vào {council.name}",
        )
        return member


def member_update(*, actor, member: CouncilMember, active: bool | None = None, **fields) -> CouncilMember:
    """Edit a seat (name, position, role, order); `active=True` brings a former member back."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        member = CouncilMember.objects.select_for_update(of=("self",)).select_related("council").get(pk=member.pk)
        unknown = set(fields) - set(MEMBER_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {unknown}")
        for key, value in fields.items():
            setattr(member, key, value.strip() if isinstance(value, str) else value)
        if member.role not in MemberRole.values:
            raise ValidationError({"role": ["Vai trò không hợp lệ."]})
        if not member.full_name:
            raise ValidationError({"full_name": ["Nhập họ và tên."]})
        if active is not None and active != member.active:
            if _has_open_vote(member.council_id):
                raise ValidationError("Hội đồng đang biểu quyết; chỉ thay đổi thành phần sau khi kết thúc biểu quyết.")
            member.active = active
        if member.active:
            _check_single_chair(member.council_id, member.role, exclude_pk=member.pk)
        member.save()
        audit(
            actor=actor,
            action="council.member_update",
            obj=member,
            unit=member.council.unit,
            summary=f"Sửa thông tin thành viên {member.full_name} ({member.get_role_display()})",
        )
        return member


def member_deactivate(*, actor, member: CouncilMember) -> CouncilMember:
    """The member leaves the council (nothing deleted: past rolls and minutes keep their name)."""
    with transaction.atomic():
        require(actor, "council.manage", message=MANAGE_DENIED)
        member = CouncilMember.objects.select_for_update(of=("self",)).select_related("council").get(pk=member.pk)
        if not member.active:
            raise ValidationError("Thành viên này đã thôi tham gia hội đồng.")
        if _has_open_vote(member.council_id):
            raise ValidationError("Hội đồng đang biểu quyết; chỉ thay đổi thành phần sau khi kết thúc biểu quyết.")
        member.active = False
        member.save(update_fields=["active"])
        audit(
            actor=actor,
            action="council.member_deactivate",
            obj=member,
            unit=member.council.unit,
            summary=f"{member.full_name} thôi là thành viên {member.council.name}",
        )
        return member
