from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from thidua.accounts.forms import LoginForm
from thidua.core import views as core_views

handler403 = "thidua.core.views.error_403"
handler404 = "thidua.core.views.error_404"
handler500 = "thidua.core.views.error_500"

urlpatterns = [
    path("", core_views.dashboard, name="dashboard"),
    path("nhat-ky/", core_views.audit_log, name="audit_log"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("don-vi/", include("thidua.org.urls")),
    path("ca-nhan/", include("thidua.people.urls")),
    path("danh-muc/", include("thidua.catalog.urls")),
    path("dieu-kien/", include("thidua.eligibility.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("ho-so/", include("thidua.nominations.urls")),
    path("quyet-dinh/", include("thidua.decisions.urls")),
    path("hoi-dong/", include("thidua.council.urls")),
    path("cum-khoi/", include("thidua.clusters.urls")),
    path("thong-bao/", include("thidua.core.notification_urls")),
    path("cong-khai/y-kien/", include("thidua.nominations.public_urls")),
    path("cong-khai/", include("thidua.movements.public_urls")),
    path("quan-tri/", admin.site.urls),
]
