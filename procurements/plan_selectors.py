"""Reading the procurement plan: a plan year's items and where they stand on a day."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max

from indicators.models import Municipality
from procurements.models import Delivery, ProcurementPlanItem

PER_PAGE = 100


def plan_years() -> list[int]:
    """The years that have a plan, latest first."""
    return list(
        ProcurementPlanItem.objects.order_by("-plan_year")
        .values_list("plan_year", flat=True)
        .distinct()
    )


def default_plan_year(years: list[int], today: datetime.date) -> int:
    """This year's plan if there is one, else the latest plan, else this year."""
    if today.year in years or not years:
        return today.year
    return years[0]


@dataclass(frozen=True)
class DeliveryCount:
    delivery: Delivery
    count: int

    @property
    def label(self) -> str:
        return self.delivery.label


@dataclass
class PlanPage:
    year: int
    today: datetime.date
    items: Page  # of ProcurementPlanItem, PER_PAGE at a time
    counts: list[DeliveryCount]  # of the whole year's plan, whatever is filtered
    municipality_count: int  # how many there are: an item for all of them says so

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


def plan_page(
    *, year: int, today: datetime.date, delivery: str = "", page_number: object = 1
) -> PlanPage:
    """A plan year's items as they stand ``today``, only those with ``delivery`` if given.

    Five queries, however long the plan: the counts, how many items are listed, a
    page of them, their municipalities and how many municipalities there are.
    """
    items = ProcurementPlanItem.objects.filter(plan_year=year).with_delivery(today)
    by_delivery = dict(
        items.order_by().values("delivery").annotate(n=Count("pk")).values_list("delivery", "n")
    )
    if delivery:
        items = items.filter(delivery=delivery)
    return PlanPage(
        year=year,
        today=today,
        items=Paginator(
            items.select_related("category", "procurement")
            .prefetch_related("municipalities")
            .order_by("number"),
            PER_PAGE,
        ).get_page(page_number),
        counts=[DeliveryCount(d, by_delivery.get(d.value, 0)) for d in Delivery],
        municipality_count=Municipality.objects.count(),
    )


def next_number(year: int) -> int:
    """The number after the plan year's highest."""
    highest = ProcurementPlanItem.objects.filter(plan_year=year).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1
