"""Views: scoring tables (provincial templates and the clusters' own tables)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def template_list(request):  # replaced by the full list
    return HttpResponse("Bảng chấm điểm mẫu")


urlpatterns = [path("bang-cham-diem/", template_list, name="template_list")]
