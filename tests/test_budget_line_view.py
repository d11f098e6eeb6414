import pytest
from django.urls import reverse

from budget.loading import load_budget, read_budget_section
from budget.models import BudgetLine
from budget.services import FigureInput, save_quarter_figures
from tests.budget_helpers import load_real_budget, plan_file_mapping, swedish

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
STAFF_COSTS = reverse("budget:line", args=[2023, "staff-costs"])


@pytest.fixture
def budget(db):
    load_real_budget()


def _save(quarter: int, user, staff_forecast: int):
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {
        line.pk: FigureInput(
            actual_to_date_tkr=100,
            forecast_tkr=staff_forecast if line.code == "staff-costs" else line.amount_tkr,
        )
        for line in lines
    }
    save_quarter_figures(lines, quarter, figures, user)


def test_the_line_page_shows_the_plans_text_and_budget(committee_member, client_for, budget):
    response = client_for(committee_member).get(STAFF_COSTS)
    assert response.status_code == 200
    assert "Personalkostnader" in response.text
    assert f"18{NBSP}993{NBSP}tkr" in response.text
    assert "miljöstrateg (750 tkr)" in response.text


def test_the_line_page_shows_every_quarters_figures_and_deviation(
    committee_member, chef, client_for, budget
):
    _save(1, chef, 18993)
    _save(2, chef, 18500)
    detail = client_for(committee_member).get(STAFF_COSTS).context["line"]
    assert [q.forecast for q in detail.quarters] == [
        f"18{NBSP}993{NBSP}tkr",
        f"18{NBSP}500{NBSP}tkr",
        None,
        None,
    ]
    assert detail.quarters[0].deviation.verdict == swedish("as budgeted")
    assert detail.quarters[1].deviation.tkr == f"+493{NBSP}tkr"
    assert detail.quarters[1].updated_by == "Cecilia"


def test_the_line_page_shows_the_history_of_the_line_and_its_figures(
    committee_member, chef, client_for, budget
):
    _save(2, chef, 19000)
    _save(2, chef, 19400)
    raw = plan_file_mapping()
    raw["budget"][1]["cost"][0]["amount"] = 19100
    raw["budget"][1]["cost"][2]["amount"] = 2614
    load_budget(read_budget_section(raw))

    history = client_for(committee_member).get(STAFF_COSTS).context["line"].history
    assert [(change.subject, change.who) for change in history] == [
        (swedish("budget line"), swedish("Loaded from the plan data file")),
        ("Kv2", "Cecilia"),
        ("Kv2", "Cecilia"),
        (swedish("budget line"), swedish("Loaded from the plan data file")),
    ]
    newest_forecast = next(c for c in history if c.subject == "Kv2")
    assert [(row.old, row.new) for row in newest_forecast.changes] == [
        (f"19{NBSP}000{NBSP}tkr", f"19{NBSP}400{NBSP}tkr")
    ]
    assert [(row.old, row.new) for row in history[0].changes] == [
        (f"18{NBSP}993{NBSP}tkr", f"19{NBSP}100{NBSP}tkr")
    ]


def test_an_unknown_line_is_not_found(committee_member, client_for, budget):
    url = reverse("budget:line", args=[2023, "no-such-line"])
    assert client_for(committee_member).get(url).status_code == 404


def test_a_user_without_a_role_cannot_read_a_line(user_without_role, client_for, budget):
    assert client_for(user_without_role).get(STAFF_COSTS).status_code == 403


def test_the_line_page_makes_a_fixed_number_of_queries(
    committee_member, chef, client_for, budget, django_assert_max_num_queries
):
    client = client_for(committee_member)
    with django_assert_max_num_queries(10) as few:
        client.get(STAFF_COSTS)
    queries_with_little_data = len(few)
    assert queries_with_little_data > 0
    for quarter in (1, 2, 3, 4):
        _save(quarter, chef, 19000 + quarter)
        _save(quarter, chef, 19100 + quarter)
    with django_assert_max_num_queries(queries_with_little_data):
        response = client.get(STAFF_COSTS)
    assert len(response.context["line"].history) == 9


def test_the_line_page_shows_each_quarters_comment_and_its_changes(
    committee_member, chef, client_for, budget
):
    lines = list(BudgetLine.objects.filter(year=2023))
    for comment in ("Vakans.", "Vakans tillsatt i maj."):
        figures = {
            line.pk: FigureInput(
                100, line.amount_tkr, comment if line.code == "staff-costs" else ""
            )
            for line in lines
        }
        save_quarter_figures(lines, 2, figures, chef)

    response = client_for(committee_member).get(STAFF_COSTS)

    detail = response.context["line"]
    assert [q.comment for q in detail.quarters] == ["", "Vakans tillsatt i maj.", "", ""]
    assert "<dt>Kv2</dt>\n  <dd>Vakans tillsatt i maj.</dd>" in response.text
    assert [(row.label, row.old, row.new) for row in detail.history[0].changes] == [
        ("kommentar", "Vakans.", "Vakans tillsatt i maj.")
    ]
    assert [row.label for row in detail.history[1].changes] == [
        "utfall hittills",
        "helårsprognos",
        "kommentar",
    ]
