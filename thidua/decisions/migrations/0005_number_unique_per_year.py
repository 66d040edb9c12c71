"""Decision numbers restart every year: the number is unique per issuer, kind and year of its series.
Every numbered decision gets the year of its date as `year_of_sequence`."""

from django.db import migrations, models
from django.db.models import Q


def fill_years(apps, schema_editor):
    Decision = apps.get_model("decisions", "Decision")
    for pk, date in Decision.objects.filter(year_of_sequence__isnull=True, date__isnull=False).values_list("pk", "date"):
        Decision.objects.filter(pk=pk).update(year_of_sequence=date.year)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0004_issuing_money_revocation")]

    operations = [
        migrations.RemoveConstraint(model_name="decision", name="uniq_decision_number"),
        migrations.RunPython(fill_years, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=~Q(number=""),
                fields=("issuer", "kind", "year_of_sequence", "number"),
                name="uniq_decision_number",
            ),
        ),
    ]
