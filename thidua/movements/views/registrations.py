"""Registration screens (/phong-trao/dang-ky/…): a unit's registration page, its Excel files and
import, and the overview of which units registered. `urlpatterns` is included by
thidua/movements/urls.py (namespace "movements").

Who: provincial officers and administrators (every unit), unit officers (their units' subtree).
Council members, leaders and anonymous users have no access (403 / login page). A registration of
a unit outside the actor's scope does not exist for them (404).
"""

import functools
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.core.forms import add_service_errors as _add_errors
from thidua.core.pagination import paginate
from thidua.core.text import fold_vi
from thidua.eligibility.facts import PERSON
from thidua.org.models import Unit
from thidua.people.models import Person

from .. import registration_excel as excel
from ..forms.registrations import (
    ImportUploadForm,
    LineAddForm,
    OverviewForm,
    RegistrationOpenForm,
    ReopenForm,
    SearchForm,
)
from ..models import RegistrationState
from ..rules import is_province, is_unit_officer
from ..selectors import registrations as selectors
from ..services import registrations as services

IMPORT_KEY = "movements_registration_import_{pk}"


def acting_required(view):
    """Anonymous → login page; signed in but neither provincial nor unit officer → 403."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not (is_province(request.user) or is_unit_officer(request.user)):
            raise PermissionDenied("Chỉ cán bộ làm công tác thi đua, khen thưởng được dùng chức năng đăng ký thi đua.")
        return view(request, *args, **kwargs)

    return wrapper


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _slug(registration) -> str:
    unit = fold_vi(registration.unit.code or registration.unit.name).replace(" ", "-")
    suffix = f"-phong-trao-{registration.movement_id}" if registration.movement_id else ""
    return f"dang-ky-thi-dua-{registration.year}-{unit}{suffix}"


# --- start: pick unit, year, movement -----------------------------------------------------------


@acting_required
def registration_start(request):
    """Pick the unit, the year and (optionally) the movement; the list of registrations in scope."""
    form = RegistrationOpenForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            registration = services.registration_open(
                actor=request.user, unit=d["don_vi"], year=d["nam"], movement=d["phong_trao"]
            )
        except ValidationError as exc:
            _add_errors(form, exc, {"year": "nam", "movement": "phong_trao", "unit": "don_vi"})
        else:
            return redirect("movements:registration_detail", pk=registration.pk)
    page = paginate(request, selectors.registration_list(actor=request.user))
    status = 400 if request.method == "POST" else 200
    return render(request, "movements/registration_start.html", {"form": form, "page": page}, status=status)


# --- one registration -------------------------------------------------------------------------------


def _detail_context(request, registration, *, form=None, reopen_form=None):
    board = selectors.registration_board(registration=registration)
    editable = registration.state == RegistrationState.DRAFT and registration.unit.is_active
    form = form or LineAddForm(initial={"doi_tuong": PERSON})
    kind, results, chosen = PERSON, [], None
    if form.is_bound:
        kind = form.data.get("doi_tuong") or PERSON
        chosen = form.cleaned_data.get("chon") if hasattr(form, "cleaned_data") else None
        picked = _subject(kind, chosen, registration) if chosen else None
        results = [picked] if picked is not None else []
    return {
        "registration": registration,
        "board": board,
        "form": form,
        "editable": editable,
        "can_reopen": is_province(request.user) and registration.state == RegistrationState.SUBMITTED,
        "reopen_form": reopen_form or ReopenForm(),
        "results": results,
        "chosen": chosen,
        "kind": kind,
        "searched": bool(results),
    }


@acting_required
@require_GET
def registration_detail(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    return render(request, "movements/registration_detail.html", _detail_context(request, registration))


@acting_required
@require_GET
def registration_search(request, pk):
    """htmx: people or collectives of the registering unit matching what was typed."""
    registration = selectors.registration_get(actor=request.user, pk=pk)
    form = SearchForm(request.GET)
    kind, text = form.kind, form.text
    results = selectors.subject_search(registration=registration, kind=kind, q=text) if text.strip() else []
    context = {"registration": registration, "results": results, "kind": kind, "searched": bool(text.strip())}
    return render(request, "movements/registration_detail.html#search_results", context)


def _subject(kind: str, pk: int, registration):
    """The picked person or collective, looked for in the registering unit's subtree only."""
    root = registration.unit.path
    if kind == PERSON:
        return Person.objects.select_related("unit").filter(pk=pk, unit__path__startswith=root).first()
    return Unit.objects.select_related("parent").filter(pk=pk, path__startswith=root).first()


@acting_required
@require_POST
def registration_line_add(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    form = LineAddForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        subject = _subject(d["doi_tuong"], d["chon"], registration)
        try:
            if subject is None:
                raise ValidationError(
                    {"chon": f"Không tìm thấy cá nhân, tập thể đã chọn trong {registration.unit} và đơn vị trực thuộc."}
                )
            line = services.registration_line_add(
                actor=request.user,
                registration=registration,
                subject=subject,
                award_type=d["danh_hieu"],
                note=d["ghi_chu"],
            )
        except ValidationError as exc:
            _add_errors(form, exc, {"note": "ghi_chu"})
        else:
            messages.success(request, f"Đã thêm: {services.subject_name(subject)} — {line.award_type.name}.")
            return redirect("movements:registration_detail", pk=registration.pk)
    context = _detail_context(request, registration, form=form)
    return render(request, "movements/registration_detail.html", context, status=400)


def _redirect_with_errors(request, registration, exc: ValidationError):
    for message in _messages_of(exc):
        messages.error(request, message)
    return redirect("movements:registration_detail", pk=registration.pk)


@acting_required
@require_POST
def registration_line_remove(request, pk):
    line = selectors.line_get(actor=request.user, pk=pk)
    registration = line.registration
    try:
        services.registration_line_remove(actor=request.user, line=line)
    except ValidationError as exc:
        return _redirect_with_errors(request, registration, exc)
    messages.success(request, "Đã xóa dòng đăng ký.")
    return redirect("movements:registration_detail", pk=registration.pk)


@acting_required
@require_POST
def registration_submit(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    try:
        services.registration_submit(actor=request.user, registration=registration)
    except ValidationError as exc:
        return _redirect_with_errors(request, registration, exc)
    messages.success(request, "Đã gửi bản đăng ký thi đua. Các dòng đăng ký không sửa được nữa.")
    return redirect("movements:registration_detail", pk=registration.pk)


@acting_required
@require_POST
def registration_reopen(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    if not is_province(request.user):
        raise PermissionDenied("Chỉ Sở Nội vụ (Ban Thi đua – Khen thưởng) được mở lại bản đăng ký đã gửi.")
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.registration_reopen(
                actor=request.user, registration=registration, reason=form.cleaned_data["ly_do"]
            )
        except ValidationError as exc:
            _add_errors(form, exc, {"reason": "ly_do"})
        else:
            messages.success(request, "Đã mở lại bản đăng ký; đơn vị có thể điều chỉnh và gửi lại.")
            return redirect("movements:registration_detail", pk=registration.pk)
    context = _detail_context(request, registration, reopen_form=form)
    return render(request, "movements/registration_detail.html", context, status=400)


# --- Excel: export, template, import ----------------------------------------------------------------


def _reference(registration):
    root = registration.unit
    people = (
        Person.objects.filter(unit__path__startswith=root.path, unit__valid_to__isnull=True)
        .filter(services.at_work_q())
        .select_related("unit")
        .order_by("unit__path", "search_text", "id")
    )
    units = Unit.objects.filter(path__startswith=root.path, valid_to__isnull=True).select_related("parent")
    return {
        "award_types": services.registrable_award_types(),
        "people": people.iterator(chunk_size=1000),
        "units": units.order_by("path"),
    }


@acting_required
@require_GET
def registration_export(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    board = selectors.registration_board(registration=registration)
    info = [
        ("Bản đăng ký", services.registration_title(registration)),
        ("Đơn vị", f"{registration.unit} (mã {registration.unit.code})"),
        ("Năm", str(registration.year)),
        ("Phong trào", str(registration.movement) if registration.movement_id else "Đăng ký thi đua hằng năm"),
        ("Trạng thái", registration.get_state_display()),
        (
            "Ngày gửi",
            timezone.localtime(registration.submitted_at).strftime("%d/%m/%Y %H:%M")
            if registration.submitted_at
            else "—",
        ),  # fmt: skip
        ("Số dòng đăng ký", str(len(board.rows))),
        ("Tỷ lệ Chiến sĩ thi đua cơ sở", f"{board.quota.message} (tối đa {board.quota.quota_text})"),
        ("Dòng không thể đạt", str(board.blocked)),
        ("Xuất lúc", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]
    data = excel.registration_workbook(
        info=info, lines=[(r.line, r.flag) for r in board.rows], **_reference(registration)
    )
    return _xlsx(data, f"{_slug(registration)}.xlsx")


@acting_required
@require_GET
def registration_template(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    title = services.registration_label(registration)
    data = excel.template_workbook(registration_title=f"Tệp mẫu {title}", **_reference(registration))
    return _xlsx(data, f"mau-{_slug(registration)}.xlsx")


def _stage(request, registration):
    return request.session.get(IMPORT_KEY.format(pk=registration.pk))


@acting_required
def registration_import(request, pk):
    """Step 1: upload. A readable file is staged in the session, then previewed (step 2)."""
    registration = selectors.registration_get(actor=request.user, pk=pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["tep"]
        try:
            rows = excel.read_rows(upload)
        except ValidationError as exc:
            form.add_error("tep", exc)
        else:
            request.session[IMPORT_KEY.format(pk=registration.pk)] = {
                "token": uuid.uuid4().hex,
                "filename": upload.name[:200],
                "replace": form.cleaned_data["thay_the"],
                "rows": [r.raw() for r in rows],
            }
            return redirect("movements:registration_import_preview", pk=registration.pk)
    status = 400 if request.method == "POST" else 200
    context = {"registration": registration, "form": form}
    return render(request, "movements/registration_import.html", context, status=status)


@acting_required
@require_GET
def registration_import_preview(request, pk):
    """Step 2: the row-by-row report of the staged file (checked afresh each time)."""
    registration = selectors.registration_get(actor=request.user, pk=pk)
    stage = _stage(request, registration)
    if not stage:
        messages.info(request, "Chưa có tệp nào được tải lên, hoặc lần nhập đã kết thúc.")
        return redirect("movements:registration_import", pk=registration.pk)
    rows = [excel.ImportRow.from_raw(raw) for raw in stage["rows"]]
    report = services.registration_import_check(registration=registration, rows=rows, replace=stage["replace"])
    context = {"registration": registration, "report": report, "stage": stage}
    return render(request, "movements/registration_import_preview.html", context)


@acting_required
@require_POST
def registration_import_confirm(request, pk):
    """Step 3: save exactly the previewed rows, all or none."""
    registration = selectors.registration_get(actor=request.user, pk=pk)
    stage = _stage(request, registration)
    if not stage or request.POST.get("token") != stage["token"]:
        messages.error(request, "Lần nhập đã hết hạn hoặc đã được xác nhận. Vui lòng tải tệp lên lại.")
        return redirect("movements:registration_import", pk=registration.pk)
    rows = [excel.ImportRow.from_raw(raw) for raw in stage["rows"]]
    try:
        lines = services.registration_import(
            actor=request.user,
            registration=registration,
            rows=rows,
            replace=stage["replace"],
            filename=stage["filename"],
        )
    except services.ImportRejected as exc:
        messages.error(request, "Có dòng không hợp lệ: chưa lưu dòng đăng ký nào. Xem báo cáo bên dưới.")
        context = {"registration": registration, "report": exc.report, "stage": stage}
        return render(request, "movements/registration_import_preview.html", context, status=400)
    del request.session[IMPORT_KEY.format(pk=registration.pk)]
    messages.success(request, f"Đã nhập {len(lines)} dòng đăng ký từ tệp “{stage['filename']}”.")
    return redirect("movements:registration_detail", pk=registration.pk)


@acting_required
@require_POST
def registration_import_cancel(request, pk):
    registration = selectors.registration_get(actor=request.user, pk=pk)
    request.session.pop(IMPORT_KEY.format(pk=registration.pk), None)
    messages.info(request, "Đã hủy lần nhập.")
    return redirect("movements:registration_import", pk=registration.pk)


# --- the overview -------------------------------------------------------------------------------------


def _overview(request):
    form = OverviewForm(request.GET or None, actor=request.user)
    values = form.values()
    units = selectors.overview_units(
        actor=request.user, year=values["year"], movement=values["movement"], filters=values["filters"]
    )
    return form, values, units


@acting_required
@require_GET
def registration_overview(request):
    """Which units registered for the year (or the movement): status and lines per title."""
    form, values, units = _overview(request)
    page = paginate(request, units)
    context = {
        "form": form,
        "year": values["year"],
        "movement": values["movement"],
        "page": page,
        "rows": selectors.overview_rows(page.object_list),
        "summary": selectors.overview_summary(units),
        "headers": selectors.overview_headers(),
    }
    template = (
        "movements/registration_overview.html#results" if request.htmx else "movements/registration_overview.html"
    )
    return render(request, template, context)


@acting_required
@require_GET
def registration_overview_export(request):
    _form, values, units = _overview(request)
    title = f"Tổng hợp đăng ký thi đua năm {values['year']}"
    if values["movement"] is not None:
        title += f" — phong trào “{values['movement']}”"
    data = excel.overview_workbook(
        title=title,
        headers=selectors.overview_headers(),
        rows=selectors.overview_rows(units),
    )
    return _xlsx(data, f"tong-hop-dang-ky-thi-dua-{values['year']}.xlsx")


urlpatterns = [
    path("dang-ky/", registration_start, name="registration_start"),
    path("dang-ky/tong-hop/", registration_overview, name="registration_overview"),
    path("dang-ky/tong-hop/xuat-excel/", registration_overview_export, name="registration_overview_export"),
    path("dang-ky/<int:pk>/", registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/tim/", registration_search, name="registration_search"),
    path("dang-ky/<int:pk>/them/", registration_line_add, name="registration_line_add"),
    path("dang-ky/dong/<int:pk>/xoa/", registration_line_remove, name="registration_line_remove"),
    path("dang-ky/<int:pk>/gui/", registration_submit, name="registration_submit"),
    path("dang-ky/<int:pk>/mo-lai/", registration_reopen, name="registration_reopen"),
    path("dang-ky/<int:pk>/xuat-excel/", registration_export, name="registration_export"),
    path("dang-ky/<int:pk>/mau-excel/", registration_template, name="registration_template"),
    path("dang-ky/<int:pk>/nhap-excel/", registration_import, name="registration_import"),
    path("dang-ky/<int:pk>/nhap-excel/kiem-tra/", registration_import_preview, name="registration_import_preview"),
    path("dang-ky/<int:pk>/nhap-excel/xac-nhan/", registration_import_confirm, name="registration_import_confirm"),
    path("dang-ky/<int:pk>/nhap-excel/huy/", registration_import_cancel, name="registration_import_cancel"),
]
