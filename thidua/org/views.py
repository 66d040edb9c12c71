from django.http import HttpResponse
from rules.contrib.views import permission_required


@permission_required("org.view_tree", raise_exception=True)
def unit_tree(request):
    return HttpResponse("")
