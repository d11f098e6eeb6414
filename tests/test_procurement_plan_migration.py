"""The migration that turns the old yes/no plan flag into items of the procurement plan."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("procurements", "0003_procurement_plan_items")]
AFTER = [("procurements", "0005_remove_the_procurement_plan_flag")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_the_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_flagged_procurements_become_items_of_their_years_plan():
    apps = migrate(BEFORE)
    try:
        Procurement = apps.get_model("procurements", "Procurement")
        Category = apps.get_model("procurements", "Category")
        Municipality = apps.get_model("indicators", "Municipality")
        category = Category.objects.create(name="Migrerad")
        for code, name in [("2080", "Falun"), ("2082", "Säter")]:
            Municipality.objects.get_or_create(name=name, defaults={"code": code})

        def procurement(number, **fields):
            made = Procurement.objects.create(
                registry_number=f"UhC {number}",
                title=f"Titel {number}",
                category=category,
                **fields,
            )
            made.municipalities.set(Municipality.objects.filter(name__in=["Falun", "Säter"]))
            return made

        procurement(
            "2023/2",
            in_procurement_plan=True,
            completed_on=dt.date(2023, 5, 1),
            advertised_on=dt.date(2023, 2, 1),
        )
        procurement(
            "2023/1", in_procurement_plan=True, advertised_on=dt.date(2023, 9, 1), is_demo=True
        )
        procurement(
            "2022/9",
            in_procurement_plan=True,
            cancelled_on=dt.date(2022, 3, 1),
            cancellation_reason="Inga anbud",
        )
        procurement("2023/3", advertised_on=dt.date(2023, 1, 1))

        apps = migrate(AFTER)
        Item = apps.get_model("procurements", "ProcurementPlanItem")
        items = [
            (
                i.plan_year,
                i.number,
                i.procurement.registry_number,
                i.planned_year,
                i.planned_quarter,
                i.title,
                i.is_demo,
            )
            for i in Item.objects.order_by("plan_year", "number")
        ]
        assert items == [
            (2022, 1, "UhC 2022/9", 2022, 4, "Titel 2022/9", False),
            (2023, 1, "UhC 2023/1", 2023, 4, "Titel 2023/1", True),
            (2023, 2, "UhC 2023/2", 2023, 4, "Titel 2023/2", False),
        ]
        names = {m.name for m in Item.objects.first().municipalities.all()}
        assert names == {"Falun", "Säter"}
    finally:
        migrate_to_the_latest()
