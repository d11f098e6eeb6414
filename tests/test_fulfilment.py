"""The fulfilment engine, with cases written from the targets of Nämndplan 2023–2025, Bilaga 3."""

import ast
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from indicators import fulfilment, units
from indicators.fulfilment import (
    DEFAULT_PARTLY_BAND,
    Comparator,
    Direction,
    Kind,
    Status,
    TargetRule,
    Trend,
    expected_by_quarter,
    full_year_forecast,
    goal_status,
    is_cumulative,
    judge,
    progress,
    trend,
)

D = Decimal
MET, PARTLY, NOT_MET = Status.MET, Status.PARTLY_MET, Status.NOT_MET
NO_TARGET, NO_DATA = Status.NO_TARGET, Status.NO_DATA

# The plan's own targets for 2023 (Bilaga 3), with each indicator's direction, as the plan
# file stores them. Counts and hours followed quarterly are judged pro rata.
PLAN_TARGETS = {
    "coordinated-share": (TargetRule(comparator="gte", value=D("80")), "higher"),  # minst 80 %
    "nki": (TargetRule(comparator="gt", value=D("90")), "higher"),  # >90 %
    "economy-in-balance": (TargetRule(comparator="lt", value=D("3.0")), "lower"),  # <3,0 %
    "completed-as-planned": (TargetRule(comparator="gt", value=D("90")), "higher"),  # >90 %
    "environmental-requirements": (TargetRule(comparator="gte", value=D("98")), "higher"),
    "employment-requirements": (TargetRule(comparator="gte", value=D("50")), "higher"),
    "contract-follow-ups": (
        TargetRule(comparator="gte", value=D("250"), cumulative=True),
        "higher",
    ),
    "tenderers-contacted": (TargetRule(comparator="gte", value=D("50"), cumulative=True), "higher"),
    "reserved-procurements": (
        TargetRule(comparator="gte", value=D("3"), cumulative=True),
        "higher",
    ),
    "training-hours": (TargetRule(comparator="gte", value=D("80"), cumulative=True), "higher"),
    "nai": (TargetRule(kind="zero", comparator=""), "higher"),  # Nollmätning 2023
    "business-climate-rank": (TargetRule(kind="decrease", comparator=""), "lower"),  # ska minska
    "questions-per-procurement": (None, "lower"),  # followed, no target
    "staff-turnover": (None, "lower"),  # followed, no target
}

JUDGEMENTS = [
    # indicator, quarter, year-to-date value, previous year's value, status
    ("coordinated-share", 2, "80", None, MET),
    ("coordinated-share", 2, "85", None, MET),
    ("coordinated-share", 2, "75", None, PARTLY),
    ("coordinated-share", 2, "72", None, PARTLY),  # the edge of the 10 % band
    ("coordinated-share", 2, "71.99", None, NOT_MET),
    ("coordinated-share", 2, "50", None, NOT_MET),
    ("coordinated-share", 4, "59", None, NOT_MET),  # 2021
    ("coordinated-share", 2, None, None, NO_DATA),
    ("nki", 4, "90.5", None, MET),
    ("nki", 4, "90", None, PARTLY),  # exactly 90 is not more than 90
    ("nki", 4, "88.1", None, PARTLY),  # 2021
    ("nki", 4, "80", None, NOT_MET),
    ("economy-in-balance", 3, "2.4", None, MET),  # 2021
    ("economy-in-balance", 3, "0", None, MET),
    ("economy-in-balance", 3, "3.0", None, PARTLY),  # exactly 3,0 is not less than 3,0
    ("economy-in-balance", 3, "3.3", None, PARTLY),  # the edge of the band
    ("economy-in-balance", 3, "3.4", None, NOT_MET),
    ("completed-as-planned", 4, "93", None, MET),  # 2021
    ("completed-as-planned", 4, "85", None, PARTLY),  # 2020
    ("environmental-requirements", 1, "98", None, MET),
    ("environmental-requirements", 1, "95", None, PARTLY),  # 2020
    ("environmental-requirements", 1, "76", None, NOT_MET),  # 2021
    ("employment-requirements", 1, "45", None, PARTLY),  # a share is not pro rata
    ("contract-follow-ups", 1, "63", None, MET),  # Q1 expects 62,5
    ("contract-follow-ups", 2, "125", None, MET),  # Q2 expects half of 250
    ("contract-follow-ups", 2, "113", None, PARTLY),  # within 12,5 of 125
    ("contract-follow-ups", 2, "112", None, NOT_MET),
    ("contract-follow-ups", 4, "250", None, MET),
    ("contract-follow-ups", 4, "240", None, PARTLY),
    ("contract-follow-ups", 4, "200", None, NOT_MET),
    ("tenderers-contacted", 1, 13, None, MET),  # Q1 expects 12,5
    ("tenderers-contacted", 1, 12, None, PARTLY),  # within 1,25 of 12,5
    ("tenderers-contacted", 1, 11, None, NOT_MET),
    ("tenderers-contacted", 2, 25, None, MET),
    ("reserved-procurements", 2, 1, None, NOT_MET),  # Q2 expects 1,5
    ("reserved-procurements", 2, 2, None, MET),
    ("reserved-procurements", 4, 3, None, MET),
    ("training-hours", 3, "60", None, MET),  # Q3 expects 60 of 80
    ("training-hours", 3, "55", None, PARTLY),
    ("training-hours", 3, "50", None, NOT_MET),
    ("nai", 2, "3.8", None, NO_TARGET),
    ("nai", 2, None, None, NO_TARGET),
    ("business-climate-rank", 4, "210", "220", MET),
    ("business-climate-rank", 4, "230", "220", NOT_MET),
    ("business-climate-rank", 4, "220", "220", NOT_MET),  # unchanged has not decreased
    ("business-climate-rank", 4, "210", None, NO_DATA),  # nothing to compare with
    ("business-climate-rank", 4, None, "220", NO_DATA),
    ("questions-per-procurement", 2, "4.3", None, NO_TARGET),
    ("staff-turnover", 2, None, None, NO_TARGET),
]


def _number(text: str | int | None) -> Decimal | int | None:
    return D(text) if isinstance(text, str) else text


@pytest.mark.parametrize(
    ("indicator", "quarter", "value", "previous_year_value", "status"),
    [pytest.param(*case, id=f"{case[0]} Q{case[1]} {case[2]} -> {case[4]}") for case in JUDGEMENTS],
)
def test_judge_gives_the_status_the_plan_s_targets_call_for(
    indicator, quarter, value, previous_year_value, status
):
    rule, direction = PLAN_TARGETS[indicator]

    assert judge(_number(value), rule, direction, quarter, _number(previous_year_value)) == status


def test_a_follow_only_indicator_has_no_target_even_with_a_rule():
    rule, _direction = PLAN_TARGETS["coordinated-share"]

    assert judge(D("80"), rule, "follow", 2) == NO_TARGET


def test_a_narrower_band_for_an_indicator_leaves_75_percent_not_met():
    rule = TargetRule(comparator="gte", value=D("80"), partly_band=D("0.05"))

    assert judge(D("76"), rule, "higher", 2) == PARTLY
    assert judge(D("75"), rule, "higher", 2) == NOT_MET


def test_a_band_of_zero_leaves_no_room_for_partly_met():
    rule = TargetRule(comparator="gt", value=D("90"), partly_band=D("0"))

    assert judge(D("90"), rule, "higher", 4) == NOT_MET
    assert judge(D("90.01"), rule, "higher", 4) == MET


def test_a_target_of_zero_is_either_met_or_not():
    no_terminated_contracts = TargetRule(comparator="lte", value=D("0"))

    assert judge(0, no_terminated_contracts, "lower", 4) == MET
    assert judge(1, no_terminated_contracts, "lower", 4) == NOT_MET


def test_the_band_of_a_negative_target_is_a_share_of_its_size():
    result_at_least_minus_100_tkr = TargetRule(comparator="gte", value=D("-100"))

    assert judge(D("-110"), result_at_least_minus_100_tkr, "higher", 4) == PARTLY
    assert judge(D("-111"), result_at_least_minus_100_tkr, "higher", 4) == NOT_MET


def test_a_decrease_in_a_cumulative_count_is_judged_against_last_year_s_pro_rata_share():
    fewer_appeals = TargetRule(kind="decrease", cumulative=True)

    assert judge(3, fewer_appeals, "lower", 2, previous_year_value=D("7")) == MET
    assert judge(4, fewer_appeals, "lower", 2, previous_year_value=D("7")) == NOT_MET


def test_the_default_band_is_ten_percent_of_the_target_value():
    band = DEFAULT_PARTLY_BAND

    assert band == D("0.10")
    assert TargetRule(comparator="gte", value=D("80")).partly_band == band


def test_a_target_rule_takes_the_target_model_s_codes_and_empty_comparator():
    rule = TargetRule(kind="decrease", comparator="", value=None)

    assert rule.kind is Kind.DECREASE
    assert rule.comparator is None
    assert TargetRule(comparator="lt", value=D("3.0")).comparator is Comparator.LESS_THAN


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"comparator": "gte"}, id="comparison without a value"),
        pytest.param({"value": D("80")}, id="comparison without a comparator"),
        pytest.param({"comparator": "≥", "value": D("80")}, id="a symbol instead of a code"),
        pytest.param(
            {"comparator": "gte", "value": D("80"), "partly_band": D("-0.1")}, id="negative band"
        ),
        pytest.param({"kind": "minska"}, id="unknown kind"),
    ],
)
def test_a_target_rule_refuses_what_it_cannot_judge(arguments):
    with pytest.raises(ValueError):
        TargetRule(**arguments)


def test_floats_are_refused_because_targets_are_exact():
    with pytest.raises(TypeError):
        TargetRule(comparator="gte", value=80.0)
    with pytest.raises(TypeError):
        judge(79.9, PLAN_TARGETS["coordinated-share"][0], "higher", 2)
    with pytest.raises(TypeError):
        progress(D("70"), 59.0, D("80"), "higher")


@pytest.mark.parametrize("quarter", [0, 5])
def test_a_quarter_outside_one_to_four_is_refused(quarter):
    with pytest.raises(ValueError):
        judge(D("80"), PLAN_TARGETS["coordinated-share"][0], "higher", quarter)
    with pytest.raises(ValueError):
        expected_by_quarter(D("250"), quarter)


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        judge(D("80"), PLAN_TARGETS["coordinated-share"][0], "up", 2)


@pytest.mark.parametrize(
    ("unit", "frequency", "cumulative"),
    [
        ("count", "quarterly", True),  # contract follow-ups, tenderers contacted
        ("hours", "quarterly", True),  # training hours
        ("percent", "quarterly", False),  # coordinated share
        ("mean", "quarterly", False),  # tenders per procurement
        ("count", "yearly", False),  # spot checks: one value for the year
        ("rank", "yearly", False),  # business climate rank
    ],
)
def test_counts_and_hours_followed_quarterly_are_cumulative(unit, frequency, cumulative):
    assert is_cumulative(unit, frequency) is cumulative


@pytest.mark.parametrize(
    ("annual_value", "quarter", "expected"),
    [
        (D("250"), 2, D("125")),
        (D("250"), 1, D("62.5")),
        (D("50"), 1, D("12.5")),
        (D("50"), 3, D("37.5")),
        (D("80"), 4, D("80")),
        (3, 2, D("1.5")),
    ],
)
def test_expected_by_quarter_is_the_quarter_s_share_of_the_year(annual_value, quarter, expected):
    result = expected_by_quarter(annual_value, quarter)

    assert result == expected
    assert isinstance(result, Decimal)


@pytest.mark.parametrize(
    ("value_to_date", "quarter", "forecast"),
    [
        (D("125"), 2, D("250")),
        (D("13"), 1, D("52")),
        (D("60"), 3, D("80")),
        (D("218"), 4, D("218")),
        (0, 1, D("0")),
        (None, 2, None),
    ],
)
def test_full_year_forecast_extrapolates_the_pace_so_far(value_to_date, quarter, forecast):
    assert full_year_forecast(value_to_date, quarter) == forecast


@pytest.mark.parametrize(
    ("statuses", "status"),
    [
        pytest.param([], NO_TARGET, id="no indicators"),
        pytest.param([NO_TARGET, NO_TARGET], NO_TARGET, id="only followed indicators"),
        pytest.param([NO_DATA, NO_TARGET], NO_DATA, id="no indicator with data"),
        pytest.param([MET, MET, NO_TARGET], MET, id="all judged met"),
        pytest.param([MET, NO_DATA], MET, id="met while a yearly indicator awaits data"),
        pytest.param([NOT_MET, NOT_MET], NOT_MET, id="all judged not met"),
        pytest.param([NOT_MET, NO_DATA, NO_TARGET], NOT_MET, id="not met while one awaits data"),
        pytest.param([MET, NOT_MET], PARTLY, id="met and not met"),
        pytest.param([MET, PARTLY], PARTLY, id="met and partly met"),
        pytest.param([NOT_MET, PARTLY], PARTLY, id="not met and partly met"),
        pytest.param([PARTLY, PARTLY], PARTLY, id="all partly met"),
        pytest.param(["met", "no_target"], MET, id="stored strings"),
    ],
)
def test_goal_status_follows_the_documented_rule(statuses, status):
    assert goal_status(statuses) == status


def test_goal_status_accepts_a_generator():
    assert goal_status(status for status in [MET, MET]) == MET


TRENDS = [
    # value, reference, direction, quarter, cumulative, trend
    ("59", "79", "higher", 4, False, Trend.WORSE),  # coordinated share 2021 after 2020
    ("80", "59", "higher", 4, False, Trend.BETTER),  # coordinated share at target after 2021
    ("4.3", "6.6", "lower", 4, False, Trend.BETTER),  # fewer questions per procurement
    ("5.5", "7.3", "lower", 4, False, Trend.BETTER),  # less sick leave
    ("210", "220", "lower", 4, False, Trend.BETTER),  # a better business climate rank
    ("12", "7.6", "lower", 4, False, Trend.WORSE),  # higher staff turnover
    ("4.0", "4.0", "higher", 4, False, Trend.UNCHANGED),  # as many tenders
    ("4.0", None, "higher", 4, False, Trend.UNKNOWN),
    (None, "4.0", "higher", 4, False, Trend.UNKNOWN),
    ("80", "62", "follow", 4, False, Trend.UNKNOWN),  # regional awards: followed only
    ("62", "62", "follow", 4, False, Trend.UNCHANGED),
    ("120", "218", "higher", 2, True, Trend.BETTER),  # follow-ups by Q2 beat half of 218
    ("100", "218", "higher", 2, True, Trend.WORSE),
    ("109", "218", "higher", 2, True, Trend.UNCHANGED),
    ("120", "218", "higher", 2, False, Trend.WORSE),  # a share or mean is not pro rata
    ("3", "7", "lower", 2, True, Trend.BETTER),  # appeals by Q2 fewer than half of 7
]


@pytest.mark.parametrize(
    ("value", "reference", "direction", "quarter", "cumulative", "expected"), TRENDS
)
def test_trend_compares_with_the_previous_year_or_a_baseline(
    value, reference, direction, quarter, cumulative, expected
):
    result = trend(
        _number(value), _number(reference), direction, quarter=quarter, cumulative=cumulative
    )

    assert result == expected


PROGRESS = [
    # value, baseline, target, direction, quarter, cumulative, progress
    ("69.5", "59", "80", "higher", 4, False, "0.5"),  # coordinated share halfway from 2021
    ("80", "59", "80", "higher", 4, False, "1"),
    ("59", "59", "80", "higher", 4, False, "0"),
    ("90.5", "59", "80", "higher", 4, False, "1.5"),  # beyond the target: not clamped
    ("48.5", "59", "80", "higher", 4, False, "-0.5"),  # moved away from the target
    ("87", "76", "98", "higher", 4, False, "0.5"),  # environmental requirements
    ("3.6", "4.2", "3.0", "lower", 4, False, "0.5"),  # lower is better, from a baseline of 4,2
    ("4.8", "4.2", "3.0", "lower", 4, False, "-0.5"),
    ("2.0", "2.4", "3.0", "lower", 4, False, None),  # economy: 2021 was already within <3,0
    ("95", "93", "90", "higher", 4, False, None),  # completed as planned: 2021 beyond >90
    ("3", "3", "3", "higher", 4, False, None),  # reserved procurements: baseline is the target
    ("30", None, "50", "higher", 4, False, None),  # tenderers contacted: new indicator
    (None, "59", "80", "higher", 4, False, None),
    ("4.0", "4.3", None, "higher", 4, False, None),  # tenders per procurement: no target
    ("70", "59", "80", "follow", 4, False, None),
    ("117", "218", "250", "higher", 2, True, "0.5"),  # follow-ups by Q2 forecast 234
    ("125", "218", "250", "higher", 2, True, "1"),  # follow-ups by Q2 forecast 250
]


@pytest.mark.parametrize(
    ("value", "baseline", "target", "direction", "quarter", "cumulative", "expected"), PROGRESS
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(
    value, baseline, target, direction, quarter, cumulative, expected
):
    result = progress(
        _number(value),
        _number(baseline),
        _number(target),
        direction,
        quarter=quarter,
        cumulative=cumulative,
    )

    assert result == _number(expected)


def test_every_status_has_a_label_and_a_symbol_so_colour_is_never_alone():
    with translation.override("en"):
        labels = {str(status.label) for status in Status}
        trend_labels = {str(item.label) for item in Trend}
    symbols = {status.symbol for status in Status}

    assert labels == {"Met", "Partly met", "Not met", "No target", "No data"}
    assert symbols == {"✓", "◐", "✗", "–", "?"}
    assert trend_labels == {"Better", "Worse", "Unchanged", "Unknown"}


@pytest.mark.parametrize("module", [fulfilment, units])
def test_the_engine_and_its_unit_table_import_nothing_from_the_database_layer(module):
    source = Path(module.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= {
        "collections.abc",
        "dataclasses",
        "decimal",
        "enum",
        "typing",
        "django.utils.translation",
        "indicators.units",
    }

    fresh_import = (
        "import sys, indicators.fulfilment; "
        "print(sorted(m for m in sys.modules if m.startswith(('django.db', 'indicators.models'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", fresh_import],
        cwd=Path(fulfilment.__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


# Properties ----------------------------------------------------------------------------------

RANK = {NOT_MET: 0, PARTLY: 1, MET: 2}
TREND_RANK = {Trend.WORSE: 0, Trend.UNCHANGED: 1, Trend.BETTER: 2}

numbers = st.decimals(
    min_value=D("-1000"), max_value=D("1000"), places=2, allow_nan=False, allow_infinity=False
)
steps = st.decimals(min_value=D("0"), max_value=D("500"), places=2)
bands = st.decimals(min_value=D("0"), max_value=D("0.5"), places=2)
quarters = st.integers(min_value=1, max_value=4)
comparison_rules = st.builds(
    TargetRule,
    kind=st.just(Kind.COMPARISON),
    comparator=st.sampled_from(Comparator),
    value=numbers,
    cumulative=st.booleans(),
    partly_band=bands,
)


def _better(value: Decimal, step: Decimal, comparator_or_direction: str) -> Decimal:
    """The value moved by step in the direction that a comparator or direction calls better."""
    higher = comparator_or_direction in ("gte", "gt", "higher")
    return value + step if higher else value - step


@given(
    rule=comparison_rules,
    direction=st.sampled_from(Direction),
    quarter=quarters,
    value=numbers,
    step=steps,
)
def test_a_value_moved_in_the_better_direction_never_gets_a_worse_status(
    rule, direction, quarter, value, step
):
    before = judge(value, rule, direction, quarter)
    after = judge(_better(value, step, rule.comparator), rule, direction, quarter)

    if direction == Direction.FOLLOW:
        assert before == after == NO_TARGET
    else:
        assert RANK[after] >= RANK[before]


@given(
    cumulative=st.booleans(),
    quarter=quarters,
    value=numbers,
    previous=numbers,
    step=steps,
)
def test_a_lower_value_never_gets_a_worse_status_against_a_decrease_target(
    cumulative, quarter, value, previous, step
):
    rule = TargetRule(kind=Kind.DECREASE, cumulative=cumulative)

    before = judge(value, rule, "lower", quarter, previous)
    after = judge(value - step, rule, "lower", quarter, previous)

    assert RANK[after] >= RANK[before]


@given(rule=comparison_rules, value=numbers, direction=st.sampled_from(Direction))
def test_status_is_independent_of_the_quarter_for_a_rule_that_is_not_cumulative(
    rule, value, direction
):
    rule = TargetRule(rule.kind, rule.comparator, rule.value, False, rule.partly_band)

    assert len({judge(value, rule, direction, quarter) for quarter in range(1, 5)}) == 1


@given(rule=comparison_rules, value=numbers)
def test_a_cumulative_rule_at_year_end_is_judged_against_the_whole_target(rule, value):
    cumulative = TargetRule(rule.kind, rule.comparator, rule.value, True, rule.partly_band)
    plain = TargetRule(rule.kind, rule.comparator, rule.value, False, rule.partly_band)

    assert judge(value, cumulative, "higher", 4) == judge(value, plain, "higher", 4)


@given(
    baseline=numbers,
    target=numbers,
    direction=st.sampled_from([Direction.HIGHER, Direction.LOWER]),
    quarter=quarters,
    cumulative=st.booleans(),
    value=numbers,
    step=steps,
)
def test_progress_is_monotone_in_the_better_direction(
    baseline, target, direction, quarter, cumulative, value, step
):
    kwargs = {"quarter": quarter, "cumulative": cumulative}
    before = progress(value, baseline, target, direction, **kwargs)
    after = progress(_better(value, step, direction), baseline, target, direction, **kwargs)

    assert (before is None) == (after is None)
    if before is not None:
        assert after >= before


@given(
    reference=numbers,
    direction=st.sampled_from([Direction.HIGHER, Direction.LOWER]),
    quarter=quarters,
    cumulative=st.booleans(),
    value=numbers,
    step=steps,
)
def test_a_value_moved_in_the_better_direction_never_gets_a_worse_trend(
    reference, direction, quarter, cumulative, value, step
):
    kwargs = {"quarter": quarter, "cumulative": cumulative}
    before = trend(value, reference, direction, **kwargs)
    after = trend(_better(value, step, direction), reference, direction, **kwargs)

    assert TREND_RANK[after] >= TREND_RANK[before]


@given(
    statuses=st.lists(st.sampled_from(Status), max_size=8),
    extra=st.sampled_from([NOT_MET, PARTLY]),
)
def test_a_better_indicator_status_never_gives_a_worse_goal_status(statuses, extra):
    before = goal_status([*statuses, extra])
    after = goal_status([*statuses, MET if extra == PARTLY else PARTLY])

    assert RANK[after] >= RANK[before]


@given(annual_value=numbers, quarter=quarters)
def test_the_forecast_of_the_expected_share_is_the_annual_value(annual_value, quarter):
    assert full_year_forecast(expected_by_quarter(annual_value, quarter), quarter) == annual_value


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (D("2.1"), MET),  # a surplus of 2,1 %
        (D("-2.1"), MET),  # a deficit of 2,1 %
        (D("-3.2"), PARTLY),
        (D("-8.8"), NOT_MET),  # the deficit the budget page shows as −8,8 %
        (D("8.8"), NOT_MET),
    ],
)
def test_a_deviation_is_judged_on_its_size_whatever_its_sign(value, status):
    rule = TargetRule(comparator="lt", value=D("3.0"), on_size=True)
    assert judge(value, rule, "lower", 4) == status


def test_a_deficit_would_meet_less_than_three_if_judged_by_its_sign():
    assert judge(D("-8.8"), TargetRule(comparator="lt", value=D("3.0")), "lower", 4) == MET


def test_trend_and_progress_compare_sizes_when_judged_on_size():
    assert trend(D("-1.0"), D("2.4"), "lower", on_size=True) == Trend.BETTER
    assert trend(D("-2.5"), D("2.4"), "lower", on_size=True) == Trend.WORSE
    assert trend(D("-2.4"), D("2.4"), "lower", on_size=True) == Trend.UNCHANGED
    assert progress(D("-4"), D("-5"), D("3"), "lower", on_size=True) == D("0.5")
