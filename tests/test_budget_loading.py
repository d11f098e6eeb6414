import copy

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from budget.loading import (
    BudgetYearData,
    load_budget,
    read_budget_section,
)
from budget.models import BudgetLine, QuarterlyFigure
from indicators.plan_file import PlanFileError
from tests.budget_helpers import plan_file_mapping


def _one_year(**changes) -> dict:
    year = {
        "year": 2023,
        "revenue": [
            {"code": "member-fees", "name": "Enligt avtal deltagande kommuner", "amount": 100}
        ],
        "cost": [{"code": "staff-costs", "name": "Personalkostnader", "amount": 100}],
    }
    year.update(changes)
    return {"budget": [year]}


def _problems(raw: dict) -> list[str]:
    """The problems found, in English so that places read as in the file."""
    with translation.override("en"), pytest.raises(PlanFileError) as refused:
        read_budget_section(raw)
    return refused.value.problems


# Reading ------------------------------------------------------------------


def test_the_plan_file_holds_the_2022_and_2023_budgets_of_bilaga_2():
    years = read_budget_section(plan_file_mapping())
    assert [year.year for year in years] == [2022, 2023]
    by_year = {year.year: year for year in years}
    assert by_year[2022].totals.revenue == by_year[2022].totals.cost == 21417
    assert by_year[2023].totals.revenue == by_year[2023].totals.cost == 22576
    assert by_year[2023].totals.result == 0
    amounts = {(line.kind, line.name): line.amount_tkr for line in by_year[2023].lines}
    assert amounts == {
        ("revenue", "Enligt avtal deltagande kommuner"): 20814,
        ("revenue", "Enligt avtal bolag samt kommunalförbund"): 862,
        ("revenue", "Intäkter upphandlingsstöd"): 900,
        ("cost", "Personalkostnader"): 18993,
        ("cost", "Personalkostnader bolag/kommunalförbund"): 862,
        ("cost", "Övriga omkostnader"): 2721,
    }


def test_the_plans_19_855_tkr_of_staff_costs_is_two_lines_not_a_third_one():
    (year_2023,) = [y for y in read_budget_section(plan_file_mapping()) if y.year == 2023]
    staff = [line for line in year_2023.lines if line.name.startswith("Personalkostnader")]
    assert len(staff) == 2
    assert sum(line.amount_tkr for line in staff) == 19855
    assert "19 855 tkr" in next(line.description for line in staff if line.code == "staff-costs")


def test_plan_2024_is_only_a_remark_and_has_no_lines():
    assert 2024 not in {year.year for year in read_budget_section(plan_file_mapping())}


def test_lines_keep_the_plans_order_within_their_kind():
    (year_2022, _) = read_budget_section(plan_file_mapping())
    costs = [line for line in year_2022.lines if line.kind == "cost"]
    assert [line.order for line in costs] == [1, 2, 3]
    assert costs[0].name == "Personalkostnader"


def test_a_file_without_a_budget_section_has_no_budget():
    assert read_budget_section({"plan": {}}) == []


def test_an_amount_that_is_not_a_number_is_refused_naming_entry_and_field():
    raw = copy.deepcopy(plan_file_mapping())
    raw["budget"][1]["cost"][2]["amount"] = "2 721 tkr"
    problems = _problems(raw)
    assert len(problems) == 2  # the amount, and so the cost total no longer adds up
    not_a_number = "must be a number: whole tkr without spaces, not “%(value)s”"
    assert problems[0] == "budget[1] (2023), cost[2], field “amount”: " + not_a_number % {
        "value": "2 721 tkr"
    }


@pytest.mark.parametrize("amount", [-1, 12.5, True, 1_000_001])
def test_negative_fractional_boolean_or_huge_amounts_are_refused(amount):
    raw = _one_year()
    raw["budget"][0]["revenue"][0]["amount"] = amount
    (problem,) = _problems(raw)
    assert problem.startswith("budget[0] (2023), revenue[0], field “amount”:")


def test_totals_that_do_not_match_the_lines_are_refused():
    (problem,) = _problems(_one_year(total_revenue=101, total_cost=100))
    assert problem.startswith("budget[0] (2023), field “total_revenue”:")
    assert "101" in problem and "100" in problem


def test_missing_fields_and_bad_codes_are_all_reported_at_once():
    raw = _one_year(cost=[{"code": "Staff Costs", "amount": 5}, {"name": "Övrigt", "amount": 1}])
    problems = _problems(raw)
    assert [problem.split(":")[0] for problem in problems] == [
        "budget[0] (2023), cost[0], field “code”",
        "budget[0] (2023), cost[0], field “name”",
        "budget[0] (2023), cost[1], field “code”",
    ]


def test_a_code_used_twice_in_a_year_is_refused():
    raw = _one_year(cost=[{"code": "member-fees", "name": "X", "amount": 1}])
    (problem,) = _problems(raw)
    assert problem.startswith("budget[0] (2023), cost[0], field “code”:")
    assert "member-fees" in problem


def test_a_year_given_twice_is_refused():
    raw = _one_year()
    raw["budget"].append(copy.deepcopy(raw["budget"][0]))
    (problem,) = _problems(raw)
    assert problem.startswith("budget[1] (2023), field “year”:")


@pytest.mark.parametrize(
    "raw, where",
    [
        ({"budget": {"year": 2023}}, "budget"),
        ({"budget": ["2023"]}, "budget[0]"),
        ({"budget": [{"year": "2023", "revenue": [], "cost": []}]}, "budget[0], field “year”"),
        (
            {"budget": [{"year": 2023, "revenue": {}, "cost": []}]},
            "budget[0] (2023), field “revenue”",
        ),
        ({"budget": [{"year": 2023, "revenue": []}]}, "budget[0] (2023), field “cost”"),
        ({"budget": [{"year": 2023, "revenue": [], "cost": [], "costs": []}]}, "field “costs”"),
    ],
)
def test_malformed_sections_are_refused_saying_where(raw, where):
    problems = _problems(raw)
    assert any(where in problem for problem in problems), problems


# Loading ------------------------------------------------------------------


@pytest.fixture
def no_budget(db):
    QuarterlyFigure.objects.all().delete()
    BudgetLine.objects.all().delete()


def test_loading_the_plan_file_creates_both_years_budgets(no_budget):
    summary = load_budget(read_budget_section(plan_file_mapping()))
    assert summary.created["budgetline"] == 12
    assert BudgetLine.objects.filter(year=2023).count() == 6
    member_fees = BudgetLine.objects.get(year=2023, code="member-fees")
    assert member_fees.kind == BudgetLine.Kind.REVENUE
    assert member_fees.amount_tkr == 20814
    assert member_fees.history.get().history_change_reason == "Loaded from the plan data file"


def test_loading_the_same_file_twice_changes_nothing(no_budget):
    data = read_budget_section(plan_file_mapping())
    load_budget(data)
    versions = BudgetLine.history.count()
    summary = load_budget(data)
    assert not summary.changed_anything
    assert BudgetLine.history.count() == versions


def test_a_changed_amount_updates_the_line_and_keeps_history(no_budget):
    raw = plan_file_mapping()
    load_budget(read_budget_section(raw))
    raw["budget"][1]["cost"][2]["amount"] = 2800
    raw["budget"][1]["cost"][0]["amount"] = 18914
    summary = load_budget(read_budget_section(raw))
    assert summary.updated["budgetline"] == 2
    line = BudgetLine.objects.get(year=2023, code="other-costs")
    assert line.amount_tkr == 2800
    assert [h.amount_tkr for h in line.history.order_by("history_date")] == [2721, 2800]


def test_a_line_the_file_no_longer_has_is_removed_unless_it_has_figures(no_budget):
    raw = _one_year(
        cost=[
            {"code": "staff-costs", "name": "Personalkostnader", "amount": 60},
            {"code": "other-costs", "name": "Övriga omkostnader", "amount": 40},
        ]
    )
    load_budget(read_budget_section(raw))
    staff = BudgetLine.objects.get(code="staff-costs")
    QuarterlyFigure.objects.create(line=staff, quarter=1, actual_to_date_tkr=10, forecast_tkr=60)
    raw["budget"][0]["cost"] = [{"code": "all-costs", "name": "Kostnader", "amount": 100}]
    summary = load_budget(read_budget_section(raw))
    assert summary.deleted["budgetline"] == 1
    assert summary.kept == ["2023 Personalkostnader"]
    assert set(BudgetLine.objects.values_list("code", flat=True)) == {
        "member-fees",
        "staff-costs",
        "all-costs",
    }


def test_years_the_file_does_not_mention_and_demo_lines_are_left_alone(no_budget):
    BudgetLine.objects.create(year=2021, kind="cost", code="old", name="Gammal", amount_tkr=5)
    BudgetLine.objects.create(
        year=2023, kind="cost", code="demo", name="Demo", amount_tkr=5, is_demo=True
    )
    load_budget(read_budget_section(_one_year()))
    assert BudgetLine.objects.filter(code__in=["old", "demo"]).count() == 2


def test_loading_is_all_or_nothing(no_budget, monkeypatch):
    data = read_budget_section(plan_file_mapping())
    calls = {"n": 0}
    original = BudgetLine.save

    def fail_on_the_seventh_line(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 7:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BudgetLine, "save", fail_on_the_seventh_line)
    with pytest.raises(RuntimeError):
        load_budget(data)
    assert not BudgetLine.objects.exists()


def test_loading_nothing_changes_nothing(no_budget):
    summary = load_budget([BudgetYearData(2023)])
    assert not summary.changed_anything


def test_loaded_lines_record_no_user(no_budget):
    User.objects.create_user("someone")
    load_budget(read_budget_section(_one_year()))
    assert BudgetLine.history.filter(history_user__isnull=False).count() == 0


def test_problems_are_told_in_swedish_by_default():
    with pytest.raises(PlanFileError) as refused:
        read_budget_section(_one_year(total_revenue=101, total_cost=100))
    assert refused.value.problems == [
        "budget[0] (2023), fältet ”total_revenue”: är 101 tkr men raderna summeras till 100 tkr"
    ]
