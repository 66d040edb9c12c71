from django.http import HttpResponse
from rules.contrib.views import permission_required


@permission_required("people.view_people", raise_exception=True)
def person_list(request):
    return HttpResponse("")
