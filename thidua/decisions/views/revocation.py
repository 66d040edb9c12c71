"""Revocation screens: revoke an award (form → confirmation with what it changes → done), the list of
revocations with its Excel export, one revocation with the recovery of money and insignia."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate
from thidua.core.xlsx import XLSX_CONTENT_TYPE, append_row

from ..models import RecoveryStatus, RevocationGround
from ..selectors import revocation as sel
from ..services import revocation as svc

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MoneyField(forms.IntegerField):
    """An amount in đồng typed the Vietnamese way: "1.234.000", "1 234 000" or "1234000"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("đ", "").replace(".", "").replace(" ", "").replace("\u00a0", "").strip()
        return super().to_python(value)


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(
        label="Căn cứ hủy bỏ (Luật Thi đua, khen thưởng 2022, Chương VII)",
        choices=RevocationGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn căn cứ hủy bỏ.", "invalid_choice": "Căn cứ hủy bỏ không hợp lệ."},
    )
    reason = forms.CharField(
        label="Nội dung vi phạm",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi nội dung vi phạm dẫn đến hủy bỏ khen thưởng."},
    )
    act_number = forms.CharField(
        label="Số, ký hiệu văn bản hủy bỏ",
        max_length=60,
        error_messages={"required": "Vui lòng nhập số, ký hiệu văn bản hủy bỏ."},
    )
    act_date = forms.DateField(
        label="Ngày văn bản",
        widget=DATE,
        error_messages={"required": "Vui lòng nhập ngày văn bản hủy bỏ.", "invalid": "Ngày không hợp lệ."},
    )
    act_issuer = forms.CharField(
        label="Cơ quan ban hành văn bản hủy bỏ",
        max_length=255,
        error_messages={"required": "Vui lòng nhập cơ quan ban hành văn bản hủy bỏ."},
    )
    amount_to_recover = MoneyField(
        label="Tiền thưởng phải thu hồi (đồng)",
        min_value=0,
        error_messages={
            "required": "Vui lòng nhập số tiền phải thu hồi (0 nếu không thu hồi).",
            "invalid": "Số tiền phải là số nguyên (đồng), ví dụ 1.170.000.",
            "min_value": "Số tiền phải thu hồi không được âm.",
        },
    )
    insignia_to_recover = forms.CharField(
        label="Hiện vật phải thu hồi",
        max_length=255,
        required=False,
        help_text="Ví dụ: Bằng khen, khung; Huy hiệu. Để trống nếu không thu hồi hiện vật.",
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class RecoveryForm(forms.Form):
    amount = MoneyField(
        label="Số tiền thu hồi lần này (đồng)",
        min_value=0,
        initial=0,
        error_messages={
            "required": "Vui lòng nhập số tiền thu hồi (0 nếu chỉ thu hồi hiện vật).",
            "invalid": "Số tiền phải là số nguyên (đồng), ví dụ 1.170.000.",
            "min_value": "Số tiền thu hồi không được âm.",
        },
    )
    recovered_on = forms.DateField(
        label="Ngày thu hồi",
        widget=DATE,
        error_messages={"required": "Vui lòng nhập ngày thu hồi.", "invalid": "Ngày không hợp lệ."},
    )
    voucher_number = forms.CharField(label="Số chứng từ thu", max_length=60, required=False)
    insignia_recovered = forms.BooleanField(label="Đã thu hồi hiện vật", required=False)


class RevocationFilterForm(forms.Form):
    q = forms.CharField(label="Tên người, tập thể hoặc số quyết định", required=False, max_length=100)
    year = forms.IntegerField(label="Năm hủy bỏ", required=False, min_value=1945, max_value=2100)
    ground = forms.ChoiceField(label="Căn cứ", required=False, choices=[("", "Tất cả"), *RevocationGround.choices])
    status = forms.ChoiceField(
        label="Tình trạng thu hồi", required=False, choices=[("", "Tất cả"), *RecoveryStatus.choices]
    )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _require(request, perm: str, message: str, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


# --- Revoke ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def award_revoke(request, pk):
    """GET: the form. POST: the form checked, then the confirmation page (what the revocation changes);
    POST with `confirm`: the revocation."""
    _require(request, "decisions.revoke", svc.REVOKE_DENIED)
    award = sel.award_for_revocation(pk=pk)
    existing = sel.revocation_of(award)
    if award.revoked or existing is not None:
        messages.info(request, "Khen thưởng này đã bị hủy bỏ.")
        return (
            redirect("decisions:revocation_detail", pk=existing.pk)
            if existing
            else redirect("decisions:decision_detail", pk=award.decision_id)
        )
    payment = sel.payment_of(award)
    if request.method == "GET":
        form = RevokeForm(initial={"amount_to_recover": sel.default_amount_to_recover(award)})
        return render(
            request, "decisions/revocation/revoke_form.html", {"award": award, "form": form, "payment": payment}
        )
    form = RevokeForm(request.POST)
    context = {"award": award, "form": form, "payment": payment}
    if not form.is_valid():
        return render(request, "decisions/revocation/revoke_form.html", context, status=400)
    if request.POST.get("confirm") != "1":
        errors = svc.revocation_check(award, **form.service_kwargs())
        if errors:
            add_service_errors(form, ValidationError(errors))
            return render(request, "decisions/revocation/revoke_form.html", context, status=400)
        context["consequences"] = sel.revocation_consequences(award=award)
        context["ground_label"] = RevocationGround(form.cleaned_data["ground"]).label
        return render(request, "decisions/revocation/revoke_confirm.html", context)
    try:
        revocation = svc.award_revoke(actor=request.user, award=award, **form.service_kwargs())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "decisions/revocation/revoke_form.html", context, status=400)
    messages.success(
        request,
        f"Đã hủy bỏ “{award.award_type.name}” năm {award.year} của {award.subject_name}. "
        "Khen thưởng không còn được tính trong điều kiện xét khen thưởng.",
    )
    return redirect("decisions:revocation_detail", pk=revocation.pk)


# --- List, export, detail ---------------------------------------------------------------------------


def _list_filters(request):
    form = RevocationFilterForm(request.GET or None)
    return form, form.filters()


@login_required
@require_GET
def revocation_list(request):
    _require(request, "decisions.view_revocations", "Anh/chị không có quyền xem danh sách hủy bỏ khen thưởng.")
    form, filters = _list_filters(request)
    page = paginate(request, sel.revocation_list(actor=request.user, filters=filters))
    context = {"form": form, "page": page, "export_query": request.GET.urlencode()}
    template = "decisions/revocation/list.html#results" if request.htmx else "decisions/revocation/list.html"
    return render(request, template, context)


EXPORT_HEADERS = [
    "STT",
    "Đối tượng",
    "Hình thức, danh hiệu",
    "Năm thành tích",
    "Quyết định khen thưởng",
    "Ngày quyết định",
    "Tiền thưởng (đồng)",
    "Căn cứ hủy bỏ",
    "Nội dung vi phạm",
    "Văn bản hủy bỏ",
    "Ngày văn bản",
    "Cơ quan ban hành",
    "Phải thu hồi (đồng)",
    "Đã thu hồi (đồng)",
    "Hiện vật phải thu hồi",
    "Đã thu hồi hiện vật",
    "Tình trạng thu hồi",
]


def revocation_workbook(rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Hủy bỏ khen thưởng"
    append_row(ws, EXPORT_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, r in enumerate(rows, start=1):
        a = r.award
        append_row(
            ws,
            [
                i,
                a.subject_name,
                a.award_type.name,
                a.year,
                a.decision.number,
                a.decision.date,
                a.amount,
                r.get_ground_display(),
                r.reason,
                r.act_number,
                r.act_date,
                r.act_issuer,
                r.amount_to_recover,
                r.recovered_amount,
                r.insignia_to_recover or None,
                ("Đã thu hồi" if r.insignia_recovered else "Chưa thu hồi") if r.insignia_to_recover else None,
                r.get_recovery_status_display(),
            ],
        )
    for row in ws.iter_rows(min_row=2):
        for idx in (5, 10):
            row[idx].number_format = "DD/MM/YYYY"
        for idx in (6, 12, 13):
            row[idx].number_format = "#,##0"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQ", [6, 28, 30, 9, 18, 12, 14, 40, 40, 18, 12, 30, 14, 14, 22, 14, 20], strict=True
    ):
        ws.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def revocation_export(request):
    _require(request, "decisions.view_revocations", "Anh/chị không có quyền xem danh sách hủy bỏ khen thưởng.")
    _form, filters = _list_filters(request)
    content = revocation_workbook(sel.revocation_export_rows(actor=request.user, filters=filters))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="huy-bo-khen-thuong-{stamp}.xlsx"'
    return response


def _detail(request, revocation, form=None, status=200):
    can_record = request.user.has_perm("decisions.record_recovery") and revocation.recovery_status in (
        RecoveryStatus.PENDING,
        RecoveryStatus.PARTIAL,
    )
    if can_record and form is None:
        form = RecoveryForm(initial={"recovered_on": timezone.localdate()})
    context = {
        "revocation": revocation,
        "award": revocation.award,
        "payment": sel.payment_of(revocation.award),
        "remaining": revocation.amount_to_recover - revocation.recovered_amount,
        "form": form if can_record else None,
    }
    return render(request, "decisions/revocation/detail.html", context, status=status)


@login_required
@require_GET
def revocation_detail(request, pk):
    return _detail(request, sel.revocation_get(actor=request.user, pk=pk))


@login_required
@require_POST
def revocation_record_recovery(request, pk):
    revocation = sel.revocation_get(actor=request.user, pk=pk)
    _require(request, "decisions.record_recovery", svc.RECOVERY_DENIED)
    form = RecoveryForm(request.POST)
    if form.is_valid():
        try:
            svc.revocation_record_recovery(actor=request.user, revocation=revocation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã ghi nhận thu hồi.")
            return redirect("decisions:revocation_detail", pk=revocation.pk)
    return _detail(request, revocation, form=form, status=400)


urlpatterns = [
    path("khen-thuong/<int:pk>/huy-bo/", award_revoke, name="award_revoke"),
    path("huy-bo/", revocation_list, name="revocation_list"),
    path("huy-bo/xuat-excel/", revocation_export, name="revocation_export"),
    path("huy-bo/<int:pk>/", revocation_detail, name="revocation_detail"),
    path("huy-bo/<int:pk>/thu-hoi/", revocation_record_recovery, name="revocation_record_recovery"),
]
