"""Ekonomi i balans: the budget's deviation with its sign, judged on its size.

The budget page and the indicator show the same signed deviation, to the same
digits; a deficit is never shown as a positive number.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from indicators.fulfilment import Status
from reports.models import AdoptedValue
from reports.services import adopt_period, get_or_create_period
from tests.budget_helpers import swedish

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\xa0", "\u2212"


@pytest.fixture
def costs_of_20000_tkr(db):
    """The 2023 budget with costs of 20 000 tkr, so that 1 770 tkr is exactly 8,85 %."""
    BudgetLine.objects.filter(year=2023, code="other-costs").update(amount_tkr=145)
    assert (
        sum(BudgetLine.objects.filter(year=2023, kind="cost").values_list("amount_tkr", flat=True))
        == 20000
    )


def _forecast(quarter: int, staff_costs_over_budget: int) -> None:
    """Every line as budgeted, except staff costs."""
    for line in BudgetLine.objects.filter(year=2023):
        extra = staff_costs_over_budget if line.code == "staff-costs" else 0
        QuarterlyFigure.objects.create(
            line=line, quarter=quarter, actual_to_date_tkr=0, forecast_tkr=line.amount_tkr + extra
        )


def _economy(client, quarter: int):
    follow_up = client.get(reverse("reports:period", args=[2023, quarter])).context["follow_up"]
    return next(i for i in follow_up.indicators if i.code == "economy-in-balance")


def _budget_percent(client, quarter: int) -> str:
    overview = client.get(reverse("budget:quarter", args=[2023, quarter])).context["overview"]
    return overview.result_deviation.percent


def test_a_deficit_keeps_its_minus_sign_and_misses_the_target(
    costs_of_20000_tkr, committee_member, client_for
):
    _forecast(2, staff_costs_over_budget=1770)
    client = client_for(committee_member)
    economy = _economy(client, 2)
    assert economy.value == Decimal("-8.85")
    assert economy.text == f"{MINUS}8,9{NBSP}% ({swedish('deficit')})"
    assert economy.status == Status.NOT_MET
    assert _budget_percent(client, 2) == f"{MINUS}8,9{NBSP}%"


@pytest.mark.parametrize(
    ("over_budget", "indicator", "budget", "status"),
    [
        (420, f"{MINUS}2,1{NBSP}% (underskott)", f"{MINUS}2,1{NBSP}%", Status.MET),
        (-420, f"2,1{NBSP}% (överskott)", f"+2,1{NBSP}%", Status.MET),
        (-1770, f"8,9{NBSP}% (överskott)", f"+8,9{NBSP}%", Status.NOT_MET),
        (0, f"0,0{NBSP}%", f"0,0{NBSP}%", Status.MET),
    ],
)
def test_the_budget_page_and_the_indicator_agree_in_sign_and_digits(
    costs_of_20000_tkr, committee_member, client_for, over_budget, indicator, budget, status
):
    _forecast(3, staff_costs_over_budget=over_budget)
    client = client_for(committee_member)
    economy = _economy(client, 3)
    shown_on_budget_page = _budget_percent(client, 3)
    assert economy.text == indicator
    assert shown_on_budget_page == budget
    assert economy.text.split(" (")[0] == shown_on_budget_page.removeprefix("+")
    assert economy.status == status


def test_an_adopted_deficit_is_stored_and_shown_with_its_sign(costs_of_20000_tkr, chef, client_for):
    _forecast(4, staff_costs_over_budget=1770)
    adopt_period(get_or_create_period(2023, 4), chef)
    adopted = AdoptedValue.objects.get(
        period__year=2023, period__quarter=4, indicator__code="economy-in-balance"
    )
    assert adopted.value == Decimal("-8.85")
    assert adopted.status == Status.NOT_MET
    page = client_for(chef).get(reverse("reports:period", args=[2023, 4])).text
    assert f"{MINUS}8,9{NBSP}% (underskott)" in page
