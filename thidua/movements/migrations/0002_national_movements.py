"""The national movements the province's plans refer to (seed 004 of the corpus names these four).

Launcher: the Prime Minister (phong trào thi đua do Thủ tướng Chính phủ phát động). Officers add
others on the "Phong trào toàn quốc" screen.
"""

from django.db import migrations

NATIONAL_MOVEMENTS = [
    "Cả nước chung sức xây dựng nông thôn mới",
    "Doanh nghiệp Việt Nam hội nhập và phát triển",
    "Cả nước chung tay vì người nghèo - không để ai bị bỏ lại phía sau",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
]


def seed(apps, schema_editor):
    from thidua.core.text import fold_vi

    Movement = apps.get_model("movements", "Movement")
    for name in NATIONAL_MOVEMENTS:
        if not Movement.objects.filter(level="NATIONAL", name=name).exists():
            Movement.objects.create(
                level="NATIONAL",
                kind="THEMATIC",
                state="UNDER_WAY",
                name=name,
                launcher_name="Thủ tướng Chính phủ",
                search_text=fold_vi(f"{name} Thủ tướng Chính phủ"),
            )


def unseed(apps, schema_editor):
    apps.get_model("movements", "Movement").objects.filter(level="NATIONAL", name__in=NATIONAL_MOVEMENTS).delete()


class Migration(migrations.Migration):
    dependencies = [("movements", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
