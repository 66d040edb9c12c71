"""Views: ranking, tie-break vote, publication, leaderboard, charts, proposals, leaders compared.

A member unit's own tie-break choice is kept only in a signed cookie on the officer's browser until the
vote closes (never in the database or the server session); see docs/ballot-secrecy.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.catalog.selectors import NotInForce
from thidua.core.forms import add_service_errors
from thidua.movements.models import Movement
from thidua.nominations.services.dossiers import movement_choices_for
from thidua.org.models import Unit

from ..forms.ranking import LeadersForm, ProposeForm, TieBallotForm, YearForm
from ..models import TieVoteRoll, TieVoteState
from ..ranking_excel import XLSX_CONTENT_TYPE, scoring_table_xlsx, xlsx_filename
from ..rules import head_unit_of, member_units_of
from ..selectors import ranking as sel
from ..services import ranking as services

MANAGE_DENIED = services.MANAGE_DENIED
PUBLISH_DENIED = services.PUBLISH_DENIED
COMPARE_DENIED = services.COMPARE_DENIED
XLSX_DENIED = "Chỉ cơ quan thi đua, khen thưởng của tỉnh và các đơn vị thành viên được tải bảng điểm chi tiết."

# A member unit's own tie-break choice: a signed cookie on the officer's browser only, salted per user.
BALLOT_COOKIE = "cum_phieu_{}_{}"
BALLOT_SALT = "thidua.clusters.tie-ballot.{}"
BALLOT_COOKIE_PATH = "/cum-khoi/"
BALLOT_COOKIE_AGE = 7 * 24 * 3600


def _require(request, perm: str, obj=None, message: str = MANAGE_DENIED):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _round_of(cluster):
    rnd = getattr(cluster, "scoring", None)
    if rnd is None:
        raise Http404("Cụm, khối chưa có đợt chấm điểm.")
    rnd.cluster = cluster
    return rnd


def _blocking(data):
    return [{"tie": t, "names": data.unit_names(t.unit_ids)} for t in data.blocking]


def _tie_rows(data):
    """The unresolved ties with their names and the open vote on each, for the ranking page."""
    open_votes = {v.position: v for v in sel.tie_votes_of(data.round) if v.state == TieVoteState.OPEN}
    return [
        {
            "tie": t,
            "names": data.unit_names(t.unit_ids),
            "vote": open_votes.get(t.position),
            "blocking": t in data.blocking,
        }
        for t in data.ties
    ]


# --- Leaderboard, Excel, chart -----------------------------------------------------------------------


@login_required
@require_GET
def ranking(request, pk):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    data = sel.cluster_ranking(cluster)
    user = request.user
    context = {
        "cluster": cluster,
        "data": data,
        "can_view_cluster": user.has_perm("clusters.view", cluster),
        "can_manage": user.has_perm("clusters.manage", cluster),
        "can_publish": user.has_perm("clusters.publish", cluster),
    }
    if data is not None:
        context["ties"] = _tie_rows(data)
        context["votes"] = sel.tie_votes_of(data.round) if context["can_view_cluster"] else []
    return render(request, "clusters/ranking_detail.html", context)


@login_required
@require_GET
def ranking_xlsx(request, pk):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    _require(request, "clusters.view", cluster, XLSX_DENIED)
    data = sel.cluster_ranking(cluster)
    if data is None:
        raise Http404("Cụm, khối chưa có đợt chấm điểm.")
    criteria, cells = sel.score_table(data)
    response = HttpResponse(scoring_table_xlsx(data, criteria, cells), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{xlsx_filename(data)}"'
    return response


@login_required
@require_GET
def unit_chart(request, pk, unit_id):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    data = sel.cluster_ranking(cluster)
    chart = sel.unit_chart(data, unit_id) if data is not None else None
    if chart is None:
        raise Http404("Đơn vị không thuộc cụm, khối này.")
    line = data.line_of(unit_id)
    context = {
        "cluster": cluster,
        "data": data,
        "line": line,
        "chart": chart,
        "chart_json": {k: chart[k] for k in ("labels", "unit_label", "unit", "average")},
        "previous": sel.previous_result(cluster, line.unit, actor=request.user),
    }
    return render(request, "clusters/unit_chart.html", context)


# --- The tie-break vote ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tie_vote_open(request, pk):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    _require(request, "clusters.manage", cluster)
    rnd = _round_of(cluster)
    raw = request.POST.get("position") if request.method == "POST" else request.GET.get("position")
    error = None
    if request.method == "POST":
        try:
            vote = services.tie_vote_open(actor=request.user, round=rnd, position=raw)
            messages.success(request, f"Đã mở bỏ phiếu kín phân định vị trí thứ {vote.position}.")
            return redirect("clusters:tie_vote", vote.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    data = sel.round_ranking(rnd)
    tie = data.ranking.tie_at(int(raw)) if (raw or "").isdecimal() else None
    context = {
        "cluster": cluster,
        "data": data,
        "tie": tie,
        "names": data.unit_names(tie.unit_ids) if tie else "",
        "position": raw,
        "error": error,
    }
    return render(request, "clusters/tie_open.html", context)


def own_choice(request, vote, unit) -> str | None:
    """The unit's choice on an open vote, read from the officer's own browser's signed cookie."""
    if vote.state != TieVoteState.OPEN:
        return None
    value = request.get_signed_cookie(
        BALLOT_COOKIE.format(vote.pk, unit.pk), default=None, salt=BALLOT_SALT.format(request.user.pk)
    )
    return value if value in {str(c) for c in vote.candidates} else None


@login_required
@require_GET
@never_cache  # the unit's own choice must not stay in a shared computer's cache
def tie_vote(request, pk):
    vote = sel.tie_vote_get(actor=request.user, pk=pk)
    cluster = vote.round.cluster
    candidates = list(Unit.objects.filter(pk__in=vote.candidates))
    candidates.sort(key=lambda u: vote.candidates.index(u.pk))
    names = {str(u.pk): u.name for u in candidates}
    roll = sel.tie_vote_roll(vote)
    voted = {r.unit_id for r in roll}
    mine = sel.voter_units_of(request.user, vote)  # the actor's units in the electorate fixed at opening
    electorate = set(vote.voters)
    not_voters = [u for u in member_units_of(request.user, cluster) if u.pk not in electorate]
    my_units = []
    for u in mine:
        choice = own_choice(request, vote, u) if u.pk in voted else None
        my_units.append({"unit": u, "voted": u.pk in voted, "choice": names.get(choice) if choice else None})
    to_vote = [u for u in mine if u.pk not in voted]
    form = None
    if vote.state == TieVoteState.OPEN and to_vote:
        form = TieBallotForm(candidates=candidates, voters=to_vote)
    result = []
    if vote.state == TieVoteState.CLOSED:
        ballots = sum(int(n) for n in vote.result.values())
        result = [{"unit": u, "votes": int(vote.result.get(str(u.pk), 0)), "ballots": ballots} for u in candidates]
        result.sort(key=lambda r: -r["votes"])
    context = {
        "vote": vote,
        "cluster": cluster,
        "candidates": candidates,
        "roll": roll,
        "members": len(vote.voters),
        "my_units": my_units,
        "not_voters": not_voters,
        "not_voter_message": services.NOT_A_VOTER,
        "form": form,
        "result": result,
        "can_manage": request.user.has_perm("clusters.manage", cluster),
    }
    response = render(request, "clusters/tie_vote.html", context)
    if vote.state == TieVoteState.CLOSED:  # the unit's own choice disappears once the vote closes
        for u in mine:
            name = BALLOT_COOKIE.format(vote.pk, u.pk)
            if name in request.COOKIES:
                response.delete_cookie(name, path=BALLOT_COOKIE_PATH)
    return response


@login_required
@require_POST
@never_cache
def tie_ballot_cast(request, pk):
    vote = sel.tie_vote_get(actor=request.user, pk=pk)  # 404 for whoever may not see the cluster
    cluster = vote.round.cluster
    if not (request.user.has_perm("clusters.tie_vote", cluster) or sel.voter_units_of(request.user, vote)):
        raise PermissionDenied(services.NOT_A_MEMBER)
    choice = request.POST.get("unit_id", "")
    voter = request.POST.get("voter") or None
    try:
        roll = services.tie_ballot_cast(actor=request.user, vote=vote, unit_id=choice, voter=voter)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("clusters:tie_vote", vote.pk)
    messages.success(request, f"Đã ghi nhận phiếu của {roll.unit.name}.")
    response = redirect("clusters:tie_vote", vote.pk)
    response.set_signed_cookie(
        BALLOT_COOKIE.format(vote.pk, roll.unit_id),
        choice,
        salt=BALLOT_SALT.format(request.user.pk),
        max_age=BALLOT_COOKIE_AGE,
        path=BALLOT_COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tie_vote_close(request, pk):
    vote = sel.tie_vote_get(actor=request.user, pk=pk)
    cluster = vote.round.cluster
    _require(request, "clusters.manage", cluster)
    error = None
    if request.method == "POST":
        try:
            vote = services.tie_vote_close(actor=request.user, vote=vote)
            messages.success(request, f"Đã kết thúc bỏ phiếu phân định vị trí thứ {vote.position}.")
            return redirect("clusters:ranking", cluster.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    context = {
        "vote": vote,
        "cluster": cluster,
        "names": ", ".join(Unit.objects.filter(pk__in=vote.candidates).values_list("name", flat=True)),
        "voted": TieVoteRoll.objects.filter(vote=vote).count(),
        "members": len(vote.voters),
        "error": error,
    }
    return render(request, "clusters/tie_close.html", context)


# --- Publication and proposal -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def round_publish(request, pk):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    _require(request, "clusters.publish", cluster, PUBLISH_DENIED)
    rnd = _round_of(cluster)
    error = None
    if request.method == "POST":
        try:
            services.round_publish(actor=request.user, round=rnd)
            messages.success(request, f"Đã công bố kết quả xếp hạng {cluster.name} năm {cluster.year}.")
            return redirect("clusters:ranking", cluster.pk)
        except ValidationError as exc:
            error = _error_text(exc)
    data = sel.round_ranking(rnd)
    context = {"cluster": cluster, "data": data, "error": error, "blocking": _blocking(data)}
    return render(request, "clusters/ranking_publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_propose(request, pk):
    cluster = sel.ranking_cluster_get(actor=request.user, pk=pk)
    _require(request, "clusters.manage", cluster)
    rnd = _round_of(cluster)
    head = head_unit_of(cluster)
    movements = movement_choices_for(head) if head is not None else Movement.objects.none()
    covenant = getattr(cluster, "covenant", None)
    initial = {"movement": covenant.movement_id} if covenant is not None and covenant.movement_id else {}
    form = ProposeForm(request.POST or None, initial=initial, movements=movements)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.round_propose(actor=request.user, round=rnd, movement=form.cleaned_data["movement"])
            messages.success(
                request,
                f"Đã lập hồ sơ {nomination.code} với {nomination.lines.count()} dòng đề nghị. "
                "Hãy bổ sung tài liệu rồi gửi hồ sơ như mọi hồ sơ khác.",
            )
            return redirect("nominations:nomination_detail", nomination.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    data = sel.round_ranking(rnd)
    plan = services.proposal_plan(data)
    context = {
        "cluster": cluster,
        "data": data,
        "form": form,
        "head": head,
        "plan": plan,
        "blocking": _blocking(data),
        "title": services.proposal_title(cluster, *_plan_counts(plan)),
    }
    return render(request, "clusters/ranking_propose.html", context)


def _plan_counts(plan) -> tuple[int, int]:
    flags = sum(1 for code, _line, _text in plan if code == sel.FLAG_CODE)
    return flags, len(plan) - flags


# --- Leaders compared ------------------------------------------------------------------------------


def _year(request, years) -> int:
    form = YearForm(request.GET or None, years=years)
    if form.is_valid() and form.cleaned_data.get("nam"):
        return form.cleaned_data["nam"]
    return years[0] if years else timezone.localdate().year


def _leaders_context(request, year, years):
    rows = sel.leaders_compared(year)
    winners = sel.flag_winners(rows)
    try:
        quota, quota_error = sel.gov_flag_quota(year, len(winners)), None
    except NotInForce as exc:
        quota, quota_error = None, str(exc)
    root = services.leaders_proposing_unit() if winners else None
    movements = movement_choices_for(root) if root is not None else Movement.objects.none()
    return {
        "year": year,
        "years": years,
        "rows": rows,
        "winners": winners,
        "quota": quota,
        "quota_error": quota_error,
        "proposed": sum(len(r.gov_lines) for r in rows),
        "movements": movements,
    }


@login_required
@require_GET
def leaders(request):
    _require(request, "clusters.compare_leaders", None, COMPARE_DENIED)
    years = sel.leaders_years()
    year = _year(request, years)
    context = _leaders_context(request, year, years)
    context["form"] = LeadersForm(
        winners=[line.unit for _r, line in context["winners"]], movements=context["movements"]
    )
    context["chosen_ids"] = set()
    return render(request, "clusters/leaders.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def leaders_propose(request):
    """GET: the confirmation page for the units ticked on the leaders page; POST: the dossier."""
    _require(request, "clusters.compare_leaders", None, COMPARE_DENIED)
    years = sel.leaders_years()
    data = request.POST if request.method == "POST" else request.GET
    year = _year(request, years) if request.method == "GET" else None
    if year is None:
        year = int(data["nam"]) if data.get("nam", "").isdecimal() else _year(request, years)
    context = _leaders_context(request, year, years)
    winners = [line.unit for _r, line in context["winners"]]
    if request.method == "POST":
        form = LeadersForm(request.POST, winners=winners, movements=context["movements"])
        if form.is_valid():
            try:
                nomination = services.leaders_propose(
                    actor=request.user,
                    year=year,
                    units=form.cleaned_data["units"],
                    movement=form.cleaned_data["movement"],
                )
                messages.success(request, f"Đã lập hồ sơ {nomination.code} đề nghị Cờ thi đua của Chính phủ.")
                return redirect("nominations:nomination_detail", nomination.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
    else:
        initial = {"movement": data.get("movement") if data.get("movement", "").isdecimal() else None}
        form = LeadersForm(initial=initial, winners=winners, movements=context["movements"])
    context["form"] = form
    context["chosen_ids"] = {int(v) for v in data.getlist("units") if v.isdecimal()}
    return render(request, "clusters/leaders_propose.html", context)


urlpatterns = [
    path("<int:pk>/xep-hang/", ranking, name="ranking"),
    path("<int:pk>/xep-hang/bang-diem.xlsx", ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/xep-hang/don-vi/<int:unit_id>/", unit_chart, name="unit_chart"),
    path("<int:pk>/xep-hang/phan-dinh/", tie_vote_open, name="tie_vote_open"),
    path("<int:pk>/xep-hang/cong-bo/", round_publish, name="round_publish"),
    path("<int:pk>/xep-hang/de-nghi/", round_propose, name="round_propose"),
    path("phan-dinh/<int:pk>/", tie_vote, name="tie_vote"),
    path("phan-dinh/<int:pk>/bo-phieu/", tie_ballot_cast, name="tie_ballot_cast"),
    path("phan-dinh/<int:pk>/ket-thuc/", tie_vote_close, name="tie_vote_close"),
    path("dan-dau/", leaders, name="leaders"),
    path("dan-dau/de-nghi/", leaders_propose, name="leaders_propose"),
]
