from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "thidua.nominations"
    verbose_name = "Hồ sơ đề nghị khen thưởng"

    def ready(self):
        from . import rules  # noqa: F401
