"""Reading a plan file: a malformed file is refused, naming the entry and field of each problem.

These tests need no database: ``read_plan_file`` only reads and checks.
"""

import datetime
from decimal import Decimal

import pytest
import yaml
from django.utils import translation

from indicators.plan_file import PlanFileError, read_plan_file
from loaders.management.commands.load_plan import DEFAULT_PLAN_FILE


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def small_plan() -> dict:
    """A valid plan, small enough that each test can break exactly one thing in it."""
    return {
        "plan": {
            "code": "testplan-2023-2025",
            "name": "Testplan 2023–2025",
            "first_year": 2023,
            "last_year": 2025,
            "decided_on": "2022-12-05",
            "decided_by": "GNU",
            "registry_number": "2022/147",
            "minute_paragraph": "§31",
            "vision": "En vision",
        },
        "municipalities": [
            {"code": "2080", "name": "Falun"},
            {"code": "2085", "name": "Ludvika", "is_host": True},
        ],
        "goals": [
            {
                "code": "first-goal",
                "title": "Första målet",
                "description": "Beskrivning",
                "indicators": [
                    {
                        "code": "share",
                        "name": "Andel",
                        "specification": "Minst 80 %",
                        "unit": "percent",
                        "direction": "higher",
                        "frequency": "quarterly",
                        "source": "register",
                        "targets": [{"year": 2023, "comparator": "≥", "value": 80}],
                        "baselines": [{"year": 2021, "value": 59}],
                    }
                ],
            },
            {
                "code": "high-quality",
                "title": "Andra målet",
                "description": "Beskrivning",
                "indicators": [
                    {
                        "code": "questions",
                        "name": "Antal frågor i snitt",
                        "specification": "(4,3, 2021)",
                        "unit": "mean",
                        "direction": "lower",
                        "frequency": "quarterly",
                        "source": "register",
                        "baselines": [{"year": 2021, "value": 4.3}],
                    },
                    {
                        "code": "placements",
                        "name": "Antal praktikplatser",
                        "specification": "Per kommun",
                        "unit": "count",
                        "direction": "higher",
                        "frequency": "quarterly",
                        "source": "manual",
                        "per_municipality": True,
                        "targets": [{"year": 2023, "comparator": "≥", "value": 10}],
                    },
                ],
            },
        ],
        "key_figures": [
            {
                "code": "economy",
                "area": "economy",
                "name": "Ekonomi i balans",
                "specification": "Mål <3,0%",
                "unit": "percent",
                "direction": "lower",
                "frequency": "quarterly",
                "source": "budget",
                "targets": [{"year": 2023, "comparator": "<", "value": 3.0}],
                "baselines": [{"year": 2021, "text": "Inga väsentliga avvikelser"}],
            }
        ],
        "assignments": [
            {"code": "task-2023", "year": 2023, "title": "Uppdrag", "purpose": "Syfte"},
        ],
    }


def write(tmp_path, content: dict | str, name: str = "plan.yaml"):
    path = tmp_path / name
    if isinstance(content, dict):
        content = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    path.write_text(content, encoding="utf-8")
    return path


def problems_of(tmp_path, content: dict | str) -> list[str]:
    with pytest.raises(PlanFileError) as refused:
        read_plan_file(write(tmp_path, content))
    return refused.value.problems


def the_problem(tmp_path, content: dict | str) -> str:
    """The one problem found in a file with one mistake."""
    problems = problems_of(tmp_path, content)
    assert len(problems) == 1, problems
    return problems[0]


def share(plan: dict) -> dict:
    return plan["goals"][0]["indicators"][0]


def placements(plan: dict) -> dict:
    return plan["goals"][1]["indicators"][1]


SHARE = "goals[0] (first-goal), indicators[0] (share)"
PLACEMENTS = "goals[1] (high-quality), indicators[1] (placements)"


# Files that are accepted ----------------------------------------------------------------------


def test_a_small_valid_plan_is_read_into_plain_data(tmp_path):
    data = read_plan_file(write(tmp_path, small_plan()))
    assert data.code == "testplan-2023-2025"
    assert data.decided_on == datetime.date(2022, 12, 5)
    assert [m.code for m in data.municipalities] == ["2080", "2085"]
    assert [m.is_host for m in data.municipalities] == [False, True]
    assert [g.code for g in data.goals] == ["first-goal", "high-quality"]
    assert [(i.code, i.order, i.goal_code) for i in data.indicators] == [
        ("share", 1, "first-goal"),
        ("questions", 2, "high-quality"),
        ("placements", 3, "high-quality"),
        ("economy", 4, None),
    ]
    economy = data.indicators[3]
    assert economy.key_figure_area == "economy"
    assert (economy.targets[0].comparator, economy.targets[0].value.value) == ("lt", Decimal("3"))
    assert economy.targets[0].value.decimals == 1
    assert economy.baselines[0].text == "Inga väsentliga avvikelser"
    assert data.assignments[0].year == 2023


def test_the_plan_file_in_the_repository_is_accepted():
    data = read_plan_file(DEFAULT_PLAN_FILE)
    assert data.code == "namndplan-2023-2025"
    assert len(data.goals) == 7


def test_dates_may_be_quoted_or_not(tmp_path):
    text = yaml.safe_dump(small_plan(), allow_unicode=True).replace(
        "decided_on: '2022-12-05'", "decided_on: 2022-12-05"
    )
    assert "decided_on: 2022-12-05\n" in text
    assert read_plan_file(write(tmp_path, text)).decided_on == datetime.date(2022, 12, 5)


def test_a_municipality_may_have_its_own_target_for_an_indicator_followed_per_municipality(
    tmp_path,
):
    plan = small_plan()
    placements(plan)["targets"].append(
        {"year": 2023, "comparator": "≥", "value": 4, "municipality": "2080"}
    )
    placements(plan)["targets"].append(
        {"year": 2023, "comparator": "≥", "value": 6, "municipality": "2085"}
    )
    indicator = read_plan_file(write(tmp_path, plan)).indicators[2]
    assert [t.municipality_code for t in indicator.targets] == [None, "2080", "2085"]


def test_a_yearly_hand_entered_indicator_names_the_quarter_it_is_reported_in(tmp_path):
    plan = small_plan()
    placements(plan)["frequency"] = "yearly"
    placements(plan)["reported_in_quarter"] = 4
    indicators = read_plan_file(write(tmp_path, plan)).indicators
    assert [(i.code, i.reported_in_quarter) for i in indicators] == [
        ("share", None),
        ("questions", None),
        ("placements", 4),
        ("economy", None),
    ]


# Files that are refused -----------------------------------------------------------------------


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    problem = the_problem(tmp_path, "plan: [unclosed\n")
    assert "plan.yaml is not valid YAML" in problem


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    problem = the_problem(tmp_path, "- plan\n- goals\n")
    assert "plan.yaml must be a mapping of fields" in problem
    assert "not a list" in problem


def test_an_empty_file_is_refused(tmp_path):
    assert the_problem(tmp_path, "# only a comment\n").endswith("plan.yaml is empty")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(PlanFileError, match="Cannot read .*nowhere.yaml"):
        read_plan_file(tmp_path / "nowhere.yaml")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("plan: {name: Nämndplan}\n".encode("latin-1"))
    with pytest.raises(PlanFileError, match="latin1.yaml is not UTF-8 text"):
        read_plan_file(path)


def test_a_field_given_twice_in_one_entry_is_refused(tmp_path):
    text = yaml.safe_dump(small_plan(), allow_unicode=True, sort_keys=False)
    text = text.replace("  first_year: 2023\n", "  first_year: 2023\n  first_year: 2024\n")
    problem = the_problem(tmp_path, text)
    assert "line 5: the field “first_year” is given twice" in problem


def missing_field(plan):
    del share(plan)["unit"]


def unknown_unit(plan):
    plan["goals"][1]["indicators"][0]["unit"] = "percentage"


def unknown_direction(plan):
    share(plan)["direction"] = "up"


def unknown_key_figure_area(plan):
    plan["key_figures"][0]["area"] = "weather"


def non_numeric_target_value(plan):
    share(plan)["targets"][0]["value"] = "80 %"


def unknown_comparator(plan):
    share(plan)["targets"][0]["comparator"] = ">="


def target_with_kind_and_value(plan):
    share(plan)["targets"][0]["kind"] = "zero"
    del share(plan)["targets"][0]["comparator"]


def target_value_with_three_decimals(plan):
    share(plan)["targets"][0]["value"] = 80.125


def target_value_too_large(plan):
    share(plan)["targets"][0]["value"] = 10**11


def target_year_outside_the_plan(plan):
    share(plan)["targets"][0]["year"] = 2026


def year_that_is_not_a_number(plan):
    share(plan)["baselines"][0]["year"] = "2021 och 2020"


def baseline_with_neither_value_nor_text(plan):
    del share(plan)["baselines"][0]["value"]


def impossible_date(plan):
    plan["plan"]["decided_on"] = "2022-13-45"


def date_in_another_format(plan):
    plan["plan"]["decided_on"] = "5 december 2022"


def last_year_before_first_year(plan):
    plan["plan"]["last_year"] = 2022


def municipality_code_of_three_digits(plan):
    plan["municipalities"][0]["code"] = "208"


def two_hosts(plan):
    plan["municipalities"][0]["is_host"] = True


def municipality_name_used_twice(plan):
    plan["municipalities"][1]["name"] = "Falun"


def goal_code_used_twice(plan):
    plan["goals"][1]["code"] = "first-goal"


def indicator_code_used_twice(plan):
    plan["key_figures"][0]["code"] = "share"


def municipality_code_used_twice(plan):
    plan["municipalities"][1]["code"] = "2080"


def code_with_spaces(plan):
    plan["assignments"][0]["code"] = "task 2023"


def target_naming_an_unknown_municipality(plan):
    placements(plan)["targets"][0]["municipality"] = "2081"


def municipal_target_for_an_indicator_not_followed_per_municipality(plan):
    share(plan)["targets"][0]["municipality"] = "2080"


def two_targets_for_the_same_year(plan):
    share(plan)["targets"].append({"year": 2023, "comparator": "≥", "value": 90})


def two_targets_for_the_same_year_and_municipality(plan):
    placements(plan)["targets"] = [
        {"year": 2023, "comparator": "≥", "value": 4, "municipality": "2080"},
        {"year": 2023, "comparator": "≥", "value": 5, "municipality": "2080"},
    ]


def two_baselines_for_the_same_year(plan):
    share(plan)["baselines"].append({"year": 2021, "value": 60})


def misspelt_field(plan):
    share(plan)["targts"] = share(plan).pop("targets")


def misspelt_top_level_field(plan):
    plan["key_figure"] = plan.pop("key_figures")


def text_too_long_for_the_database(plan):
    share(plan)["baselines"][0]["note"] = "x" * 201


def goal_that_is_not_a_mapping(plan):
    plan["goals"][1] = "Andra målet"


def indicators_that_are_not_a_list(plan):
    plan["goals"][0]["indicators"] = {"code": "share"}


def missing_plan_section(plan):
    del plan["plan"]


def boolean_that_is_text(plan):
    placements(plan)["per_municipality"] = "ja"


def yearly_figure_without_its_quarter(plan):
    placements(plan)["frequency"] = "yearly"


def reporting_quarter_that_is_no_quarter(plan):
    placements(plan)["frequency"] = "yearly"
    placements(plan)["reported_in_quarter"] = 5


def reporting_quarter_written_as_text(plan):
    placements(plan)["frequency"] = "yearly"
    placements(plan)["reported_in_quarter"] = "Q4"


def reporting_quarter_of_a_quarterly_figure(plan):
    placements(plan)["reported_in_quarter"] = 2


def reporting_quarter_of_a_computed_indicator(plan):
    share(plan)["frequency"] = "yearly"
    share(plan)["reported_in_quarter"] = 4


MALFORMED = [
    (missing_field, SHARE, "unit", "is missing"),
    (unknown_unit, "goals[1] (high-quality), indicators[0] (questions)", "unit", "“percentage”"),
    (unknown_direction, SHARE, "direction", "“up” is not one of higher, lower, follow"),
    (unknown_key_figure_area, "key_figures[0] (economy)", "area", "“weather”"),
    (non_numeric_target_value, f"{SHARE}, targets[0]", "value", "not “80 %”"),
    (unknown_comparator, f"{SHARE}, targets[0]", "comparator", "“>=” is not one of ≥, >, ≤, <"),
    (target_with_kind_and_value, f"{SHARE}, targets[0]", "value", "does not go with kind"),
    (target_value_with_three_decimals, f"{SHARE}, targets[0]", "value", "at most 2 decimals"),
    (target_value_too_large, f"{SHARE}, targets[0]", "value", "less than 10000000000"),
    (
        target_year_outside_the_plan,
        f"{SHARE}, targets[0]",
        "year",
        "2026 is outside the plan's years 2023–2025",
    ),
    (year_that_is_not_a_number, f"{SHARE}, baselines[0]", "year", "“2021 och 2020”"),
    (baseline_with_neither_value_nor_text, f"{SHARE}, baselines[0]", "value", "value or a text"),
    (impossible_date, "plan", "decided_on", "YYYY-MM-DD, not “2022-13-45”"),
    (date_in_another_format, "plan", "decided_on", "not “5 december 2022”"),
    (last_year_before_first_year, "plan", "last_year", "before first_year"),
    (municipality_code_of_three_digits, "municipalities[0]", "code", "four-digit"),
    (two_hosts, "municipalities[1] (2085)", "is_host", "municipalities[0] (2080) already is"),
    (municipality_name_used_twice, "municipalities[1] (2085)", "name", "“Falun” is already"),
    (goal_code_used_twice, "goals[1] (first-goal)", "code", "already used by goals[0]"),
    (indicator_code_used_twice, "key_figures[0] (share)", "code", f"already used by {SHARE}"),
    (municipality_code_used_twice, "municipalities[1] (2080)", "code", "already used"),
    (code_with_spaces, "assignments[0]", "code", "not “task 2023”"),
    (
        target_naming_an_unknown_municipality,
        f"{PLACEMENTS}, targets[0]",
        "municipality",
        "“2081” is not the code of a municipality of this file (2080, 2085)",
    ),
    (
        municipal_target_for_an_indicator_not_followed_per_municipality,
        f"{SHARE}, targets[0]",
        "municipality",
        "per_municipality: true",
    ),
    (two_targets_for_the_same_year, f"{SHARE}, targets[1]", "year", "targets[0] already gives"),
    (
        two_targets_for_the_same_year_and_municipality,
        f"{PLACEMENTS}, targets[1]",
        "year",
        "targets[0] already gives the target for 2023 and 2080",
    ),
    (
        two_baselines_for_the_same_year,
        f"{SHARE}, baselines[1]",
        "year",
        "baselines[0] already gives the baseline for 2021",
    ),
    (misspelt_field, SHARE, "targts", "is not a field of this entry"),
    (misspelt_top_level_field, "the file", "key_figure", "key_figures"),
    (text_too_long_for_the_database, f"{SHARE}, baselines[0]", "note", "at most 200 characters"),
    (boolean_that_is_text, PLACEMENTS, "per_municipality", "true or false"),
    (
        yearly_figure_without_its_quarter,
        PLACEMENTS,
        "reported_in_quarter",
        "is missing: a yearly indicator entered by hand says in which quarter's follow-up it "
        "is reported (1, 2, 3 or 4)",
    ),
    (
        reporting_quarter_that_is_no_quarter,
        PLACEMENTS,
        "reported_in_quarter",
        "must be a quarter: 1, 2, 3 or 4, not “5”",
    ),
    (
        reporting_quarter_written_as_text,
        PLACEMENTS,
        "reported_in_quarter",
        "must be a quarter: 1, 2, 3 or 4, not “Q4”",
    ),
    (
        reporting_quarter_of_a_quarterly_figure,
        PLACEMENTS,
        "reported_in_quarter",
        "is only for a yearly indicator (frequency: yearly)",
    ),
    (
        reporting_quarter_of_a_computed_indicator,
        SHARE,
        "reported_in_quarter",
        "is only for an indicator entered by hand (source: manual)",
    ),
]


@pytest.mark.parametrize(
    ("change", "entry", "field", "says"), MALFORMED, ids=[case[0].__name__ for case in MALFORMED]
)
def test_a_malformed_file_is_refused_naming_the_entry_and_field(
    tmp_path, change, entry, field, says
):
    plan = small_plan()
    change(plan)
    problem = the_problem(tmp_path, plan)
    assert problem.startswith(f"{entry}, field “{field}”: "), problem
    assert says in problem


@pytest.mark.parametrize(
    ("change", "entry", "says"),
    [
        (goal_that_is_not_a_mapping, "goals[1]", "must be a mapping of fields"),
        (indicators_that_are_not_a_list, "goals[0] (first-goal), field “indicators”", "a list"),
        (missing_plan_section, "the file, field “plan”", "is missing"),
    ],
)
def test_a_misshapen_entry_is_refused_naming_it(tmp_path, change, entry, says):
    plan = small_plan()
    change(plan)
    problem = the_problem(tmp_path, plan)
    assert problem.startswith(f"{entry}: "), problem
    assert says in problem


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    plan = small_plan()
    missing_field(plan)
    impossible_date(plan)
    two_baselines_for_the_same_year(plan)
    problems = problems_of(tmp_path, plan)
    assert len(problems) == 3
    assert problems[0].startswith("plan, field “decided_on”")
    assert problems[1].startswith(f"{SHARE}, field “unit”")
    assert problems[2].startswith(f"{SHARE}, baselines[1], field “year”")
