import pytest
from django.core.exceptions import ValidationError

from budget.models import (
    MAX_AMOUNT_TKR,
    MAX_COMMENT_LENGTH,
    BudgetLine,
    BudgetQuarter,
    QuarterlyFigure,
)
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


def test_a_comment_is_saved_with_the_figures(lines, chef):
    figures = {
        lines[0].pk: FigureInput(40, 100),
        lines[1].pk: FigureInput(40, 110, "Två nya tjänster från mars."),
    }
    save_quarter_figures(lines, 1, figures, chef)
    assert dict(QuarterlyFigure.objects.values_list("line__code", "comment")) == {
        "fees": "",
        "staff": "Två nya tjänster från mars.",
    }


def test_a_changed_comment_alone_is_a_change_recorded_in_the_history(lines, chef, committee_member):
    save_quarter_figures(lines, 1, {line.pk: FigureInput(10, 100) for line in lines}, chef)
    figures = {lines[0].pk: FigureInput(10, 100), lines[1].pk: FigureInput(10, 100, "Vakans.")}

    assert save_quarter_figures(lines, 1, figures, committee_member) == 1

    figure = QuarterlyFigure.objects.get(line=lines[1], quarter=1)
    assert (figure.comment, figure.updated_by) == ("Vakans.", committee_member)
    assert [h.comment for h in figure.history.order_by("history_date")] == ["", "Vakans."]
    assert BudgetQuarter.objects.get(year=2030, quarter=1).version == 2
    assert save_quarter_figures(lines, 1, figures, committee_member) == 0


def test_a_comment_longer_than_the_limit_saves_nothing_of_the_quarter(lines, chef):
    figures = {
        lines[0].pk: FigureInput(10, 100, "Kort."),
        lines[1].pk: FigureInput(10, 100, "x" * (MAX_COMMENT_LENGTH + 1)),
    }
    with pytest.raises(ValidationError) as refused:
        save_quarter_figures(lines, 3, figures, chef)
    assert refused.value.message_dict.keys() == {"comment"}
    assert not QuarterlyFigure.objects.exists()
