"""Writing a demo year's procurement plan into the database, and reading it back.

``seed_demo_plan`` replaces the demo plan of a year with the one ``demo.plan``
makes from the year's generated procurements, and links each item to its demo
procurement in the register by registry number; run it after
``seed_demo_procurements`` of the same year, count and seed. A year whose plan
has real items keeps them and gets no demo plan. Like the demo procurements,
the items are written in bulk and have no history.
"""

from django.db import transaction
from django.utils import timezone

from demo.plan import DemoPlanItem, generate_plan
from demo.register import generate_procurements, registry_prefix
from demo.register_loading import ensure_categories, insert_rows, municipality_pairs
from indicators.models import Municipality
from indicators.signals import raw_delete
from procurements.models import Procurement, ProcurementPlanItem


def delete_demo_plan(year: int | None = None) -> int:
    """Remove the demo items of a year's procurement plan (or of every plan)."""
    items = ProcurementPlanItem.objects.demo()
    if year is not None:
        items = items.filter(plan_year=year)
    through = ProcurementPlanItem.municipalities.through
    raw_delete(through.objects.filter(procurementplanitem__in=items.values("pk")))
    return raw_delete(items)


@transaction.atomic
def seed_demo_plan(*, year: int, count: int, seed: int) -> int | None:
    """Replace the year's demo plan; the number of its items, or None where the year's plan
    has real items (kept as they are, without demo items beside them).

    The plan is made from the ``count`` procurements ``seed`` generates for the
    whole year, whatever day the register was cut at.
    """
    delete_demo_plan(year)
    if ProcurementPlanItem.objects.real().filter(plan_year=year).exists():
        return None
    municipalities = municipality_pairs()
    procurements = generate_procurements(
        year=year, count=count, seed=seed, municipalities=municipalities
    )
    items = generate_plan(
        year=year, seed=seed, procurements=procurements, municipalities=municipalities
    )
    categories, _created = ensure_categories()
    procurement_ids = dict(
        Procurement.objects.demo()
        .filter(registry_number__startswith=registry_prefix(year))
        .values_list("registry_number", "pk")
    )
    now = timezone.now()
    insert_rows(
        ProcurementPlanItem,
        [
            "plan_year",
            "number",
            "title",
            "category",
            "planned_year",
            "planned_quarter",
            "procurement",
            "is_demo",
            "created_at",
            "updated_at",
        ],
        [
            (
                item.plan_year,
                item.number,
                item.title,
                categories[item.category].pk,
                item.planned_year,
                item.planned_quarter,
                procurement_ids.get(item.registry_number),
                True,
                now,
                now,
            )
            for item in items
        ],
    )
    item_ids = dict(
        ProcurementPlanItem.objects.demo().filter(plan_year=year).values_list("number", "pk")
    )
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))
    insert_rows(
        ProcurementPlanItem.municipalities.through,
        ["procurementplanitem", "municipality"],
        [
            (item_ids[item.number], municipality_ids[code])
            for item in items
            for code in item.municipality_codes
        ],
    )
    return len(items)


def read_demo_plan(year: int) -> list[DemoPlanItem]:
    """The year's demo plan as stored, in the generator's form (for comparison)."""
    items = ProcurementPlanItem.objects.demo().filter(plan_year=year)
    codes: dict[int, list[str]] = {}
    through = ProcurementPlanItem.municipalities.through
    for item_id, code in through.objects.filter(
        procurementplanitem__in=items.values("pk")
    ).values_list("procurementplanitem_id", "municipality__code"):
        codes.setdefault(item_id, []).append(code)
    return [
        DemoPlanItem(
            plan_year=row["plan_year"],
            number=row["number"],
            title=row["title"],
            category=row["category__name"],
            municipality_codes=tuple(sorted(codes.get(row["pk"], ()))),
            planned_year=row["planned_year"],
            planned_quarter=row["planned_quarter"],
            registry_number=row["procurement__registry_number"],
        )
        for row in items.order_by("number").values(
            "pk",
            "plan_year",
            "number",
            "title",
            "category__name",
            "planned_year",
            "planned_quarter",
            "procurement__registry_number",
        )
    ]
