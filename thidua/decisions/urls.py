"""/quyet-dinh/: decisions and their awards (being written)."""

app_name = "decisions"

urlpatterns = []
