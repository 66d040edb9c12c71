"""Meetings (/hoi-dong/phien-hop/): list, meeting page, agenda, attendance, votes, ballot sheet, minutes.

A member's own choice on a secret item is kept only in a signed cookie on their browser until the
vote closes (never in the database or the server session); see docs/ballot-secrecy.md.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.catalog.models import AwardType
from thidua.core.forms import add_service_errors
from thidua.core.pagination import paginate

from .. import selectors as sel
from .. import services
from ..forms import AttendanceForm, MeetingFilterForm, MeetingForm, RecuseForm, WrittenBallotForm
from ..models import AgendaItem, Choice, MeetingState, VoteMode, VoteState
from ..rules import seat_of
from ..tally import percent, required_yes, rule_label

MANAGE_DENIED = "Chỉ Thường trực Hội đồng (chuyên viên thi đua, khen thưởng cấp tỉnh) được thực hiện thao tác này."
PRESIDE_DENIED = "Chỉ Chủ tịch hoặc Phó Chủ tịch thường trực Hội đồng (người chủ trì) được mở và kết thúc biểu quyết."

# The member's own secret choice: a signed cookie on their browser only, salted per user.
BALLOT_COOKIE = "hd_phieu_{}"
BALLOT_SALT = "thidua.council.secret-ballot.{}"
BALLOT_COOKIE_PATH = "/hoi-dong/"
BALLOT_COOKIE_AGE = 12 * 3600


def _require(request, perm: str, obj=None, message: str = MANAGE_DENIED):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def own_secret_choice(request, item) -> str | None:
    """The member's choice on an open secret item, read from their own browser's signed cookie."""
    if not item.secret or item.vote_state != VoteState.OPEN:
        return None
    value = request.get_signed_cookie(
        BALLOT_COOKIE.format(item.pk), default=None, salt=BALLOT_SALT.format(request.user.pk)
    )
    return value if value in Choice.values else None


def _decorate(items):
    labels = dict(Choice.choices)
    for item in items:
        item.rule_text = rule_label(
            secret=item.secret,
            threshold=item.threshold,
            strictly_above=item.strictly_above,
            approval_base=item.approval_base,
        )
        if item.vote_state == VoteState.CLOSED:
            item.yes_percent = percent(item.yes_count or 0, item.base_count)
            item.needed = required_yes(item.base_count or 0, item.threshold, item.strictly_above)
        for row in getattr(item, "roll_rows", []):
            row.choice_label = labels.get(row.open_choice, "")
    return items


# --- Lists and the meeting page -------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request):
    _require(request, "council.view", message="Anh/chị không có quyền xem các phiên họp của Hội đồng.")
    form = MeetingFilterForm(request.GET or None, years=sel.meeting_years(actor=request.user))
    filters = form.filters() if request.GET else {}
    qs = sel.meeting_list(actor=request.user, filters=filters)
    if filters.get("none"):
        qs = qs.none()
    context = {"form": form, "page": paginate(request, qs), "can_manage": request.user.has_perm("council.manage")}
    template = "council/meeting_list.html#results" if request.htmx else "council/meeting_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk=None):
    _require(request, "council.manage")
    meeting = sel.meeting_get(actor=request.user, pk=pk) if pk else None
    initial = {"council": sel.active_councils(actor=request.user).first()}
    if meeting is not None:
        initial = {f: getattr(meeting, f) for f in ("title", "held_at", "place", "secretary_name", "note", "version")}
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        councils=sel.active_councils(actor=request.user),
        editing=meeting is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if meeting is None:
                data.pop("version", None)
                meeting = services.meeting_create(actor=request.user, **data)
                messages.success(request, "Đã tạo phiên họp. Hãy đưa các trường hợp vào chương trình và điểm danh.")
            else:
                services.meeting_update(actor=request.user, meeting=meeting, **data)
                messages.success(request, "Đã lưu thông tin phiên họp.")
            return redirect("council:meeting_detail", meeting.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/meeting_form.html", {"form": form, "meeting": meeting})


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    groups = sel.agenda_groups(meeting, with_roll=True)
    for group in groups:
        _decorate(group.items)
    rows = sel.attendance_rows(meeting)
    try:
        quorum, quorum_error = sel.quorum_status(meeting), None
    except ValidationError as exc:
        quorum, quorum_error = None, _error_text(exc)
    items = [i for g in groups for i in g.items]
    context = {
        "meeting": meeting,
        "groups": groups,
        "attendance": rows,
        "counts": sel.attendance_counts(rows),
        "quorum": quorum,
        "quorum_error": quorum_error,
        "can_manage": request.user.has_perm("council.manage"),
        "can_preside": request.user.has_perm("council.preside", meeting),
        "can_close_meeting": request.user.has_perm("council.close_meeting", meeting),
        "is_member": seat_of(request.user, meeting.council_id) is not None,
        "any_pending": any(i.vote_state == VoteState.PENDING for i in items),
        "any_open": any(i.vote_state == VoteState.OPEN for i in items),
        "any_closed": any(i.vote_state == VoteState.CLOSED for i in items),
        "is_closed": meeting.state == MeetingState.CLOSED,
    }
    return render(request, "council/meeting_detail.html", context)


# --- Agenda and attendance -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request, pk):
    _require(request, "council.manage")
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    error = None
    if request.method == "POST":
        award_type = None
        if request.POST.get("award_type", "").isdecimal():
            award_type = AwardType.objects.filter(pk=int(request.POST["award_type"])).first()
        line_ids = [v for v in request.POST.getlist("lines") if v.isdecimal()]
        try:
            items = services.agenda_add_lines(
                actor=request.user, meeting=meeting, line_ids=line_ids, award_type=award_type
            )
            messages.success(request, f"Đã đưa {len(items)} trường hợp vào chương trình phiên họp.")
            return redirect("council:meeting_detail", meeting.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    context = {"meeting": meeting, "groups": sel.agenda_candidates(actor=request.user), "error": error}
    return render(request, "council/agenda_add.html", context)


@login_required
@require_POST
def agenda_remove(request, pk):
    _require(request, "council.manage")
    item = sel.item_get(actor=request.user, pk=pk)
    try:
        services.agenda_remove_item(actor=request.user, item=item)
        messages.success(request, f"Đã bỏ trường hợp {item.line.subject_name} khỏi chương trình.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("council:meeting_detail", item.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    _require(request, "council.manage")
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    form = AttendanceForm(request.POST or None, rows=sel.attendance_rows(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.attendance_set(actor=request.user, meeting=meeting, presences=form.presences())
            messages.success(request, f"Đã lưu điểm danh: {counts['PRESENT']} thành viên có mặt.")
            return redirect("council:meeting_detail", meeting.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/attendance_form.html", {"meeting": meeting, "form": form})


# --- Opening and closing votes (the presiding member) ---------------------------------------------


def _scope_args(request, meeting) -> tuple[dict, str]:
    """{"item": …} / {"award_type": …} / {} from the POSTed scope, and its description."""
    data = request.POST if request.method == "POST" else request.GET
    if data.get("item", "").isdecimal():
        item = (
            AgendaItem.objects.select_related("line", "award_type")
            .filter(pk=int(data["item"]), meeting=meeting)
            .first()
        )
        if item is None:
            raise ValidationError("Không tìm thấy nội dung biểu quyết.")
        return {"item": item}, f"trường hợp {item.line.subject_name} ({item.award_type.name})"
    if data.get("award_type", "").isdecimal():
        award_type = AwardType.objects.filter(pk=int(data["award_type"])).first()
        if award_type is None:
            raise ValidationError("Không tìm thấy hình thức khen thưởng.")
        return {"award_type": award_type}, f"các trường hợp đề nghị {award_type.name}"
    return {}, "tất cả các nội dung"


@login_required
@require_POST
def vote_open(request, pk):
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    _require(request, "council.preside", meeting, PRESIDE_DENIED)
    try:
        scope, label = _scope_args(request, meeting)
        items = services.vote_open(actor=request.user, meeting=meeting, **scope)
        messages.success(request, f"Đã mở biểu quyết {len(items)} nội dung ({label}).")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("council:meeting_detail", meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def vote_close(request, pk):
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    _require(request, "council.preside", meeting, PRESIDE_DENIED)
    error = None
    try:
        scope, label = _scope_args(request, meeting)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("council:meeting_detail", meeting.pk)
    if request.method == "POST":
        try:
            closed = services.vote_close(actor=request.user, meeting=meeting, **scope)
            passed = sum(1 for i in closed if i.passed)
            messages.success(
                request,
                f"Đã kết thúc biểu quyết {len(closed)} nội dung: {passed} thông qua, "
                f"{len(closed) - passed} không thông qua.",
            )
            return redirect("council:meeting_detail", meeting.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    qs = AgendaItem.objects.filter(meeting=meeting, vote_state=VoteState.OPEN)
    if "item" in scope:
        qs = qs.filter(pk=scope["item"].pk)
    if "award_type" in scope:
        qs = qs.filter(award_type=scope["award_type"])
    from django.db.models import Count

    items = list(qs.select_related("line", "award_type").annotate(n_roll=Count("roll")).order_by("sort_order", "id"))
    context = {"meeting": meeting, "items": items, "label": label, "scope": scope, "error": error}
    return render(request, "council/vote_close.html", context)


# --- The member's ballot sheet -------------------------------------------------------------------


def _sheet_response(request, template, context, items_seen=()):
    response = render(request, template, context)
    for item in items_seen:  # the member's own secret choice disappears once the vote closes
        if item.secret and item.vote_state == VoteState.CLOSED and BALLOT_COOKIE.format(item.pk) in request.COOKIES:
            response.delete_cookie(BALLOT_COOKIE.format(item.pk), path=BALLOT_COOKIE_PATH)
    return response


@login_required
@require_GET
@never_cache  # the member's own secret choice must not stay in a shared computer's cache
def ballot_sheet(request, pk):
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    sheet = sel.ballot_sheet(actor=request.user, meeting=meeting)
    if sheet.seat is None:
        raise PermissionDenied("Chỉ thành viên Hội đồng có phiếu biểu quyết.")
    for item in sheet.items:
        item.own_choice = own_secret_choice(request, item)
    _decorate(sheet.items + sheet.closed)
    context = {"meeting": meeting, "sheet": sheet, "choices": Choice.choices}
    if request.htmx and request.GET.get("phan") == "noi-dung":
        return _sheet_response(request, "council/ballot_sheet.html#open_items", context, sheet.closed)
    return _sheet_response(request, "council/ballot_sheet.html", context, sheet.closed)


@login_required
@require_POST
@never_cache
def ballot_cast(request, pk):
    item = sel.item_get(actor=request.user, pk=pk)  # 404 for whoever may not see the meeting
    choice = request.POST.get("choice", "")
    error = None
    try:
        services.ballot_cast(actor=request.user, item=item, choice=choice)
    except ValidationError as exc:
        error = _error_text(exc)
    item = sel.sheet_row(
        actor=request.user, item=AgendaItem.objects.select_related("meeting", "award_type", "line").get(pk=item.pk)
    )
    _decorate([item])
    just_cast = error is None and item.secret
    item.own_choice = choice if just_cast else own_secret_choice(request, item)
    context = {"meeting": item.meeting, "item": item, "choices": Choice.choices, "row_error": error, "present": True}
    if request.htmx:
        response = render(request, "council/ballot_sheet.html#row", context)
    else:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Đã ghi nhận phiếu biểu quyết của anh/chị.")
        response = redirect("council:ballot_sheet", item.meeting_id)
    if just_cast:
        response.set_signed_cookie(
            BALLOT_COOKIE.format(item.pk),
            choice,
            salt=BALLOT_SALT.format(request.user.pk),
            max_age=BALLOT_COOKIE_AGE,
            path=BALLOT_COOKIE_PATH,
            httponly=True,
            samesite="Strict",
            secure=request.is_secure(),
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def vote_recuse(request, pk):
    item = sel.item_get(actor=request.user, pk=pk)
    if seat_of(request.user, item.meeting.council_id) is None:
        raise PermissionDenied("Chỉ thành viên Hội đồng được đăng ký không tham gia biểu quyết.")
    form = RecuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_recuse(actor=request.user, item=item, reason=form.cleaned_data["reason"])
            messages.success(
                request, f"Đã ghi nhận anh/chị không tham gia biểu quyết trường hợp {item.line.subject_name}."
            )
            return redirect("council:ballot_sheet", item.meeting_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/recuse_form.html", {"item": item, "meeting": item.meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def ballot_written(request, pk):
    _require(request, "council.manage", message="Chỉ Thường trực Hội đồng được ghi nhận phiếu bằng văn bản.")
    item = sel.item_get(actor=request.user, pk=pk)
    form = WrittenBallotForm(request.POST or None, members=sel.written_candidates(item))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["choice"] == VoteMode.RECUSED:
                services.vote_recuse(actor=request.user, item=item, reason=data["reason"], member=data["member"])
            else:
                services.ballot_record_written(
                    actor=request.user, item=item, member=data["member"], choice=data["choice"]
                )
            messages.success(request, "Đã ghi nhận ý kiến bằng văn bản.")
            return redirect("council:meeting_detail", item.meeting_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "council/written_form.html", {"item": item, "meeting": item.meeting, "form": form})


# --- Closing the meeting and the minutes ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_close(request, pk):
    meeting = sel.meeting_get(actor=request.user, pk=pk)
    _require(request, "council.close_meeting", meeting, "Anh/chị không có quyền kết thúc phiên họp.")
    error = None
    if request.method == "POST":
        try:
            services.meeting_close(actor=request.user, meeting=meeting, note=request.POST.get("note", meeting.note))
            messages.success(request, "Đã kết thúc phiên họp.")
            return redirect("council:meeting_detail", meeting.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    pending = AgendaItem.objects.filter(meeting=meeting, vote_state=VoteState.PENDING).count()
    is_open = AgendaItem.objects.filter(meeting=meeting, vote_state=VoteState.OPEN).exists()
    context = {"meeting": meeting, "error": error, "pending": pending, "is_open": is_open}
    return render(request, "council/meeting_close.html", context)


@login_required
@require_GET
def meeting_minutes(request, pk):
    from ..minutes import minutes_docx

    meeting = sel.meeting_get(actor=request.user, pk=pk)
    if not AgendaItem.objects.filter(meeting=meeting, vote_state=VoteState.CLOSED).exists():
        messages.error(request, "Chưa có nội dung nào có kết quả biểu quyết nên chưa lập được biên bản.")
        return redirect("council:meeting_detail", meeting.pk)
    content = minutes_docx(meeting)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hop-hoi-dong-{meeting.pk}.docx"'
    return response


urlpatterns = [
    path("phien-hop/", meeting_list, name="meeting_list"),
    path("phien-hop/moi/", meeting_edit, name="meeting_create"),
    path("phien-hop/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("phien-hop/<int:pk>/sua/", meeting_edit, name="meeting_edit"),
    path("phien-hop/<int:pk>/chuong-trinh/", agenda_add, name="agenda_add"),
    path("phien-hop/<int:pk>/diem-danh/", attendance, name="attendance"),
    path("phien-hop/<int:pk>/mo-bieu-quyet/", vote_open, name="vote_open"),
    path("phien-hop/<int:pk>/ket-thuc-bieu-quyet/", vote_close, name="vote_close"),
    path("phien-hop/<int:pk>/phieu/", ballot_sheet, name="ballot_sheet"),
    path("phien-hop/<int:pk>/ket-thuc/", meeting_close, name="meeting_close"),
    path("phien-hop/<int:pk>/bien-ban.docx", meeting_minutes, name="meeting_minutes"),
    path("noi-dung/<int:pk>/xoa/", agenda_remove, name="agenda_remove"),
    path("noi-dung/<int:pk>/bieu-quyet/", ballot_cast, name="ballot_cast"),
    path("noi-dung/<int:pk>/khong-tham-gia/", vote_recuse, name="vote_recuse"),
    path("noi-dung/<int:pk>/phieu-van-ban/", ballot_written, name="ballot_written"),
]
