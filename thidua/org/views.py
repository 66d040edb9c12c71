"""Unit screens: the tree, a unit's page, create/edit, and the merge / split / dissolve wizards.

Views only parse input, check permission, call one selector or service and render.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from rules.contrib.views import permission_required

from thidua.core.history import history_entries
from thidua.core.pagination import paginate

from . import selectors, services
from .forms import (
    MAX_SPLIT_PARTS,
    MODE_EXISTING,
    MODE_NEW,
    DissolveForm,
    MergeChooseForm,
    MergeDetailsForm,
    SplitForm,
    UnitForm,
    add_service_errors,
)
from .models import Unit

TABS = [
    ("", "Thông tin"),
    ("truc-thuoc", "Đơn vị trực thuộc"),
    ("ca-nhan", "Cá nhân"),
    ("thanh-tich", "Thành tích"),
    ("lich-su", "Lịch sử thay đổi"),
]
PEOPLE_TABS = {"ca-nhan", "thanh-tich"}


@permission_required("org.view_tree", raise_exception=True)
def unit_tree(request):
    query = request.GET.get("q", "").strip()
    include_closed = request.GET.get("da_dong") == "1"
    nodes = selectors.unit_tree(actor=request.user, query=query, include_closed=include_closed)
    context = {
        "nodes": nodes,
        "query": query,
        "include_closed": include_closed,
        "can_manage": request.user.has_perm("org.manage_units"),
    }
    template = "org/unit_tree.html#tree" if request.htmx else "org/unit_tree.html"
    return render(request, template, context)


@permission_required("org.view_tree", raise_exception=True)
def unit_detail(request, pk):
    unit = selectors.unit_get(actor=request.user, pk=pk)
    # The people and achievements tabs show personal data: only for roles that may see people.
    tabs = TABS if request.user.has_perm("people.view_people") else [t for t in TABS if t[0] not in PEOPLE_TABS]
    tab = request.GET.get("tab", "")
    if tab not in dict(tabs):
        tab = ""
    context = {
        "unit": unit,
        "tab": tab,
        "tabs": tabs,
        "ancestors": selectors.unit_ancestors(unit),
        "can_manage": request.user.has_perm("org.manage_units"),
    }
    if tab == "":
        context["successions"] = selectors.unit_successions(unit)
    elif tab == "truc-thuoc":
        context["children"] = selectors.unit_children(unit)
    elif tab == "ca-nhan":
        context["page"] = paginate(request, selectors.unit_people(unit))
    elif tab == "thanh-tich":
        context["facts"] = selectors.unit_facts(actor=request.user, unit=unit)
    elif tab == "lich-su":
        context["entries"] = history_entries(unit.history.all())
    return render(request, "org/unit_detail.html", context)


def _parents(actor, unit=None):
    qs = Unit.objects.filter(valid_to__isnull=True)
    if unit is not None:
        qs = qs.exclude(path__startswith=unit.path)
        if unit.parent_id:
            qs = Unit.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk=unit.parent_id))
    return qs.filter(pk__in=selectors.unit_options(actor=actor).values("pk")).order_by("path")


@permission_required("org.manage_units", raise_exception=True)
def unit_create(request):
    parents = _parents(request.user)
    if request.method == "POST":
        form = UnitForm(request.POST, parents=parents)
        if form.is_valid():
            try:
                unit = services.unit_create(actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Đã tạo đơn vị “{unit.name}”.")
                return redirect("org:unit_detail", pk=unit.pk)
    else:
        form = UnitForm(parents=parents, initial={"parent": request.GET.get("cap_tren")})
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


@permission_required("org.manage_units", raise_exception=True)
def unit_update(request, pk):
    unit = selectors.unit_get(actor=request.user, pk=pk)
    parents = _parents(request.user, unit) if unit.parent_id else Unit.objects.none()
    if request.method == "POST":
        form = UnitForm(request.POST, parents=parents)
        if form.is_valid():
            try:
                unit = services.unit_update(actor=request.user, unit=unit, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Đã lưu thông tin đơn vị “{unit.name}”.")
                return redirect("org:unit_detail", pk=unit.pk)
    else:
        initial = {f: getattr(unit, f) for f in UnitForm.base_fields if f != "parent"}
        initial["parent"] = unit.parent_id
        form = UnitForm(parents=parents, initial=initial)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@permission_required("org.manage_units", raise_exception=True)
def unit_merge(request):
    """Three steps: choose the units → successor and document → confirm what will happen."""
    units = selectors.unit_options(actor=request.user)
    candidates = units.exclude(parent__isnull=True)
    ctx = {"step": 1}
    if request.method != "POST":
        ctx["choose"] = MergeChooseForm(
            prefix="s1", units=candidates, initial={"predecessors": request.GET.getlist("don_vi")}
        )
        return render(request, "org/unit_merge.html", ctx)

    step = request.POST.get("step", "1")
    choose = MergeChooseForm(request.POST, prefix="s1", units=candidates)
    ctx["choose"] = choose
    if not choose.is_valid():
        return render(request, "org/unit_merge.html", ctx)
    mode = choose.cleaned_data["mode"]
    predecessors = list(choose.cleaned_data["predecessors"])
    ctx.update(step=2, mode=mode, predecessors=predecessors)
    if step == "1":
        parent_ids = {u.parent_id for u in predecessors}
        initial = {"parent": parent_ids.pop()} if len(parent_ids) == 1 else {}
        ctx["details"] = MergeDetailsForm(prefix="s2", units=units, mode=mode, initial=initial)
        return render(request, "org/unit_merge.html", ctx)

    details = MergeDetailsForm(request.POST, prefix="s2", units=units, mode=mode)
    ctx["details"] = details
    if not details.is_valid():
        return render(request, "org/unit_merge.html", ctx)
    doc = details.document_kwargs()
    args = {
        "predecessors": predecessors,
        "successor": details.cleaned_data.get("successor") if mode == MODE_EXISTING else None,
        "new_unit_data": details.new_unit_data() if mode == MODE_NEW else None,
    }
    try:
        if step == "2":
            plan = selectors.unit_merge_preview(
                **args, date=doc["date"], document_number=doc["document_number"], document_date=doc["document_date"]
            )
            ctx.update(step=3, plan=plan, doc=doc)
            return render(request, "org/unit_merge.html", ctx)
        successor = services.unit_merge(actor=request.user, **args, **doc)
    except ValidationError as exc:
        add_service_errors(details, exc)
        return render(request, "org/unit_merge.html", ctx)
    messages.success(request, f"Đã sắp xếp {len(predecessors)} đơn vị vào “{successor.name}”.")
    return redirect("org:unit_detail", pk=successor.pk)


@permission_required("org.manage_units", raise_exception=True)
def unit_split(request, pk):
    unit = selectors.unit_get(actor=request.user, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    try:
        part_count = min(max(int(source.get("so_phan", 2)), 2), MAX_SPLIT_PARTS)
    except ValueError:
        part_count = 2
    form_kwargs = {
        "unit": unit,
        "parts": part_count,
        "people": selectors.unit_people(unit),
        "children": selectors.unit_children(unit, include_closed=False),
        "parents": _parents(request.user, unit),
    }
    ctx = {"unit": unit, "part_count": part_count, "max_parts": MAX_SPLIT_PARTS, "confirm": False}
    if request.method != "POST":
        ctx["form"] = SplitForm(**form_kwargs)
        return render(request, "org/unit_split.html", ctx)
    form = SplitForm(request.POST, **form_kwargs)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "org/unit_split.html", ctx)
    doc = form.document_kwargs()
    try:
        if request.POST.get("step") != "confirm":
            ctx["plan"] = selectors.unit_split_preview(
                unit=unit,
                parts=form.parts(),
                date=doc["date"],
                document_number=doc["document_number"],
                document_date=doc["document_date"],
            )
            ctx.update(confirm=True, doc=doc)
            return render(request, "org/unit_split.html", ctx)
        created = services.unit_split(actor=request.user, unit=unit, parts=form.parts(), **doc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "org/unit_split.html", ctx)
    messages.success(request, f"Đã chia tách “{unit.name}” thành {', '.join(u.name for u in created)}.")
    return redirect("org:unit_detail", pk=unit.pk)


@permission_required("org.manage_units", raise_exception=True)
def unit_dissolve(request, pk):
    unit = selectors.unit_get(actor=request.user, pk=pk)
    units = selectors.unit_options(actor=request.user).exclude(path__startswith=unit.path)
    ctx = {"unit": unit, "confirm": False}
    if request.method != "POST":
        ctx["form"] = DissolveForm(units=units)
        return render(request, "org/unit_dissolve.html", ctx)
    form = DissolveForm(request.POST, units=units)
    ctx["form"] = form
    if not form.is_valid():
        return render(request, "org/unit_dissolve.html", ctx)
    doc = form.document_kwargs()
    target = form.cleaned_data["transfer_people_to"]
    try:
        if request.POST.get("step") != "confirm":
            ctx["plan"] = selectors.unit_dissolve_preview(
                unit=unit,
                date=doc["date"],
                document_number=doc["document_number"],
                document_date=doc["document_date"],
                transfer_people_to=target,
            )
            ctx.update(confirm=True, doc=doc)
            return render(request, "org/unit_dissolve.html", ctx)
        services.unit_dissolve(actor=request.user, unit=unit, transfer_people_to=target, **doc)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return render(request, "org/unit_dissolve.html", ctx)
    messages.success(request, f"Đã giải thể “{unit.name}”.")
    return redirect("org:unit_detail", pk=unit.pk)
