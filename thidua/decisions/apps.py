from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "thidua.decisions"
    label = "decisions"
    verbose_name = "Quyết định và khen thưởng"

    def ready(self):
        from . import rules  # noqa: F401
