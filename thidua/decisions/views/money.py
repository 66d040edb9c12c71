"""Money screens (/quyet-dinh/…): paying a decision's awards, the payment list and its Excel file, the
commendation fund's ledger, the totals. Views parse, check the permission, call one service or
selector and render; the rules are in services/money.py and selectors/money.py."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.selectors import PEOPLE_ROLES, scope_paths, scope_q
from thidua.catalog.models import AwardType
from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate
from thidua.org.models import Unit

from .. import money_excel
from ..models import Decision, FundEntry, FundEntryKind, Payment
from ..selectors import money as sel
from ..services import money as svc

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
XLSX = money_excel.XLSX_CONTENT_TYPE
NO_PAYMENTS = "Anh/chị không có quyền xem tình hình chi tiền thưởng."
NO_FUND = "Anh/chị không có quyền quản lý sổ quỹ thi đua, khen thưởng."


def _require(request, perm: str, message: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "— " * max(obj.depth - 1, 0) + obj.name


class UnitFilterField(UnitChoiceField):
    """A unit filter: the drop-down offers a few units (`queryset`), any unit of `lookup` is accepted
    (a link from the totals may name a hospital or a school)."""

    def __init__(self, *args, **kwargs):
        self.lookup = Unit.objects.all()
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.lookup.get(pk=int(value))
        except (ValueError, TypeError, Unit.DoesNotExist):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None

    def offer(self, queryset, chosen=None):
        if chosen and str(chosen).isdecimal():
            queryset = Unit.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=int(chosen))).order_by("path")
        self.queryset = queryset


def _year_field():
    return forms.IntegerField(
        label="Năm quyết định", required=False, min_value=1945, max_value=2100, widget=forms.Select
    )


class MoneyField(forms.CharField):
    """A whole amount of đồng typed the Vietnamese way: "150000000" or "150.000.000" (dot groups
    thousands); "đ" / "đồng" at the end is allowed. Refused with a clear message: text, a negative
    amount, a decimal part, zero, more than 15 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        t = re.sub(r"\s+", "", text)
        t = re.sub(r"(đồng|đ|vnđ|vnd)$", "", t, flags=re.IGNORECASE)
        if re.fullmatch(r"-[\d.,]+", t):
            raise ValidationError("Số tiền phải lớn hơn 0.")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
            t = t.replace(".", "")
        elif re.fullmatch(r"\d+([.,]\d+)+", t):
            raise ValidationError("Số tiền phải là số nguyên (đồng), không có phần lẻ thập phân.")
        if not re.fullmatch(r"\d+", t):
            raise ValidationError("Số tiền không hợp lệ: chỉ nhập chữ số, ví dụ 150.000.000.")
        if len(t.lstrip("0")) > len(str(svc.MAX_FUND_AMOUNT)):
            raise ValidationError(f"Số tiền quá lớn (tối đa {svc.money_text(svc.MAX_FUND_AMOUNT)}).")
        amount = int(t)
        if amount <= 0:
            raise ValidationError("Số tiền phải lớn hơn 0.")
        return amount

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        return  # max_length applies to the text, already bounded by the checks above


def _year_choices():
    return [("", "Tất cả")] + [(y, str(y)) for y in sel.decision_years()]


def _recipient_units(actor):
    """(units offered, units accepted) for the recipient filter."""
    if scope_paths(actor) is None:
        return Unit.objects.filter(depth__lte=1).order_by("path"), Unit.objects.all()
    scoped = Unit.objects.filter(scope_q(actor, "", PEOPLE_ROLES)).order_by("path")
    return scoped, scoped


def _payer_units():
    return (
        Unit.objects.filter(
            Q(pk__in=Payment.objects.values("payer_unit_id"))
            | Q(pk__in=Decision.objects.filter(issuer__isnull=False).values("issuer_id"))
            | Q(pk__in=FundEntry.objects.values("unit_id"))
        )
        .distinct()
        .order_by("path")
    )


class PaymentFilterForm(forms.Form):
    decision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.CharField(label="Số quyết định", required=False, max_length=60)
    year = _year_field()
    recipient = UnitFilterField(label="Đơn vị được khen", queryset=Unit.objects.none(), required=False)
    payer = UnitFilterField(label="Đơn vị chi", queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(label="Tình trạng", required=False, choices=sel.STATUS_CHOICES)
    award_type = forms.ModelChoiceField(
        label="Hình thức khen thưởng", queryset=AwardType.objects.none(), required=False, empty_label="Tất cả"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else {}
        self.fields["year"].widget.choices = _year_choices()
        offered, accepted = _recipient_units(actor)
        self.fields["recipient"].offer(offered, data.get("recipient"))
        self.fields["recipient"].lookup = accepted
        self.fields["recipient"].empty_label = "Tất cả"
        self.fields["payer"].offer(_payer_units(), data.get("payer"))
        self.fields["payer"].empty_label = "Tất cả"
        self.fields["award_type"].queryset = AwardType.objects.filter(
            pk__in=sel.payment_lines(actor).values("award_type_id")
        ).order_by("sort_order", "name")

    def filters(self) -> dict | None:
        """The filters, or None when the form is invalid (the list is then empty, with the errors)."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        data = dict(self.cleaned_data)
        pk = data.pop("decision")
        data["decision"] = Decision.objects.filter(pk=pk).first() if pk else None
        if pk and data["decision"] is None:
            raise Http404("Không tìm thấy quyết định.")
        return data


def _payment_filters(request):
    form = PaymentFilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    if filters and filters.get("decision") is not None:
        # The heading of the list and the file name the decision: only one the actor may see.
        sel.payment_decision(actor=request.user, pk=filters["decision"].pk)
    return form, filters


@login_required
@require_GET
def payment_list(request):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    form, filters = _payment_filters(request)
    qs = sel.payment_list(actor=request.user, filters=filters or {})
    if filters is None:
        qs = qs.none()
    page = paginate(request, qs)
    page.object_list = list(page.object_list)
    can = request.user.has_perm
    for award in page.object_list:
        payment = getattr(award, "payment", None)
        award.can_cancel = payment is not None and can("decisions.record_payment", payment.payer_unit)
    context = {
        "form": form,
        "page": page,
        "can_record": sel.payer_choices(actor=request.user).exists(),
        "decision": (filters or {}).get("decision"),
        "export_query": request.GET.urlencode(),
    }
    template = "decisions/money/payment_list.html#results" if request.htmx else "decisions/money/payment_list.html"
    return render(request, template, context)


def _payment_heading(filters: dict) -> tuple[list[str], str]:
    lines, name = [], "danh-sach-chi-tien-thuong"
    decision = filters.get("decision")
    if decision is not None:
        issuer = decision.issuer_name or (decision.issuer.name if decision.issuer_id else "")
        lines.append(
            f"Kèm theo Quyết định số {decision.number}"
            + (f" ngày {decision.date:%d/%m/%Y}" if decision.date else "")
            + (f" của {issuer}" if issuer else "")
        )
        name += "-qd-" + re.sub(r"[^0-9A-Za-z]+", "-", decision.number).strip("-")
    labels = [
        ("number", "Số quyết định có chứa", lambda v: v),
        ("year", "Năm quyết định", str),
        ("recipient", "Đơn vị được khen", lambda u: u.name),
        ("payer", "Đơn vị chi", lambda u: u.name),
        ("status", "Tình trạng", lambda v: dict(sel.STATUS_CHOICES).get(v, v)),
        ("award_type", "Hình thức khen thưởng", lambda t: t.name),
    ]
    for key, label, show in labels:
        if filters.get(key) not in (None, ""):
            lines.append(f"{label}: {show(filters[key])}")
    lines.append(f"Ngày lập: {timezone.localdate():%d/%m/%Y}")
    return lines, name


@login_required
@require_GET
def payment_export(request):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    form, filters = _payment_filters(request)
    if filters is None:
        raise Http404("Bộ lọc không hợp lệ.")
    lines, name = _payment_heading(filters)
    rows = sel.payment_export_rows(actor=request.user, filters=filters)
    names = {pk: u.name for pk, u in sel.top_units().items()}
    return _xlsx(money_excel.payments_workbook(rows, heading_lines=lines, unit_names=names), name)


# --- recording a payment ------------------------------------------------------------------------------


class PaymentRecordForm(forms.Form):
    paid_on = forms.DateField(label="Ngày chi", widget=DATE)
    voucher_number = forms.CharField(label="Số chứng từ", max_length=60)
    payer_unit = UnitChoiceField(label="Đơn vị chi", queryset=Unit.objects.none(), empty_label="— chọn —")

    def __init__(self, *args, payers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer_unit"].queryset = payers
        self.fields["paid_on"].error_messages["required"] = "Vui lòng nhập ngày chi."
        self.fields["paid_on"].error_messages["invalid"] = "Ngày chi không hợp lệ."
        self.fields["voucher_number"].error_messages["required"] = "Vui lòng nhập số chứng từ chi."
        self.fields["payer_unit"].error_messages["required"] = "Vui lòng chọn đơn vị chi."
        self.fields["payer_unit"].error_messages["invalid_choice"] = (
            "Đơn vị chi không hợp lệ hoặc anh/chị không được ghi nhận chi cho đơn vị này."
        )


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdecimal()})


@login_required
@require_http_methods(["GET", "POST"])
def payment_record(request, pk):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    decision = sel.payment_decision(actor=request.user, pk=pk)
    recipient = None
    if request.GET.get("recipient", "").isdecimal():
        recipient = Unit.objects.filter(pk=int(request.GET["recipient"])).first()
    payers = sel.payer_choices(actor=request.user, decision=decision)
    default_payer = sel.default_payer_unit(decision)
    selected: list[int] = []
    if request.method == "POST":
        form = PaymentRecordForm(request.POST, payers=payers)
        shown = _ids(request.POST.getlist("shown"))
        selected = shown if request.POST.get("all") else _ids(request.POST.getlist("award"))
        if form.is_valid():
            if not selected:
                form.add_error(None, "Vui lòng chọn ít nhất một khen thưởng để chi.")
            elif not set(selected) <= set(shown):
                form.add_error(None, "Có khen thưởng không thuộc danh sách đang chi. Vui lòng tải lại trang.")
            else:
                try:
                    payments = svc.payment_record(
                        actor=request.user, award_ids=selected, decision=decision, **form.cleaned_data
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    total = sum(p.amount for p in payments)
                    messages.success(
                        request,
                        f"Đã ghi nhận chi {len(payments)} khen thưởng, tổng {svc.money_text(total)} "
                        f"(chứng từ {form.cleaned_data['voucher_number']}).",
                    )
                    return redirect(f"{reverse('decisions:payment_list')}?decision={decision.pk}")
    else:
        initial = {"paid_on": timezone.localdate()}
        if default_payer is not None and payers.filter(pk=default_payer.pk).exists():
            initial["payer_unit"] = default_payer
        form = PaymentRecordForm(initial=initial, payers=payers)
    screen = sel.payment_record_screen(actor=request.user, decision=decision, recipient=recipient)
    context = {
        "decision": decision,
        "form": form,
        "screen": screen,
        "recipient": recipient,
        "default_payer": default_payer,
        "can_pay": payers.exists(),
        "selected": set(selected),
    }
    return render(request, "decisions/money/payment_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def payment_cancel(request, pk):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    payment = sel.payment_get(actor=request.user, pk=pk)
    if not request.user.has_perm("decisions.record_payment", payment.payer_unit):
        raise PermissionDenied(svc.PAY_DENIED)
    error = ""
    if request.method == "POST":
        try:
            svc.payment_cancel(actor=request.user, payment=payment, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"Đã hủy khoản chi cho {payment.award.subject_name}; sổ quỹ đã ghi bút toán điều chỉnh "
                f"{svc.money_text(payment.amount)}.",
            )
            return redirect(f"{reverse('decisions:payment_list')}?decision={payment.award.decision_id}")
    context = {"payment": payment, "error": error, "reason": request.POST.get("reason", "")}
    return render(request, "decisions/money/payment_cancel.html", context)


# --- the fund ledger ----------------------------------------------------------------------------------


class FundEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại",
        choices=[(FundEntryKind.INCOME, "Thu (trích lập, bổ sung quỹ)"), (FundEntryKind.SPENDING, "Chi khác")],
    )
    date = forms.DateField(label="Ngày", widget=DATE)
    amount = MoneyField(label="Số tiền (đồng)")
    description = forms.CharField(label="Nội dung", max_length=500)
    voucher_number = forms.CharField(label="Số chứng từ", max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages_required = {
            "kind": "Vui lòng chọn loại: thu hoặc chi.",
            "date": "Vui lòng nhập ngày.",
            "amount": "Vui lòng nhập số tiền.",
            "description": "Vui lòng nhập nội dung.",
        }
        for name, text in messages_required.items():
            self.fields[name].error_messages["required"] = text
        self.fields["date"].error_messages["invalid"] = "Ngày không hợp lệ."
        self.fields["description"].widget.attrs["placeholder"] = (
            "Ví dụ: Trích lập quỹ thi đua, khen thưởng năm 2026; In giấy khen, mua khung"
        )


def _ledger_target(request, data):
    """(fund holders, the chosen unit, the year) from the query string or the posted form."""
    holders = sel.fund_holders(actor=request.user)
    unit = None
    raw = data.get("unit", "")
    if str(raw).isdecimal():
        unit = holders.filter(pk=int(raw)).first()
        if unit is None:
            raise Http404("Không tìm thấy sổ quỹ của đơn vị này.")
    if unit is None:
        unit = sel.province_root()
    if unit is None:
        raise Http404("Chưa có đơn vị quản lý quỹ.")
    raw_year = str(data.get("year", ""))
    year = int(raw_year) if raw_year.isdecimal() and 1945 <= int(raw_year) <= 2100 else timezone.localdate().year
    return holders, unit, year


def _ledger_page(request, holders, unit, year, form, status=200):
    ledger = sel.fund_ledger(actor=request.user, unit=unit, year=year)
    years = sorted(set(sel.fund_years(unit=unit)) | {timezone.localdate().year, year}, reverse=True)
    context = {"ledger": ledger, "holders": holders, "years": years, "form": form}
    return render(request, "decisions/money/fund_ledger.html", context, status=status)


@login_required
@require_GET
def fund_ledger(request):
    _require(request, "decisions.manage_fund", NO_FUND)
    holders, unit, year = _ledger_target(request, request.GET)
    form = FundEntryForm(initial={"kind": FundEntryKind.INCOME, "date": timezone.localdate()})
    return _ledger_page(request, holders, unit, year, form)


@login_required
@require_POST
def fund_entry_add(request):
    _require(request, "decisions.manage_fund", NO_FUND)
    holders, unit, year = _ledger_target(request, request.POST)
    form = FundEntryForm(request.POST)
    if form.is_valid():
        try:
            entry = svc.fund_entry_add(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            label = "thu" if entry.kind == FundEntryKind.INCOME else "chi"
            messages.success(
                request, f"Đã ghi khoản {label} {svc.money_text(entry.amount)} vào sổ quỹ của {unit.name}."
            )
            return redirect(f"{reverse('decisions:fund_ledger')}?unit={unit.pk}&year={entry.year}")
    return _ledger_page(request, holders, unit, year, form, status=400)


@login_required
@require_GET
def fund_ledger_export(request):
    _require(request, "decisions.manage_fund", NO_FUND)
    _holders, unit, year = _ledger_target(request, request.GET)
    ledger = sel.fund_ledger(actor=request.user, unit=unit, year=year)
    lines = [f"Đơn vị quản lý quỹ: {unit.name}", f"Năm {year}", f"Ngày lập: {timezone.localdate():%d/%m/%Y}"]
    return _xlsx(money_excel.ledger_workbook(ledger, heading_lines=lines), f"so-quy-thi-dua-khen-thuong-{year}")


# --- totals -------------------------------------------------------------------------------------------


class TotalsFilterForm(forms.Form):
    year = _year_field()
    issuer = UnitChoiceField(label="Cơ quan ban hành", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.choices = _year_choices()
        self.fields["issuer"].queryset = (
            Unit.objects.filter(pk__in=Decision.objects.filter(issuer__isnull=False).values("issuer_id"))
            .distinct()
            .order_by("path")
        )
        self.fields["issuer"].empty_label = "Tất cả"

    def filters(self) -> dict | None:
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else None


def _totals(request):
    form = TotalsFilterForm(request.GET or None)
    filters = form.filters()
    if filters is None:
        raise Http404("Bộ lọc không hợp lệ.")
    return form, filters, sel.money_totals(actor=request.user, filters=filters)


@login_required
@require_GET
def money_totals(request):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    form, _filters, totals = _totals(request)
    context = {"form": form, "totals": totals, "page": paginate(request, totals.by_decision)}
    return render(request, "decisions/money/money_totals.html", context)


@login_required
@require_GET
def money_totals_export(request):
    _require(request, "decisions.view_payments", NO_PAYMENTS)
    _form, filters, totals = _totals(request)
    lines = []
    if filters.get("year"):
        lines.append(f"Năm quyết định: {filters['year']}")
    if filters.get("issuer") is not None:
        lines.append(f"Cơ quan ban hành: {filters['issuer'].name}")
    lines.append(f"Ngày lập: {timezone.localdate():%d/%m/%Y}")
    data = money_excel.totals_workbook(totals, heading_lines=lines, decisions=totals.by_decision.iterator())
    return _xlsx(data, "tong-hop-tien-thuong")


urlpatterns = [
    path("<int:pk>/chi-tra/", payment_record, name="payment_record"),
    path("chi-tra/", payment_list, name="payment_list"),
    path("chi-tra/xuat-excel/", payment_export, name="payment_export"),
    path("chi-tra/<int:pk>/huy/", payment_cancel, name="payment_cancel"),
    path("quy/", fund_ledger, name="fund_ledger"),
    path("quy/ghi-so/", fund_entry_add, name="fund_entry_add"),
    path("quy/xuat-excel/", fund_ledger_export, name="fund_ledger_export"),
    path("tong-hop-tien-thuong/", money_totals, name="money_totals"),
    path("tong-hop-tien-thuong/xuat-excel/", money_totals_export, name="money_totals_export"),
]
