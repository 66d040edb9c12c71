from django.conf import settings


def shell(request):
    from thidua.accounts.selectors import user_nav

    return {"PROVINCE_NAME": settings.PROVINCE_NAME, "nav": user_nav(request.user)}
