"""The share of votes an open (non-secret) council vote needs: a parameter of both rule sets ([I])."""

from django.db import migrations
from django.utils import timezone

PARAMS = [
    {
        "key": "cluster_flag_count",
        "label": "Số đơn vị dẫn đầu mỗi cụm, khối được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh",
        "value_type": "INTEGER",
        "value": "1",
        "choices": "",
        "citation": "Luật Thi đua, khen thưởng 2022, Điều 26; hướng dẫn của Hội đồng Thi đua – Khen thưởng tỉnh "
        "(chưa xác minh)",
        "confidence": "I",
        "note": "Cờ thi đua của tỉnh tặng tập thể dẫn đầu cụm, khối thi đua do tỉnh tổ chức; số lượng mỗi cụm do "
        "tỉnh hướng dẫn.",
    },
    {
        "key": "cluster_bk_count",
        "label": "Số đơn vị xếp kế tiếp trong mỗi cụm, khối được đề nghị Bằng khen của Chủ tịch UBND tỉnh",
        "value_type": "INTEGER",
        "value": "2",
        "choices": "",
        "citation": "Hướng dẫn của Hội đồng Thi đua – Khen thưởng tỉnh về cụm, khối thi đua (chưa xác minh)",
        "confidence": "I",
        "note": "Sau đơn vị dẫn đầu, các đơn vị xếp kế tiếp được đề nghị Bằng khen; số lượng do tỉnh hướng dẫn.",
    },
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("catalog", "RuleSet")
    RuleParameter = apps.get_model("catalog", "RuleParameter")
    Historical = apps.get_model("catalog", "HistoricalRuleParameter")
    now = timezone.now()
    for rule_set in RuleSet.objects.all():
        for param in PARAMS:
            values = dict(param)
            obj, created = RuleParameter.objects.get_or_create(
                rule_set=rule_set, key=values.pop("key"), defaults=values
            )
            if not created:
                continue
            fields = {f.attname: getattr(obj, f.attname) for f in RuleParameter._meta.concrete_fields}
            Historical.objects.create(
                **fields,
                history_date=now,
                history_type="+",
                history_change_reason="Khởi tạo danh mục theo các văn bản pháp lý đã tổng hợp",
                history_user=None,
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_council_open_vote_threshold")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
