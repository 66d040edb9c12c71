"""Views: covenant."""

urlpatterns = []
