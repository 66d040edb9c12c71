"""The public consultation pages (no login)."""

urlpatterns = []
