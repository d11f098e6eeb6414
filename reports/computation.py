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

from django.db.models import QuerySet

from reports.measures import MEASURES, Measure
from reports.populations import Figure, Figures, Population, Window
from reports.version_cache import cached_for_each

__all__ = [
    "Figure",
    "Figures",
    "Window",
    "compute_figures",
    "evaluate_figures",
    "procurements_behind",
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
    indicators computed from it, not zeros.
    """
    results: list[dict[str, Figures]] = [{} for _window in windows]
    register_rows = [0] * len(windows)
    for population, measures in _by_population().items():
        for index, evaluated in enumerate(population.evaluate(measures, windows)):
            results[index].update(evaluated.figures)
            if population.from_register:
                register_rows[index] += evaluated.rows
    for figures, rows in zip(results, register_rows, strict=True):
        if not rows:
            for code, measure in MEASURES.items():
                if measure.population.from_register:
                    figures[code] = {None: Figure(measure.kind, None)}
    return results


def _by_population() -> dict[Population, dict[str, Measure]]:
    grouped: dict[Population, dict[str, Measure]] = defaultdict(dict)
    for code, measure in MEASURES.items():
        grouped[measure.population][code] = measure
    return grouped


def procurements_behind(code: str, window: Window) -> QuerySet | None:
    """The procurements a computed indicator's value is computed from, in the window.

    For shares these are the denominator's procurements, annotated with
    ``counts_in_numerator`` where the numerator picks among them; for tenders,
    the completed procurements whose tenders are counted. None for indicators
    not computed from the register.
    """
    measure = MEASURES.get(code)
    if measure is None:
        return None
    return measure.population.behind(measure, window)
