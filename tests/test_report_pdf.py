"""The committee report's PDF: the same figures as the HTML report, accessible and archivable.

Rendered once for the module, from a seeded history, without a browser: the
charts are then printed as tables with a note (the charts themselves are
tested with Chromium in tests/browser/test_report_charts_in_browser.py).
"""

import html
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from reports.report_data import report_data
from reports.report_pdf import html_to_pdf, render_report_pdf
from tests.report_helpers import (
    demo_history,
    normalised,
    pdf_fonts,
    pdf_pages,
    structure_elements,
)

pytestmark = pytest.mark.django_db

YEAR, QUARTER = 2024, 2  # open: a draft


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The draft report of 2024 Q2: its data, the HTML page and the PDF, made once."""
    cache = tmp_path_factory.mktemp("report-cache")
    with (
        demo_history(django_db_blocker),
        override_settings(REPORT_CACHE_DIR=cache, CHART_BROWSER_PATH=str(cache / "no-chromium")),
        django_db_blocker.unblock(),
        translation.override("sv"),
    ):
        client = Client()
        client.force_login(User.objects.get(username="ledamot"))
        page = client.get(reverse("reports:report", args=[YEAR, QUARTER])).text
        yield {
            "report": report_data(YEAR, QUARTER),
            "page": page,
            "pdf": render_report_pdf(year=YEAR, quarter=QUARTER, variant="draft"),
        }


def section_of(page: str, element_id: str) -> str:
    """The text of the HTML page's section with this id."""
    match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', page, re.S)
    assert match, element_id
    return normalised(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))))


def test_every_page_says_page_x_of_n(rendered):
    pages = pdf_pages(rendered["pdf"])
    total = len(pages)
    assert total > 10
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {total}" in text


def test_a_draft_says_utkast_on_every_page(rendered):
    for text in pdf_pages(rendered["pdf"]):
        assert "Utkast" in text or "UTKAST" in text


def test_the_cover_names_the_period_the_committee_the_office_and_the_plan(rendered):
    cover = pdf_pages(rendered["pdf"])[0]
    assert "Uppföljning kvartal 2 2024" in cover
    assert "Gemensam nämnd för upphandlingssamverkan" in cover
    assert "Upphandlingscenter (UhC)" in cover
    assert "Nämndplan 2023–2025" in cover


def test_the_contents_give_each_section_its_page(rendered):
    pages = pdf_pages(rendered["pdf"])
    contents = pages[1]
    assert "Innehåll" in contents
    report = rendered["report"]
    for goal in report.goals:
        match = re.search(rf"Inriktningsmål {goal.number}: .*?(\d+)(?= |$)", contents)
        assert match, goal.title
        page_number = int(match.group(1))
        assert normalised(goal.title)[:40] in pages[page_number - 1]


def test_every_goal_and_indicator_has_the_html_reports_value_and_status(rendered):
    report, page = rendered["report"], rendered["page"]
    text = " ".join(pdf_pages(rendered["pdf"]))
    for goal in report.goals:
        assert normalised(goal.title) in text
        for indicator in goal.indicators:
            shown = indicator.follow_up
            in_html = section_of(page, f"indicator-{shown.code}")
            in_pdf = text[text.index(normalised(shown.name)) :][:1500]
            for expected in (normalised(shown.text), str(shown.status.label)):
                assert expected in in_html, (shown.code, expected)
                assert expected in in_pdf, (shown.code, expected)


def test_each_key_figure_is_in_the_pdf_with_its_value(rendered):
    report = rendered["report"]
    text = " ".join(pdf_pages(rendered["pdf"]))
    for indicator in report.key_figures + report.staff + report.deviations.indicators:
        shown = indicator.follow_up
        assert normalised(shown.name) in text
        assert normalised(shown.text) in text[text.index(normalised(shown.name)) :][:1500]


def test_the_economy_lists_every_budget_line(rendered):
    text = " ".join(pdf_pages(rendered["pdf"]))
    for group in rendered["report"].economy.groups:
        for line in group.lines:
            figures = [line.budget, line.actual, line.forecast, line.deviation_tkr]
            assert normalised(line.name) in text or line.name.split()[0] in text
            assert normalised(" ".join([*figures, line.deviation_percent])) in text


def test_the_economy_prints_the_heads_comment_on_each_commented_line(rendered):
    text = " ".join(pdf_pages(rendered["pdf"]))
    commented = rendered["report"].economy.commented
    assert commented, "the demo comments on a forecast 2 % or more from budget"
    listed = text[text.index("Kommentarer till budgetraderna") :]
    for line in commented:
        assert normalised(f"{line.name} {line.comment}") in listed


def test_without_a_browser_each_chart_is_a_table_with_a_visible_note(rendered):
    text = " ".join(pdf_pages(rendered["pdf"]))
    charts = rendered["report"].charts
    assert len(charts) > 20
    assert text.count("Diagrammet kunde inte ritas här") == len(charts)


def test_every_font_is_embedded_and_is_the_shipped_dejavu(rendered):
    fonts = pdf_fonts(rendered["pdf"])
    assert fonts
    assert all(fonts.values()), fonts
    assert all(re.fullmatch(r"/[A-Z]{6}\+DejaVu-Sans(-Bold|-Oblique)?", name) for name in fonts)


def test_the_pdf_is_tagged_in_swedish_with_its_title(rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == "Uppföljning kvartal 2 2024"
    kinds = {str(element["/S"]) for element in structure_elements(rendered["pdf"])}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds


def test_the_pdf_has_a_bookmark_for_every_goal(rendered):
    reader = PdfReader(io.BytesIO(rendered["pdf"]))

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    bookmarks = list(titles(reader.outline))
    for goal in rendered["report"].goals:
        assert any(title.startswith(f"Inriktningsmål {goal.number}:") for title in bookmarks)


def test_the_archive_variant_is_tagged_pdf_a_3a():
    html_text = (
        '<html lang="sv"><head><title>Arkiv</title>'
        '<link rel="stylesheet" href="css/report-fonts.css"><link rel="stylesheet" href="css/report.css">'
        "</head><body><h1>Arkiv</h1><p>Fastställd</p></body></html>"
    )
    pdf = html_to_pdf(html_text, variant="archive")
    reader = PdfReader(io.BytesIO(pdf))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", metadata)
    assert re.search(r"pdfaid:conformance(>|=\")A", metadata)
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_pdf_reads_no_file_outside_its_own_folders():
    html_text = '<html lang="sv"><head><title>x</title><link rel="stylesheet" href="file:///etc/passwd"></head><body>x</body></html>'
    with pytest.raises(BaseException, match="etc/passwd"):
        html_to_pdf(html_text, variant="draft")
