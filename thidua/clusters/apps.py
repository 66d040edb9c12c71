from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "thidua.clusters"
    label = "clusters"
    verbose_name = "Cụm, khối thi đua"

    def ready(self):
        from . import rules  # noqa: F401
