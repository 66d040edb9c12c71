"""Views: ranking, tie-break vote, publication, leaderboard, charts, proposals, leaders compared."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def leaders(request):  # replaced by the full page
    return HttpResponse("So sánh đơn vị dẫn đầu")


urlpatterns = [path("dan-dau/", leaders, name="leaders")]
