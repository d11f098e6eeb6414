import pytest
from django.core.exceptions import ValidationError

from budget.models import MAX_AMOUNT_TKR, BudgetLine, QuarterlyFigure
from budget.services import FigureInput, save_quarter_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(db):
    return [
        BudgetLine.objects.create(
            year=2030, kind="revenue", code="fees", name="Avgifter", amount_tkr=100
        ),
        BudgetLine.objects.create(
            year=2030, kind="cost", code="staff", name="Personal", amount_tkr=100
        ),
    ]


def test_saving_a_quarter_creates_a_figure_per_line_and_records_the_user(lines, chef):
    figures = {line.pk: FigureInput(40, 105) for line in lines}
    assert save_quarter_figures(lines, 2, figures, chef) == 2
    saved = QuarterlyFigure.objects.filter(quarter=2)
    assert {(f.actual_to_date_tkr, f.forecast_tkr, f.updated_by) for f in saved} == {
        (40, 105, chef)
    }
    assert {h.history_user for h in QuarterlyFigure.history.all()} == {chef}


def test_only_changed_figures_are_written(lines, chef, committee_member):
    save_quarter_figures(lines, 1, {line.pk: FigureInput(10, 100) for line in lines}, chef)
    changed = save_quarter_figures(
        lines,
        1,
        {lines[0].pk: FigureInput(10, 100), lines[1].pk: FigureInput(12, 100)},
        committee_member,
    )
    assert changed == 1
    assert QuarterlyFigure.objects.get(line=lines[0], quarter=1).updated_by == chef
    assert QuarterlyFigure.objects.get(line=lines[1], quarter=1).updated_by == committee_member


def test_a_figure_out_of_bounds_saves_nothing_of_the_quarter(lines, chef):
    figures = {lines[0].pk: FigureInput(10, 100), lines[1].pk: FigureInput(10, MAX_AMOUNT_TKR + 1)}
    with pytest.raises(ValidationError):
        save_quarter_figures(lines, 4, figures, chef)
    assert not QuarterlyFigure.objects.exists()
