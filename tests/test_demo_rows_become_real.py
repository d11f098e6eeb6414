"""A person's edit of a demo row makes it real, so that clearing demo data never deletes it."""

import pytest

from budget.models import BudgetLine, QuarterlyFigure
from budget.services import FigureInput, save_quarter_figures
from procurements.forms import procurement_forms
from procurements.services import save_procurement
from tests.budget_helpers import load_real_budget
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


def test_the_heads_budget_figures_replace_demo_figures_as_real_ones(chef):
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    for line in lines:
        QuarterlyFigure.objects.create(
            line=line, quarter=2, actual_to_date_tkr=1, forecast_tkr=2, is_demo=True
        )
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    save_quarter_figures(lines, 2, figures, chef)
    assert set(QuarterlyFigure.objects.filter(quarter=2).values_list("is_demo", flat=True)) == {
        False
    }


def test_editing_a_demo_procurement_in_the_form_makes_it_real():
    procurement = make_procurement(is_demo=True)
    form, tenders, appeals = procurement_forms(instance=procurement)
    data = {**form.initial}
    bound, tenders, appeals = procurement_forms(
        {
            **{name: value for name, value in data.items() if value is not None},
            "title": "Städtjänster, rättad",
            "version": procurement.version,
            "municipalities": [m.pk for m in procurement.municipalities.all()],
            **_empty_management_forms(tenders, appeals),
        },
        instance=procurement,
    )
    assert bound.is_valid(), bound.errors
    assert all(formset.is_valid() for formset in (tenders, appeals))
    save_procurement(bound, tenders, appeals)
    procurement.refresh_from_db()
    assert procurement.title == "Städtjänster, rättad"
    assert not procurement.is_demo


def _empty_management_forms(*formsets) -> dict:
    data = {}
    for formset in formsets:
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data
