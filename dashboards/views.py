"""The committee's dashboards: the start page, a page per goal, municipality and indicator.

Each view picks the period (the newest adopted by default), calls one selector
and renders what it returns. A page's body is the same for every reader and is
rendered once per data version, day and language (``cached_html``); only the
frame around it (the menu, the reader's name, the next meeting) is rendered per request.
"""

import json
from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dashboards.goals import GoalIndicator, GoalPage, goal_page
from dashboards.municipalities import municipality_page
from dashboards.selectors import start_dashboard
from reports import charts
from reports.history import indicator_history
from reports.meetings import next_meeting
from reports.version_cache import cached_html

READ_FOLLOW_UP = ("indicators.view_plan", "reports.view_period")


@require_safe
@permission_required(READ_FOLLOW_UP, raise_exception=True)
def start(request, year: int | None = None, quarter: int | None = None):
    today = timezone.localdate()
    dashboard = start_dashboard(year=year, quarter=quarter, today=today)
    if dashboard is None and year is not None:
        raise Http404(_("There is no follow-up for that period."))

    def data():
        return {"dashboard": start_dashboard(year=year, quarter=quarter, today=today)}

    key = f"start:{year}:{quarter}:{today.isoformat()}"
    context = {
        "dashboard": dashboard,
        "head": cached_html(f"{key}:head", "dashboards/_start_head.html", data),
        "next_meeting": next_meeting(today=today),
        "body": cached_html(key, "dashboards/_start.html", data),
    }
    return render(request, "dashboards/start.html", context)


@require_safe
@permission_required((*READ_FOLLOW_UP, "procurements.view_procurement"), raise_exception=True)
def municipality(request, code: str, year: int | None = None, quarter: int | None = None):
    today = timezone.localdate()
    page = municipality_page(code=code, year=year, quarter=quarter, today=today)
    if page is None:
        raise Http404(_("There is no such municipality or period."))
    body = cached_html(
        f"municipality:{code}:{year}:{quarter}:{today.isoformat()}",
        "dashboards/_municipality.html",
        lambda: {"page": municipality_page(code=code, year=year, quarter=quarter, today=today)},
    )
    return render(request, "dashboards/municipality.html", {"page": page, "body": body})


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


@require_safe
@permission_required(READ_FOLLOW_UP, raise_exception=True)
def goal(request, code: str, year: int | None = None, quarter: int | None = None):
    """A goal in a period: its status and analysis, and a row per indicator with a sparkline."""
    today = timezone.localdate()
    page = goal_page(code=code, year=year, quarter=quarter, today=today)
    if page is None:
        raise Http404(_("The plan has no such goal for that period."))
    context = {
        "page": page,
        "body": cached_html(
            f"goal:{code}:{year}:{quarter}:{today.isoformat()}",
            "dashboards/_goal.html",
            lambda: _goal_context(goal_page(code=code, year=year, quarter=quarter, today=today)),
        ),
    }
    return render(request, "dashboards/goal.html", context)


def _goal_context(page: GoalPage) -> dict:
    return {"page": page, "rows": [(i, _sparkline(i)) for i in page.indicators]}


def _sparkline(indicator: GoalIndicator) -> Chart | None:
    """The indicator's latest quarters as a small chart; None when none of them has a value."""
    recent = indicator.recent
    if not recent.values:
        return None
    return _chart(
        f"sparkline-{indicator.code}",
        charts.sparkline_figure(recent),
        charts.describe_sparkline(recent),
    )


@require_safe
@permission_required(READ_FOLLOW_UP, raise_exception=True)
def indicator(request, code: str):
    """One indicator over the plan's years: chart, the same figures as a table, and its texts."""
    today = timezone.localdate()
    history = indicator_history(code=code, today=today)
    if history is None:
        raise Http404(_("The plan has no such indicator."))
    context = {
        "history": history,
        "body": cached_html(
            f"indicator:{code}:{today.isoformat()}",
            "dashboards/_indicator.html",
            lambda: _indicator_context(indicator_history(code=code, today=today)),
        ),
    }
    return render(request, "dashboards/indicator.html", context)


def _indicator_context(history) -> dict:
    """The indicator's history with its charts: over time, and per municipality where followed."""
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
    return {"history": history, "over_time": over_time, "per_municipality": per_municipality}
