"""The committee report in Chromium: the page as a reader sees it, and the PDF's real charts.

The PDF's charts are exported by kaleido, which drives the same Debian
Chromium as Playwright.
"""

import io
import re

import kaleido
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports import report_pdf
from tests.browser.conftest import severe_accessibility_violations
from tests.report_helpers import pdf_fonts, pdf_pages, structure_elements

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
REPORT = "/uppfoljning/2023/4/rapport/"


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=60, seed=9, stdout=io.StringIO())


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_report_page_draws_its_charts_and_passes_axe(
    size, sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}{REPORT}")
    page.wait_for_selector('.chart[data-chart-drawn="true"]')
    assert page.get_by_role("heading", name="Uppföljning kvartal 4 2023", level=1).is_visible()
    assert page.locator(".chart svg.main-svg").count() > 0
    assert severe_accessibility_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], "the page scrolls sideways"


@pytest.fixture
def sessions(monkeypatch):
    """Every kaleido session started, counted."""
    started = []
    original = kaleido.Kaleido

    class Counted(original):
        def __init__(self, *args, **kwargs):
            started.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(kaleido, "Kaleido", Counted)
    return started


def test_the_pdf_prints_every_chart_with_its_description_from_one_browser(
    transactional_db, loaded_plan, settings, tmp_path, sessions
):
    call_command("seed_demo", year=2023, count=60, seed=9, stdout=io.StringIO())
    settings.REPORT_CACHE_DIR = tmp_path
    served = report_pdf.cached_report_pdf(year=2023, quarter=4)
    assert len(sessions) == 1
    assert sessions[0]["mathjax"] is False

    pdf = served.content
    figures = [e for e in structure_elements(pdf) if str(e["/S"]) == "/Figure"]
    alternatives = {str(figure.get("/Alt")) for figure in figures}
    with_translation = report_pdf.translation.override("sv")
    with with_translation:
        report = report_pdf.report_data(2023, 4)
    for chart in report.charts:
        assert chart.description in alternatives
    assert "Diagrammet kunde inte ritas här" not in " ".join(pdf_pages(pdf))
    fonts = pdf_fonts(pdf)
    assert all(fonts.values())
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVu-Sans(-Bold|-Oblique)?", name) for name in fonts)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 10

    report_pdf.pdf_cache_dir().joinpath(f"{served.filename}").unlink(missing_ok=True)
    for cached in report_pdf.pdf_cache_dir().glob("*.pdf"):
        cached.unlink()  # the charts stay cached: a new PDF starts no browser
    again = report_pdf.cached_report_pdf(year=2023, quarter=4)
    assert not again.from_cache
    assert len(sessions) == 1
