"""Views: consultation (being written)."""

urlpatterns = []
