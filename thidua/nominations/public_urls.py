"""/cong-khai/y-kien/: dossiers published for public comment (no login)."""

from .views import public

app_name = "consultation"

urlpatterns = [*public.urlpatterns]
