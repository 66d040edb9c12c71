"""/cum-khoi/: clusters and blocks, covenants, scoring tables, scoring, ranking and proposals."""

from .views import covenant, ranking, scoring, structure, tables

app_name = "clusters"

urlpatterns = [
    *structure.urlpatterns,
    *covenant.urlpatterns,
    *tables.urlpatterns,
    *scoring.urlpatterns,
    *ranking.urlpatterns,
]
