"""Evaluating the computed indicators for one or more windows of time.

Each population declared in ``reports.measures`` evaluates all of its measures
in one aggregate query per window, reading only the window's rows through the
date indexes (two for a population followed per municipality; the budget of
all windows takes two). The cost does not grow with the number of indicators,
and the database does the counting.

Figures change only when the data they are computed from changes, so
``compute_figures`` keeps each window's figures in Django's cache under the
data version (``reports.data_version``) and evaluates only the windows it has
not seen under that version: a page read again costs one query for the
version, however large the register.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from reports.measures import MEASURES, Measure
from reports.populations import Figure, Figures, Population, RowBehind, RowKind, Window, rows_of
from reports.version_cache import cached_for_each

__all__ = [
    "Figure",
    "Figures",
    "RowBehind",
    "Window",
    "compute_figures",
    "evaluate_figures",
    "procurements_behind",
    "rows_behind",
    "rows_behind_values",
]


def compute_figures(windows: list[Window]) -> list[dict[str, Figures]]:
    """The figures of every computed indicator, for each window in turn.

    Windows cached under the current data version are read from the cache; the
    others are evaluated together, in one ``evaluate_figures`` call, and cached.
    """
    return cached_for_each(windows, key=_figures_key, compute=evaluate_figures)


def _figures_key(window: Window) -> str:
    return f"figures:{window.start.isoformat()}:{window.end.isoformat()}"


def evaluate_figures(windows: list[Window]) -> list[dict[str, Figures]]:
    """The figures of every computed indicator, for each window in turn, from the database.

    A window in which the register has nothing at all gives no data for the
    indicators counting what happened in it, not zeros; the procurement plan
    has its figure whenever items of it are due.
    """
    results: list[dict[str, Figures]] = [{} for _window in windows]
    register_rows = [0] * len(windows)
    for population, measures in _by_population().items():
        for index, evaluated in enumerate(population.evaluate(measures, windows)):
            results[index].update(evaluated.figures)
            if population.register_activity:
                register_rows[index] += evaluated.rows
    for figures, rows in zip(results, register_rows, strict=True):
        if not rows:
            for code, measure in MEASURES.items():
                if measure.population.register_activity:
                    figures[code] = {None: Figure(measure.kind, None)}
    return results


def _by_population() -> dict[Population, dict[str, Measure]]:
    grouped: dict[Population, dict[str, Measure]] = defaultdict(dict)
    for code, measure in MEASURES.items():
        grouped[measure.population][code] = measure
    return grouped


def procurements_behind(code: str, window: Window) -> QuerySet | None:
    """The rows a computed indicator's value is computed from, in the window.

    For shares these are the denominator's procurements (or the procurement
    plan's items), annotated with ``counts_in_numerator`` where the numerator
    picks among them; for tenders, the completed procurements whose tenders are
    counted. None for indicators not computed from the register.
    """
    measure = MEASURES.get(code)
    if measure is None:
        return None
    return measure.population.behind(measure, window)


def rows_behind(code: str, window: Window) -> QuerySet | None:
    """The rows behind a computed indicator's value, as values: ``RowBehind(*values)`` is a row.

    None for indicators not computed from rows of the register.
    """
    measure = MEASURES.get(code)
    if measure is None:
        return None
    return measure.population.rows_behind(measure, window)


@dataclass
class RowsBehindValues:
    """Every row behind some values of a window once, with the values it is behind.

    ``rows`` pairs each row with the codes of the indicators whose values it
    is behind, each with whether the row counts in that value's numerator
    (None where the value picks no numerator among its rows). ``codes`` are
    the indicators with rows behind their values, even where there are none.
    """

    codes: set[str] = field(default_factory=set)
    rows: list[tuple[RowBehind, dict[str, bool | None]]] = field(default_factory=list)


def rows_behind_values(codes: Iterable[str], window: Window) -> RowsBehindValues:
    """The rows behind the values of the indicators with these codes, each once.

    One query of ids and flags per value, and one per kind of row for the rows
    themselves by id, however many values a row is behind.
    """
    result = RowsBehindValues()
    behind: dict[RowKind, dict[int, dict[str, bool | None]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for code in codes:
        rows = rows_behind(code, window)
        if rows is None:
            continue
        result.codes.add(code)
        of_kind = behind[MEASURES[code].population.row_kind]
        for object_id, counts in rows.values_list("row_object_id", "row_counts_in_numerator"):
            of_kind[object_id][code] = counts
    for kind, values_of in behind.items():
        for values in rows_of(kind, Q(pk__in=list(values_of))):
            row = RowBehind(*values)
            result.rows.append((row, values_of[row.object_id]))
    return result
