"""When a hand-entered figure is due: every quarter, or once a year in the plan's quarter."""

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator
from indicators.reporting_schedule import is_due
from indicators.selectors import due_entered_indicators

QUARTERS = (1, 2, 3, 4)


def test_a_figure_reported_every_quarter_is_due_in_every_quarter():
    assert [q for q in QUARTERS if is_due(reported_in_quarter=None, quarter=q)] == [1, 2, 3, 4]


@pytest.mark.parametrize("reported_in", QUARTERS)
def test_a_yearly_figure_is_due_in_its_quarter_only(reported_in):
    due = [q for q in QUARTERS if is_due(reported_in_quarter=reported_in, quarter=q)]
    assert due == [reported_in]


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_a_quarter_that_does_not_exist_is_refused(quarter):
    with pytest.raises(ValueError, match="quarter must be 1–4"):
        is_due(reported_in_quarter=None, quarter=quarter)


@pytest.mark.django_db
def test_the_plan_reports_its_surveys_and_yearly_staff_figures_in_one_quarter():
    entered = Indicator.objects.filter(source=Indicator.Source.MANUAL)
    yearly = {i.code: i.reported_in_quarter for i in entered if i.reported_in_quarter}
    assert yearly == {
        "nki": 1,
        "business-climate-rank": 2,
        "compliance-spot-checks": 4,
        "staff-turnover": 4,
    }
    assert all(i.frequency == Indicator.Frequency.YEARLY for i in entered if i.code in yearly)


@pytest.mark.django_db
def test_nki_is_due_only_in_the_first_quarter():
    nki = Indicator.objects.get(code="nki")
    assert [q for q in QUARTERS if nki.is_due_in(q)] == [1]


@pytest.mark.django_db
def test_the_due_entered_indicators_of_a_quarter_leave_out_the_yearly_ones_of_other_quarters(
    django_assert_num_queries,
):
    every_quarter = set(
        Indicator.objects.filter(
            source=Indicator.Source.MANUAL, reported_in_quarter__isnull=True
        ).values_list("code", flat=True)
    )
    assert len(every_quarter) == 9
    with django_assert_num_queries(2):
        due_in_q1 = _due(1)
    assert set(due_in_q1) == every_quarter | {"nki"}
    assert set(_due(2)) == every_quarter | {"business-climate-rank"}
    assert set(_due(3)) == every_quarter
    assert set(_due(4)) == every_quarter | {"compliance-spot-checks", "staff-turnover"}


def test_the_due_entered_indicators_are_in_the_plans_order(db):
    due = due_entered_indicators(year=2023, quarter=4)
    assert [i.order for i in due] == sorted(i.order for i in due)
    assert all(i.source == Indicator.Source.MANUAL for i in due)


def test_a_year_no_plan_covers_has_no_due_indicators(db):
    assert due_entered_indicators(year=2019, quarter=1) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "reported_in"),
    [
        ("nki", 5),  # no such quarter
        ("sick-leave", 2),  # followed every quarter
        ("coordinated-share", 4),  # computed from the register, not entered
    ],
)
def test_the_database_refuses_a_reporting_quarter_the_plan_file_would_refuse(code, reported_in):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.filter(code=code).update(reported_in_quarter=reported_in)


def _due(quarter: int) -> list[str]:
    return [i.code for i in due_entered_indicators(year=2023, quarter=quarter)]
