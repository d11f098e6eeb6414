"""A committee member in Chromium: the start page, a goal, an indicator.

On a laptop and on a phone: every page is free of serious accessibility
violations and no wider than the screen, the charts are drawn, and the values
in their tables are those of the follow-up page.
"""

import io

import pytest
from django.core.management import call_command

from tests.browser.conftest import severe_accessibility_violations

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
COORDINATED = "Andel samordnade upphandlingar av avslutade upphandlingar"


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=80, seed=9, stdout=io.StringIO())


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()


def _wait_for_charts(page, selector: str) -> int:
    """Waits until plotly has drawn every chart matching ``selector``; their number."""
    charts = page.locator(selector)
    count = charts.count()
    assert count > 0
    page.wait_for_function(
        "([selector, count]) => document.querySelectorAll("
        "`${selector}[data-chart-drawn]`).length === count",
        arg=[selector, count],
    )
    for index in range(count):
        assert charts.nth(index).locator("svg.main-svg").count() > 0
    return count


def _problems(page, width: int) -> list[str]:
    """What is wrong with the page as shown: too wide a page, serious axe violations."""
    problems = severe_accessibility_violations(page)
    if not page.evaluate("document.documentElement.scrollWidth <= innerWidth"):
        problems.append(f"wider than {width} px")
    return [f"{page.url}: {problem}" for problem in problems]


def _follow_up_values(page, url: str, codes) -> dict[str, str]:
    """The value of each indicator as the follow-up page shows it."""
    page.goto(url)
    return {
        code: _first_line(page.locator(f"#follow-{code} td.number").first.inner_text())
        for code in codes
    }


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_committee_member_goes_from_the_start_page_to_a_goal_and_an_indicator(
    viewport, sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    problems = _problems(page, viewport["width"])

    page.locator(".goal-card").first.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.url.endswith("/oversikt/2023/4/mal/strategic-tool/")
    assert "Inriktningsmål 1" in page.get_by_role("heading", level=1).inner_text()
    sparklines = _wait_for_charts(page, ".goal-table .sparkline")
    assert (
        sparklines
        == page.locator(".goal-table tbody tr").count()
        - page.get_by_text("Inga värden under dessa kvartal").count()
    )
    coordinated = page.locator("#sparkline-coordinated-share")
    assert coordinated.get_attribute("role") == "img"
    assert coordinated.get_attribute("aria-label").startswith(f"{COORDINATED}, hittills i år: ")
    assert coordinated.locator(".scatterlayer .trace").count() >= 2
    box = coordinated.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    codes = [
        row.get_attribute("id").removeprefix("goal-indicator-")
        for row in page.locator(".goal-table tbody tr").all()
    ]
    on_the_goal_page = {
        code: page.locator(f"#goal-indicator-{code} .goal-table__value").inner_text()
        for code in codes
    }
    problems += _problems(page, viewport["width"])

    page.get_by_role("link", name=COORDINATED).click()
    page.wait_for_load_state()
    assert page.url.endswith("/indikatorer/coordinated-share/")
    _wait_for_charts(page, "#chart-over-time")
    assert page.locator("#chart-over-time .scatterlayer .trace").count() >= 3
    problems += _problems(page, viewport["width"])
    on_the_indicator_page = {
        quarter: _first_line(page.locator(f"#period-2023-{quarter} td.number").first.inner_text())
        for quarter in (1, 2, 3, 4)
    }

    assert problems == []
    follow_up = f"{live_server.url}/uppfoljning/2023/%s/"
    assert _follow_up_values(page, follow_up % 4, codes) == on_the_goal_page
    for quarter, text in on_the_indicator_page.items():
        followed = _follow_up_values(page, follow_up % quarter, ["coordinated-share"])
        assert followed == {"coordinated-share": text}
        assert "%" in text
