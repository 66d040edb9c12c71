from django.http import HttpResponse
from rules.contrib.views import permission_required


@permission_required("catalog.view", raise_exception=True)
def index(request):
    return HttpResponse("")
