"""/phong-trao/: each area's views module brings its own url patterns (one namespace)."""

from .views import movements, progress, registrations, reviews

app_name = "movements"

urlpatterns = [*movements.urlpatterns, *registrations.urlpatterns, *progress.urlpatterns, *reviews.urlpatterns]
