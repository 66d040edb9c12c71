"""Issuing screens (/quyet-dinh/…): issuing bodies and signers, drafting a decision or a submission
from the lines ready for it, the drafts awaiting a signature, issuing (with a confirmation page),
the .docx, and recording the higher authority's decision on a submission. Views parse, check the
permission, call one service or selector and render; the rules are in services/issuing.py."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate

from .. import documents
from ..forms import (
    CandidateFilterForm,
    DraftForm,
    HigherDecisionForm,
    IssueForm,
    IssuingBodyForm,
    SignerForm,
    VersionForm,
)
from ..models import DOC_KIND_CODE, DecisionState, DocKind, IssuingBody, Signer
from ..selectors import decisions as dsel
from ..selectors import issuing as sel
from ..services import issuing as svc
from ..services.numbering import number_peek

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(request, perm: str, obj=None, message: str = "Anh/chị không có quyền thực hiện thao tác này."):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _manage(request):
    _require(request, "decisions.manage_signers", message=svc.MANAGE_DENIED)


def _int_list(values) -> list[int]:
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


# --- Issuing bodies and signers --------------------------------------------------------------------


@login_required
@require_GET
def signer_list(request):
    _manage(request)
    bodies = sel.issuing_body_list(actor=request.user)
    return render(request, "decisions/issuing/signer_list.html", {"bodies": bodies})


@login_required
@require_http_methods(["GET", "POST"])
def issuing_body_form(request, pk=None):
    _manage(request)
    body = get_object_or_404(IssuingBody, pk=pk) if pk else None
    form = IssuingBodyForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.issuing_body_save(
                actor=request.user,
                body=body,
                unit=body.unit if body else data["unit"],
                symbol=data["symbol"],
                header_name=data["header_name"],
                header_parent=data["header_parent"],
                place=data["place"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu cơ quan ban hành.")
            return redirect("decisions:signer_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/issuing/body_form.html", {"form": form, "body": body}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def signer_form(request, body_pk=None, pk=None):
    _manage(request)
    signer = get_object_or_404(Signer.objects.select_related("body"), pk=pk) if pk else None
    body = signer.body if signer else get_object_or_404(IssuingBody, pk=body_pk)
    form = SignerForm(request.POST or None, signer=signer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.signer_save(actor=request.user, signer=signer, body=body, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu người ký {data['full_name']}.")
            return redirect("decisions:signer_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "body": body, "signer": signer}
    return render(request, "decisions/issuing/signer_form.html", context, status=status)


# --- Drafting --------------------------------------------------------------------------------------


def _issuer_and_kind(request, issuers):
    params = request.POST if request.method == "POST" else request.GET
    kind = params.get("kind") if params.get("kind") in DocKind.values else DocKind.DECISION
    issuer = None
    if params.get("issuer"):
        try:
            issuer = issuers.filter(unit_id=int(params["issuer"])).first()
        except ValueError:
            issuer = None
    if issuer is None and len(issuers) == 1:
        issuer = issuers[0]
    return (issuer.unit if issuer else None), kind


@login_required
@require_http_methods(["GET", "POST"])
def draft_create(request):
    """Choose the issuer (and decision or submission), see the ready lines grouped by award type,
    tick them, create the draft."""
    _require(request, "decisions.prepare", message="Anh/chị không có quyền soạn dự thảo quyết định.")
    issuers = list(sel.issuers_for(actor=request.user))
    issuer, kind = _issuer_and_kind(request, sel.issuers_for(actor=request.user))
    errors = []
    if request.method == "POST":
        if issuer is None:
            errors.append("Vui lòng chọn cơ quan ban hành.")
        else:
            lines = _int_list(request.POST.getlist("lines"))
            try:
                decision = svc.draft_create(actor=request.user, issuer=issuer, kind=kind, lines=lines)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, f"Đã tạo dự thảo với {decision.items.count()} trường hợp.")
                return redirect("decisions:draft_edit", pk=decision.pk)
    filters = CandidateFilterForm(request.GET or None)
    candidates = (
        sel.candidate_lines(issuer=issuer, kind=kind, filters=filters.filters() if request.GET else {})
        if issuer is not None
        else None
    )
    context = {
        "issuers": issuers,
        "issuer": issuer,
        "kind": kind,
        "kinds": DocKind.choices,
        "filters": filters,
        "candidates": candidates,
        "errors": errors,
        "selected": set(_int_list(request.POST.getlist("lines"))),
        "action_label": "Tạo dự thảo",
    }
    status = 400 if errors else 200
    return render(request, "decisions/issuing/draft_create.html", context, status=status)


def _draft(request, pk):
    decision = dsel.decision_get(actor=request.user, pk=pk)
    if decision.state != DecisionState.DRAFT:
        messages.info(request, "Văn bản đã được ban hành.")
        return decision, redirect("decisions:decision_detail", pk=decision.pk)
    _require(request, "decisions.prepare_for", decision, svc.PREPARE_DENIED)
    return decision, None


def _draft_context(decision, day=None):
    items = list(sel.draft_items(decision))
    preview = sel.money_preview(items, day or decision.date) if decision.kind == DocKind.DECISION else None
    for item in items:
        item.amount = preview.amounts.get(item.pk) if preview else None
    return {"decision": decision, "items": items, "preview": preview}


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, pk):
    decision, done = _draft(request, pk)
    if done:
        return done
    initial = {
        "version": decision.version,
        "summary": decision.summary,
        "legal_basis": decision.legal_basis,
        "recipients": decision.recipients,
        "signer": decision.signer_id,
        "date": decision.date,
    }
    form = DraftForm(request.POST or None, initial=initial, issuer=decision.issuer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.draft_update(actor=request.user, decision=decision, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo.")
            return redirect("decisions:draft_edit", pk=decision.pk)
    context = {**_draft_context(decision), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/issuing/draft_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def draft_add(request, pk):
    decision, done = _draft(request, pk)
    if done:
        return done
    errors = []
    if request.method == "POST":
        version = VersionForm(request.POST)
        try:
            if not version.is_valid():
                raise ValidationError(svc.STALE)
            svc.draft_add_lines(
                actor=request.user,
                decision=decision,
                version=version.cleaned_data["version"],
                lines=_int_list(request.POST.getlist("lines")),
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, "Đã thêm trường hợp vào dự thảo.")
            return redirect("decisions:draft_edit", pk=decision.pk)
    filters = CandidateFilterForm(request.GET or None)
    candidates = sel.candidate_lines(
        issuer=decision.issuer,
        kind=decision.kind,
        filters=filters.filters() if request.GET else {},
        exclude_decision=decision,
    )
    context = {
        "decision": decision,
        "issuer": decision.issuer,
        "kind": decision.kind,
        "filters": filters,
        "candidates": candidates,
        "errors": errors,
        "selected": set(_int_list(request.POST.getlist("lines"))),
        "action_label": "Thêm vào dự thảo",
    }
    return render(request, "decisions/issuing/draft_create.html", context, status=400 if errors else 200)


@login_required
@require_POST
def draft_remove(request, pk):
    decision, done = _draft(request, pk)
    if done:
        return done
    version = VersionForm(request.POST)
    try:
        if not version.is_valid():
            raise ValidationError(svc.STALE)
        svc.draft_remove_items(
            actor=request.user,
            decision=decision,
            version=version.cleaned_data["version"],
            item_ids=_int_list(request.POST.getlist("items")),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Đã bỏ các trường hợp đã chọn khỏi dự thảo.")
    return redirect("decisions:draft_edit", pk=decision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draft_delete(request, pk):
    decision, done = _draft(request, pk)
    if done:
        return done
    form = VersionForm(request.POST or None, initial={"version": decision.version})
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(svc.STALE)
            svc.draft_delete(actor=request.user, decision=decision, version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã xóa dự thảo.")
            return redirect("decisions:decision_list")
    context = {"decision": decision, "form": form, "count": decision.items.count()}
    return render(request, "decisions/issuing/draft_delete.html", context, status=400 if form.errors else 200)


# --- Signing and issuing -----------------------------------------------------------------------------


@login_required
@require_GET
def to_sign(request):
    _require(request, "decisions.sign", message="Chỉ người ký có thẩm quyền xem danh sách dự thảo chờ ký.")
    page = paginate(request, sel.drafts_to_sign(actor=request.user))
    return render(request, "decisions/issuing/to_sign.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def decision_issue(request, pk):
    decision = dsel.decision_get(actor=request.user, pk=pk)
    if decision.state != DecisionState.DRAFT:
        messages.info(request, "Văn bản đã được ban hành.")
        return redirect("decisions:decision_detail", pk=decision.pk)
    _require(
        request,
        "decisions.issue",
        decision,
        f"Chỉ người ký có thẩm quyền của {decision.issuer.name} được ban hành văn bản này.",
    )
    default_day = decision.date or timezone.localdate()
    form = IssueForm(
        request.POST or None, initial={"version": decision.version, "date": default_day, "previewed": default_day}
    )
    valid = request.method == "POST" and form.is_valid()
    day = form.cleaned_data["date"] if valid else default_day
    previewed = form.cleaned_data.get("previewed") if valid else None
    reshown = valid and decision.kind == DocKind.DECISION and previewed is not None and previewed != day
    if reshown:
        # The amounts shown were for another date (the base salary may differ): show them again first.
        messages.warning(
            request,
            f"Ngày ban hành là {day:%d/%m/%Y}: tiền thưởng đã được tính lại theo mức lương cơ sở áp dụng ngày đó. "
            "Anh/chị kiểm tra lại rồi bấm “Ký ban hành”.",
        )
        form = IssueForm(initial={"version": decision.version, "date": day, "previewed": day})
        valid = False
    if valid:
        try:
            issued = svc.decision_issue(
                actor=request.user,
                decision=decision,
                date=day,
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"lines": "__all__"})
        else:
            messages.success(request, f"Đã ban hành {issued}.")
            return redirect("decisions:decision_detail", pk=issued.pk)
    context = {
        **_draft_context(decision, day),
        "form": form,
        "next_number": number_peek(issuer=decision.issuer, year=day.year, kind=decision.kind),
        "signer": Signer.objects.filter(body__unit_id=decision.issuer_id, user=request.user, active=True).first(),
        "kind_code": DOC_KIND_CODE[decision.kind],
    }
    context["revoked_warnings"] = sel.revoked_since_appraisal(context["items"])
    status = 400 if request.method == "POST" and not reshown else 200
    return render(request, "decisions/issuing/issue_confirm.html", context, status=status)


@login_required
@require_GET
def decision_docx(request, pk):
    decision = dsel.decision_get(actor=request.user, pk=pk)
    if decision.state == DecisionState.ISSUED and dsel.decision_detail(actor=request.user, pk=pk)[2]:
        # Someone who sees only part of the awards gets no file listing the others.
        raise PermissionDenied("Anh/chị chỉ được xem khen thưởng của đơn vị mình trong quyết định này.")
    data = documents.decision_docx(decision)
    stem = "tờ trình" if decision.kind == DocKind.SUBMISSION else "quyết định"
    if decision.number:
        name = f"{stem} {decision.number}".replace("/", "-")
    else:
        name = f"dự thảo {stem} {decision.pk}"
    response = HttpResponse(data, content_type=DOCX)
    encoded = quote(name.replace(" ", "-") + ".docx")
    response["Content-Disposition"] = f"attachment; filename=\"van-ban-{decision.pk}.docx\"; filename*=UTF-8''{encoded}"
    return response


# --- The higher authority's decision ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def higher_record(request, pk):
    _require(request, "decisions.record_higher", message="Chỉ cán bộ cấp tỉnh được ghi nhận quyết định của cấp trên.")
    submission = dsel.decision_get(actor=request.user, pk=pk)
    if submission.kind != DocKind.SUBMISSION or submission.state != DecisionState.ISSUED:
        raise Http404("Không tìm thấy tờ trình đã ban hành.")
    lines = list(sel.submitted_lines(submission))
    initial = {"version": submission.version, "issuer_name": "Thủ tướng Chính phủ", "rest_not_awarded": True}
    form = HigherDecisionForm(request.POST or None, initial=initial, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            higher = svc.higher_decision_record(
                actor=request.user,
                submission=submission,
                version=data["version"],
                number=data["number"],
                date=data["date"],
                issuer_name=data["issuer_name"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                summary=data["summary"],
                approved=data["approved"],
                rest_not_awarded=data["rest_not_awarded"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Đã ghi nhận quyết định số {higher.number} với {higher.awards.count()} khen thưởng."
            )
            return redirect("decisions:decision_detail", pk=higher.pk)
    chosen = set(_int_list(request.POST.getlist("approved"))) if request.method == "POST" else set()
    context = {
        "submission": submission,
        "lines": lines,
        "form": form,
        "chosen": chosen,
        "higher_issuers": svc.HIGHER_ISSUERS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "decisions/issuing/higher_record.html", context, status=status)


urlpatterns = [
    path("nguoi-ky/", signer_list, name="signer_list"),
    path("nguoi-ky/co-quan/tao/", issuing_body_form, name="issuing_body_create"),
    path("nguoi-ky/co-quan/<int:pk>/sua/", issuing_body_form, name="issuing_body_edit"),
    path("nguoi-ky/co-quan/<int:body_pk>/them/", signer_form, name="signer_create"),
    path("nguoi-ky/<int:pk>/sua/", signer_form, name="signer_edit"),
    path("du-thao/tao/", draft_create, name="draft_create"),
    path("<int:pk>/du-thao/", draft_edit, name="draft_edit"),
    path("<int:pk>/du-thao/them/", draft_add, name="draft_add"),
    path("<int:pk>/du-thao/bo/", draft_remove, name="draft_remove"),
    path("<int:pk>/du-thao/xoa/", draft_delete, name="draft_delete"),
    path("cho-ky/", to_sign, name="to_sign"),
    path("<int:pk>/ban-hanh/", decision_issue, name="decision_issue"),
    path("<int:pk>/tai-ve.docx", decision_docx, name="decision_docx"),
    path("<int:pk>/quyet-dinh-cap-tren/", higher_record, name="higher_record"),
]
