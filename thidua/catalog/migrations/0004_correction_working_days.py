"""The time a unit has to correct a returned dossier: a parameter of both rule sets (province rule, [I])."""

from django.db import migrations
from django.utils import timezone

PARAM = {
    "key": "correction_working_days",
    "label": "Thời hạn đơn vị chỉnh sửa, bổ sung hồ sơ bị trả lại (ngày làm việc)",
    "value_type": "INTEGER",
    "value": "5",
    "choices": "",
    "citation": "Quy chế thi đua, khen thưởng của tỉnh (chưa xác minh)",
    "confidence": "I",
    "note": "Luật và Nghị định không quy định thời hạn này; mỗi tỉnh tự đặt trong quy chế.",
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("catalog", "RuleSet")
    RuleParameter = apps.get_model("catalog", "RuleParameter")
    Historical = apps.get_model("catalog", "HistoricalRuleParameter")
    now = timezone.now()
    for rule_set in RuleSet.objects.all():
        values = dict(PARAM)
        obj, created = RuleParameter.objects.get_or_create(rule_set=rule_set, key=values.pop("key"), defaults=values)
        if created:
            fields = {f.attname: getattr(obj, f.attname) for f in RuleParameter._meta.concrete_fields}
            Historical.objects.create(
                **fields, history_date=now, history_type="+", history_change_reason="Khởi tạo danh mục theo các văn bản pháp lý đã tổng hợp", history_user=None
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_award_type_search_text")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
