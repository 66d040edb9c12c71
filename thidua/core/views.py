from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from rules.contrib.views import permission_required

from .forms import AuditFilterForm
from .pagination import paginate
from .selectors import audit_event_list, dashboard_counts


@login_required
def dashboard(request):
    from thidua.nominations.selectors import workflow as nominations_workflow

    box = nominations_workflow.inbox(actor=request.user)
    overdue = nominations_workflow.overdue(actor=request.user)
    context = {
        "cards": dashboard_counts(actor=request.user),
        "box": box,
        "overdue_groups": overdue[:8],
        "overdue_total": sum(len(g.rows) for g in overdue),
        "may_view_overdue": request.user.has_perm("nominations.view_overdue"),
        "may_manage_deadlines": request.user.has_perm("nominations.manage_deadlines"),
        "may_view_council_queue": nominations_workflow.may_view_council_queue(request.user),
    }
    return render(request, "core/dashboard.html", context)


@permission_required("core.view_audit", raise_exception=True)
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, audit_event_list(actor=request.user, filters=filters))
    return render(request, "core/audit_log.html", {"form": form, "page": page})


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors here: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
