"""/cong-khai/: the public site's movement pages (no login)."""

from .views import public

app_name = "public"

urlpatterns = [*public.urlpatterns]
