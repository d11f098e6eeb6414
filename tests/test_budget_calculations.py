from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budget.calculations import (
    COST,
    REVENUE,
    Deviation,
    Totals,
    deviation,
    result,
    result_deviation,
    totals,
)

BILAGA_2 = {
    2022: [
        (REVENUE, 19738),
        (REVENUE, 779),
        (REVENUE, 900),
        (COST, 18047),
        (COST, 779),
        (COST, 2591),
    ],
    2023: [
        (REVENUE, 20814),
        (REVENUE, 862),
        (REVENUE, 900),
        (COST, 18993),
        (COST, 862),
        (COST, 2721),
    ],
}

amounts = st.integers(min_value=0, max_value=1_000_000)


@pytest.mark.parametrize(
    "year, revenue, cost",
    [(2022, Decimal(21417), Decimal(21417)), (2023, Decimal(22576), Decimal(22576))],
)
def test_bilaga_2_lines_add_up_to_the_plans_totals_and_a_zero_result(year, revenue, cost):
    budget = totals(BILAGA_2[year])
    assert budget == Totals(revenue=revenue, cost=cost)
    assert budget.result == Decimal(0)


def test_a_cost_forecast_above_budget_is_a_negative_deviation():
    assert deviation(18993, 19943, COST) == Deviation(
        tkr=Decimal(-950), percent=Decimal(-950) * 100 / 18993
    )
    assert deviation(18993, 19943, COST).is_unfavourable


def test_a_cost_forecast_below_budget_is_a_positive_deviation():
    result_ = deviation(2721, 2421, COST)
    assert result_.tkr == Decimal(300)
    assert result_.is_favourable


def test_a_revenue_forecast_above_budget_is_a_positive_deviation():
    assert deviation(900, 990, REVENUE) == Deviation(tkr=Decimal(90), percent=Decimal(10))


def test_a_revenue_forecast_below_budget_is_a_negative_deviation():
    assert deviation(900, 810, REVENUE) == Deviation(tkr=Decimal(-90), percent=Decimal(-10))


def test_a_forecast_equal_to_budget_is_neither_favourable_nor_unfavourable():
    same = deviation(862, 862, COST)
    assert same == Deviation(tkr=Decimal(0), percent=Decimal(0))
    assert not same.is_favourable and not same.is_unfavourable


def test_percent_is_none_when_the_budget_is_zero():
    assert deviation(0, 50, REVENUE) == Deviation(tkr=Decimal(50), percent=None)


def test_deviation_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        deviation(1, 1, "income")


def test_totals_refuse_an_unknown_kind():
    with pytest.raises(ValueError):
        totals([("income", 1)])


def test_result_is_revenue_minus_cost():
    assert result(22576, 22000) == Decimal(576)
    assert result(Decimal("100.5"), 200) == Decimal("-99.5")


def test_result_deviation_is_measured_against_budgeted_costs():
    budget = totals(BILAGA_2[2023])
    forecast = Totals(revenue=Decimal(22576), cost=Decimal(22576 + 677))
    assert result_deviation(budget, forecast) == Deviation(
        tkr=Decimal(-677), percent=Decimal(-677) * 100 / 22576
    )


def test_result_deviation_has_no_percent_without_budgeted_costs():
    assert (
        result_deviation(Totals(Decimal(0), Decimal(0)), Totals(Decimal(5), Decimal(0))).percent
        is None
    )


@given(budget_revenue=amounts, forecast_revenue=amounts, budget_cost=amounts, forecast_cost=amounts)
def test_line_deviations_add_up_to_the_result_deviation(
    budget_revenue, forecast_revenue, budget_cost, forecast_cost
):
    budget = Totals(Decimal(budget_revenue), Decimal(budget_cost))
    forecast = Totals(Decimal(forecast_revenue), Decimal(forecast_cost))
    total = (
        deviation(budget_revenue, forecast_revenue, REVENUE).tkr
        + deviation(budget_cost, forecast_cost, COST).tkr
    )
    assert result_deviation(budget, forecast).tkr == total


@given(budget=amounts, forecast=amounts)
def test_a_higher_forecast_is_good_for_revenue_exactly_when_it_is_bad_for_costs(budget, forecast):
    assert deviation(budget, forecast, REVENUE).tkr == -deviation(budget, forecast, COST).tkr
