"""A person's edit of a demo row makes it real, so that clearing demo data never deletes it."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from budget.models import BudgetLine, QuarterlyFigure
from budget.services import FigureInput, save_quarter_figures
from indicators.models import Indicator
from procurements.forms import procurement_forms
from procurements.services import save_procurement
from reports.models import Analysis, EnteredValue, Period
from reports.services import QuarterEdit, save_quarter
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


def test_the_heads_save_of_a_demo_quarter_makes_the_period_and_what_it_writes_real(chef):
    call_command("seed_demo", history=True, count=40, seed=3, stdout=io.StringIO())
    period = Period.objects.get(year=2024, quarter=2)
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    assert EnteredValue.objects.filter(period=period, is_demo=True).count() > 1

    save_quarter(
        period,
        QuarterEdit(
            version=period.version,
            overall_analysis="Chefens egen analys.",
            values={(follow_ups.pk, None): Decimal(130)},
            indicator_analyses={follow_ups.pk: "Fler möten än planerat."},
        ),
        chef,
    )
    call_command("seed_demo", clear=True, stdout=io.StringIO())

    period.refresh_from_db()
    assert (period.is_demo, period.overall_analysis) == (False, "Chefens egen analys.")
    assert list(EnteredValue.objects.values_list("indicator__code", "value", "is_demo")) == [
        ("contract-follow-ups", Decimal(130), False)
    ]
    assert Analysis.objects.get().text == "Fler möten än planerat."
    assert Period.objects.get() == period


def test_the_heads_figures_on_a_demo_budget_line_keep_the_line_as_a_real_one(chef):
    call_command("seed_demo", history=True, count=20, seed=3, stdout=io.StringIO())
    lines = list(BudgetLine.objects.filter(year=2024))
    assert lines and all(line.is_demo for line in lines)
    save_quarter_figures(lines[:1], 3, {lines[0].pk: FigureInput(100, 400)}, chef)

    call_command("seed_demo", clear=True, stdout=io.StringIO())

    kept = BudgetLine.objects.get(year=2024)
    assert (kept.pk, kept.is_demo) == (lines[0].pk, False)
    assert QuarterlyFigure.objects.get(line=kept).actual_to_date_tkr == 100


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
