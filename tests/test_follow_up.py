"""The period follow-up selector: previous-year comparisons and per-municipality figures."""

import datetime
from decimal import Decimal

import pytest

from indicators.fulfilment import Status, Trend
from indicators.models import Indicator, Municipality
from procurements.models import Procurement
from reports.follow_up import period_follow_up
from reports.models import EnteredValue
from reports.services import adopt_period, get_or_create_period
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


def _enter(year, quarter, code, value, municipality=None):
    EnteredValue.objects.create(
        period=get_or_create_period(year, quarter),
        indicator=Indicator.objects.get(code=code),
        municipality=municipality,
        value=Decimal(value),
    )


def _followed(year, quarter, code):
    return next(i for i in period_follow_up(year, quarter).indicators if i.code == code)


def test_last_years_value_to_the_same_quarter_is_compared_without_pro_rata():
    _enter(2023, 2, "contract-follow-ups", 100)
    _enter(2024, 2, "contract-follow-ups", 60)
    follow_ups = _followed(2024, 2, "contract-follow-ups")
    assert follow_ups.previous_year_text.startswith("100")
    assert follow_ups.previous_year_trend == Trend.WORSE


def test_a_full_year_baseline_is_compared_pro_rata_for_a_cumulative_indicator():
    _enter(2023, 2, "contract-follow-ups", 120)
    baselines = {b.year: b.trend for b in _followed(2023, 2, "contract-follow-ups").baselines}
    assert baselines[2021] == Trend.BETTER  # 120 by June is ahead of 218 ÷ 2
    assert baselines[2020] == Trend.BETTER


def test_a_yearly_figure_entered_in_q2_is_the_years_value_later_in_the_year():
    _enter(2023, 2, "nki", "91.5")
    assert _followed(2023, 4, "nki").value == Decimal("91.5")
    assert _followed(2023, 4, "nki").status == Status.MET
    assert _followed(2023, 1, "nki").value is None


def test_a_decrease_target_is_judged_per_municipality_when_last_year_is_known():
    falun = Municipality.objects.get(name="Falun")
    borlange = Municipality.objects.get(name="Borlänge")
    for municipality in (falun, borlange):
        _enter(2022, 4, "business-climate-rank", 200, municipality)
    _enter(2023, 4, "business-climate-rank", 150, falun)
    _enter(2023, 4, "business-climate-rank", 250, borlange)
    statuses = {
        m.name: m.status for m in _followed(2023, 4, "business-climate-rank").municipalities
    }
    assert statuses["Falun"] == Status.MET
    assert statuses["Borlänge"] == Status.NOT_MET
    assert statuses["Säter"] == Status.NO_DATA


def test_the_total_of_figures_per_municipality_waits_for_every_municipality():
    municipalities = list(Municipality.objects.all())
    for municipality in municipalities[:-1]:
        _enter(2023, 4, "work-placements", 3, municipality)
    placements = _followed(2023, 4, "work-placements")
    assert placements.value is None
    assert [m.value for m in placements.municipalities[:-1]] == [Decimal(3)] * 6

    _enter(2023, 4, "work-placements", 4, municipalities[-1])
    assert _followed(2023, 4, "work-placements").value == Decimal(22)


def test_ranks_per_municipality_make_a_mean_not_a_sum():
    for rank, municipality in enumerate(Municipality.objects.all(), start=1):
        _enter(2023, 4, "business-climate-rank", rank * 10, municipality)
    assert _followed(2023, 4, "business-climate-rank").value == Decimal(40)


def _completed(count: int, **fields) -> list:
    dates = {
        "advertised_on": datetime.date(2024, 1, 10),
        "completed_on": datetime.date(2024, 3, 20),
    }
    return [make_procurement(**dates, **fields) for _ in range(count)]


@pytest.mark.parametrize(
    ("coordinated", "single", "shown"),
    [(2, 1, "66,7\xa0%"), (11, 1, "91,7\xa0%"), (1, 19, "5,0\xa0%")],
)
def test_a_share_is_rounded_half_away_from_zero_not_cut_off(coordinated, single, shown):
    _completed(coordinated, municipality_names=("Falun", "Borlänge"))
    _completed(single, municipality_names=("Falun",))
    assert _followed(2024, 1, "coordinated-share").text == shown


def test_a_mean_is_rounded_half_away_from_zero_not_cut_off():
    for questions in (3, 4, 4, 4, 4, 4, 4):  # 27 questions in 7 procurements: 3,857…
        _completed(1, questions_received=questions)
    assert _followed(2024, 1, "questions-per-procurement").text == "3,9"


def test_a_correction_that_rounds_to_the_adopted_figure_is_no_difference(chef):
    first, *others = _completed(20, questions_received=0)
    Procurement.objects.filter(pk=first.pk).update(questions_received=1)  # mean 0,05: "0,1"
    adopt_period(get_or_create_period(2024, 1), chef)

    Procurement.objects.filter(pk=others[0].pk).update(questions_received=1)  # mean 0,1: "0,1"
    assert not _followed(2024, 1, "questions-per-procurement").differs_from_adopted

    Procurement.objects.filter(pk=others[1].pk).update(questions_received=1)  # mean 0,15: "0,2"
    corrected = _followed(2024, 1, "questions-per-procurement")
    assert corrected.differs_from_adopted
    assert (corrected.text, corrected.today_text) == ("0,1", "0,2")
