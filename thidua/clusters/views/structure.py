"""Views: clusters and blocks of a year, members, head and deputy, carry-over."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def cluster_list(request):  # replaced by the full list
    return HttpResponse("Cụm, khối thi đua")


urlpatterns = [path("", cluster_list, name="cluster_list")]
