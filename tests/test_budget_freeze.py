"""The budget figures of an adopted quarter are frozen, wherever they could be written.

The entry page (budget:edit_quarter), the service, the admin (the figure's own
page and the budget line's inline) and the demo data all refuse or leave an
adopted quarter as it was adopted, until its follow-up period is reopened.
"""

import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budget import selectors
from budget.models import BudgetLine, BudgetQuarter, QuarterlyFigure
from budget.services import FigureInput, QuarterAdopted, save_quarter_figures
from reports.models import Period
from reports.services import adopt_period, get_or_create_period, reopen_period
from tests.budget_helpers import load_real_budget

pytestmark = pytest.mark.django_db

EDIT_Q2 = reverse("budget:edit_quarter", args=[2023, 2])
REFUSAL = (
    "Kvartal 2 2023 är fastställt: dess budgetuppgifter kan inte ändras. "
    "Öppna uppföljningsperioden igen för att rätta dem."
)


@pytest.fixture
def lines(chef):
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    for quarter in (2, 3):
        save_quarter_figures(lines, quarter, figures, chef)
    return lines


@pytest.fixture
def adopted(chef, lines):
    return adopt_period(get_or_create_period(2023, 2), chef)


def _figures(quarter: int = 2) -> list[tuple]:
    return sorted(
        QuarterlyFigure.objects.filter(line__year=2023, quarter=quarter).values_list(
            "line__code", "actual_to_date_tkr", "forecast_tkr", "is_demo"
        )
    )


def _entry_post(**changes) -> dict[str, str]:
    data = {"version": str(BudgetQuarter.objects.get(year=2023, quarter=2).version)}
    for line in BudgetLine.objects.filter(year=2023):
        data[f"actual-{line.code}"] = str(line.amount_tkr // 2)
        data[f"forecast-{line.code}"] = str(line.amount_tkr)
    data.update(changes)
    return data


# Adopting and reopening the follow-up period


def test_adopting_the_period_adopts_its_budget_quarter_only(chef, adopted):
    assert BudgetQuarter.objects.get(year=2023, quarter=2).is_adopted
    assert not BudgetQuarter.objects.get(year=2023, quarter=3).is_adopted
    record = BudgetQuarter.history.filter(year=2023, quarter=2).latest("history_date")
    assert record.history_user == chef


def test_reopening_the_period_opens_its_budget_quarter(chef, adopted):
    reopen_period(adopted, chef, "Fel prognos")
    assert not BudgetQuarter.objects.get(year=2023, quarter=2).is_adopted


# The entry page


def test_the_entry_page_of_an_adopted_quarter_is_read_only_and_says_why(chef, client_for, adopted):
    response = client_for(chef).get(EDIT_Q2)
    assert response.status_code == 200
    content = response.content.decode()
    assert REFUSAL in content
    assert "Spara uppgifterna för Kv2" not in content
    assert response.context["form"]["forecast-staff-costs"].field.disabled


def test_a_post_to_an_adopted_quarter_is_refused_and_changes_nothing(chef, client_for, adopted):
    before = _figures()
    overview = selectors.year_overview(2023, 2)

    response = client_for(chef).post(EDIT_Q2, _entry_post(**{"forecast-staff-costs": "1"}))

    assert response.status_code == 409
    assert REFUSAL in response.content.decode()
    assert _figures() == before
    assert selectors.year_overview(2023, 2) == overview


def test_the_service_refuses_an_adopted_quarter(chef, lines, adopted):
    with pytest.raises(QuarterAdopted, match="Kvartal 2 2023 är fastställt"):
        save_quarter_figures(lines, 2, {line.pk: FigureInput(1, 1) for line in lines}, chef)
    assert all(actual > 1 for _code, actual, _forecast, _demo in _figures())


def test_a_comment_on_an_adopted_quarter_is_refused_and_left_as_adopted(chef, client_for, adopted):
    client = client_for(chef)
    assert client.get(EDIT_Q2).context["form"]["comment-staff-costs"].field.disabled

    response = client.post(EDIT_Q2, _entry_post(**{"comment-staff-costs": "Sent tillägg."}))

    assert response.status_code == 409
    assert REFUSAL in response.content.decode()
    assert _staff_figure().comment == ""


def test_the_service_refuses_a_comment_alone_on_an_adopted_quarter(chef, lines, adopted):
    figures = {
        line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr, "Sent tillägg.")
        for line in lines
    }
    with pytest.raises(QuarterAdopted):
        save_quarter_figures(lines, 2, figures, chef)
    assert not QuarterlyFigure.objects.filter(quarter=2).exclude(comment="").exists()


def test_another_quarter_of_the_year_stays_open(chef, client_for, adopted):
    data = _entry_post(**{"forecast-staff-costs": "20000"})
    data["version"] = str(BudgetQuarter.objects.get(year=2023, quarter=3).version)
    response = client_for(chef).post(reverse("budget:edit_quarter", args=[2023, 3]), data)
    assert response.status_code == 302
    assert ("staff-costs", 18993 // 2, 20000, False) in _figures(3)


def test_after_reopening_the_same_post_is_saved(chef, client_for, adopted):
    client = client_for(chef)
    assert client.post(EDIT_Q2, _entry_post(**{"forecast-staff-costs": "20000"})).status_code == (
        409
    )
    reopen_period(adopted, chef, "Fel prognos")

    response = client.post(EDIT_Q2, _entry_post(**{"forecast-staff-costs": "20000"}))

    assert response.status_code == 302
    assert ("staff-costs", 18993 // 2, 20000, False) in _figures()


# The admin


def _staff_figure() -> QuarterlyFigure:
    return QuarterlyFigure.objects.get(line__year=2023, line__code="staff-costs", quarter=2)


def test_the_admin_refuses_to_change_a_figure_of_an_adopted_quarter(chef, client_for, adopted):
    figure = _staff_figure()
    before = _figures()

    response = client_for(chef).post(
        reverse("admin:budget_quarterlyfigure_change", args=[figure.pk]),
        {"line": figure.line_id, "quarter": "2", "actual_to_date_tkr": "1", "forecast_tkr": "1"},
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _figures() == before


def test_the_admin_refuses_to_change_only_the_comment_of_an_adopted_quarter(
    chef, client_for, adopted
):
    figure = _staff_figure()

    response = client_for(chef).post(
        reverse("admin:budget_quarterlyfigure_change", args=[figure.pk]),
        {
            "line": figure.line_id,
            "quarter": "2",
            "actual_to_date_tkr": str(figure.actual_to_date_tkr),
            "forecast_tkr": str(figure.forecast_tkr),
            "comment": "Sent tillägg.",
        },
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _staff_figure().comment == ""


def test_the_admin_refuses_to_move_a_figure_out_of_an_adopted_quarter(chef, client_for, adopted):
    figure = QuarterlyFigure.objects.get(line__year=2023, line__code="staff-costs", quarter=3)
    figure.delete()
    figure = _staff_figure()
    before = _figures()

    response = client_for(chef).post(
        reverse("admin:budget_quarterlyfigure_change", args=[figure.pk]),
        {
            "line": figure.line_id,
            "quarter": "3",
            "actual_to_date_tkr": str(figure.actual_to_date_tkr),
            "forecast_tkr": str(figure.forecast_tkr),
        },
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _figures() == before


def test_the_admin_refuses_to_add_a_figure_to_an_adopted_quarter(chef, client_for, adopted):
    line = BudgetLine.objects.create(
        year=2023, kind="cost", code="new-line", name="Ny rad", amount_tkr=10
    )
    response = client_for(chef).post(
        reverse("admin:budget_quarterlyfigure_add"),
        {"line": line.pk, "quarter": "2", "actual_to_date_tkr": "5", "forecast_tkr": "10"},
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not QuarterlyFigure.objects.filter(line=line).exists()


def test_the_admin_does_not_offer_to_delete_a_figure_of_an_adopted_quarter(
    chef, client_for, adopted
):
    figure = _staff_figure()
    client = client_for(chef)
    delete = reverse("admin:budget_quarterlyfigure_delete", args=[figure.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert QuarterlyFigure.objects.filter(pk=figure.pk).exists()
    changelist = client.get(reverse("admin:budget_quarterlyfigure_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def _line_admin_post(line: BudgetLine, **figure_changes) -> dict[str, str]:
    """The budget line's admin page as posted, with its figures inline."""
    figures = list(line.quarterly_figures.order_by("quarter"))
    data = {
        "year": str(line.year),
        "kind": line.kind,
        "code": line.code,
        "name": line.name,
        "description": line.description,
        "amount_tkr": str(line.amount_tkr),
        "order": str(line.order),
        "quarterly_figures-TOTAL_FORMS": str(len(figures)),
        "quarterly_figures-INITIAL_FORMS": str(len(figures)),
        "quarterly_figures-MIN_NUM_FORMS": "0",
        "quarterly_figures-MAX_NUM_FORMS": "1000",
    }
    for index, figure in enumerate(figures):
        prefix = f"quarterly_figures-{index}"
        data[f"{prefix}-id"] = str(figure.pk)
        data[f"{prefix}-line"] = str(line.pk)
        data[f"{prefix}-quarter"] = str(figure.quarter)
        data[f"{prefix}-actual_to_date_tkr"] = str(figure.actual_to_date_tkr)
        data[f"{prefix}-forecast_tkr"] = str(figure.forecast_tkr)
    data.update({key.replace("__", "-"): value for key, value in figure_changes.items()})
    return data


def test_the_line_admin_refuses_a_changed_figure_of_an_adopted_quarter(chef, client_for, adopted):
    line = BudgetLine.objects.get(year=2023, code="staff-costs")
    before = _figures()
    response = client_for(chef).post(
        reverse("admin:budget_budgetline_change", args=[line.pk]),
        _line_admin_post(line, **{"quarterly_figures-0__forecast_tkr": "1"}),
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _figures() == before


def test_the_line_admin_refuses_to_delete_a_figure_of_an_adopted_quarter(chef, client_for, adopted):
    line = BudgetLine.objects.get(year=2023, code="staff-costs")
    before = _figures()
    response = client_for(chef).post(
        reverse("admin:budget_budgetline_change", args=[line.pk]),
        _line_admin_post(line, **{"quarterly_figures-0__DELETE": "on"}),
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert _figures() == before


def test_the_line_admin_still_saves_the_line_and_figures_of_open_quarters(
    chef, client_for, adopted
):
    line = BudgetLine.objects.get(year=2023, code="staff-costs")
    response = client_for(chef).post(
        reverse("admin:budget_budgetline_change", args=[line.pk]),
        _line_admin_post(
            line, description="Löner", **{"quarterly_figures-1__forecast_tkr": "20000"}
        ),
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).description == "Löner"
    assert ("staff-costs", 18993 // 2, 20000, False) in _figures(3)


# Demo data


def test_demo_data_neither_replaces_nor_removes_an_adopted_quarters_figures(chef, adopted):
    before = _figures()
    out = io.StringIO()
    call_command("seed_demo", year=2023, count=5, seed=9, stdout=out)
    assert _figures() == before
    call_command("seed_demo", clear=True, stdout=out)
    assert _figures() == before


def test_demo_figures_of_an_adopted_quarter_stay_until_it_is_reopened(chef):
    load_real_budget()
    call_command("seed_demo", year=2023, count=5, seed=9, stdout=io.StringIO())
    period = adopt_period(get_or_create_period(2023, 2), chef)
    adopted_figures = _figures()
    assert adopted_figures and all(demo for *_values, demo in adopted_figures)

    out = io.StringIO()
    call_command("seed_demo", year=2023, count=5, seed=10, stdout=out)
    assert _figures() == adopted_figures
    call_command("seed_demo", clear=True, stdout=out)
    assert _figures() == adopted_figures
    assert not QuarterlyFigure.objects.filter(quarter=3).exists()
    assert "6 uppgifter för fastställda kvartal lämnades som de var" in out.getvalue()

    reopen_period(period, chef, "Demodata ska bort")
    call_command("seed_demo", clear=True, stdout=io.StringIO())
    assert not QuarterlyFigure.objects.exists()


# Periods adopted before budget quarters could be adopted


def test_the_migration_adopts_the_budget_quarters_of_periods_already_adopted(chef):
    migration = importlib.import_module(
        "reports.migrations.0003_adopt_budget_quarters_of_adopted_periods"
    )
    # Module fixtures elsewhere seed (and clear) demo years outside the test's transaction,
    # leaving the budget's quarter rows; start from none, as before the migration.
    BudgetQuarter.objects.all().delete()
    Period.objects.create(year=2023, quarter=1, state="adopted", adopted_at=timezone.now())
    Period.objects.create(year=2023, quarter=2)
    BudgetQuarter.objects.create(year=2023, quarter=1, version=4)

    migration.adopt_budget_quarters(django_apps, None)

    assert set(BudgetQuarter.objects.values_list("year", "quarter", "version", "is_adopted")) == {
        (2023, 1, 4, True)
    }
