"""The public pages (no login): launched provincial movements, their slogans, period, targets and
launching document. Included at /cong-khai/ by config/urls.py."""

from django.shortcuts import render
from django.urls import path

from thidua.core.pagination import paginate

from ..selectors import movements as sel


def public_movement_list(request):
    q = request.GET.get("q", "")[:200]
    try:
        year = int(request.GET.get("nam") or 0) or None
    except ValueError:
        year = None
    page = paginate(request, sel.public_movement_list(q=q, year=year), per_page=20)
    return render(request, "public/movement_list.html", {"page": page, "q": q, "year": year})


def public_movement_detail(request, pk):
    movement = sel.public_movement_get(pk=pk)
    return render(request, "public/movement_detail.html", {"movement": movement})


def public_document_file(request, pk):
    from .movements import _file_response

    return _file_response(sel.public_movement_get(pk=pk))


urlpatterns = [
    path("phong-trao/", public_movement_list, name="movement_list"),
    path("phong-trao/<int:pk>/", public_movement_detail, name="movement_detail"),
    path("phong-trao/<int:pk>/van-ban/", public_document_file, name="document_file"),
]
