"""The committee report as HTML and as PDF, from the one ``report_data``.

The HTML page and the PDF render the same templates (``reports/report/``);
the PDF is that HTML printed by WeasyPrint through ``static/css/report.css``.
It is tagged (PDF/UA-1 for a draft, PDF/A-3a for the archived copy: both keep
the structure tree, the language and the title), uses only the fonts under
``static/fonts/`` and reads every file it needs from disk, never over HTTP.

Each chart is the indicator page's figure exported to SVG by kaleido, with
its description as the SVG's title (the chart's alternative text in the PDF).

A draft is rendered at most once per version of its data: the PDF is cached
under the data version (``reports.data_version``) and a hash of the templates,
style sheet and fonts it is made with, and repeated downloads read it from the
cache without computing the report: one query for the version and one file.
"""

import hashlib
import os
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports import chart_export, charts
from reports.data_version import current_version
from reports.report_data import CommitteeReport, report_data

Variant = Literal["draft", "archive"]
PDF_VARIANTS: dict[str, str] = {"draft": "pdf/ua-1", "archive": "pdf/a-3a"}
"""WeasyPrint's ``pdf_variant`` per use; both are tagged (see the README)."""

TEMPLATE_FOLDER = Path(settings.BASE_DIR) / "templates" / "reports" / "report"


def static_root() -> Path:
    """The project's own static folder, from which the PDF reads its style sheet and fonts."""
    return Path(settings.BASE_DIR) / "static"


@dataclass(frozen=True)
class PrintedChart:
    """A chart as the PDF prints it: its SVG file's address, or "" to print its table instead."""

    src: str


def report_figures(report: CommitteeReport):
    """The report's figures, in the order of ``report.charts``: the indicator page's own."""
    return [charts.indicator_figure(chart.series) for chart in report.charts]


def printed_charts(report: CommitteeReport) -> dict[str, PrintedChart]:
    """Every chart of the report as an SVG file, exported together (one browser at most)."""
    files = chart_export.export_svgs(report_figures(report))
    return {
        chart.code: PrintedChart(file.as_uri() if file else "")
        for chart, file in zip(report.charts, files, strict=True)
    }


def report_html(
    report: CommitteeReport, *, printed: dict[str, PrintedChart], printed_on=None
) -> str:
    """The HTML the PDF is printed from."""
    context = {
        "report": report,
        "printed": printed,
        "printed_on": printed_on or timezone.localdate(),
        "for_print": True,
    }
    return render_to_string("reports/report/document.html", context)


def html_to_pdf(html: str, *, variant: Variant) -> bytes:
    """Print the report's HTML to PDF, reading files from the static folder only.

    The title and the language come from the HTML (``<title>``, ``<html lang>``).
    """
    from weasyprint import HTML  # imported here: loading it costs a second

    document = HTML(
        string=html,
        base_url=static_root().as_uri() + "/",
        url_fetcher=_static_fetcher(),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANTS[variant], pdf_tags=True)


def _static_fetcher():
    from weasyprint.urls import URLFetcher

    folders = [static_root().resolve(), chart_export.cache_dir().resolve()]

    class StaticFileFetcher(URLFetcher):
        """The static folder's files and the exported charts only; anything else stops it."""

        def fetch(self, url, headers=None):
            if not url.startswith("file:"):
                raise ValueError(f"The report reads no address but its own files: {url}")
            path = Path(url2pathname(url.removeprefix("file:"))).resolve()
            if not any(path.is_relative_to(folder) for folder in folders):
                raise ValueError(f"The report reads its own files only: {url}")
            return super().fetch(url, headers)

    return StaticFileFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def render_report_pdf(*, year: int, quarter: int, variant: Variant) -> bytes | None:
    """The report of a quarter as PDF; None when no plan covers the year.

    ``variant`` "draft" is a PDF/UA-1 document, "archive" a PDF/A-3a one; a
    report of a period not adopted says "Utkast" on every page either way.
    """
    with translation.override("sv"):
        report = report_data(year, quarter)
        return None if report is None else _render(report, variant)


def _render(report: CommitteeReport, variant: Variant) -> bytes:
    html = report_html(report, printed=printed_charts(report))
    return html_to_pdf(html, variant=variant)


@dataclass(frozen=True)
class ServedPdf:
    content: bytes
    filename: str
    from_cache: bool


def cached_report_pdf(*, year: int, quarter: int) -> ServedPdf | None:
    """The report's PDF, rendered only when its data, templates or fonts changed since.

    The file is named by the data version, a hash of the files it is made with
    and the day (a draft's cover says when it was printed), so a change anywhere
    makes a new one, and carries its download name;
    an unchanged report is read from the cache without being computed. Writing
    a period's new file removes its older ones. The report is in Swedish,
    whatever the reader's language.
    """
    version = current_version()
    if version is None:  # nothing written yet: no version to cache under
        return _rendered(year, quarter)
    stem = f"{year}-{quarter}-{version}-{design_version()[:16]}-{timezone.localdate()}"
    for path in pdf_cache_dir().glob(f"{stem}--*.pdf"):
        try:
            return ServedPdf(path.read_bytes(), path.name.split("--", 1)[1], from_cache=True)
        except FileNotFoundError:  # replaced by another process meanwhile
            break
    served = _rendered(year, quarter)
    if served is not None:
        _replace(year, quarter, pdf_cache_dir() / f"{stem}--{served.filename}", served.content)
    return served


def _rendered(year: int, quarter: int) -> ServedPdf | None:
    with translation.override("sv"):
        report = report_data(year, quarter)
        if report is None:
            return None
        filename = f"uppfoljning-{year}-kv{quarter}{'-utkast' if report.is_draft else ''}.pdf"
        variant: Variant = "draft" if report.is_draft else "archive"
        return ServedPdf(_render(report, variant), filename, from_cache=False)


def pdf_cache_dir() -> Path:
    return Path(settings.REPORT_CACHE_DIR) / "pdf"


def _replace(year: int, quarter: int, path: Path, content: bytes) -> None:
    """Write the period's file whole or not at all (a reader never sees half a PDF), and
    remove the period's files of earlier versions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_bytes(content)
    partial.replace(path)
    for older in path.parent.glob(f"{year}-{quarter}-*.pdf"):
        if older != path:
            older.unlink(missing_ok=True)


@cache
def design_version() -> str:
    """A hash of the templates, style sheet and fonts the report is made with."""
    files = sorted(TEMPLATE_FOLDER.rglob("*.html"))
    css = static_root() / "css"
    files += [css / "report.css", css / "report-fonts.css"]
    files += sorted((static_root() / "fonts").glob("*"))
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()
