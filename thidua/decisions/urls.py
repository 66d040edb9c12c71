"""/quyet-dinh/: decisions and their awards; back-entry of decisions made before the system."""

from .views import urlpatterns as view_patterns

app_name = "decisions"

urlpatterns = [*view_patterns]
