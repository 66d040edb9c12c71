"""/thong-bao/: the user's in-app notifications (being written)."""

app_name = "notifications"

urlpatterns = []
