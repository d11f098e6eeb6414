"""Views of what the committee reads: dashboards over the plan and its follow-up."""

import json
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from reports import charts
from reports.history import indicator_history


@dataclass(frozen=True)
class Chart:
    """A figure as the page carries it: its data as JSON and its description as alternative text."""

    element_id: str
    data: dict
    description: str

    @property
    def data_id(self) -> str:
        return f"{self.element_id}-data"


def _chart(element_id: str, figure, description: str) -> Chart:
    return Chart(element_id, json.loads(figure.to_json()), description)


@permission_required("reports.view_period", raise_exception=True)
def indicator(request, code: str):
    """One indicator over the plan's years: chart, the same figures as a table, and its texts."""
    history = indicator_history(code=code)
    if history is None:
        raise Http404(_("The plan has no such indicator."))
    over_time = _chart(
        "chart-over-time",
        charts.indicator_figure(history.series),
        charts.describe_indicator_figure(history.series),
    )
    per_municipality = None
    if history.municipalities is not None:
        per_municipality = _chart(
            "chart-per-municipality",
            charts.municipality_figure(history.municipalities),
            charts.describe_municipality_figure(history.municipalities),
        )
    context = {
        "history": history,
        "over_time": over_time,
        "per_municipality": per_municipality,
    }
    return render(request, "dashboards/indicator.html", context)
