"""The follow-up's figures as Plotly charts: one pure function per figure.

Each figure is built from small plain dataclasses (no request, no database), so
the indicator page draws it with plotly.js and the committee report can export
the very same figure. Numbers are written as the pages write them: the texts in
the data come from the follow-up's formatting, and axes use the separators of
the active language (decimal comma and a space between thousands in Swedish).
Years are categories, never numbers, so they are never grouped as "2 023".

Colours are from the Okabe–Ito palette, which readers with colour-vision
deficiencies can tell apart, and each series differs in marker shape or dash as
well and is named in the legend: nothing is told by colour alone. Every figure
has a ``describe_*`` function whose text serves as its alternative text.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.formatting import NBSP
from indicators.models import Indicator
from indicators.quarters import QUARTERS, Quarter
from indicators.units import unit_of

# Okabe–Ito colours with at least 3:1 contrast against white (WCAG 1.4.11).
BLUE = "#0072B2"
VERMILLION = "#D55E00"
BLUISH_GREEN = "#009E73"
INK = "#1b1f24"
GRID = "#dde3e9"
AXIS = "#6b7785"
FONT = "DejaVu Sans, Segoe UI, Arial, sans-serif"
BASELINE_DASHES = ("dot", "dashdot", "longdashdot")
SPARKLINE_HEIGHT = 48
SPARKLINE_MINIMUM_SPAN = 0.2
SPARKLINE_ROOM = 0.2


@dataclass(frozen=True)
class QuarterValue:
    """A year-to-date value at the end of a quarter, with the text the follow-up shows."""

    year: int
    quarter: int
    value: Decimal
    text: str


@dataclass(frozen=True)
class YearValue:
    """A value for a whole year: a baseline from the plan, or a year's outcome."""

    year: int
    value: Decimal
    text: str


@dataclass(frozen=True)
class YearTarget:
    """A year's target; ``value`` is None for targets without a level (decrease, zero measurement)."""

    year: int
    value: Decimal | None
    text: str


@dataclass(frozen=True)
class IndicatorSeries:
    """An indicator over the plan's years, as the indicator figure draws it."""

    name: str
    unit: str
    direction: str
    values: tuple[QuarterValue, ...]
    outcomes: tuple[YearValue, ...] = ()
    baselines: tuple[YearValue, ...] = ()
    targets: tuple[YearTarget, ...] = ()
    years: tuple[int, ...] = ()
    """The plan's years so far: the first is shown when no year has a value or a target."""


@dataclass(frozen=True)
class RecentSeries:
    """An indicator over its latest quarters, as a sparkline draws it.

    ``quarters`` are every quarter drawn, oldest first, the last being the period
    shown; ``values`` those of them that have a value.
    """

    name: str
    unit: str
    quarters: tuple[Quarter, ...]
    values: tuple[QuarterValue, ...]
    targets: tuple[YearTarget, ...] = ()


@dataclass(frozen=True)
class MunicipalityBar:
    name: str
    value: Decimal | None
    text: str
    target: Decimal | None = None
    target_text: str = ""


@dataclass(frozen=True)
class MunicipalityComparison:
    """The municipalities' values at the end of one quarter, each against its own target."""

    name: str
    unit: str
    direction: str
    year: int
    quarter: int
    bars: tuple[MunicipalityBar, ...]


def direction_text(direction: str) -> str:
    """ "Higher is better", "Lower is better", or "" for an indicator only followed."""
    if direction == Indicator.Direction.FOLLOW_ONLY:
        return ""
    return str(Indicator.Direction(direction).label).capitalize()


# The indicator over time


def indicator_figure(series: IndicatorSeries) -> go.Figure:
    """Year-to-date values per quarter, each year's outcome, the targets and the baselines.

    The x axis has two levels: the year, and under it its quarters. Each year's
    year-to-date values make their own line, broken where a quarter has no
    value, since every January starts a new year to date. The baselines, whole
    years before the plan, are levels to compare with: dotted lines across the
    chart, so that a phone does not have to fit their years on the axis.
    """
    figure = go.Figure(layout=_layout(series.unit, series.direction, height=420))
    years = _years_on_axis(series)
    x_all = [
        [str(year) for year in years for _q in QUARTERS],
        [Quarter(y, q).short_label for y in years for q in QUARTERS],
    ]
    for index, year in enumerate(years):
        by_quarter = {v.quarter: v for v in series.values if v.year == year}
        values = [by_quarter.get(quarter) for quarter in QUARTERS]
        figure.add_trace(
            go.Scatter(
                x=[[str(year)] * len(QUARTERS), [Quarter(year, q).short_label for q in QUARTERS]],
                y=[None if v is None else float(v.value) for v in values],
                mode="lines+markers",
                name=_("Year to date"),
                legendgroup="year-to-date",
                showlegend=index == 0 and bool(series.values),
                connectgaps=False,
                line={"color": BLUE, "width": 3},
                marker={"symbol": "circle", "size": 9, "color": BLUE},
                hovertext=["" if v is None else _quarter_hover(v) for v in values],
                hoverinfo="text",
            )
        )
    if series.outcomes:
        figure.add_trace(
            go.Scatter(
                x=[
                    [str(o.year) for o in series.outcomes],
                    [Quarter(o.year, 4).short_label for o in series.outcomes],
                ],
                y=[float(o.value) for o in series.outcomes],
                mode="markers+text",
                cliponaxis=False,
                name=_("Outcome of the year"),
                marker={
                    "symbol": "square-open",
                    "size": 14,
                    "color": VERMILLION,
                    "line": {"width": 3},
                },
                text=[o.text for o in series.outcomes],
                textposition="top center",
                textfont={"color": INK},
                hovertext=[
                    _("Outcome %(year)s: %(value)s") % _year_text(o) for o in series.outcomes
                ],
                hoverinfo="text",
            )
        )
    target_trace = _target_step_line(series.targets, years)
    if target_trace is not None:
        figure.add_trace(target_trace)
    latest_first = sorted(series.baselines, key=lambda b: b.year, reverse=True)
    for baseline, dash in zip(latest_first, itertools.cycle(BASELINE_DASHES)):
        text = _("Baseline %(year)s: %(value)s") % _year_text(baseline)
        figure.add_trace(
            go.Scatter(
                x=x_all,
                y=[float(baseline.value)] * len(x_all[0]),
                mode="lines",
                name=_("Baseline %(year)s") % {"year": baseline.year},
                line={"color": BLUISH_GREEN, "width": 2, "dash": dash},
                hovertext=[text] * len(x_all[0]),
                hoverinfo="text",
            )
        )
    return figure


def _years_on_axis(series: IndicatorSeries) -> list[int]:
    """Years with a value or a target with a level, else the first year: all their quarters are shown."""
    years = {v.year for v in series.values}
    years |= {t.year for t in series.targets if t.value is not None}
    return sorted(years) or list(series.years[:1])


def _target_step_line(targets: Iterable[YearTarget], years: list[int]) -> go.Scatter | None:
    """The targets as a dashed step line over the quarters of their years, broken where none."""
    by_year = {t.year: t for t in targets if t.value is not None}
    if not by_year:
        return None
    x_years, x_quarters, y, hover = [], [], [], []
    for year in years:
        target = by_year.get(year)
        for quarter in QUARTERS:
            x_years.append(str(year))
            x_quarters.append(Quarter(year, quarter).short_label)
            y.append(float(target.value) if target else None)
            hover.append(_("Target %(year)s: %(value)s") % _year_text(target) if target else "")
    return go.Scatter(
        x=[x_years, x_quarters],
        y=y,
        mode="lines",
        name=_("Target"),
        line={"color": INK, "width": 2, "dash": "dash", "shape": "hv"},
        connectgaps=False,
        hovertext=hover,
        hoverinfo="text",
    )


def _quarter_hover(value: QuarterValue) -> str:
    return _("%(period)s: %(value)s") % {
        "period": Quarter(value.year, value.quarter).label,
        "value": value.text,
    }


YEAR_AND_VALUE = "%(year)s: %(value)s"


def _year_text(item: YearValue | YearTarget) -> dict[str, str]:
    return {"year": str(item.year), "value": item.text}


def describe_indicator_figure(series: IndicatorSeries) -> str:
    """The figure in words, e.g. "…: 68,2 % after quarter 2 2023; target 2023: ≥ 80 %; …"."""
    parts = []
    if series.values:
        latest = max(series.values, key=lambda v: (v.year, v.quarter))
        parts.append(
            _("%(value)s after quarter %(quarter)s %(year)s")
            % {"value": latest.text, "quarter": latest.quarter, "year": latest.year}
        )
        target = next((t for t in series.targets if t.year == latest.year), None)
        if target is not None:
            parts.append(_("target %(year)s: %(value)s") % _year_text(target))
    else:
        parts.append(_("no values yet"))
    parts.extend(
        _("outcome %(year)s: %(value)s") % _year_text(o)
        for o in sorted(series.outcomes, key=lambda o: o.year, reverse=True)
    )
    if series.baselines:
        baselines = ", ".join(
            YEAR_AND_VALUE % _year_text(b)
            for b in sorted(series.baselines, key=lambda b: b.year, reverse=True)
        )
        parts.append(
            ngettext(
                "baseline in the plan %(values)s",
                "baselines in the plan %(values)s",
                len(series.baselines),
            )
            % {"values": baselines}
        )
    text = f"{series.name}: {'; '.join(parts)}."
    direction = direction_text(series.direction)
    return f"{text} {direction}." if direction else text


# The municipalities against their own targets


def municipality_figure(comparison: MunicipalityComparison) -> go.Figure:
    """One horizontal bar per municipality, and its own target as a vertical stroke."""
    bars = comparison.bars
    layout = _layout(
        comparison.unit, comparison.direction, height=150 + 44 * len(bars), value_axis="x"
    )
    figure = go.Figure(layout=layout)
    names = [bar.name for bar in bars]
    figure.add_trace(
        go.Bar(
            y=names,
            x=[None if bar.value is None else float(bar.value) for bar in bars],
            orientation="h",
            name=_("Value"),
            marker={"color": BLUE},
            text=[bar.text for bar in bars],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"{bar.name}: {bar.text}" for bar in bars],
            hoverinfo="text",
        )
    )
    with_target = [bar for bar in bars if bar.target is not None]
    if with_target:
        figure.add_trace(
            go.Scatter(
                y=[bar.name for bar in with_target],
                x=[float(bar.target) for bar in with_target],
                mode="markers",
                name=_("The municipality's target"),
                marker={"symbol": "line-ns", "size": 30, "line": {"width": 4, "color": INK}},
                hovertext=[
                    _("Target %(name)s: %(value)s") % {"name": b.name, "value": b.target_text}
                    for b in with_target
                ],
                hoverinfo="text",
            )
        )
    largest = max(
        [float(b.value) for b in bars if b.value is not None]
        + [float(b.target) for b in with_target],
        default=0,
    )
    # Room to the right of the longest bar for its value written out.
    figure.update_xaxes(range=[0, largest * 1.25 or 1])
    figure.update_yaxes(type="category", autorange="reversed", categoryarray=names)
    return figure


def describe_municipality_figure(comparison: MunicipalityComparison) -> str:
    """E.g. "… per municipality after quarter 4 2023: Falun 45,0 % (target ≥ 50 %), …".

    A target shared by every municipality is named once, at the end.
    """
    targets = {bar.target_text for bar in comparison.bars}
    shared = targets.pop() if len(targets) == 1 else None
    values = []
    for bar in comparison.bars:
        text = f"{bar.name} {bar.text}"
        if bar.target_text and shared is None:
            text += " (" + _("target %(value)s") % {"value": bar.target_text} + ")"
        values.append(text)
    text = _("%(name)s per municipality after quarter %(quarter)s %(year)s: %(values)s") % {
        "name": comparison.name,
        "quarter": comparison.quarter,
        "year": comparison.year,
        "values": ", ".join(values),
    }
    if shared:
        text += "; " + _("target for every municipality: %(value)s") % {"value": shared}
    direction = direction_text(comparison.direction)
    return f"{text}. {direction}." if direction else f"{text}."


# The recent quarters as a sparkline


def sparkline_figure(series: RecentSeries) -> go.Figure:
    """A small still picture of the latest quarters: no axes, no legend, no hover.

    As in the indicator figure, each year's year-to-date values make their own
    line, broken where a quarter has no value, and the targets are a dashed step
    line. The period shown, the last quarter, has the larger marker. The figures
    themselves are in the table beside it, and the description says them in words.
    The value axis is fitted to the values and targets (see ``sparkline_range``).
    """
    levels = {t.year: t.value for t in series.targets if t.value is not None}
    value_range = sparkline_range([*(v.value for v in series.values), *levels.values()])
    figure = go.Figure(layout=_sparkline_layout(value_range))
    labels = [quarter.label for quarter in series.quarters]
    by_quarter = {Quarter(v.year, v.quarter): v for v in series.values}
    last = series.quarters[-1] if series.quarters else None
    for year in sorted({quarter.year for quarter in series.quarters}):
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=[
                    float(by_quarter[q].value) if q.year == year and q in by_quarter else None
                    for q in series.quarters
                ],
                mode="lines+markers",
                name=_("Year to date"),
                connectgaps=False,
                cliponaxis=False,
                line={"color": BLUE, "width": 2},
                marker={
                    "color": BLUE,
                    "size": [7 if q == last else 4 for q in series.quarters],
                },
            )
        )
    if levels:
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=[float(levels[q.year]) if q.year in levels else None for q in series.quarters],
                mode="lines",
                name=_("Target"),
                connectgaps=False,
                line={"color": INK, "width": 1.5, "dash": "dash", "shape": "hv"},
            )
        )
    return figure


def sparkline_range(levels: Iterable[Decimal]) -> list[float] | None:
    """The value axis of a sparkline: around its values and targets, never magnifying a wobble.

    The axis spans the lowest to the highest level, but at least a fifth of the
    largest size among them, with a tenth of room on either side: a share that
    moves from 60,1 % to 60,3 % stays a flat line, while the gap between 94 % and
    a target of 98 % can still be seen in a picture three rem high. None without levels.
    """
    levels = [float(level) for level in levels]
    if not levels:
        return None
    low, high = min(levels), max(levels)
    size = max(abs(low), abs(high)) or 1.0
    half = max(high - low, SPARKLINE_MINIMUM_SPAN * size) / 2 * (1 + SPARKLINE_ROOM)
    middle = (low + high) / 2
    return [middle - half, middle + half]


def _sparkline_layout(value_range: list[float] | None) -> go.Layout:
    hidden_axis = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    return go.Layout(
        template="none",
        separators=separators(),
        height=SPARKLINE_HEIGHT,
        autosize=True,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin={"l": 6, "r": 6, "t": 6, "b": 6, "pad": 0},
        showlegend=False,
        hovermode=False,
        dragmode=False,
        xaxis={**hidden_axis, "type": "category"},
        yaxis={**hidden_axis, "range": value_range},
    )


def describe_sparkline(series: RecentSeries) -> str:
    """E.g. "…, year to date: Q3 2023 61,5 %, Q4 2023 68,2 %, Q1 2024 no data; target 2024: ≥ 85 %"."""
    by_quarter = {Quarter(v.year, v.quarter): v.text for v in series.values}
    missing = _("no data")
    values = ", ".join(
        f"{quarter.label} {by_quarter.get(quarter, missing)}" for quarter in series.quarters
    )
    parts = [values or _("no values yet")]
    parts.extend(
        _("target %(year)s: %(value)s") % _year_text(t)
        for t in sorted(series.targets, key=lambda t: t.year)
    )
    return _("%(name)s, year to date: %(values)s.") % {
        "name": series.name,
        "values": "; ".join(parts),
    }


# Shared layout


def separators() -> str:
    """Plotly's ``separators``: the decimal and then the thousands separator of the active language."""
    return f"{get_format('DECIMAL_SEPARATOR')}{get_format('THOUSAND_SEPARATOR')}"


def _layout(unit: str, direction: str, *, height: int, value_axis: str = "y") -> go.Layout:
    """Fonts, colours, separators and legend shared by every figure.

    The value axis carries the unit ("80 %"); the direction is written above
    the plot and the legend below it, so that neither covers the other when
    the chart is narrow.
    """
    suffix = unit_of(unit).suffix
    value_axis_style = {
        "rangemode": "tozero",
        "gridcolor": GRID,
        "zerolinecolor": AXIS,
        "ticksuffix": f"{NBSP}{suffix}" if suffix else "",
        "separatethousands": True,
        "automargin": True,
    }
    category_axis_style = {"automargin": True, "linecolor": AXIS, "showgrid": False}
    direction_label = direction_text(direction)
    arrow = "↑" if direction == Indicator.Direction.HIGHER_IS_BETTER else "↓"
    return go.Layout(
        template="none",
        separators=separators(),
        height=height,
        autosize=True,
        font={"family": FONT, "size": 14, "color": INK},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 16, "r": 16, "t": 40, "b": 16, "pad": 4},
        hovermode="closest",
        dragmode=False,
        hoverlabel={"font": {"family": FONT, "size": 14}},
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
        },
        xaxis=value_axis_style if value_axis == "x" else category_axis_style,
        yaxis=value_axis_style if value_axis == "y" else category_axis_style,
        annotations=[
            {
                "text": f"{arrow} {direction_label}",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 12,
                "showarrow": False,
                "font": {"size": 14, "color": INK},
            }
        ]
        if direction_label
        else [],
    )
