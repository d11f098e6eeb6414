"""The quarterly committee report: the page, and the PDF printed from the same templates.

Every role that reads the follow-up reads the report. The PDF of a period not
yet adopted is a draft: it is rendered once per version of its data and then
read from the cache (``report_pdf.cached_report_pdf``), and never stored by a
browser or proxy.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from indicators.quarters import QUARTERS
from reports import charts
from reports.report_data import CommitteeReport, report_data
from reports.report_pdf import cached_report_pdf

READ_REPORT = "reports.view_period"


@dataclass(frozen=True)
class HtmlChart:
    """A figure as the page carries it, for plotly.js: its data as JSON under an element id."""

    element_id: str
    data: dict

    @property
    def data_id(self) -> str:
        return f"{self.element_id}-data"


@require_safe
@permission_required(READ_REPORT, raise_exception=True)
def report(request, year: int, quarter: int):
    data = _report_or_404(year, quarter)
    html_charts = {
        chart.code: HtmlChart(
            f"chart-{chart.code}", charts.indicator_figure(chart.series).to_plotly_json()
        )
        for chart in data.charts
    }
    context = {"report": data, "html_charts": html_charts, "for_print": False}
    return render(request, "reports/report/page.html", context)


@require_safe
@never_cache
@permission_required(READ_REPORT, raise_exception=True)
def report_pdf(request, year: int, quarter: int):
    if quarter not in QUARTERS:
        raise Http404(_("There is no follow-up for that period."))
    served = cached_report_pdf(year=year, quarter=quarter)
    if served is None:
        raise Http404(_("There is no follow-up for that period."))
    response = HttpResponse(served.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{served.filename}"'
    return response


def _report_or_404(year: int, quarter: int) -> CommitteeReport:
    data = report_data(year, quarter) if quarter in QUARTERS else None
    if data is None:
        raise Http404(_("There is no follow-up for that period."))
    return data
