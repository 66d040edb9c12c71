"""Views: workflow (being written)."""

urlpatterns = []
