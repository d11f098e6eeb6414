"""The quarterly committee report: the page, and the PDF printed from the same templates.

Every role that reads the follow-up reads the report. The page's report itself
(all but the links and the archived versions around it) is rendered once per
version of the data and language, then read from the cache. The PDF of a
period not yet adopted is a draft: it is rendered once per version of its data
and then read from the cache (``report_pdf.cached_report_pdf``), and never
stored by a browser or proxy. An adopted period's PDF is the file archived at its latest
adoption, served as stored; each archived version has its own address and,
since it never changes, may be kept by the reader's browser.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.quarters import QUARTERS
from reports import charts
from reports.archive import archived_file, download_name
from reports.archive_selectors import archived_versions, archived_versions_html
from reports.models import ArchivedReport, Period
from reports.report_data import CommitteeReport, report_data
from reports.report_pdf import cached_report_pdf
from reports.version_cache import cached_html

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
    context = {
        "report": data,
        "report_html": cached_html(
            f"report:{year}:{quarter}",
            "reports/report/_report.html",
            lambda: _report_context(report_data(year, quarter)),
        ),
        "archived_versions_html": archived_versions_html(year, quarter),
    }
    return render(request, "reports/report/page.html", context)


def _report_context(data: CommitteeReport) -> dict:
    """The report as the page shows it, its charts drawn by plotly.js from their data."""
    html_charts = {
        chart.code: HtmlChart(
            f"chart-{chart.code}", charts.indicator_figure(chart.series).to_plotly_json()
        )
        for chart in data.charts
    }
    return {"report": data, "html_charts": html_charts, "for_print": False}


@require_safe
@permission_required(READ_REPORT, raise_exception=True)
def report_pdf(request, year: int, quarter: int):
    """The adopted report as archived, or the draft of an open period, rendered when it changed."""
    if quarter not in QUARTERS:
        raise Http404(_("There is no follow-up for that period."))
    latest = archived_versions(year, quarter).filter(period__state=Period.State.ADOPTED).first()
    if latest is not None:
        return _archived_response(latest)
    served = cached_report_pdf(year=year, quarter=quarter)
    if served is None:
        raise Http404(_("There is no follow-up for that period."))
    response = HttpResponse(served.content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{served.filename}"'
    add_never_cache_headers(response)
    return response


@require_safe
@permission_required(READ_REPORT, raise_exception=True)
def archived_pdf(request, year: int, quarter: int, version: int):
    """One archived version of the report, exactly as it was stored at its adoption."""
    archived = (
        ArchivedReport.objects.filter(period__year=year, period__quarter=quarter, version=version)
        .select_related("period")
        .first()
    )
    if archived is None:
        raise Http404(_("There is no such archived version of the report."))
    return _archived_response(archived)


def _archived_response(archived: ArchivedReport) -> FileResponse:
    try:
        file = open(archived_file(archived), "rb")  # noqa: SIM115 -- FileResponse closes it
    except FileNotFoundError:
        raise Http404(_("The archived file is missing; tell the administrator.")) from None
    response = FileResponse(file, content_type="application/pdf", filename=download_name(archived))
    response["ETag"] = f'"{archived.sha256}"'
    patch_cache_control(response, private=True, max_age=60 * 60 * 24 * 365, immutable=True)
    return response


def _report_or_404(year: int, quarter: int) -> CommitteeReport:
    data = report_data(year, quarter) if quarter in QUARTERS else None
    if data is None:
        raise Http404(_("There is no follow-up for that period."))
    return data
