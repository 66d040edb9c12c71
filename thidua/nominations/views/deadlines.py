"""Views: deadlines (being written)."""

urlpatterns = []
