"""Which period the dashboards show by default, and which draft they offer."""

import datetime as dt

import pytest

from budget.models import BudgetLine, QuarterlyFigure
from dashboards.periods import period_choice
from indicators.quarters import Quarter
from indicators.selectors import current_plan
from reports.services import QuarterEdit, adopt_period, get_or_create_period, save_quarter
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


def choice(today: dt.date, year=None, quarter=None):
    return period_choice(
        current_plan(), year, quarter, today=today, url_for=lambda y, q: f"/{y}/{q}/"
    )


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2024, 5, 1), (2024, 2)),
        (dt.date(2026, 11, 29), (2025, 4)),
        (dt.date(2022, 3, 1), (2023, 1)),
    ],
)
def test_with_no_data_the_plans_quarter_closest_to_today_is_shown(today, expected):
    shown = choice(today)
    assert (shown.year, shown.quarter) == expected
    assert shown.draft is None
    assert shown.newest_adopted is None


def test_the_newest_quarter_with_register_dates_is_shown_when_nothing_is_adopted():
    make_procurement(advertised_on=dt.date(2023, 2, 1), completed_on=dt.date(2024, 5, 20))
    make_procurement(advertised_on=dt.date(2024, 1, 10), cancelled_on=dt.date(2024, 2, 1))
    shown = choice(dt.date(2026, 1, 1))
    assert (shown.year, shown.quarter) == (2024, 2)
    assert not shown.is_adopted
    assert not shown.offers_draft


def test_dates_after_today_or_outside_the_plan_are_not_data_yet():
    make_procurement(advertised_on=dt.date(2023, 8, 1))
    make_procurement(advertised_on=dt.date(2024, 11, 1))
    make_procurement(advertised_on=dt.date(2031, 1, 1))
    shown = choice(dt.date(2024, 6, 30))
    assert (shown.year, shown.quarter) == (2023, 3)


def test_budget_figures_make_a_quarter_one_with_data():
    line = BudgetLine.objects.create(
        year=2024, kind="cost", code="staff-costs", name="Personalkostnader", amount_tkr=19000
    )
    QuarterlyFigure.objects.create(
        line=line,
        quarter=3,
        actual_to_date_tkr=100,
        forecast_tkr=200,
    )
    shown = choice(dt.date(2026, 1, 1))
    assert (shown.year, shown.quarter) == (2024, 3)


def test_the_newest_adopted_period_is_shown_and_a_newer_draft_is_offered(chef):
    make_procurement(advertised_on=dt.date(2023, 5, 1))
    adopt_period(get_or_create_period(2023, 1), chef)
    adopt_period(get_or_create_period(2023, 2), chef)
    save_quarter(get_or_create_period(2023, 3), QuarterEdit(version=0, overall_analysis="Utkast"))
    shown = choice(dt.date(2026, 1, 1))
    assert (shown.year, shown.quarter) == (2023, 2)
    assert shown.is_adopted
    assert shown.draft == Quarter(2023, 3)
    assert shown.offers_draft
    assert shown.draft_url == "/2023/3/"
    assert shown.draft_name == "Kv3 2023"
    assert not shown.offers_newest_adopted


def test_a_chosen_period_offers_both_the_draft_and_the_newest_adopted(chef):
    adopt_period(get_or_create_period(2023, 2), chef)
    save_quarter(get_or_create_period(2023, 4), QuarterEdit(version=0, overall_analysis="Utkast"))
    shown = choice(dt.date(2026, 1, 1), 2023, 1)
    assert (shown.year, shown.quarter, shown.is_adopted) == (2023, 1, False)
    assert shown.offers_draft and shown.draft == Quarter(2023, 4)
    assert shown.offers_newest_adopted and shown.newest_adopted_url == "/2023/2/"


def test_no_draft_is_offered_when_the_newest_data_is_adopted(chef):
    make_procurement(advertised_on=dt.date(2023, 5, 1))
    adopt_period(get_or_create_period(2023, 2), chef)
    shown = choice(dt.date(2026, 1, 1))
    assert (shown.year, shown.quarter) == (2023, 2)
    assert shown.draft is None


def test_the_picker_lists_every_quarter_of_the_plan_with_its_state(chef):
    make_procurement(advertised_on=dt.date(2024, 12, 1))
    adopt_period(get_or_create_period(2024, 3), chef)
    shown = choice(dt.date(2026, 1, 1))
    links = [link for year in shown.years for link in year.periods]
    assert [(link.year, link.quarter) for link in links] == [
        (year, quarter) for year in (2023, 2024, 2025) for quarter in (1, 2, 3, 4)
    ]
    adopted = [link for link in links if link.is_adopted]
    assert [(link.year, link.quarter, link.state_label) for link in adopted] == [
        (2024, 3, "fastställd")
    ]
    assert [link.url for link in links if link.is_current] == ["/2024/3/"]
    states = {(link.year, link.quarter): link.state_label for link in links}
    assert states[(2023, 1)] == states[(2024, 4)] == "öppen"
    assert states[(2025, 1)] == "inte påbörjad"
