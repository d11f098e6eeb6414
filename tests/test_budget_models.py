import pytest
from django.db import IntegrityError, transaction

from budget.models import BudgetLine, QuarterlyFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(db):
    return BudgetLine.objects.create(
        year=2030,
        kind=BudgetLine.Kind.COST,
        code="staff-costs",
        name="Personalkostnader",
        amount_tkr=100,
    )


def test_a_code_is_unique_within_a_year_but_not_across_years(line):
    BudgetLine.objects.create(year=2031, kind="cost", code="staff-costs", name="P", amount_tkr=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(
            year=2030, kind="revenue", code="staff-costs", name="P", amount_tkr=1
        )


def test_the_database_refuses_an_unknown_kind(line):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(year=2030, kind="income", code="x", name="X", amount_tkr=1)


@pytest.mark.parametrize("quarter", [0, 5])
def test_the_database_refuses_a_quarter_outside_1_to_4(line, quarter):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyFigure.objects.create(
            line=line, quarter=quarter, actual_to_date_tkr=1, forecast_tkr=1
        )


def test_a_line_has_one_figure_per_quarter(line):
    QuarterlyFigure.objects.create(line=line, quarter=2, actual_to_date_tkr=1, forecast_tkr=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuarterlyFigure.objects.create(line=line, quarter=2, actual_to_date_tkr=2, forecast_tkr=2)


def test_a_figure_belongs_to_its_lines_year_and_knows_its_deviation(line):
    figure = QuarterlyFigure.objects.create(
        line=line, quarter=3, actual_to_date_tkr=70, forecast_tkr=110
    )
    assert figure.year == 2030
    assert figure.deviation.tkr == -10
    assert figure.deviation.is_unfavourable


def test_a_line_with_figures_cannot_be_deleted(line):
    QuarterlyFigure.objects.create(line=line, quarter=1, actual_to_date_tkr=1, forecast_tkr=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        line.delete()


def test_every_change_of_a_line_is_kept_in_its_history(line):
    line.amount_tkr = 120
    line.save()
    assert [h.amount_tkr for h in line.history.order_by("history_date")] == [100, 120]
