"""Views: dossiers (being written)."""

urlpatterns = []
