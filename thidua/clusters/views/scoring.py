"""Views: scoring."""

urlpatterns = []
