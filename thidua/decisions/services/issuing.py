"""Writes of decision issuing: issuing bodies and their signers, drafts (dự thảo) built from the
lines ready for a decision, issuing (number, awards, money, dossier states), the province's
submission upward (tờ trình) and the higher authority's decision that answers it.

Every action is one transaction: permission, row locks (the decision, then the dossiers, then the
lines) and the `version` of the draft, the change, one audit event, notifications.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from thidua.core.audit import audit
from thidua.core.notifications import notify
from thidua.core.permissions import require
from thidua.core.text import vdate
from thidua.nominations.models import Appraisal, Authority, Nomination, NominationLine, Outcome, State
from thidua.nominations.services.workflow import settle_dossiers

from ..models import Award, Decision, DecisionItem, DecisionState, DocKind, IssuingBody, Signer
from ..selectors.issuing import MONEY_KIND
from .back_entry import _money, _snapshot
from .numbering import number_next

STALE = (
    "Văn bản vừa được người khác xử lý hoặc cập nhật sau khi anh/chị mở trang. "
    "Vui lòng tải lại trang rồi thực hiện lại."
)
MANAGE_DENIED = "Chỉ cán bộ cấp tỉnh được quản lý cơ quan ban hành và người ký."
PREPARE_DENIED = "Anh/chị không có quyền soạn dự thảo quyết định của cơ quan này."
MAX_LINES = 5000
OPEN = (Outcome.PENDING, Outcome.PASSED, Outcome.SUBMITTED_UP)
KIND_LABEL = {DocKind.DECISION: "quyết định", DocKind.SUBMISSION: "tờ trình"}


def _fail(message, field=None):
    raise ValidationError({field: [message]} if field else message)


# --- Issuing bodies and signers ------------------------------------------------------------------


def issuing_body_save(*, actor, body: IssuingBody | None = None, unit, symbol, header_name, header_parent="", place=""):
    require(actor, "decisions.manage_signers", None, MANAGE_DENIED)
    symbol = (symbol or "").strip()
    errors = {}
    if unit is None:
        errors["unit"] = ["Vui lòng chọn đơn vị."]
    if not symbol:
        errors["symbol"] = ["Vui lòng nhập chữ viết tắt tên cơ quan (ví dụ UBND)."]
    elif any(c.isspace() or c == "/" for c in symbol):
        errors["symbol"] = ["Chữ viết tắt không có khoảng trắng và dấu “/” (ví dụ UBND, SYT)."]
    if not (header_name or "").strip():
        errors["header_name"] = ["Vui lòng nhập tên cơ quan ban hành."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if body is None:
            if IssuingBody.objects.filter(unit=unit).exists():
                _fail(f"{unit.name} đã được khai báo là cơ quan ban hành.", "unit")
            body = IssuingBody(unit=unit)
        else:
            body = IssuingBody.objects.select_for_update().get(pk=body.pk)
        body.symbol, body.header_name = symbol, header_name.strip()
        body.header_parent, body.place = (header_parent or "").strip(), (place or "").strip()
        body.save()
        audit(
            actor=actor,
            action="decision.issuing_body_save",
            obj=body,
            unit=body.unit,
            summary=f"Cập nhật cơ quan ban hành {body.header_name} ({body.symbol})",
        )
    return body


def signer_save(
    *, actor, signer: Signer | None = None, body, user, full_name, title, sign_lines, active=True
) -> Signer:
    require(actor, "decisions.manage_signers", None, MANAGE_DENIED)
    errors = {}
    if user is None:
        errors["user"] = ["Vui lòng chọn tài khoản của người ký."]
    if not (full_name or "").strip():
        errors["full_name"] = ["Vui lòng nhập họ và tên người ký."]
    if not (title or "").strip():
        errors["title"] = ["Vui lòng nhập chức vụ người ký."]
    lines = [line.strip() for line in (sign_lines or "").splitlines() if line.strip()]
    if not lines:
        errors["sign_lines"] = ["Vui lòng nhập thẩm quyền ký, mỗi dòng một dòng (ví dụ: TM. ỦY BAN NHÂN DÂN)."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if signer is None:
            if Signer.objects.filter(body=body, user=user).exists():
                _fail("Tài khoản này đã là người ký của cơ quan; hãy sửa dòng đã có.", "user")
            signer = Signer(body=body, user=user)
        else:
            signer = Signer.objects.select_for_update().get(pk=signer.pk)
            if signer.user_id != user.pk and Signer.objects.filter(body=signer.body, user=user).exists():
                _fail("Tài khoản này đã là người ký của cơ quan.", "user")
            signer.user = user
        signer.full_name, signer.title = full_name.strip(), title.strip()
        signer.sign_lines, signer.active = "\n".join(lines), bool(active)
        signer.save()
        audit(
            actor=actor,
            action="decision.signer_save",
            obj=signer,
            unit=signer.body.unit,
            summary=f"Cập nhật người ký {signer.full_name} — {signer.title} ({signer.body.header_name})",
            data={"active": signer.active},
        )
    return signer


# --- Proposed texts -----------------------------------------------------------------------------


def _form_name(award_type) -> str:
    name = award_type.name.split(" (")[0].replace("UBND", "Ủy ban nhân dân")
    return f"danh hiệu {name}" if award_type.category in ("TITLE",) else name


def _and(parts: list[str]) -> str:
    parts = list(dict.fromkeys(p for p in parts if p))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1] if parts else ""


def proposed_summary(kind: str, award_types) -> str:
    forms = _and([_form_name(t) for t in award_types])
    if kind == DocKind.SUBMISSION:
        return f"Về việc đề nghị tặng {forms}" if forms else "Về việc đề nghị khen thưởng"
    return f"Về việc tặng {forms}" if forms else "Về việc khen thưởng"


def _council_minutes(line_ids) -> list[str]:
    from thidua.council.models import AgendaItem

    held = (
        AgendaItem.objects.filter(line_id__in=line_ids, passed=True)
        .values_list("meeting__held_at", flat=True)
        .distinct()
    )
    days = sorted({timezone.localtime(h).date() for h in held if h})
    return [f"Căn cứ Biên bản họp Hội đồng Thi đua – Khen thưởng tỉnh ngày {vdate(day)};" for day in days]


def proposed_legal_basis(kind: str, lines) -> str:
    lines = list(lines)
    basis = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
        "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều "
        "của Luật Thi đua, khen thưởng;",
    ]
    if any(line.nomination.authority != Authority.UNIT_HEAD for line in lines):
        basis += _council_minutes([line.pk for line in lines])
        basis.append("Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV ngày … tháng … năm ….")
    else:
        units = _and([line.nomination.proposing_unit.name for line in lines])
        basis.append(f"Xét đề nghị của {units}." if units else "Xét đề nghị của các đơn vị.")
    return "\n".join(basis)


def proposed_recipients(kind: str, lines) -> str:
    if kind == DocKind.SUBMISSION:
        return "Như trên;\nBộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương);\nSở Nội vụ;\nLưu: VT."
    units = list(dict.fromkeys(line.nomination.proposing_unit.name for line in lines))
    return "\n".join(["Như Điều 3;", "Sở Nội vụ;", *(f"{u};" for u in units[:10]), "Lưu: VT."])


# --- Checking lines ------------------------------------------------------------------------------


def _line_ready(line, kind: str, issuer_id: int) -> bool:
    n = line.nomination
    if n.deciding_unit_id != issuer_id or n.state != State.APPRAISED or line.appraisal != Appraisal.ACCEPTED:
        return False
    if kind == DocKind.SUBMISSION:
        return n.authority == Authority.STATE and line.outcome == Outcome.PASSED
    if n.authority == Authority.PROVINCE_CHAIR:
        return line.outcome == Outcome.PASSED
    return n.authority == Authority.UNIT_HEAD and line.outcome == Outcome.PENDING


def _key(line) -> tuple:
    return (line.subject_kind, line.person_id or line.unit_id or line.household_id, line.award_type_id, line.year_to)


def _standing_keys(lines) -> set[tuple]:
    """Keys (see _key) of standing awards among the lines' subjects (one query)."""
    lines = list(lines)
    if not lines:
        return set()
    q = Q()
    for kind in ("person", "unit", "household"):
        ids = {getattr(line, f"{kind}_id") for line in lines} - {None}
        if ids:
            q |= Q(**{f"{kind}_id__in": ids})
    awards = Award.objects.filter(q, revoked=False, award_type_id__in={line.award_type_id for line in lines})
    awards = awards.filter(year__in={line.year_to for line in lines})
    keys = set()
    for person_id, unit_id, household_id, type_id, year in awards.values_list(
        "person_id", "unit_id", "household_id", "award_type_id", "year"
    ):
        kind = "PERSON" if person_id else "UNIT" if unit_id else "HOUSEHOLD"
        keys.add((kind, person_id or unit_id or household_id, type_id, year))
    return keys


def _who(line) -> str:
    return f"{line.subject_name} ({line.award_type.name}, năm {line.year_to}, hồ sơ {line.nomination.code})"


def line_problems(lines, *, kind: str, issuer_id: int, decision=None, check_drafts=True, only=None) -> list[str]:
    """Why each line may not go into (or be issued in) a document of `kind` by the issuer (`only`: the
    ids of the lines to report on; the others count for duplicates only)."""
    lines = list(lines)
    problems = []
    standing = _standing_keys(lines)
    drafted = set()
    if check_drafts:
        others = DecisionItem.objects.filter(
            line_id__in=[line.pk for line in lines], decision__state=DecisionState.DRAFT
        )
        if decision is not None:
            others = others.exclude(decision=decision)
        drafted = set(others.values_list("line_id", flat=True))
    seen = set()
    for line in lines:
        if only is not None and line.pk not in only:
            seen.add(_key(line))
            continue
        if not _line_ready(line, kind, issuer_id):
            problems.append(
                f"{_who(line)}: không còn ở trạng thái chờ {KIND_LABEL[kind]} của cơ quan này "
                f"(kết quả hiện tại: {line.get_outcome_display().lower()})."
            )
        elif _key(line) in standing:
            problems.append(f"{_who(line)}: đã được khen thưởng hình thức này cho năm {line.year_to}.")
        elif line.pk in drafted:
            problems.append(f"{_who(line)}: đang nằm trong một dự thảo khác chưa ban hành.")
        elif _key(line) in seen:
            problems.append(f"{_who(line)}: trùng với một trường hợp khác trong cùng văn bản.")
        seen.add(_key(line))
    return problems


def _lock_lines(ids):
    return list(
        NominationLine.objects.select_for_update(of=("self",))
        .filter(pk__in=list(ids))
        .select_related("award_type", "nomination__proposing_unit", "person__unit", "unit__parent", "household__unit")
        .order_by("award_type__sort_order", "award_type__code", "nomination_id", "sort_order", "id")
    )


def _lock_nominations(ids):
    return list(Nomination.objects.select_for_update(of=("self",)).filter(pk__in=list(ids)).order_by("pk"))


def _lock(decision) -> Decision:
    return Decision.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=decision.pk)


def _draft_locked(actor, decision, version) -> Decision:
    d = _lock(decision)
    if d.state != DecisionState.DRAFT or (version is not None and d.version != version):
        raise ValidationError(STALE)
    require(actor, "decisions.prepare_for", d, PREPARE_DENIED)
    return d


def _check_heading(issuer, *, signer=None, date=None, summary=None) -> dict:
    errors = {}
    if signer is not None and (signer.body.unit_id != issuer.pk or not signer.active):
        errors["signer"] = ["Người ký phải là người ký đang có thẩm quyền của cơ quan ban hành."]
    if summary is not None and len(summary) > 500:
        errors["summary"] = ["Trích yếu tối đa 500 ký tự."]
    return errors


# --- Drafts ---------------------------------------------------------------------------------------


def draft_create(
    *, actor, issuer, kind: str, lines, summary=None, legal_basis=None, recipients=None, signer=None, date=None
) -> Decision:
    """A draft (no number) of the issuer covering the lines; texts not given are proposed."""
    if kind not in DocKind.values:
        _fail("Loại văn bản không hợp lệ.")
    probe = Decision(issuer=issuer, kind=kind)
    require(actor, "decisions.prepare_for", probe, PREPARE_DENIED)
    if not IssuingBody.objects.filter(unit=issuer).exists():
        _fail(f"{issuer.name} chưa được khai báo là cơ quan ban hành: cán bộ cấp tỉnh cần khai báo trước.")
    ids = {getattr(line, "pk", line) for line in lines}
    if not ids:
        _fail("Vui lòng chọn ít nhất một trường hợp.", "lines")
    if len(ids) > MAX_LINES:
        _fail(f"Một văn bản tối đa {MAX_LINES} trường hợp.", "lines")
    with transaction.atomic():
        locked = _lock_lines(ids)
        if len(locked) != len(ids):
            _fail("Có trường hợp không còn tồn tại. Vui lòng tải lại trang.", "lines")
        problems = line_problems(locked, kind=kind, issuer_id=issuer.pk)
        errors = _check_heading(issuer, signer=signer, date=date, summary=summary)
        if problems:
            errors["lines"] = problems
        if errors:
            raise ValidationError(errors)
        types = list({line.award_type_id: line.award_type for line in locked}.values())
        decision = Decision.objects.create(
            kind=kind,
            state=DecisionState.DRAFT,
            issuer=issuer,
            issuer_name=issuer.name,
            summary=(summary if summary is not None else proposed_summary(kind, types))[:500],
            legal_basis=legal_basis if legal_basis is not None else proposed_legal_basis(kind, locked),
            recipients=recipients if recipients is not None else proposed_recipients(kind, locked),
            signer=signer,
            date=date,
            created_by=actor,
        )
        DecisionItem.objects.bulk_create(
            [DecisionItem(decision=decision, line=line, sort_order=i) for i, line in enumerate(locked)]
        )
        audit(
            actor=actor,
            action="decision.draft_create",
            obj=decision,
            unit=issuer,
            summary=f"Soạn dự thảo {KIND_LABEL[kind]} của {issuer.name}: {len(locked)} trường hợp",
            data={"count": len(locked), "kind": kind},
        )
    return decision


def draft_update(*, actor, decision, version, summary, legal_basis, recipients, signer=None, date=None) -> Decision:
    with transaction.atomic():
        d = _draft_locked(actor, decision, version)
        summary = (summary or "").strip()
        errors = _check_heading(d.issuer, signer=signer, date=date, summary=summary)
        if not summary:
            errors["summary"] = ["Vui lòng nhập trích yếu."]
        if errors:
            raise ValidationError(errors)
        d.summary, d.legal_basis, d.recipients = summary, (legal_basis or "").strip(), (recipients or "").strip()
        d.signer, d.date = signer, date
        d.version += 1
        d.save()
        audit(actor=actor, action="decision.draft_update", obj=d, unit=d.issuer, summary=f"Sửa dự thảo: {d.summary}")
    return d


def draft_add_lines(*, actor, decision, version, lines) -> Decision:
    ids = {getattr(line, "pk", line) for line in lines}
    if not ids:
        _fail("Vui lòng chọn ít nhất một trường hợp.", "lines")
    with transaction.atomic():
        d = _draft_locked(actor, decision, version)
        ids -= set(d.items.values_list("line_id", flat=True))
        if not ids:
            _fail("Các trường hợp đã chọn đều đã có trong dự thảo.", "lines")
        if d.items.count() + len(ids) > MAX_LINES:
            _fail(f"Một văn bản tối đa {MAX_LINES} trường hợp.", "lines")
        locked = _lock_lines(ids)
        present = _lock_lines(d.items.values_list("line_id", flat=True))
        problems = line_problems(present + locked, kind=d.kind, issuer_id=d.issuer_id, decision=d, only=ids)
        if len(locked) != len(ids):
            problems.append("Có trường hợp không còn tồn tại. Vui lòng tải lại trang.")
        if problems:
            raise ValidationError({"lines": problems})
        start = (d.items.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1
        DecisionItem.objects.bulk_create(
            [DecisionItem(decision=d, line=line, sort_order=start + i) for i, line in enumerate(locked)]
        )
        d.version += 1
        d.save(update_fields=["version"])
        audit(
            actor=actor,
            action="decision.draft_add_lines",
            obj=d,
            unit=d.issuer,
            summary=f"Thêm {len(locked)} trường hợp vào dự thảo",
            data={"lines": sorted(ids)},
        )
    return d


def draft_remove_items(*, actor, decision, version, item_ids) -> Decision:
    item_ids = set(item_ids)
    with transaction.atomic():
        d = _draft_locked(actor, decision, version)
        items = d.items.filter(pk__in=item_ids)
        removed = list(items.values_list("line_id", flat=True))
        if not removed:
            _fail("Vui lòng chọn trường hợp cần bỏ khỏi dự thảo.")
        items.delete()
        d.version += 1
        d.save(update_fields=["version"])
        audit(
            actor=actor,
            action="decision.draft_remove_items",
            obj=d,
            unit=d.issuer,
            summary=f"Bỏ {len(removed)} trường hợp khỏi dự thảo",
            data={"lines": removed},
        )
    return d


def draft_delete(*, actor, decision, version) -> None:
    with transaction.atomic():
        d = _draft_locked(actor, decision, version)
        count = d.items.count()
        audit(
            actor=actor,
            action="decision.draft_delete",
            obj=d,
            unit=d.issuer,
            summary=f"Xóa dự thảo {KIND_LABEL[d.kind]} “{d.summary}” ({count} trường hợp)",
            data={"count": count},
        )
        d.items.all().delete()
        d.delete()


# --- Issuing --------------------------------------------------------------------------------------


def _amounts(lines, date: dt.date) -> dict[int, int]:
    from thidua.eligibility.context import context_for
    from thidua.eligibility.money import reward_amount

    ctx = context_for(criteria_date=date, decision_date=date)
    return {line.pk: reward_amount(line.award_type.code, MONEY_KIND[line.subject_kind], ctx) or 0 for line in lines}


def _award_rows(decision, lines, date) -> list[Award]:
    amounts = _amounts(lines, date)
    rows = []
    for line in lines:
        name, position, unit_name = _snapshot(line.subject)
        rows.append(
            Award(
                decision=decision,
                award_type_id=line.award_type_id,
                year=line.year_to,
                basis=line.nomination.basis,
                subject_name=(name or line.subject_name)[:255],
                subject_position=(position or "")[:255],
                subject_unit_name=(unit_name or "")[:255],
                amount=amounts[line.pk],
                nomination_line=line,
                person_id=line.person_id,
                unit_id=line.unit_id,
                household_id=line.household_id,
            )
        )
    return rows


def _create_awards(actor, rows):
    try:
        with transaction.atomic():
            bulk_create_with_history(rows, Award, batch_size=500, default_user=actor)
    except IntegrityError:
        _fail(
            "Một trường hợp trong văn bản vừa được khen thưởng cùng hình thức, cùng năm bởi một quyết định khác. "
            "Vui lòng tải lại trang để xem lại danh sách."
        )


def _settle(nomination_ids) -> None:
    settle_dossiers(nomination_ids)


def _notify_units(lines, text_for, url: str) -> None:
    """One notice per proposing unit, to its emulation officers."""
    from thidua.accounts.models import Role, RoleAssignment

    counts: dict[int, int] = {}
    for line in lines:
        counts[line.nomination.proposing_unit_id] = counts.get(line.nomination.proposing_unit_id, 0) + 1
    officers: dict[int, list] = {}
    for ra in RoleAssignment.objects.filter(unit_id__in=counts, role=Role.UNIT_OFFICER).select_related("user"):
        officers.setdefault(ra.unit_id, []).append(ra.user)
    for unit_id, n in counts.items():
        if officers.get(unit_id):
            notify(users=officers[unit_id], text=text_for(n), url=url)


def _number_taken(issuer, kind, year):
    def taken(text: str) -> bool:
        return Decision.objects.filter(issuer=issuer, kind=kind, number__iexact=text, year_of_sequence=year).exists()

    return taken


def _check_date(date, lines) -> None:
    if date is None:
        _fail("Vui lòng nhập ngày ban hành.", "date")
    if date > timezone.localdate():
        _fail("Ngày ban hành không được sau ngày hôm nay.", "date")
    latest = max((line.year_to for line in lines), default=date.year)
    if date.year < latest:
        _fail(f"Ngày ban hành phải từ năm {latest} trở đi (năm thành tích của các trường hợp).", "date")


def decision_issue(*, actor, decision, date: dt.date, version: int) -> Decision:
    """Issue a draft: number from the issuer's series, the signer's snapshot, one Award per item with
    its snapshot and amount (a decision), or the lines sent up (a submission); dossier states;
    audit; notices to the proposing units' officers. All or nothing."""
    with transaction.atomic():
        d = _lock(decision)
        if d.state != DecisionState.DRAFT or d.version != version:
            raise ValidationError(STALE)
        require(
            actor,
            "decisions.issue",
            d,
            f"Chỉ người ký đang có thẩm quyền của {d.issuer.name if d.issuer else 'cơ quan ban hành'} "
            f"được ban hành {KIND_LABEL[d.kind]} này.",
        )
        signer = Signer.objects.select_related("body").get(body__unit_id=d.issuer_id, user=actor, active=True)
        line_ids = list(d.items.values_list("line_id", flat=True))
        if not line_ids:
            _fail("Dự thảo chưa có trường hợp nào.")
        nomination_ids = set(NominationLine.objects.filter(pk__in=line_ids).values_list("nomination_id", flat=True))
        _lock_nominations(nomination_ids)
        order = dict(d.items.values_list("line_id", "sort_order"))
        lines = sorted(_lock_lines(line_ids), key=lambda line: (order[line.pk], line.pk))
        _check_date(date, lines)
        problems = line_problems(lines, kind=d.kind, issuer_id=d.issuer_id, check_drafts=False)
        if problems:
            raise ValidationError({"lines": problems})
        sequence, number = number_next(
            issuer=d.issuer, year=date.year, kind=d.kind, taken=_number_taken(d.issuer, d.kind, date.year)
        )
        d.number, d.sequence, d.year_of_sequence, d.date = number, sequence, date.year, date
        d.signer, d.signer_name, d.signer_title = signer, signer.full_name, signer.title
        d.issuer_name = d.issuer.name
        d.state, d.issued_at, d.issued_by = DecisionState.ISSUED, timezone.now(), actor
        d.version += 1
        if d.kind == DocKind.DECISION:
            rows = _award_rows(d, lines, date)
            d.total_amount = sum(a.amount for a in rows)
        try:
            with transaction.atomic():
                d.save()
        except IntegrityError:
            _fail(
                f"Số {number} đã được dùng cho một văn bản khác của {d.issuer.name}. "
                "Vui lòng báo quản trị hệ thống kiểm tra sổ đăng ký số văn bản."
            )
        outcome = Outcome.AWARDED if d.kind == DocKind.DECISION else Outcome.SUBMITTED_UP
        if d.kind == DocKind.DECISION:
            _create_awards(actor, rows)
        NominationLine.objects.filter(pk__in=line_ids).update(outcome=outcome, version=F("version") + 1)
        _settle(nomination_ids)
        label = "Quyết định" if d.kind == DocKind.DECISION else "Tờ trình"
        audit(
            actor=actor,
            action="decision.issue",
            obj=d,
            unit=d.issuer,
            summary=f"Ban hành {label.lower()} số {number} ngày {vdate(date)}: {len(lines)} trường hợp"
            + (f", tổng tiền thưởng {_money(d.total_amount)}" if d.kind == DocKind.DECISION else ""),
            data={"number": number, "sequence": sequence, "count": len(lines), "total_amount": d.total_amount},
        )
        url = reverse("decisions:decision_detail", args=[d.pk])
        done = "được khen thưởng" if d.kind == DocKind.DECISION else "đã được trình cấp trên khen thưởng"
        heading = f"{label} số {number} ngày {vdate(date)} của {d.issuer.name}"

        def text(n: int) -> str:
            return f"{heading}: {n} trường hợp của đơn vị {done}."

        _notify_units(lines, text, url)
    return d


# --- The higher authority's decision -----------------------------------------------------------------

HIGHER_ISSUERS = ("Thủ tướng Chính phủ", "Chủ tịch nước")


def higher_decision_record(
    *,
    actor,
    submission,
    version: int,
    number: str,
    date: dt.date,
    issuer_name: str,
    signer_name: str = "",
    signer_title: str = "",
    summary: str = "",
    approved,
    rest_not_awarded: bool = True,
) -> Decision:
    """Record the decision of the Prime Minister / the President answering the province's submission:
    awards for the approved lines (amounts by the money rules on its date; the province's fund pays,
    M9), the other submitted lines not awarded (or left waiting when `rest_not_awarded` is False)."""
    require(actor, "decisions.record_higher", None, "Chỉ cán bộ cấp tỉnh được ghi nhận quyết định của cấp trên.")
    number, issuer_name = (number or "").strip(), (issuer_name or "").strip()
    approved_ids = {getattr(line, "pk", line) for line in approved}
    with transaction.atomic():
        sub = _lock(submission)
        if sub.kind != DocKind.SUBMISSION or sub.state != DecisionState.ISSUED:
            _fail("Chỉ ghi nhận quyết định của cấp trên cho một tờ trình đã ban hành.")
        if sub.version != version:
            raise ValidationError(STALE)
        errors = {}
        if not number:
            errors["number"] = ["Vui lòng nhập số, ký hiệu quyết định (ví dụ 1234/QĐ-TTg)."]
        elif len(number) > 60:
            errors["number"] = ["Số, ký hiệu tối đa 60 ký tự."]
        elif (
            date is not None
            and Decision.objects.filter(issuer__isnull=True, number__iexact=number, date__year=date.year).exists()
        ):
            errors["number"] = [f"Quyết định số {number} năm {date.year} đã được ghi nhận."]
        if not issuer_name:
            errors["issuer_name"] = ["Vui lòng nhập cấp quyết định (Thủ tướng Chính phủ, Chủ tịch nước)."]
        if date is None:
            errors["date"] = ["Vui lòng nhập ngày quyết định."]
        elif date > timezone.localdate():
            errors["date"] = ["Ngày quyết định không được sau ngày hôm nay."]
        elif sub.date and date < sub.date:
            errors["date"] = [f"Ngày quyết định không được trước ngày tờ trình ({vdate(sub.date)})."]
        waiting_ids = set(
            NominationLine.objects.filter(decision_items__decision=sub, outcome=Outcome.SUBMITTED_UP).values_list(
                "pk", flat=True
            )
        )
        if not approved_ids and not rest_not_awarded:
            errors["approved"] = ["Vui lòng chọn các trường hợp được khen thưởng."]
        if approved_ids - waiting_ids:
            errors["approved"] = ["Có trường hợp không thuộc tờ trình hoặc đã có kết quả. Vui lòng tải lại trang."]
        if not waiting_ids:
            errors[None] = ["Mọi trường hợp của tờ trình đã có kết quả."]
        if errors:
            raise ValidationError({k or "__all__": v for k, v in errors.items()})
        touched = approved_ids | (waiting_ids if rest_not_awarded else set())
        nomination_ids = set(NominationLine.objects.filter(pk__in=touched).values_list("nomination_id", flat=True))
        _lock_nominations(nomination_ids)
        lines = _lock_lines(approved_ids)
        standing = _standing_keys(lines)
        problems = [
            f"{_who(line)}: đã được khen thưởng hình thức này cho năm {line.year_to}."
            for line in lines
            if _key(line) in standing
        ]
        if problems:
            raise ValidationError({"approved": problems})
        higher = Decision.objects.create(
            kind=DocKind.DECISION,
            state=DecisionState.ISSUED,
            issuer=None,
            issuer_name=issuer_name[:255],
            number=number,
            date=date,
            year_of_sequence=date.year,
            signer_name=(signer_name or "").strip()[:150],
            signer_title=(signer_title or "").strip()[:150],
            summary=(summary or "").strip()[:500]
            or proposed_summary(
                DocKind.DECISION, list({line.award_type_id: line.award_type for line in lines}.values())
            ),
            answers=sub,
            issued_at=timezone.now(),
            issued_by=actor,
            created_by=actor,
        )
        rows = _award_rows(higher, lines, date)
        higher.total_amount = sum(a.amount for a in rows)
        higher.save(update_fields=["total_amount"])
        _create_awards(actor, rows)
        DecisionItem.objects.bulk_create(
            [DecisionItem(decision=higher, line=line, sort_order=i) for i, line in enumerate(lines)]
        )
        NominationLine.objects.filter(pk__in=approved_ids).update(outcome=Outcome.AWARDED, version=F("version") + 1)
        refused = (waiting_ids - approved_ids) if rest_not_awarded else set()
        if refused:
            NominationLine.objects.filter(pk__in=refused).update(outcome=Outcome.NOT_AWARDED, version=F("version") + 1)
        _settle(nomination_ids)
        sub.version += 1
        sub.save(update_fields=["version"])
        audit(
            actor=actor,
            action="decision.record_higher",
            obj=higher,
            unit=sub.issuer,
            summary=(
                f"Ghi nhận quyết định số {number} ngày {vdate(date)} của {issuer_name} (trả lời tờ trình số "
                f"{sub.number}): {len(lines)} được khen thưởng, {len(refused)} không được khen thưởng"
            ),
            data={"submission": sub.pk, "awarded": len(lines), "not_awarded": len(refused)},
        )
        url = reverse("decisions:decision_detail", args=[higher.pk])
        heading = f"Quyết định số {number} ngày {vdate(date)} của {issuer_name}"
        _notify_units(lines, lambda n: f"{heading}: {n} trường hợp của đơn vị được khen thưởng.", url)
    return higher
