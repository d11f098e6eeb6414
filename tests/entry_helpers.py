"""Shared by the tests of the head's quarterly entry (the overview and its sections)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group, User

from accounts.roles import CHEF
from indicators.models import Municipality
from procurements.models import Category, Procurement, ProcurementPlanItem, Tender
from reports.models import EnteredValue


def entered(code: str, municipality: str | None = None, year=2023, quarter=2) -> Decimal | None:
    """The figure entered for the indicator in the quarter; None when there is none."""
    row = EnteredValue.objects.filter(
        period__year=year,
        period__quarter=quarter,
        indicator__code=code,
        municipality__name=municipality,
    ).first()
    return None if row is None else row.value


def page_data(client, url: str) -> dict[str, str]:
    """What the browser would submit for the page as loaded, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"].browser_data()


def second_chef() -> User:
    user = User.objects.create_user("kalle", password="test-password", first_name="Kalle")
    user.groups.add(Group.objects.get(name=CHEF))
    return user


def fill_register(count: int) -> None:
    """``count`` procurements of 2023 with tenders, municipalities and plan items."""
    food = Category.objects.get_or_create(name="Livsmedel")[0]
    procurements = Procurement.objects.bulk_create(
        Procurement(
            registry_number=f"UhC 2023/{number}",
            title=f"Upphandling {number}",
            category=food,
            advertised_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=number % 150),
            completed_on=datetime.date(2023, 6, 1) if number % 2 else None,
            is_food_procurement=not number % 4,
            food_organic=not number % 8,
            environmental_requirement=bool(number % 5),
            questions_received=number % 7,
        )
        for number in range(count)
    )
    municipalities = list(Municipality.objects.all())
    through = Procurement.municipalities.through
    through.objects.bulk_create(
        through(procurement=procurement, municipality=municipalities[index % len(municipalities)])
        for index, procurement in enumerate(procurements)
    )
    ProcurementPlanItem.objects.bulk_create(
        ProcurementPlanItem(
            plan_year=2023,
            number=index + 1,
            title=procurement.title,
            category=food,
            planned_year=2023,
            planned_quarter=index % 4 + 1,
            procurement=procurement,
        )
        for index, procurement in enumerate(procurements)
        if index % 3
    )
    Tender.objects.bulk_create(
        Tender(
            procurement=procurement,
            supplier_name="Leverantör AB",
            organisation_number="556036-0793",
            has_regional_presence=bool(index % 2),
            is_awarded=True,
        )
        for index, procurement in enumerate(procurements)
    )
