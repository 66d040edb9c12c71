"""The time a unit has to correct a returned dossier: a parameter of both rule sets (province rule, [I]).
The public consultation list also names Cờ thi đua của Chính phủ and Bằng khen của Thủ tướng (state-level
forms and titles, NĐ 98 Điều 3 k1–2), where it was still the first seeded value."""

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


OLD_CODES = (
    "CSTD_TQ,AH_LD,HCLD3,HCLD3_TT,HCLD2,HCLD1,HC_SAO_VANG,HC_HCM,HC_DL1,HC_DL2,HC_DL3,HC_QC1,HC_QC2,HC_QC3,"
    "HC_BVTQ1,HC_BVTQ2,HC_BVTQ3,HC_CC1,HC_CC2,HC_CC3,HC_DUNG_CAM,HC_DDKDT,HC_HUU_NGHI"
)
NEW_CODES = OLD_CODES.replace("CSTD_TQ,", "CSTD_TQ,CO_CP,BK_TTG,BK_TTG_TT,", 1)
NEW_NOTE = (
    "Khen thưởng cấp Nhà nước: Huân chương, danh hiệu vinh dự nhà nước, Chiến sĩ thi đua toàn quốc, Cờ thi đua "
    "của Chính phủ, Bằng khen của Thủ tướng Chính phủ…"
)


def seed(apps, schema_editor):
    RuleSet = apps.get_model("catalog", "RuleSet")
    RuleParameter = apps.get_model("catalog", "RuleParameter")
    Historical = apps.get_model("catalog", "HistoricalRuleParameter")
    now = timezone.now()
    RuleParameter.objects.filter(key="public_consultation_award_codes", value=OLD_CODES).update(
        value=NEW_CODES, note=NEW_NOTE
    )
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
