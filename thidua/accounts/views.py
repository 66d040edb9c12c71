from django.shortcuts import render
from rules.contrib.views import permission_required


@permission_required("accounts.manage_users", raise_exception=True)
def user_list(request):
    from .models import User

    users = User.objects.order_by("username").prefetch_related("roles__unit")
    return render(request, "accounts/user_list.html", {"users": users})
