"""/ho-so/: each area's views module brings its own url patterns (one namespace)."""

from .views import consultation, deadlines, dossiers, workflow

app_name = "nominations"

urlpatterns = [*dossiers.urlpatterns, *workflow.urlpatterns, *deadlines.urlpatterns, *consultation.urlpatterns]
