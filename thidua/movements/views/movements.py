"""Movement screens (/phong-trao/): list, page, create / edit (also from an announcement), launch and
the other transitions, who has answered, the units' duties and plans, the national catalogue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from thidua.core.forms import add_service_errors as _add_errors
from thidua.core.pagination import paginate
from thidua.core.xlsx import append_row
from thidua.org.models import Unit

from ..forms.movements import (
    ExtractForm,
    MovementFilterForm,
    MovementForm,
    NationalMovementForm,
    OfferFormSet,
    SignatureWorkForm,
    TargetFormSet,
)
from ..models import Level, Movement, Participation, SignatureWork, State
from ..selectors import movements as sel
from ..services import movements as svc

view_list = permission_required("movements.view_list", raise_exception=True)


def _progress(actor, movement):
    """The progress section (thidua/movements/selectors/progress.py), when that area provides it."""
    from ..selectors import progress

    fn = getattr(progress, "movement_progress", None)
    return fn(actor=actor, movement=movement) if fn else None


@login_required
@view_list
def movement_list(request):
    form = MovementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if not request.GET:
        filters = {"top_only": True}
    qs = sel.movement_list(actor=request.user, filters=filters)
    context = {
        "form": form,
        "page": paginate(request, qs),
        "can_create": request.user.has_perm("movements.create_provincial"),
        "duties": sel.duties_for(actor=request.user)[:20]
        if not request.user.has_perm("movements.create_provincial")
        else [],
    }
    template = "movements/movement_list.html#results" if request.htmx else "movements/movement_list.html"
    return render(request, template, context)


@login_required
@view_list
def movement_detail(request, pk):
    movement = sel.movement_get(actor=request.user, pk=pk)
    can_manage = request.user.has_perm("movements.manage", movement)
    participation = Participation.objects.filter(plan=movement).select_related("movement", "unit").first()
    context = {
        "movement": movement,
        "can_manage": can_manage,
        "participation": participation,
        "transitions": _transitions(movement) if can_manage else [],
        "children": movement.children.filter(level=Level.PROVINCE).order_by("-period_start")[:20],
        "progress": _progress(request.user, movement) if movement.state != State.DRAFT else None,
    }
    if movement.state != State.DRAFT and movement.level != Level.NATIONAL:
        board = sel.answer_board(actor=request.user, movement=movement)
        context["board"] = board
    return render(request, "movements/movement_detail.html", context)


def _transitions(movement):
    """The buttons for the allowed next states (from the service's one transition table)."""
    labels = {
        State.LAUNCHED: "Phát động",
        State.UNDER_WAY: "Bắt đầu triển khai",
        State.IN_REVIEW: "Chuyển sang sơ kết, tổng kết",
        State.CLOSED: "Kết thúc phong trào",
    }
    return [(to, labels[to]) for (frm, to) in svc.TRANSITIONS if frm == movement.state]


def _initial_from(movement: Movement) -> dict:
    doc = movement.document
    initial = {
        "version": movement.version,
        "kind": movement.kind,
        "name": movement.name,
        "parent": movement.parent_id,
        "slogans": "\n".join(movement.slogans or []),
        "purposes": movement.purposes,
        "contents": movement.contents,
        "period_start": movement.period_start,
        "period_end": movement.period_end,
        "standing_agency": movement.standing_agency_id,
        "responsible_agencies": "\n".join(movement.responsible_agencies or []),
        "reward_event": movement.reward_event,
        "participation_mode": movement.participation_mode,
        "participation_kinds": movement.participation_kinds,
        "participation_units": [u.pk for u in movement.participation_units.all()],
        "participation_cluster": movement.participation_cluster_id,
        "answer_deadline": movement.answer_deadline,
    }
    if doc is not None:
        initial.update(
            doc_type=doc.doc_type,
            doc_number=doc.number,
            doc_date=doc.date,
            doc_issuer=doc.issuer,
            doc_signer_name=doc.signer_name,
            doc_signer_title=doc.signer_title,
        )
    return initial


def _target_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("name")]


def _offer_rows(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("award_type")]


DOC_FIELDS = ("doc_type", "doc_number", "doc_date", "doc_issuer", "doc_signer_name", "doc_signer_title", "doc_file")
MAIN_FIELDS = (
    "name",
    "kind",
    "parent",
    "slogans",
    "period_start",
    "period_end",
    "purposes",
    "contents",
    "standing_agency",
    "responsible_agencies",
    "reward_event",
)
PARTICIPATION_FIELDS = (
    "participation_mode",
    "participation_kinds",
    "participation_units",
    "participation_cluster",
    "answer_deadline",
)


def _movement_form_page(request, *, movement=None, launching_unit=None, initial=None, sources=None, text=""):
    actor = request.user
    post = request.POST if request.method == "POST" and "save" in request.POST else None
    files = request.FILES if post is not None else None
    form = MovementForm(post, files, actor=actor, movement=movement, initial=initial)
    targets_initial = []
    offers_initial = []
    if movement is not None:
        targets_initial = [
            {
                "id": t.pk,
                "parent_target": t.parent_target_id,
                "name": t.name,
                "measure": t.measure,
                "baseline": t.baseline,
                "target_value": t.target_value,
                "direction": t.direction,
                "aggregation": t.aggregation,
                "deadline": t.deadline,
            }
            for t in movement.targets.all()
        ]
        offers_initial = [
            {"award_type": o.award_type_id, "quota": o.quota, "note": o.note} for o in movement.award_offers.all()
        ]
    targets = TargetFormSet(post, prefix="targets", initial=targets_initial)
    offers = OfferFormSet(post, prefix="offers", initial=offers_initial)
    if post is not None and form.is_valid() and targets.is_valid() and offers.is_valid():
        kwargs = dict(
            actor=actor,
            data=form.movement_data(),
            document=form.document_data() | ({"text": request.POST.get("source_text", "")} if movement is None else {}),
            file=form.cleaned_data.get("doc_file"),
            targets=_target_rows(targets),
            offers=_offer_rows(offers),
        )
        if "participation_units" in form.fields and not form.fields["participation_units"].disabled:
            kwargs["participation_units"] = form.cleaned_data.get("participation_units") or []
        try:
            if movement is None:
                obj = svc.movement_create(
                    launching_unit=launching_unit, source=request.POST.get("source", ""), **kwargs
                )
                messages.success(request, "Đã lưu dự thảo phong trào. Kiểm tra lại rồi bấm “Phát động”.")
            else:
                obj = svc.movement_update(movement=movement, version=form.cleaned_data.get("version") or 0, **kwargs)
                messages.success(request, "Đã lưu thay đổi.")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("movements:movement_detail", pk=obj.pk)
    sources = sources or {}

    def rows(names):
        return [(form[n], sources.get(n)) for n in names if n in form.fields]

    context = {
        "form": form,
        "doc_rows": rows(DOC_FIELDS),
        "main_rows": rows(MAIN_FIELDS),
        "participation_rows": rows(PARTICIPATION_FIELDS),
        "targets": targets,
        "offers": offers,
        "movement": movement,
        "sources": sources,
        "source_text": text or request.POST.get("source_text", ""),
        "source": "extract" if sources is not None or request.POST.get("source") == "extract" else "",
        "title": "Sửa phong trào" if movement else "Tạo phong trào thi đua",
        # The extractor's page posts the filled form to the create screen.
        "form_action": "" if movement else reverse("movements:movement_create"),
        "launching_unit": launching_unit,
    }
    return render(request, "movements/movement_form.html", context)


@login_required
@view_list
def movement_create(request):
    unit = None
    if request.GET.get("don_vi") or request.POST.get("launching_unit"):
        unit = get_object_or_404(Unit, pk=request.GET.get("don_vi") or request.POST.get("launching_unit"))
        if not request.user.has_perm("movements.create_for_unit", unit):
            raise PermissionDenied
    elif not request.user.has_perm("movements.create_provincial"):
        raise PermissionDenied
    return _movement_form_page(request, launching_unit=unit, initial={"participation_mode": "ALL"})


@login_required
@view_list
def movement_edit(request, pk):
    movement = sel.movement_get(actor=request.user, pk=pk)
    if not request.user.has_perm("movements.manage", movement) or movement.level == Level.NATIONAL:
        raise PermissionDenied
    return _movement_form_page(request, movement=movement, initial=_initial_from(movement))


@login_required
@view_list
def movement_extract(request):
    """Tạo từ văn bản: a file or pasted text → a draft form filled by the extractor, each field beside
    the passage it came from; nothing is saved until the officer saves the form."""
    if not request.user.has_perm("movements.create_provincial"):
        raise PermissionDenied
    from ..extract import DocumentError, extract, read_document

    form = ExtractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            f = form.cleaned_data.get("file")
            text = read_document(f.name, f.read()) if f is not None else form.cleaned_data["text"]
            if f is None:
                text = read_document("van-ban.txt", text.encode("utf-8"))
        except DocumentError as exc:
            form.add_error("file" if form.cleaned_data.get("file") else "text", str(exc))
        else:
            record = extract(text)
            initial, sources = _initial_from_record(record)
            request.method = "GET"  # render the filled form, unbound
            return _movement_form_page(request, initial=initial, sources=sources, text=text)
    return render(request, "movements/movement_extract.html", {"form": form})


def _initial_from_record(record) -> tuple[dict, dict]:
    data = record.to_json()
    passages = dict(getattr(record, "sources", None) or {})
    parent = None
    for name in data.get("national_movements") or []:
        parent = sel.national_movements().filter(name__iexact=name).first() or parent
    initial = {
        "kind": "CAMPAIGN" if "đợt" in (data.get("title") or "").lower() else "REGULAR",
        "name": data.get("title") or "",
        "slogans": "\n".join(data.get("slogans") or []),
        "period_start": data.get("period_start"),
        "period_end": data.get("period_end"),
        "responsible_agencies": "\n".join(data.get("responsible_agencies") or []),
        "reward_event": data.get("reward_event") or "",
        "doc_type": data.get("doc_type") or "Kế hoạch",
        "doc_number": data.get("doc_number") or "",
        "doc_date": data.get("issue_date"),
        "doc_issuer": data.get("issuer") or "",
        "participation_mode": "ALL",
        "parent": parent.pk if parent else None,
    }
    field_of = {
        "title": "name",
        "slogans": "slogans",
        "period_start": "period_start",
        "period_end": "period_end",
        "responsible_agencies": "responsible_agencies",
        "reward_event": "reward_event",
        "doc_type": "doc_type",
        "doc_number": "doc_number",
        "issue_date": "doc_date",
        "issuer": "doc_issuer",
        "national_movements": "parent",
    }
    sources = {field_of[k]: v for k, v in passages.items() if k in field_of and v}
    return initial, sources


@login_required
@view_list
def movement_transition(request, pk, to):
    movement = sel.movement_get(actor=request.user, pk=pk)
    if not request.user.has_perm("movements.manage", movement):
        raise PermissionDenied
    if to not in State.values or (movement.state, to) not in svc.TRANSITIONS:
        messages.error(request, "Không thể chuyển trạng thái này.")
        return redirect("movements:movement_detail", pk=pk)
    participants = svc.participants_of(movement) if to == State.LAUNCHED else []
    if request.method == "POST":
        try:
            if to == State.LAUNCHED:
                svc.movement_launch(actor=request.user, movement=movement)
                messages.success(request, f"Đã phát động phong trào tới {len(participants)} đơn vị.")
            elif to == State.UNDER_WAY:
                svc.movement_start(actor=request.user, movement=movement)
            elif to == State.IN_REVIEW:
                svc.movement_begin_review(actor=request.user, movement=movement)
            else:
                svc.movement_close(actor=request.user, movement=movement)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            if to != State.LAUNCHED:
                messages.success(request, f"Đã chuyển phong trào sang “{State(to).label}”.")
        return redirect("movements:movement_detail", pk=pk)
    verb = dict(_transitions(movement)).get(to, State(to).label)
    context = {"movement": movement, "to": to, "to_label": State(to).label, "verb": verb, "participants": participants}
    return render(request, "movements/movement_transition.html", context)


@login_required
@view_list
def movement_delete(request, pk):
    movement = sel.movement_get(actor=request.user, pk=pk)
    if not request.user.has_perm("movements.manage", movement):
        raise PermissionDenied
    if request.method == "POST":
        try:
            svc.movement_delete_draft(actor=request.user, movement=movement)
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
            return redirect("movements:movement_detail", pk=pk)
        messages.success(request, "Đã xóa dự thảo.")
        return redirect("movements:movement_list")
    return render(request, "movements/movement_delete.html", {"movement": movement})


@login_required
@view_list
def answer_board(request, pk):
    movement = sel.movement_get(actor=request.user, pk=pk)
    status = request.GET.get("trang_thai", "")
    q = request.GET.get("q", "")
    board = sel.answer_board(actor=request.user, movement=movement, status=status, q=q)
    if request.GET.get("xuat") == "excel":
        return _board_workbook(movement, board)
    context = {
        "movement": movement,
        "board": board,
        "status": status,
        "q": q,
        "statuses": sel.ANSWER_STATUS,
        "page": paginate(request, board.rows),
    }
    template = "movements/answer_board.html#results" if request.htmx else "movements/answer_board.html"
    return render(request, template, context)


def _board_workbook(movement, board):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Tình hình hưởng ứng"
    append_row(ws, [f"Tình hình gửi kế hoạch hưởng ứng: {movement.name}"])
    append_row(ws, ["STT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng"])
    for i, (p, _st, label) in enumerate(board.rows, start=1):
        answered = timezone.localtime(p.answered_at).strftime("%d/%m/%Y") if p.answered_at else ""
        append_row(ws, [i, p.unit.name, p.deadline.strftime("%d/%m/%Y") if p.deadline else "", answered, label])
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["E"].width = 22
    import io

    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="huong-ung-phong-trao-{movement.pk}.xlsx"'
    return response


# --- Duties and the units' plans -------------------------------------------------------------------


@login_required
@view_list
def duty_list(request):
    show_all = request.GET.get("tat_ca") == "1"
    duties = sel.duties_for(actor=request.user, open_only=not show_all)
    today = timezone.localdate()
    rows = [(p, sel.participation_status(p, today)) for p in duties[:500]]
    return render(
        request,
        "movements/duty_list.html",
        {"rows": rows, "statuses": sel.ANSWER_STATUS, "show_all": show_all, "page": paginate(request, rows)},
    )


@login_required
@view_list
@require_POST
def plan_start(request, pk):
    participation = sel.participation_get(actor=request.user, pk=pk)
    try:
        plan = svc.plan_start(actor=request.user, participation=participation)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return redirect("movements:duty_list")
    return redirect("movements:plan_detail", pk=plan.pk)


@login_required
@view_list
def plan_detail(request, pk):
    plan = sel.movement_get(actor=request.user, pk=pk)
    participation = Participation.objects.filter(plan=plan).select_related("movement", "unit").first()
    if participation is None:
        return redirect("movements:movement_detail", pk=pk)
    can_manage = request.user.has_perm("movements.manage", plan)
    work_form = SignatureWorkForm(request.POST if "add_work" in request.POST else None)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    if request.method == "POST" and "add_work" in request.POST and work_form.is_valid():
        try:
            svc.signature_work_add(actor=request.user, plan=plan, **work_form.cleaned_data)
        except ValidationError as exc:
            _add_errors(work_form, exc)
        else:
            messages.success(request, "Đã thêm công trình, phần việc tiêu biểu.")
            return redirect("movements:plan_detail", pk=pk)
    context = {
        "plan": plan,
        "participation": participation,
        "parent": participation.movement,
        "can_manage": can_manage,
        "work_form": work_form,
        "status": sel.ANSWER_STATUS[sel.participation_status(participation, timezone.localdate())],
    }
    return render(request, "movements/plan_detail.html", context)


@login_required
@view_list
@require_POST
def plan_submit(request, pk):
    plan = sel.movement_get(actor=request.user, pk=pk)
    try:
        svc.plan_submit(actor=request.user, plan=plan)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, "Đã gửi kế hoạch hưởng ứng.")
    return redirect("movements:plan_detail", pk=pk)


@login_required
@view_list
@require_POST
def signature_work_remove(request, pk):
    work = get_object_or_404(SignatureWork.objects.select_related("movement"), pk=pk)
    sel.movement_get(actor=request.user, pk=work.movement_id)
    try:
        svc.signature_work_remove(actor=request.user, work=work)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, "Đã bỏ công trình, phần việc.")
    return redirect("movements:plan_detail", pk=work.movement_id)


@login_required
@view_list
def document_file(request, pk):
    """The launching document's file, for whoever may see the movement (files are not served as
    plain media: a draft's document stays private)."""
    movement = sel.movement_get(actor=request.user, pk=pk)
    return _file_response(movement)


def _file_response(movement):
    from django.http import FileResponse, Http404

    doc = movement.document
    if doc is None or not doc.file:
        raise Http404("Không có tệp văn bản.")
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp văn bản.") from exc
    return FileResponse(handle, as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1])


# --- National movements ----------------------------------------------------------------------------


@login_required
@view_list
def national_list(request):
    form = NationalMovementForm(request.POST or None)
    can_add = request.user.has_perm("movements.create_provincial")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                svc.national_movement_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Đã thêm phong trào toàn quốc.")
                return redirect("movements:national_list")
    context = {"movements": sel.national_movements(), "form": form, "can_add": can_add}
    return render(request, "movements/national_list.html", context)


urlpatterns = [
    path("", movement_list, name="movement_list"),
    path("tao-moi/", movement_create, name="movement_create"),
    path("tao-tu-van-ban/", movement_extract, name="movement_extract"),
    path("toan-quoc/", national_list, name="national_list"),
    path("nhiem-vu/", duty_list, name="duty_list"),
    path("nhiem-vu/<int:pk>/soan-ke-hoach/", plan_start, name="plan_start"),
    path("<int:pk>/", movement_detail, name="movement_detail"),
    path("<int:pk>/sua/", movement_edit, name="movement_edit"),
    path("<int:pk>/van-ban/", document_file, name="document_file"),
    path("<int:pk>/xoa/", movement_delete, name="movement_delete"),
    path("<int:pk>/chuyen/<str:to>/", movement_transition, name="movement_transition"),
    path("<int:pk>/huong-ung/", answer_board, name="answer_board"),
    path("ke-hoach/<int:pk>/", plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/gui/", plan_submit, name="plan_submit"),
    path("cong-trinh/<int:pk>/bo/", signature_work_remove, name="signature_work_remove"),
]
