"""Freeze the budget figures of periods adopted before budget quarters could be adopted."""

from django.db import migrations


def adopt_budget_quarters(apps, schema_editor):
    Period = apps.get_model("reports", "Period")
    BudgetQuarter = apps.get_model("budget", "BudgetQuarter")
    for year, quarter in Period.objects.filter(state="adopted").values_list("year", "quarter"):
        BudgetQuarter.objects.update_or_create(
            year=year, quarter=quarter, defaults={"is_adopted": True}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0002_budget_quarter_version_and_adoption"),
        ("reports", "0002_demo_rows"),
    ]

    operations = [
        migrations.RunPython(adopt_budget_quarters, migrations.RunPython.noop),
    ]
