"""Procurements flagged "in the year's procurement plan" become items of that year's plan.

The flag had no year and no planned quarter. Each flagged procurement becomes an
item of the plan of the year it was completed, advertised or cancelled in (else
the year it was registered), planned for that year's fourth quarter: the flag
said no more than "in the year's plan". Items are numbered per plan year in the
order of the registry numbers; demo procurements give demo items.
"""

from django.db import migrations


def _plan_year(procurement) -> int:
    for day in (procurement.completed_on, procurement.advertised_on, procurement.cancelled_on):
        if day is not None:
            return day.year
    return procurement.created_at.year


def items_from_the_flag(apps, schema_editor):
    Procurement = apps.get_model("procurements", "Procurement")
    ProcurementPlanItem = apps.get_model("procurements", "ProcurementPlanItem")
    numbers: dict[int, int] = {}
    flagged = Procurement.objects.filter(in_procurement_plan=True).order_by("registry_number")
    for procurement in flagged.prefetch_related("municipalities"):
        year = _plan_year(procurement)
        numbers[year] = numbers.get(year, 0) + 1
        item = ProcurementPlanItem.objects.create(
            plan_year=year,
            number=numbers[year],
            title=procurement.title,
            category_id=procurement.category_id,
            planned_year=year,
            planned_quarter=4,
            procurement=procurement,
            is_demo=procurement.is_demo,
        )
        item.municipalities.set(procurement.municipalities.all())


def flags_from_the_items(apps, schema_editor):
    Procurement = apps.get_model("procurements", "Procurement")
    ProcurementPlanItem = apps.get_model("procurements", "ProcurementPlanItem")
    linked = ProcurementPlanItem.objects.filter(procurement__isnull=False)
    Procurement.objects.filter(pk__in=linked.values("procurement")).update(in_procurement_plan=True)


class Migration(migrations.Migration):

    dependencies = [
        ("procurements", "0003_procurement_plan_items"),
    ]

    operations = [
        migrations.RunPython(items_from_the_flag, flags_from_the_items),
    ]
