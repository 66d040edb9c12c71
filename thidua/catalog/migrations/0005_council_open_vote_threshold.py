"""The share of votes an open (non-secret) council vote needs: a parameter of both rule sets ([I])."""

from django.db import migrations
from django.utils import timezone

PARAM = {
    "key": "council_open_vote_threshold",
    "label": "Tỷ lệ phiếu đồng ý phải vượt quá khi Hội đồng biểu quyết công khai",
    "value_type": "DECIMAL",
    "value": "0.50",
    "choices": "",
    "citation": "Quy chế làm việc của Hội đồng Thi đua – Khen thưởng tỉnh (chưa xác minh)",
    "confidence": "I",
    "note": "Biểu quyết công khai được thông qua khi số phiếu đồng ý vượt quá tỷ lệ này trên cơ sở tính "
    "(quá bán). Văn bản hiện hành chưa quy định rõ; mỗi tỉnh đặt trong quy chế.",
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
                **fields,
                history_date=now,
                history_type="+",
                history_change_reason="Khởi tạo danh mục theo các văn bản pháp lý đã tổng hợp",
                history_user=None,
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_correction_working_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
