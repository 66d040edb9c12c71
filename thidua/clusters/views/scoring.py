"""Views: the scoring round, self-scoring with evidence, the cross-check, locking and reopening.

`/cum-khoi/<pk>/cham-diem/` is the round page of cluster `pk`; a unit's sheet and one score live
under `/cum-khoi/cham-diem/`. Whoever may not see the cluster gets 404; whoever sees it but may not
do an action gets 403. The rules are in services/scoring.py.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.forms import add_service_errors
from thidua.core.uploads import KINDS

from ..forms.scoring import (
    AdjustForm,
    DismissForm,
    EvidenceForm,
    RemarkForm,
    ReopenForm,
    RoundOpenForm,
    RoundUpdateForm,
    ScoreForm,
    VersionForm,
)
from ..models import CriterionGroup
from ..rules import acts_for
from ..selectors import scoring as sel
from ..services import scoring as svc
from ..services.tables import pts


def _posted(request):
    """The POST data of a POST (even an empty one: a form missing every field is refused, not ignored)."""
    return request.POST if request.method == "POST" else None


def _deny_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _gate_scorer(request, sheet) -> None:
    """The sheet's own unit's officers reach the scoring actions (the service then tells them if the
    scores are locked); anybody else is refused."""
    _deny_unless(request.user.has_perm("clusters.score", sheet) or acts_for(request.user, sheet.unit), svc.SCORE_DENIED)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the round page -----------------------------------------------------------------------------------


def _open_form(cluster, data=None):
    choices = sel.open_choices(cluster)
    form = RoundOpenForm(data, tables=choices["tables"], groups=choices["groups"], own=choices["own"])
    return form, choices


def _round_page(request, cluster, open_form=None, open_choices=None, status=200):
    user = request.user
    rnd = sel.round_of(cluster)
    can_manage = user.has_perm("clusters.manage", cluster)
    context = {"cluster": cluster, "round": rnd, "can_manage": can_manage}
    if rnd is None:
        if can_manage:
            if open_form is None:
                open_form, open_choices = _open_form(cluster)
            context.update(form=open_form, own_table=open_choices["own"])
        return render(request, "clusters/round_detail.html", context, status=status)
    context.update(sel.round_grid(actor=user, rnd=rnd), **sel.round_actions(actor=user, rnd=rnd))
    return render(request, "clusters/round_detail.html", context, status=status)


@login_required
@require_GET
def round_detail(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    return _round_page(request, cluster)


@login_required
@require_http_methods(["GET", "POST"])
def round_open(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    _deny_unless(request.user.has_perm("clusters.manage", cluster), svc.MANAGE_DENIED)
    if request.method == "GET":
        return redirect("clusters:round", cluster.pk)
    form, choices = _open_form(cluster, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.round_open(
                actor=request.user,
                cluster=cluster,
                table=data["table"],
                deadline=data["deadline"],
                tie_group=data["tie_group"],
                tie_vote=data["tie_vote"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã mở đợt chấm điểm; mỗi đơn vị thành viên đã có bảng tự chấm điểm.")
            return redirect("clusters:round", cluster.pk)
    return _round_page(request, cluster, open_form=form, open_choices=choices)


def _round_for(request, pk):
    cluster = sel.cluster_get(actor=request.user, pk=pk)
    rnd = sel.round_of(cluster)
    if rnd is None:
        raise Http404("Cụm, khối chưa mở đợt chấm điểm.")
    return cluster, rnd


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    cluster, rnd = _round_for(request, pk)
    _deny_unless(request.user.has_perm("clusters.manage", cluster), svc.MANAGE_DENIED)
    groups = CriterionGroup.objects.filter(table=rnd.table_id).order_by("order", "pk")
    initial = {
        "deadline": rnd.deadline,
        "tie_group": rnd.tie_group_id,
        "tie_vote": rnd.tie_vote,
        "version": rnd.version,
    }
    form = RoundUpdateForm(_posted(request), initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.round_update(
                actor=request.user,
                round=rnd,
                deadline=data["deadline"],
                tie_group=data["tie_group"],
                tie_vote=data["tie_vote"],
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thiết lập đợt chấm điểm.")
            return redirect("clusters:round", cluster.pk)
    return render(request, "clusters/round_form.html", {"cluster": cluster, "round": rnd, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_lock(request, pk):
    cluster, rnd = _round_for(request, pk)
    _deny_unless(request.user.has_perm("clusters.manage", cluster), svc.MANAGE_DENIED)
    form = VersionForm(_posted(request), initial={"version": rnd.version})
    if request.method == "POST" and form.is_valid():
        try:
            svc.round_lock(actor=request.user, round=rnd, version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã khóa điểm. Từ nay chỉ Sở Nội vụ mở lại được.")
            return redirect("clusters:round", cluster.pk)
    grid = sel.round_grid(actor=request.user, rnd=rnd)
    context = {"cluster": cluster, "round": rnd, "form": form, **grid}
    return render(request, "clusters/round_lock.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request, pk):
    cluster, rnd = _round_for(request, pk)
    _deny_unless(request.user.has_perm("clusters.reopen", cluster), svc.REOPEN_DENIED)
    form = ReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.round_reopen(actor=request.user, round=rnd, new_deadline=data["new_deadline"], reason=data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Đã mở lại điểm; các đơn vị được chấm, cụm trưởng được kiểm tra chéo đến hạn mới."
            )
            return redirect("clusters:round", cluster.pk)
    return render(request, "clusters/round_reopen.html", {"cluster": cluster, "round": rnd, "form": form})


# --- a unit's sheet -----------------------------------------------------------------------------------


def _sheet_context(request, sheet):
    user, rnd = request.user, sheet.round
    cluster = rnd.cluster
    locked = rnd.is_locked()
    return {
        "sheet": sheet,
        "round": rnd,
        "cluster": cluster,
        "locked": locked,
        "can_score": user.has_perm("clusters.score", sheet),
        "can_adjust": user.has_perm("clusters.adjust", cluster) and not locked,
        "own": acts_for(user, sheet.unit),
        **sel.sheet_detail(actor=user, sheet=sheet),
    }


@login_required
@require_GET
def sheet(request, sheet_pk):
    sheet = sel.sheet_get(actor=request.user, pk=sheet_pk)
    context = _sheet_context(request, sheet)
    context["others"] = sel.other_sheets(rnd=sheet.round, exclude=sheet)
    return render(request, "clusters/sheet_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_submit(request, sheet_pk):
    sheet = sel.sheet_get(actor=request.user, pk=sheet_pk)
    _gate_scorer(request, sheet)
    form = VersionForm(_posted(request), initial={"version": sheet.version})
    if request.method == "POST" and form.is_valid():
        try:
            svc.sheet_submit(actor=request.user, sheet=sheet, version=form.cleaned_data["version"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã gửi bảng tự chấm điểm để kiểm tra chéo.")
            return redirect("clusters:sheet", sheet.pk)
    context = _sheet_context(request, sheet)
    context["form"] = form
    return render(request, "clusters/sheet_submit.html", context)


# --- one score ----------------------------------------------------------------------------------------


def _score_page(request, score, **forms):
    user = request.user
    sheet = score.sheet
    rnd, cluster = sheet.round, sheet.round.cluster
    locked = rnd.is_locked()
    can_score = user.has_perm("clusters.score", sheet)
    can_adjust = user.has_perm("clusters.adjust", cluster) and not locked
    remark_units = sel.remark_units(actor=user, score=score) if not locked else []
    if can_score:
        forms.setdefault(
            "score_form",
            ScoreForm(initial={"self_points": pts(score.self_points), "note": score.note, "version": score.version}),
        )
        forms.setdefault("evidence_form", EvidenceForm())
    if remark_units and user.has_perm("clusters.remark", cluster):
        forms.setdefault("remark_form", RemarkForm())
    if can_adjust:
        forms.setdefault("adjust_form", AdjustForm(initial={"points": pts(score.points), "version": score.version}))
    context = {
        "score": score,
        "criterion": score.criterion,
        "sheet": sheet,
        "round": rnd,
        "cluster": cluster,
        "locked": locked,
        "can_score": can_score,
        "can_adjust": can_adjust,
        "remark_unit": remark_units[0] if remark_units else None,
        **sel.score_detail(score=score),
        **forms,
    }
    return render(request, "clusters/score_detail.html", context)


@login_required
@require_GET
def score_detail(request, score_pk):
    score = sel.score_get(actor=request.user, pk=score_pk)
    return _score_page(request, score)


@login_required
@require_POST
def score_set(request, score_pk):
    score = sel.score_get(actor=request.user, pk=score_pk)
    _gate_scorer(request, score.sheet)
    form = ScoreForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.score_set(
                actor=request.user,
                score=score,
                self_points=data["self_points"],
                note=data["note"],
                version=data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu điểm tự chấm tiêu chí {score.criterion.code}.")
            if request.POST.get("back") == "sheet":
                return redirect(reverse("clusters:sheet", args=[score.sheet_id]) + f"#tc-{score.pk}")
            return redirect("clusters:score", score.pk)
    return _score_page(request, score, score_form=form)


@login_required
@require_POST
def evidence_add(request, score_pk):
    score = sel.score_get(actor=request.user, pk=score_pk)
    _gate_scorer(request, score.sheet)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = svc.evidence_add(actor=request.user, score=score, file=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã tải minh chứng “{evidence.original_name}”.")
            return redirect("clusters:score", score.pk)
    return _score_page(request, score, evidence_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request, pk):
    evidence = sel.evidence_get(actor=request.user, pk=pk)
    score = evidence.score
    _gate_scorer(request, score.sheet)
    error = None
    if request.method == "POST":
        try:
            svc.evidence_remove(actor=request.user, evidence=evidence)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Đã xóa minh chứng “{evidence.original_name}”.")
            return redirect("clusters:score", score.pk)
    context = {"evidence": evidence, "score": score, "sheet": score.sheet, "cluster": score.sheet.round.cluster}
    context["error"] = error
    return render(request, "clusters/score_evidence_remove.html", context)


# Characters kept out of a download's file name (quotes, markup, path and shell separators, controls).
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*;\x00-\x1f\x7f]')


def _download_name(evidence) -> str:
    name = _UNSAFE_NAME.sub("", evidence.original_name or "")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(stem.split()).strip(" .")[:150] or "minh-chung"
    return f"{stem}.{evidence.file_kind}" if evidence.file_kind in KINDS else stem


@login_required
@require_GET
def evidence_download(request, pk):
    """The file, for whoever may see the cluster (never served as plain media)."""
    evidence = sel.evidence_get(actor=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    content_type = KINDS[evidence.file_kind][0] if evidence.file_kind in KINDS else "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=_download_name(evidence), content_type=content_type)


@login_required
@require_POST
def remark_add(request, score_pk):
    score = sel.score_get(actor=request.user, pk=score_pk)
    _deny_unless(request.user.has_perm("clusters.remark", score.sheet.round.cluster), svc.REMARK_DENIED)
    form = RemarkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.remark_add(actor=request.user, score=score, text=data["text"], proposed_points=data["proposed_points"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Đã gửi ý kiến kiểm tra chéo.")
            return redirect(reverse("clusters:score", args=[score.pk]) + "#y-kien")
    return _score_page(request, score, remark_form=form)


@login_required
@require_POST
def score_adjust(request, score_pk):
    score = sel.score_get(actor=request.user, pk=score_pk)
    _deny_unless(request.user.has_perm("clusters.adjust", score.sheet.round.cluster), svc.ADJUST_DENIED)
    form = AdjustForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.score_adjust(
                actor=request.user,
                score=score,
                points=data["points"],
                reason=data["reason"],
                version=data["version"],
                resolve_remarks=data["resolve_remarks"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Đã điều chỉnh điểm tiêu chí {score.criterion.code} của {score.sheet.unit.name}."
            )
            return redirect("clusters:score", score.pk)
    return _score_page(request, score, adjust_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def remark_dismiss(request, pk):
    remark = sel.remark_get(actor=request.user, pk=pk)
    score = remark.score
    _deny_unless(request.user.has_perm("clusters.adjust", score.sheet.round.cluster), svc.ADJUST_DENIED)
    form = DismissForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            svc.remark_dismiss(actor=request.user, remark=remark, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã đóng ý kiến của {remark.unit.name}.")
            return redirect(reverse("clusters:score", args=[score.pk]) + "#y-kien")
    context = {"remark": remark, "score": score, "sheet": score.sheet, "cluster": score.sheet.round.cluster}
    context["form"] = form
    return render(request, "clusters/score_remark_dismiss.html", context)


urlpatterns = [
    path("<int:pk>/cham-diem/", round_detail, name="round"),
    path("<int:pk>/cham-diem/mo/", round_open, name="round_open"),
    path("<int:pk>/cham-diem/thiet-lap/", round_edit, name="round_edit"),
    path("<int:pk>/cham-diem/khoa/", round_lock, name="round_lock"),
    path("<int:pk>/cham-diem/mo-lai/", round_reopen, name="round_reopen"),
    path("cham-diem/phieu/<int:sheet_pk>/", sheet, name="sheet"),
    path("cham-diem/phieu/<int:sheet_pk>/gui/", sheet_submit, name="sheet_submit"),
    path("cham-diem/diem/<int:score_pk>/", score_detail, name="score"),
    path("cham-diem/diem/<int:score_pk>/tu-cham/", score_set, name="score_set"),
    path("cham-diem/diem/<int:score_pk>/minh-chung/", evidence_add, name="evidence_add"),
    path("cham-diem/diem/<int:score_pk>/y-kien/", remark_add, name="remark_add"),
    path("cham-diem/diem/<int:score_pk>/dieu-chinh/", score_adjust, name="score_adjust"),
    path("cham-diem/minh-chung/<int:pk>/", evidence_download, name="evidence_download"),
    path("cham-diem/minh-chung/<int:pk>/xoa/", evidence_remove, name="evidence_remove"),
    path("cham-diem/y-kien/<int:pk>/khong-chap-nhan/", remark_dismiss, name="remark_dismiss"),
]
