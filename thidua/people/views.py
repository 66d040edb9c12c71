"""People screens (/ca-nhan/): list with search and filters, export, person page, forms for facts, households."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from rules.contrib.views import permission_required

from thidua.accounts.rules import can_edit_people
from thidua.core.forms import add_service_errors as _add_errors
from thidua.core.pagination import paginate

from . import selectors, services
from .exports import people_workbook
from .forms import (
    DisciplineForm,
    EmbargoEndForm,
    EmbargoForm,
    EmploymentForm,
    InitiativeForm,
    PersonFilterForm,
    PersonForm,
    RatingForm,
)

view_people = permission_required("people.view_people", raise_exception=True)


def _filter_form(request):
    """The bound filter form and its filters; invalid filters (e.g. a unit outside scope) match nobody."""
    form = PersonFilterForm(request.GET or None, actor=request.user)
    if not form.is_bound:
        return form, {}
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data


def _require_edit(request, person):
    if not request.user.has_perm("people.edit_person", person):
        raise PermissionDenied


@login_required
@view_people
def person_list(request):
    form, filters = _filter_form(request)
    if filters is None:
        people = selectors.person_list(actor=request.user).none()
    else:
        people = selectors.person_list(actor=request.user, filters=filters)
    context = {"form": form, "page": paginate(request, people), "can_create": can_edit_people(request.user)}
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"
    return render(request, template, context)


@login_required
@view_people
def person_export(request):
    _form, filters = _filter_form(request)
    rows = selectors.person_export_rows(actor=request.user, filters=filters) if filters is not None else []
    response = HttpResponse(
        people_workbook(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="danh-sach-ca-nhan-{stamp}.xlsx"'
    return response


@login_required
@view_people
def person_detail(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    tab = request.GET.get("tab")
    context = {"person": person, "tab": tab, "can_edit": request.user.has_perm("people.edit_person", person)}
    if tab == "lich-su":
        context["entries"] = selectors.person_history(person)
    else:
        context["timeline"] = selectors.person_timeline(person)
    return render(request, "people/person_detail.html", context)


@login_required
@view_people
def person_create(request):
    if not can_edit_people(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, actor=request.user)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                data=form.cleaned_data,
                confirmed_duplicate=form.cleaned_data.get("confirm_duplicate", False),
            )
        except services.PossibleDuplicate as dup:
            duplicates = dup.matches
            form.show_duplicate_confirmation()
            form.add_error(
                None,
                "Đã có cá nhân cùng họ tên và ngày sinh trong đơn vị bạn quản lý. Kiểm tra danh sách dưới đây; "
                "nếu đây là người khác, đánh dấu xác nhận rồi lưu lại.",
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm cá nhân {person.full_name}.")
            return redirect("people:person_detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "duplicates": duplicates, "title": "Thêm cá nhân"},
    )


@login_required
@view_people
def person_edit(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    _require_edit(request, person)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, actor=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin cá nhân.")
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": "Sửa thông tin"})


def _fact_form(request, person, form, save, *, title, success, submit="Lưu", confirm=None):
    """One screen for every fact form: check permission, validate, call the service, redirect."""
    _require_edit(request, person)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("people:person_detail", pk=person.pk)
    context = {"person": person, "form": form, "title": title, "submit": submit, "confirm": confirm}
    return render(request, "people/fact_form.html", context)


@login_required
@view_people
def rating_set(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    initial = {"year": request.GET.get("nam") or timezone.localdate().year}
    form = RatingForm(request.POST or None, initial=initial)
    return _fact_form(
        request,
        person,
        form,
        lambda d: services.rating_set(
            actor=request.user, person=person, year=d["year"], grade=d["grade"], note=d["note"]
        ),
        title="Xếp loại hằng năm",
        success="Đã lưu xếp loại.",
    )


@login_required
@view_people
def initiative_add(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    form = InitiativeForm(request.POST or None, initial={"year": timezone.localdate().year})
    return _fact_form(
        request,
        person,
        form,
        lambda d: services.initiative_add(actor=request.user, person=person, data=d),
        title="Thêm sáng kiến, đề tài",
        success="Đã thêm sáng kiến.",
    )


@login_required
@view_people
def initiative_edit(request, pk):
    initiative = selectors.initiative_get(actor=request.user, pk=pk)
    fields = ("title", "scope", "recognising_body", "year", "is_science_work")
    form = InitiativeForm(request.POST or None, initial={f: getattr(initiative, f) for f in fields})
    return _fact_form(
        request,
        initiative.person,
        form,
        lambda d: services.initiative_update(actor=request.user, initiative=initiative, data=d),
        title="Sửa sáng kiến, đề tài",
        success="Đã lưu sáng kiến.",
    )


@login_required
@view_people
def discipline_add(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    return _fact_form(
        request,
        person,
        DisciplineForm(request.POST or None),
        lambda d: services.discipline_add(actor=request.user, person=person, data=d),
        title="Ghi nhận kỷ luật",
        success="Đã ghi nhận kỷ luật.",
    )


@login_required
@view_people
def embargo_add(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    return _fact_form(
        request,
        person,
        EmbargoForm(request.POST or None),
        lambda d: services.embargo_add(actor=request.user, person=person, data=d),
        title="Tạm dừng xét khen thưởng",
        success="Đã ghi nhận tạm dừng xét khen thưởng.",
    )


@login_required
@view_people
def embargo_end(request, pk):
    embargo = selectors.embargo_get(actor=request.user, pk=pk)
    form = EmbargoEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    return _fact_form(
        request,
        embargo.person,
        form,
        lambda d: services.embargo_end(actor=request.user, embargo=embargo, end_date=d["end_date"], note=d["note"]),
        title=f"Kết thúc tạm dừng xét khen thưởng ({embargo.get_reason_display()})",
        success="Đã kết thúc tạm dừng xét khen thưởng.",
        submit="Kết thúc tạm dừng",
        confirm="Kết thúc việc tạm dừng xét khen thưởng? Sau ngày này cá nhân có thể được đề nghị khen thưởng.",
    )


@login_required
@view_people
def employment_add(request, pk):
    person = selectors.person_get(actor=request.user, pk=pk)
    form = EmploymentForm(request.POST or None, actor=request.user, initial={"unit": person.unit_id})
    return _fact_form(
        request,
        person,
        form,
        lambda d: services.employment_add(actor=request.user, person=person, data=d),
        title="Thêm quá trình công tác (chuyển đơn vị, thay đổi chức vụ)",
        success="Đã ghi nhận quá trình công tác.",
        confirm="Lưu quá trình công tác mới? Quá trình công tác hiện tại sẽ kết thúc trước ngày bắt đầu này.",
    )


# --- households ----------------------------------------------------------------------------------


@login_required
@view_people
def household_list(request):
    communes = selectors.household_commune_choices(actor=request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    unit_raw = (request.GET.get("unit") or "").strip()
    unit = int(unit_raw) if unit_raw.isdigit() else None
    error = None
    if unit_raw and unit not in {pk for pk, _ in communes}:
        error = "Xã, phường không có hoặc ngoài phạm vi quản lý của bạn."
        households = selectors.household_list(actor=request.user).none()
    else:
        households = selectors.household_list(actor=request.user, filters={"q": q, "unit": unit})
    context = {
        "q": q,
        "unit": unit,
        "communes": communes,
        "error": error,
        "page": paginate(request, households),
    }
    template = "people/household_list.html#results" if request.htmx else "people/household_list.html"
    return render(request, template, context)


@login_required
@view_people
def household_detail(request, pk):
    household = selectors.household_get(actor=request.user, pk=pk)
    context = {
        "household": household,
        "awards": selectors.household_awards(household),
        "ratings": selectors.household_ratings(household),
    }
    return render(request, "people/household_detail.html", context)
