"""The head's quarter in one sitting: the checklist, one section filled, a figure left out, adopted."""

import re
from decimal import Decimal

import pytest

from indicators.models import Indicator, Municipality
from indicators.selectors import due_entered_indicators
from reports.models import EnteredValue, Period
from reports.readiness import missing_items
from reports.services import get_or_create_period
from tests.browser.conftest import severe_accessibility_violations

PERIOD = "/uppfoljning/2023/2/"
SECTION = ("contract-follow-ups", "compliance-training")  # goal 2's figures due in Q2
LEFT_OUT = "nai"
REASON = "NAI-enkäten skickades inte ut under kvartalet."


@pytest.fixture(autouse=True)
def charts_as_tables(settings, tmp_path):
    """The adoption archives the report; its charts are printed as tables, quickly."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


@pytest.fixture
def quarter_nearly_entered(loaded_plan):
    """Every figure due in 2023 Q2 entered but goal 2's and NAI."""
    period = get_or_create_period(2023, 2)
    municipalities = list(Municipality.objects.all())
    for indicator in due_entered_indicators(year=2023, quarter=2):
        if indicator.code in (*SECTION, LEFT_OUT):
            continue
        for municipality in municipalities if indicator.per_municipality else [None]:
            EnteredValue.objects.create(
                period=period, indicator=indicator, municipality=municipality, value=Decimal(2)
            )


def missing_count(page) -> int:
    text = page.locator("#readiness-summary").inner_text()
    return int(re.search(r"(\d+) saker? saknas", text).group(1))


def record_the_meeting(page) -> None:
    page.get_by_label("Datum för nämndens sammanträde").fill("2023-09-12")
    page.get_by_label("Paragraf i protokollet (§)").fill("52")
    page.get_by_label("Diarienummer (dnr)").fill("GNU 2023/38")
    page.get_by_role("button", name="Fastställ perioden").click()
    page.wait_for_load_state()


def test_the_head_fills_a_section_leaves_a_figure_out_and_adopts_the_quarter(
    sign_in, chef, live_server, quarter_nearly_entered
):
    page = sign_in(chef)
    # Open the quarter and see the checklist.
    page.goto(f"{live_server.url}{PERIOD}")
    page.get_by_role("link", name="Checklistan: vad som saknas, med länkar").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Checklista för kvartal 2 2023").is_visible()
    before = missing_items(year=2023, quarter=2)
    assert [item.code for item in before.figures] == [*SECTION, LEFT_OUT]
    assert missing_count(page) == len(before.missing)
    figures = page.locator("#missing-figures")
    assert "(3 saknas)" in figures.inner_text()
    assert severe_accessibility_violations(page) == []

    # Fill one section: goal 2's figures and analysis, from the checklist's link.
    name = Indicator.objects.get(code=SECTION[0]).name
    figures.get_by_role("link", name=name).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/uppfoljning/2023/2/redigera/mal-2/#indicator-{SECTION[0]}")
    page.locator(f"#id_value-{SECTION[0]}").fill("12")
    page.locator(f"#id_value-{SECTION[1]}").fill("3")
    page.locator("textarea[name^='goal-analysis-']").fill("Uppföljningen går enligt plan.")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.wait_for_load_state()
    assert page.get_by_text("Sparat:").is_visible()

    # The checklist has shrunk: two figures and an analysis fewer.
    page.goto(f"{live_server.url}{PERIOD}checklista/")
    assert missing_count(page) == len(before.missing) - 3
    assert "(1 saknas)" in page.locator("#missing-figures").inner_text()

    # Adopting with a due figure missing is refused with the list.
    page.goto(f"{live_server.url}{PERIOD}")
    record_the_meeting(page)
    refusal = page.locator("#not-ready")
    nai = Indicator.objects.get(code=LEFT_OUT).name
    assert "Kv2 2023 kan inte fastställas än" in refusal.inner_text()
    assert nai in refusal.inner_text()
    assert not Period.objects.get(year=2023, quarter=2).is_adopted
    assert severe_accessibility_violations(page) == []

    # Leave it out deliberately, with a reason.
    page.get_by_role("link", name="Till checklistan").click()
    page.wait_for_load_state()
    page.get_by_text(f"Utelämna medvetet – {nai}").click()
    page.get_by_label("Skäl till att uppgiften utelämnas").fill(REASON)
    page.get_by_role("button", name=f"Utelämna uppgiften – {nai}").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"{nai} utelämnas ur rapporten för kvartal 2 2023.").is_visible()
    assert REASON in page.locator("#left-out").inner_text()
    assert "Perioden kan fastställas" in page.locator("#readiness-summary").inner_text()

    # Adopt.
    page.goto(f"{live_server.url}{PERIOD}")
    record_the_meeting(page)
    assert page.get_by_role("heading", name="Fastställ Kv2 2023?").is_visible()
    with page.expect_navigation(timeout=180_000):  # the archived PDF takes seconds
        page.get_by_role("button", name="Ja, fastställ Kv2 2023").click(no_wait_after=True)
    assert page.get_by_text("rapporten är arkiverad").is_visible()
    assert Period.objects.get(year=2023, quarter=2).is_adopted

    # The report shows the reason in the figure's place.
    page.goto(f"{live_server.url}{PERIOD}rapport/")
    assert f"Medvetet utelämnad: {REASON}" in page.locator(f"#indicator-{LEFT_OUT}").inner_text()
