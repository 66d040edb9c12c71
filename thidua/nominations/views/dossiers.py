"""Dossier screens (/ho-so/): the list (search, filters, Excel), the header form, the dossier page, the
lines with the subject picker and the live check, a new person inline, the documents.

Views orchestrate only: parse the form, check the permission (404 for a dossier the user may not see,
403 for an action they may not take), call one service or selector, render."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required

from thidua.accounts.rules import is_admin, is_province_officer, is_unit_officer
from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate
from thidua.core.subjects import SubjectKind
from thidua.core.uploads import KINDS

from .. import checks, requirements, routing
from ..exports import nominations_workbook
from ..forms.dossiers import DocumentForm, LineForm, NominationFilterForm, NominationForm, PersonInlineForm
from ..models import Authority, NominationLine, State
from ..selectors import dossiers as sel
from ..services import dossiers as svc

view_list = permission_required("nominations.view_list", raise_exception=True)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_create(user) -> bool:
    return is_admin(user) or is_province_officer(user) or is_unit_officer(user)


def _get(request, pk):
    return sel.nomination_get(actor=request.user, pk=pk)


def _editable(request, pk):
    """The dossier (404 if unseen), and 403 unless the user may edit it now."""
    nomination = _get(request, pk)
    if not request.user.has_perm("nominations.edit", nomination):
        raise PermissionDenied("Anh/chị không sửa được hồ sơ này (đã gửi đi hoặc không thuộc đơn vị của anh/chị).")
    return nomination


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


# --- list ------------------------------------------------------------------------------------------------


def _filters(request):
    form = NominationFilterForm(request.GET or None, actor=request.user)
    if not form.is_bound:
        return form, {}
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data


@login_required
@view_list
@require_GET
def nomination_list(request):
    form, filters = _filters(request)
    if request.GET.get("xuat") == "excel":
        rows = sel.nomination_export_rows(actor=request.user, filters=filters) if filters is not None else []
        response = HttpResponse(nominations_workbook(rows), content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="ho-so-de-nghi-khen-thuong-{stamp}.xlsx"'
        return response
    qs = sel.nomination_list(actor=request.user, filters=filters or {})
    if filters is None:
        qs = qs.none()
    page = paginate(request, qs)
    page.object_list = sel.with_line_counts(page.object_list)
    context = {"form": form, "page": page, "can_create": _can_create(request.user)}
    template = "nominations/nomination_list.html#results" if request.htmx else "nominations/nomination_list.html"
    return render(request, template, context)


# --- header ----------------------------------------------------------------------------------------------


def _header_page(request, *, nomination=None):
    refresh_url = request.path
    refreshing = request.method == "POST" and request.POST.get("_refresh")
    if refreshing:
        # A choice that shows or hides fields: redraw, unbound, with what was typed so far.
        initial = request.POST.dict()
        initial["simplified"] = bool(request.POST.get("simplified"))
        form = NominationForm(actor=request.user, nomination=nomination, initial=initial, refresh_url=refresh_url)
    elif request.method == "POST":
        form = NominationForm(request.POST, actor=request.user, nomination=nomination, refresh_url=refresh_url)
    else:
        initial = _initial_header(nomination) if nomination else _initial_new(request)
        form = NominationForm(actor=request.user, nomination=nomination, initial=initial, refresh_url=refresh_url)
    if request.method == "POST" and not refreshing and form.is_valid():
        try:
            if nomination is None:
                unit = form.cleaned_data["proposing_unit"]
                if unit is None or not request.user.has_perm("nominations.create_for_unit", unit):
                    raise PermissionDenied
                obj = svc.nomination_create(actor=request.user, proposing_unit=unit, **form.header_data())
                messages.success(request, f"Đã tạo hồ sơ {obj.code}. Tiếp theo: thêm các dòng đề nghị.")
            else:
                obj = svc.nomination_update(
                    actor=request.user,
                    nomination=nomination,
                    version=form.cleaned_data.get("version"),
                    **form.header_data(),
                )
                messages.success(request, "Đã lưu thông tin hồ sơ.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("nominations:nomination_detail", pk=obj.pk)
    context = {
        "form": form,
        "nomination": nomination,
        "title": "Sửa thông tin hồ sơ" if nomination else "Tạo hồ sơ đề nghị",
    }
    template = (
        "nominations/nomination_form.html#form" if refreshing and request.htmx else "nominations/nomination_form.html"
    )
    return render(request, template, context)


def _initial_new(request) -> dict:
    initial = {"year": timezone.localdate().year, "authority": Authority.PROVINCE_CHAIR}
    if request.GET.get("don_vi"):
        initial["proposing_unit"] = request.GET["don_vi"]
    return initial


def _initial_header(nomination) -> dict:
    return {
        "version": nomination.version,
        "title": nomination.title,
        "year": nomination.year,
        "basis": nomination.basis,
        "movement": nomination.movement_id,
        "authority": nomination.authority,
        "deciding_unit": nomination.deciding_unit_id if nomination.authority == Authority.UNIT_HEAD else None,
        "simplified": nomination.simplified,
        "simplified_ground": nomination.simplified_ground,
    }


@login_required
@view_list
def nomination_create(request):
    if not _can_create(request.user):
        raise PermissionDenied("Chỉ cán bộ thi đua, khen thưởng của đơn vị hoặc của tỉnh được lập hồ sơ.")
    return _header_page(request)


@login_required
@view_list
def nomination_edit(request, pk):
    nomination = _editable(request, pk)
    if nomination.state != State.DRAFT:
        messages.error(
            request, "Chỉ sửa thông tin chung khi hồ sơ đang soạn; hồ sơ bị trả lại chỉ sửa các dòng được yêu cầu."
        )
        return redirect("nominations:nomination_detail", pk=pk)
    return _header_page(request, nomination=nomination)


@login_required
@view_list
def nomination_delete(request, pk):
    nomination = _editable(request, pk)
    if request.method == "POST":
        try:
            svc.nomination_delete(actor=request.user, nomination=nomination, version=request.POST.get("version"))
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("nominations:nomination_detail", pk=pk)
        messages.success(request, f"Đã xóa hồ sơ {nomination.code}.")
        return redirect("nominations:nomination_list")
    n_lines = nomination.lines.count()
    n_docs = nomination.documents.count()
    return render(
        request, "nominations/nomination_delete.html", {"nomination": nomination, "n_lines": n_lines, "n_docs": n_docs}
    )


# --- the dossier page ------------------------------------------------------------------------------------


@login_required
@view_list
def nomination_detail(request, pk):
    nomination = _get(request, pk)
    lines = sel.nomination_lines(nomination)
    documents = sel.nomination_documents(nomination)
    results = checks.check_lines(nomination, lines) if lines else {}
    required = requirements.required_documents(nomination, lines=lines, documents=documents)
    by_line = {}
    for req in required:
        by_line.setdefault(req.line_id, []).append(req)
    can_edit = request.user.has_perm("nominations.edit", nomination)
    for doc in documents:
        doc.removable = can_edit and svc.line_documents_open(doc.line, nomination)
    rows = [
        {
            "line": line,
            "check": results.get(line.pk),
            "requirements": by_line.get(line.pk, []),
            "editable": can_edit and bool(svc.editable_line_fields(line, nomination)),
            "docs_open": can_edit and svc.line_documents_open(line, nomination),
        }
        for line in lines
    ]
    steps = sel.nomination_steps(nomination)
    context = {
        "nomination": nomination,
        "steps": steps,
        "expected_route": _expected_route(nomination) if not steps else [],
        "rows": rows,
        "documents": documents,
        "general_requirements": by_line.get(None, []),
        "missing": [r for r in required if not r.satisfied],
        "quotas": checks.quota_checks(nomination) if lines else [],
        "can_edit": can_edit,
        "is_draft": nomination.state == State.DRAFT,
        "docs_open": can_edit and svc.line_documents_open(None, nomination),
        "correction_labels": _correction_labels(),
        "at_step_states": (State.SUBMITTED, State.IN_APPRAISAL),
    }
    return render(request, "nominations/nomination_detail.html", context)


def _correction_labels() -> dict:
    """Correction fields with their labels as written inside a sentence ("chỉ được sửa tóm tắt thành tích")."""
    return {name: svc.correction_label(name) for name in svc.CORRECTION_FIELDS}


def _expected_route(nomination):
    try:
        return routing.route_for(nomination.proposing_unit, nomination.authority, nomination.deciding_unit)
    except ValidationError:
        return []


# --- lines -----------------------------------------------------------------------------------------------


def _line_initial(line) -> dict:
    return {
        "version": line.version,
        "subject_kind": line.subject_kind,
        "subject": sel.subject_token(line.subject),
        "award_type": line.award_type_id,
        "year_from": line.year_from,
        "year_to": line.year_to,
        "achievement": line.achievement,
        "justification": line.justification,
    }


def _line_page(request, nomination, *, line=None):
    refreshing = request.method == "POST" and request.POST.get("_refresh")
    if request.method == "POST" and not refreshing:
        form = LineForm(request.POST, nomination=nomination, line=line, initial=_line_initial(line) if line else None)
    else:
        if line is not None:
            initial = _line_initial(line)
        else:
            initial = {"year_from": nomination.year, "year_to": nomination.year, "subject_kind": SubjectKind.PERSON}
            token = request.GET.get("doi_tuong", "")
            if token:
                initial["subject"] = token
                initial["subject_kind"] = token.partition(":")[0]
        if refreshing:
            # The subject kind changed: redraw (award types of that kind), keeping what was typed.
            locked = _locked_names(line, nomination) if line else set()
            initial |= {k: v for k, v in request.POST.items() if k not in locked and k != "_refresh"}
            if initial.get("subject", "").partition(":")[0] != initial.get("subject_kind"):
                initial["subject"] = ""
        form = LineForm(nomination=nomination, line=line, initial=initial)
    subject = sel.subject_from_token(actor=request.user, unit=nomination.proposing_unit, token=form.subject_token)
    if request.method == "POST" and not refreshing and form.is_valid():
        data = form.cleaned_data
        if subject is None and "subject" not in form.locked:
            form.add_error(None, "Vui lòng tìm và chọn đối tượng đề nghị (cá nhân, tập thể hoặc hộ gia đình).")
        else:
            values = {
                "subject": subject if "subject" not in form.locked else line.subject,
                "award_type": data["award_type"],
                "year_from": data["year_from"],
                "year_to": data["year_to"],
                "achievement": data["achievement"],
                "justification": data.get("justification", ""),
            }
            try:
                if line is None:
                    obj = svc.line_add(actor=request.user, nomination=nomination, **values)
                    messages.success(request, f"Đã thêm dòng đề nghị cho {obj.subject_name}.")
                else:
                    obj = svc.line_update(actor=request.user, line=line, version=data.get("version"), **values)
                    messages.success(request, f"Đã lưu dòng đề nghị của {obj.subject_name}.")
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if line is None and "them_tiep" in request.POST:
                    return redirect("nominations:line_add", pk=nomination.pk)
                return redirect(reverse("nominations:nomination_detail", args=[nomination.pk]) + f"#dong-{obj.pk}")
    context = {
        "nomination": nomination,
        "line": line,
        "form": form,
        "subject": subject,
        "results": [subject] if subject is not None else [],
        "chosen_pk": _chosen_pk(form.subject_token, form.kind),
        "kind": form.kind,
        "check": _draft_check(nomination, form, subject, line),
        "correction_labels": _correction_labels(),
    }
    template = "nominations/line_form.html#form" if refreshing and request.htmx else "nominations/line_form.html"
    return render(request, template, context)


def _chosen_pk(token: str, kind: str) -> str:
    """The id part of a subject token when it is of `kind` (the radio to check)."""
    token_kind, _, pk = (token or "").partition(":")
    return pk if token_kind == kind and pk.isdecimal() else ""


def _locked_names(line, nomination) -> set:
    """Form fields a returned line keeps closed (the subject's kind goes with the subject)."""
    allowed = svc.editable_line_fields(line, nomination)
    locked = {name for name in svc.LINE_FIELDS if name not in allowed}
    return locked | ({"subject_kind"} if "subject" in locked else set())


def _draft_check(nomination, form, subject, line):
    """The live check of what the form holds (None until subject, award and period are known)."""
    award_id = form["award_type"].value()
    award = form.fields["award_type"].queryset.filter(pk=award_id).first() if str(award_id or "").isdecimal() else None
    if award is None and line is not None and "award_type" in form.locked:
        award = line.award_type
    if subject is None and line is not None and "subject" in form.locked:
        subject = line.subject
    year_to = _valid_year(form, "year_to")
    year_from = _valid_year(form, "year_from") if form["year_from"].value() not in (None, "") else year_to
    if subject is None or award is None or year_to is None or year_from is None or year_from > year_to:
        return None  # the form says what is wrong with the years when it is saved
    result = checks.check_draft_line(
        nomination,
        subject=subject,
        award_type=award,
        year_from=year_from,
        year_to=year_to,
        exclude_line_id=line.pk if line else None,
        justification=form["justification"].value() or "",
    )
    return {"result": result, "award": award, "requirements": _award_requirements(nomination, award, subject)}


def _valid_year(form, name):
    """The year typed in `name` if it passes the form field's own validation (range 1945–2100), else None:
    the live check never runs on a year the form would refuse."""
    try:
        return form.fields[name].clean(form[name].value())
    except ValidationError:
        return None


def _award_requirements(nomination, award, subject):
    """Documents a line of this award needs (the line's own and the dossier's), for the live check."""
    probe = NominationLine(nomination=nomination, award_type=award, **svc.subject_fields(subject))
    probe.pk = 0
    return requirements.required_documents(nomination, lines=[probe], documents=[])


@login_required
@view_list
def line_add(request, pk):
    nomination = _editable(request, pk)
    if nomination.state != State.DRAFT:
        messages.error(request, "Hồ sơ bị trả lại chỉ được sửa các dòng được yêu cầu; không thêm dòng mới được.")
        return redirect("nominations:nomination_detail", pk=pk)
    return _line_page(request, nomination)


@login_required
@view_list
def line_edit(request, pk, line_pk):
    nomination = _editable(request, pk)
    line = sel.line_get(nomination=nomination, pk=line_pk)
    if not svc.editable_line_fields(line, nomination):
        messages.error(request, "Dòng này không được yêu cầu chỉnh sửa, nên không sửa được.")
        return redirect("nominations:nomination_detail", pk=pk)
    return _line_page(request, nomination, line=line)


@login_required
@view_list
def line_remove(request, pk, line_pk):
    nomination = _editable(request, pk)
    line = sel.line_get(nomination=nomination, pk=line_pk)
    if request.method == "POST":
        try:
            svc.line_remove(actor=request.user, line=line, version=request.POST.get("version"))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã bỏ dòng đề nghị của {line.subject_name}.")
        return redirect("nominations:nomination_detail", pk=pk)
    return render(request, "nominations/line_remove.html", {"nomination": nomination, "line": line})


@login_required
@view_list
@require_POST
def line_check(request, pk):
    """htmx: the verdict of the line being typed (checks.check_draft_line), with reasons, what is
    missing, conflicts and the documents this award needs."""
    nomination = _editable(request, pk)
    line = None
    if request.POST.get("line"):
        line = sel.line_get(nomination=nomination, pk=request.POST["line"])
    form = LineForm(request.POST, nomination=nomination, line=line, initial=_line_initial(line) if line else None)
    subject = sel.subject_from_token(actor=request.user, unit=nomination.proposing_unit, token=form.subject_token)
    context = {"nomination": nomination, "check": _draft_check(nomination, form, subject, line), "form": form}
    return render(request, "nominations/_line_check.html", context)


@login_required
@view_list
@require_GET
def subject_search(request):
    """htmx: people, collectives or households of the dossier's unit matching what was typed."""
    nomination = _editable(request, request.GET.get("ho_so"))
    kind = request.GET.get("subject_kind") or SubjectKind.PERSON
    if kind not in SubjectKind.values:
        kind = SubjectKind.PERSON
    q = request.GET.get("q", "")
    unit = nomination.proposing_unit
    results = sel.subject_search(actor=request.user, unit=unit, q=q, kind=kind)
    chosen = request.GET.get("subject", "")
    chosen_pk = _chosen_pk(chosen, kind)
    if chosen_pk and all(str(s.pk) != chosen_pk for s in results):
        # Keep the subject already chosen on the list, so a new search does not lose it.
        current = sel.subject_from_token(actor=request.user, unit=unit, token=chosen)
        if current is not None:
            results = [current, *results]
    context = {
        "nomination": nomination,
        "results": results,
        "kind": kind,
        "searched": bool(q.strip()),
        "chosen_pk": chosen_pk,
    }
    return render(request, "nominations/_subject_results.html", context)


# --- a new person ----------------------------------------------------------------------------------------


@login_required
@view_list
def person_create_inline(request, pk):
    nomination = _editable(request, pk)
    form = PersonInlineForm(request.POST or None, actor=request.user, nomination=nomination)
    duplicates = []
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = svc.person_create_inline(
                actor=request.user,
                nomination=nomination,
                full_name=data["full_name"],
                birth_date=data.get("birth_date"),
                sex=data["sex"],
                national_id=data.get("national_id", ""),
                position=data.get("position", ""),
                unit=data.get("unit"),
                employment_type=data["employment_type"],
                is_direct_worker=data.get("is_direct_worker", False),
                confirm_not_duplicate=data.get("confirm_duplicate", False),
            )
        except svc.PossibleDuplicate as dup:
            duplicates = dup.matches
            form.show_duplicate_confirmation()
            form.add_error(
                None,
                "Đã có người cùng họ tên (không kể dấu) và ngày sinh. Nếu là một trong những người dưới đây, hãy chọn "
                "người đó; nếu là người khác, đánh dấu “Đây là người khác” rồi lưu lại.",
            )
        except svc.NationalIdTaken as exc:
            existing = exc.person
            add_service_errors(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            token = sel.subject_token(person)
            if request.htmx:
                response = render(
                    request,
                    "nominations/_subject_results.html",
                    {
                        "nomination": nomination,
                        "results": [person],
                        "kind": SubjectKind.PERSON,
                        "chosen_pk": str(person.pk),
                        "created": person,
                        "clear_inline": True,
                    },
                )
                response["HX-Retarget"] = "#subject-results"
                response["HX-Reswap"] = "outerHTML"
                response["HX-Trigger"] = "subject-chosen"
                return response
            messages.success(request, f"Đã thêm cá nhân {person.full_name}; cá nhân này đã được chọn cho dòng đề nghị.")
            return redirect(reverse("nominations:line_add", args=[nomination.pk]) + f"?doi_tuong={token}")
    context = {
        "nomination": nomination,
        "form": form,
        "duplicates": duplicates,
        "existing": existing,
        "existing_token": sel.subject_token(existing) if existing else "",
    }
    template = "nominations/person_inline.html#form" if request.htmx else "nominations/person_inline.html"
    return render(request, template, context)


# --- documents -------------------------------------------------------------------------------------------


@login_required
@view_list
def document_add(request, pk):
    nomination = _editable(request, pk)
    lines = sel.nomination_lines(nomination)
    form = DocumentForm(request.POST or None, request.FILES or None, nomination=nomination, lines=lines)
    if not form.fields["line"].choices:
        messages.error(request, "Hồ sơ lúc này không được bổ sung tài liệu.")
        return redirect("nominations:nomination_detail", pk=pk)
    if request.method == "GET" and request.GET.get("dong"):
        form.initial["line"] = request.GET["dong"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.document_add(
                actor=request.user,
                nomination=nomination,
                kind=data["kind"],
                file=data["file"],
                line=data.get("line"),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã đính kèm “{data['file'].name}”.")
            return redirect(reverse("nominations:nomination_detail", args=[pk]) + "#tai-lieu")
    return render(request, "nominations/document_form.html", {"nomination": nomination, "form": form})


@login_required
@view_list
def document_remove(request, pk, doc_pk):
    nomination = _editable(request, pk)
    document = sel.document_get(nomination=nomination, pk=doc_pk)
    if request.method == "POST":
        try:
            svc.document_remove(actor=request.user, document=document)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Đã bỏ tài liệu “{document.original_name}”.")
        return redirect(reverse("nominations:nomination_detail", args=[pk]) + "#tai-lieu")
    return render(request, "nominations/document_remove.html", {"nomination": nomination, "document": document})


@login_required
@view_list
@require_GET
def document_download(request, pk, doc_pk):
    """The file, for whoever may see the dossier (never served as plain media)."""
    nomination = _get(request, pk)
    document = sel.document_get(nomination=nomination, pk=doc_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    # The type detected from the content on upload (thidua.core.uploads), never one guessed from the name.
    content_type = KINDS[document.file_kind][0] if document.file_kind in KINDS else "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=_download_name(document), content_type=content_type)


# Characters kept out of a download's file name (quotes, markup, path and shell separators, controls).
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*;\x00-\x1f\x7f]')


def _download_name(document) -> str:
    """The uploaded name cleaned of unsafe characters, with the extension of the detected kind."""
    name = _UNSAFE_NAME.sub("", document.original_name or "")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(stem.split()).strip(" .")[:150] or "tai-lieu"
    return f"{stem}.{document.file_kind}" if document.file_kind in KINDS else stem


urlpatterns = [
    path("", nomination_list, name="nomination_list"),
    path("tao-moi/", nomination_create, name="nomination_create"),
    path("tim-doi-tuong/", subject_search, name="subject_search"),
    path("<int:pk>/", nomination_detail, name="nomination_detail"),
    path("<int:pk>/sua/", nomination_edit, name="nomination_edit"),
    path("<int:pk>/xoa/", nomination_delete, name="nomination_delete"),
    path("<int:pk>/dong/them/", line_add, name="line_add"),
    path("<int:pk>/dong/<int:line_pk>/sua/", line_edit, name="line_edit"),
    path("<int:pk>/dong/<int:line_pk>/xoa/", line_remove, name="line_remove"),
    path("<int:pk>/kiem-tra-dong/", line_check, name="line_check"),
    path("<int:pk>/them-ca-nhan/", person_create_inline, name="person_create_inline"),
    path("<int:pk>/tai-lieu/them/", document_add, name="document_add"),
    path("<int:pk>/tai-lieu/<int:doc_pk>/xoa/", document_remove, name="document_remove"),
    path("<int:pk>/tai-lieu/<int:doc_pk>/", document_download, name="document_download"),
]
