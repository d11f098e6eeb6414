"""The chart module: each figure built from plain data, tested on that data alone."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.quarters import Quarter
from reports.charts import (
    IndicatorSeries,
    MunicipalityBar,
    MunicipalityComparison,
    QuarterValue,
    RecentSeries,
    YearTarget,
    YearValue,
    describe_indicator_figure,
    describe_municipality_figure,
    describe_sparkline,
    indicator_figure,
    municipality_figure,
    sparkline_figure,
    sparkline_range,
)

NBSP = "\xa0"
OKABE_ITO = {"#0072B2", "#D55E00", "#009E73", "#1b1f24"}


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def coordinated(**changes) -> IndicatorSeries:
    data = {
        "name": "Andel samordnade upphandlingar",
        "unit": "percent",
        "direction": "higher",
        "values": (
            QuarterValue(2023, 1, Decimal("61.5"), f"61,5{NBSP}%"),
            QuarterValue(2023, 2, Decimal("68.2"), f"68,2{NBSP}%"),
            QuarterValue(2023, 4, Decimal("71"), f"71,0{NBSP}%"),
            QuarterValue(2024, 1, Decimal("74.25"), f"74,3{NBSP}%"),
        ),
        "outcomes": (YearValue(2023, Decimal("71"), f"71,0{NBSP}%"),),
        "baselines": (
            YearValue(2020, Decimal("79"), f"79{NBSP}%"),
            YearValue(2021, Decimal("59"), f"59{NBSP}%"),
        ),
        "targets": (
            YearTarget(2023, Decimal("80"), f"≥{NBSP}80{NBSP}%"),
            YearTarget(2024, Decimal("85"), f"≥{NBSP}85{NBSP}%"),
        ),
    }
    return IndicatorSeries(**{**data, **changes})


def traces_named(figure, name):
    return [trace for trace in figure.data if trace.name == name]


def points(trace) -> list[tuple[str, str, float | None]]:
    years, sub_labels = trace.x
    return list(zip(years, sub_labels, trace.y, strict=True))


def test_the_target_is_a_dashed_step_line_over_the_quarters_of_each_year():
    (target,) = traces_named(indicator_figure(coordinated()), "Mål")
    assert target.line.dash == "dash"
    assert target.line.shape == "hv"
    assert points(target) == [
        ("2023", "Kv1", 80.0),
        ("2023", "Kv2", 80.0),
        ("2023", "Kv3", 80.0),
        ("2023", "Kv4", 80.0),
        ("2024", "Kv1", 85.0),
        ("2024", "Kv2", 85.0),
        ("2024", "Kv3", 85.0),
        ("2024", "Kv4", 85.0),
    ]
    assert target.hovertext[0] == f"Mål 2023: ≥{NBSP}80{NBSP}%"


def test_the_target_line_breaks_in_a_year_without_a_target_level():
    series = coordinated(
        targets=(YearTarget(2023, Decimal("80"), "≥ 80 %"), YearTarget(2024, None, "minska"))
    )
    (target,) = traces_named(indicator_figure(series), "Mål")
    assert [y for _year, _quarter, y in points(target)] == [80.0] * 4 + [None] * 4
    assert target.connectgaps is False


def test_an_indicator_without_targets_has_no_target_line():
    assert traces_named(indicator_figure(coordinated(targets=())), "Mål") == []


def test_the_baselines_are_dotted_levels_across_every_quarter_of_the_chart():
    figure = indicator_figure(coordinated())
    (latest,) = traces_named(figure, "Utgångsvärde 2021")
    (earlier,) = traces_named(figure, "Utgångsvärde 2020")
    assert (latest.line.dash, earlier.line.dash) == ("dot", "dashdot")
    assert points(latest) == [
        (str(year), f"Kv{quarter}", 59.0) for year in (2023, 2024) for quarter in (1, 2, 3, 4)
    ]
    assert set(earlier.y) == {79.0}
    assert latest.hovertext[0] == f"Utgångsvärde 2021: 59{NBSP}%"


def test_with_no_value_and_no_target_the_baselines_stand_over_the_plans_first_year():
    series = coordinated(values=(), outcomes=(), targets=(), years=(2023, 2024))
    (latest,) = traces_named(indicator_figure(series), "Utgångsvärde 2021")
    assert {year for year, _quarter, _y in points(latest)} == {"2023"}


def test_each_year_to_date_makes_its_own_line_with_gaps_where_a_quarter_has_no_value():
    year_to_date = traces_named(indicator_figure(coordinated()), "Hittills i år")
    assert [points(trace) for trace in year_to_date] == [
        [
            ("2023", "Kv1", 61.5),
            ("2023", "Kv2", 68.2),
            ("2023", "Kv3", None),
            ("2023", "Kv4", 71.0),
        ],
        [
            ("2024", "Kv1", 74.25),
            ("2024", "Kv2", None),
            ("2024", "Kv3", None),
            ("2024", "Kv4", None),
        ],
    ]
    assert [trace.showlegend for trace in year_to_date] == [True, False]
    assert year_to_date[0].connectgaps is False
    assert year_to_date[0].hovertext[1] == f"Kv2 2023: 68,2{NBSP}%"


def test_the_years_outcome_is_marked_on_its_fourth_quarter_with_its_value_written():
    (outcome,) = traces_named(indicator_figure(coordinated()), "Årets utfall")
    assert points(outcome) == [("2023", "Kv4", 71.0)]
    assert list(outcome.text) == [f"71,0{NBSP}%"]


def test_years_are_categories_never_grouped_numbers():
    figure = indicator_figure(coordinated())
    for trace in figure.data:
        years, _sub_labels = trace.x
        assert all(isinstance(year, str) and year.isdigit() for year in years)
    assert "2 023" not in figure.to_json()
    assert f"2{NBSP}023" not in figure.to_json()


def test_swedish_charts_have_a_decimal_comma_and_a_space_between_thousands():
    figure = indicator_figure(coordinated())
    assert figure.layout.separators == f",{NBSP}"
    assert figure.layout.yaxis.ticksuffix == f"{NBSP}%"
    assert figure.layout.yaxis.separatethousands is True


def test_english_charts_use_english_separators():
    with translation.override("en"):
        figure = indicator_figure(coordinated())
    assert figure.layout.separators == ".,"
    assert traces_named(figure, "Target")


def test_amounts_carry_their_unit_on_the_value_axis():
    figure = indicator_figure(coordinated(unit="tkr"))
    assert figure.layout.yaxis.ticksuffix == f"{NBSP}tkr"
    assert indicator_figure(coordinated(unit="count")).layout.yaxis.ticksuffix == ""


def test_series_differ_in_shape_and_dash_not_only_in_colour():
    figure = indicator_figure(coordinated())
    styles = {
        trace.name: (trace.mode, trace.marker.symbol, trace.line.dash) for trace in figure.data
    }
    assert styles == {
        "Hittills i år": ("lines+markers", "circle", None),
        "Årets utfall": ("markers+text", "square-open", None),
        "Mål": ("lines", None, "dash"),
        "Utgångsvärde 2021": ("lines", None, "dot"),
        "Utgångsvärde 2020": ("lines", None, "dashdot"),
    }
    colours = {trace.marker.color or trace.line.color for trace in figure.data}
    assert colours <= OKABE_ITO
    assert len(colours) == 4


def test_the_direction_is_written_above_the_chart():
    texts = [a.text for a in indicator_figure(coordinated()).layout.annotations]
    assert texts == ["↑ Högre är bättre"]
    lower = indicator_figure(coordinated(direction="lower")).layout.annotations
    assert [a.text for a in lower] == ["↓ Lägre är bättre"]
    assert indicator_figure(coordinated(direction="follow")).layout.annotations == ()


def test_the_description_tells_the_latest_value_the_target_outcomes_and_baselines():
    assert describe_indicator_figure(coordinated()) == (
        "Andel samordnade upphandlingar: 74,3 % efter kvartal 1 2024; mål 2024: ≥ 85 %; "
        "utfall 2023: 71,0 %; utgångsvärden i planen 2021: 59 %, 2020: 79 %. "
        "Högre är bättre."
    ).replace(" %", f"{NBSP}%").replace("≥ ", f"≥{NBSP}")


def test_the_description_says_when_there_are_no_values_yet():
    series = coordinated(values=(), outcomes=(), baselines=(), direction="follow")
    assert describe_indicator_figure(series) == "Andel samordnade upphandlingar: inga värden ännu."


def food(**changes) -> MunicipalityComparison:
    bars = (
        MunicipalityBar("Falun", Decimal("45"), f"45,0{NBSP}%", Decimal("50"), f"≥{NBSP}50{NBSP}%"),
        MunicipalityBar("Borlänge", Decimal("62.5"), f"62,5{NBSP}%", Decimal("60"), "≥ 60 %"),
        MunicipalityBar("Säter", None, "Uppgift saknas", None, "minska"),
    )
    data = {
        "name": "Ekologiska livsmedel",
        "unit": "percent",
        "direction": "higher",
        "year": 2023,
        "quarter": 4,
        "bars": bars,
    }
    return MunicipalityComparison(**{**data, **changes})


def test_each_municipality_has_a_bar_with_its_value_written_and_none_without_a_value():
    figure = municipality_figure(food())
    (bars,) = [trace for trace in figure.data if trace.type == "bar"]
    assert bars.orientation == "h"
    assert list(bars.y) == ["Falun", "Borlänge", "Säter"]
    assert list(bars.x) == [45.0, 62.5, None]
    assert list(bars.text) == [f"45,0{NBSP}%", f"62,5{NBSP}%", "Uppgift saknas"]
    assert figure.layout.xaxis.ticksuffix == f"{NBSP}%"
    assert figure.layout.yaxis.autorange == "reversed"


def test_each_municipality_is_drawn_against_its_own_target():
    figure = municipality_figure(food())
    (targets,) = traces_named(figure, "Kommunens mål")
    assert list(zip(targets.y, targets.x, strict=True)) == [("Falun", 50.0), ("Borlänge", 60.0)]
    assert targets.marker.symbol == "line-ns"
    assert figure.layout.xaxis.range[1] >= 62.5


def test_municipalities_without_target_levels_get_no_target_marks():
    bars = tuple(MunicipalityBar(m, Decimal(3), "3") for m in ("Falun", "Säter"))
    figure = municipality_figure(food(bars=bars, unit="count"))
    assert traces_named(figure, "Kommunens mål") == []
    assert figure.layout.separators == f",{NBSP}"


def test_the_municipality_description_names_every_municipality_with_value_and_target():
    assert describe_municipality_figure(food()) == (
        f"Ekologiska livsmedel per kommun efter kvartal 4 2023: Falun 45,0{NBSP}% "
        f"(mål ≥{NBSP}50{NBSP}%), Borlänge 62,5{NBSP}% (mål ≥ 60 %), "
        "Säter Uppgift saknas (mål minska). Högre är bättre."
    )


def test_a_target_shared_by_every_municipality_is_named_once():
    bars = tuple(
        MunicipalityBar(name, Decimal(rank), str(rank), None, "minska")
        for name, rank in (("Falun", 180), ("Säter", 260))
    )
    comparison = food(bars=bars, unit="rank", direction="lower")
    assert describe_municipality_figure(comparison) == (
        "Ekologiska livsmedel per kommun efter kvartal 4 2023: Falun 180, Säter 260; "
        "mål för varje kommun: minska. Lägre är bättre."
    )


def recent(**changes) -> RecentSeries:
    """Six quarters up to Q2 2024, Q1 2024 without a value."""
    data = {
        "name": "Andel samordnade upphandlingar",
        "unit": "percent",
        "quarters": tuple(Quarter(2023, q) for q in (1, 2, 3, 4))
        + (Quarter(2024, 1), Quarter(2024, 2)),
        "values": (
            QuarterValue(2023, 1, Decimal("61.5"), f"61,5{NBSP}%"),
            QuarterValue(2023, 2, Decimal("68.2"), f"68,2{NBSP}%"),
            QuarterValue(2023, 3, Decimal("70"), f"70,0{NBSP}%"),
            QuarterValue(2023, 4, Decimal("71"), f"71,0{NBSP}%"),
            QuarterValue(2024, 2, Decimal("74.25"), f"74,3{NBSP}%"),
        ),
        "targets": (
            YearTarget(2023, Decimal("80"), f"≥{NBSP}80{NBSP}%"),
            YearTarget(2024, Decimal("85"), f"≥{NBSP}85{NBSP}%"),
        ),
    }
    return RecentSeries(**{**data, **changes})


def test_each_year_of_a_sparkline_is_its_own_line_broken_where_a_quarter_has_no_value():
    year_to_date = traces_named(sparkline_figure(recent()), "Hittills i år")
    labels = ["Kv1 2023", "Kv2 2023", "Kv3 2023", "Kv4 2023", "Kv1 2024", "Kv2 2024"]
    assert [list(trace.x) for trace in year_to_date] == [labels, labels]
    assert [list(trace.y) for trace in year_to_date] == [
        [61.5, 68.2, 70.0, 71.0, None, None],
        [None, None, None, None, None, 74.25],
    ]
    assert {trace.connectgaps for trace in year_to_date} == {False}


def test_the_sparklines_target_is_a_dashed_step_line_broken_in_a_year_without_a_level():
    (target,) = traces_named(sparkline_figure(recent()), "Mål")
    assert list(target.y) == [80.0] * 4 + [85.0] * 2
    assert (target.line.dash, target.line.shape) == ("dash", "hv")

    no_level = recent(
        targets=(YearTarget(2023, Decimal("80"), "≥ 80 %"), YearTarget(2024, None, "minska"))
    )
    (target,) = traces_named(sparkline_figure(no_level), "Mål")
    assert list(target.y) == [80.0] * 4 + [None] * 2
    assert traces_named(sparkline_figure(recent(targets=())), "Mål") == []


def test_the_period_shown_is_the_larger_dot():
    year_to_date = traces_named(sparkline_figure(recent()), "Hittills i år")
    assert [list(trace.marker.size) for trace in year_to_date] == [[4, 4, 4, 4, 4, 7]] * 2


def test_a_sparkline_is_a_still_picture_without_axes_legend_or_hover():
    layout = sparkline_figure(recent()).layout
    assert layout.showlegend is False
    assert layout.hovermode is False
    assert layout.xaxis.visible is False and layout.yaxis.visible is False
    assert layout.xaxis.fixedrange is True and layout.yaxis.fixedrange is True
    assert layout.height == 48
    assert layout.separators == f",{NBSP}"


def test_the_sparklines_scale_holds_its_values_and_targets():
    low, high = sparkline_figure(recent()).layout.yaxis.range
    assert low < 61.5 and high > 85
    assert low > 0


def test_the_sparklines_scale_never_magnifies_a_small_change():
    low, high = sparkline_range([Decimal("60.1"), Decimal("60.3")])
    assert high - low >= 0.2 * 60.3
    assert low < 60.1 and high > 60.3
    low, high = sparkline_range([Decimal("94"), Decimal("98")])
    assert (high - low) == pytest.approx(0.2 * 98 * 1.2)


def test_the_sparklines_scale_holds_negative_values_and_zeros():
    low, high = sparkline_range([Decimal("-8.8"), Decimal("2")])
    assert low < -8.8 and high > 2
    assert sparkline_range([Decimal(0), Decimal(0)]) == [pytest.approx(-0.12), pytest.approx(0.12)]
    assert sparkline_range([]) is None


def test_the_sparkline_description_names_every_quarter_and_the_targets():
    assert describe_sparkline(recent()) == (
        "Andel samordnade upphandlingar, hittills i år: Kv1 2023 61,5 %, Kv2 2023 68,2 %, "
        "Kv3 2023 70,0 %, Kv4 2023 71,0 %, Kv1 2024 uppgift saknas, Kv2 2024 74,3 %; "
        "mål 2023: ≥ 80 %; mål 2024: ≥ 85 %."
    ).replace(" %", f"{NBSP}%").replace("≥ ", f"≥{NBSP}")


def test_an_english_sparkline_description_is_in_english():
    with translation.override("en"):
        text = describe_sparkline(recent(targets=()))
    assert text.startswith("Andel samordnade upphandlingar, year to date: Q1 2023 61,5")
    assert "Q1 2024 no data" in text
