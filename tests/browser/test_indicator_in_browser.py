import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import severe_accessibility_violations

COORDINATED = "/indikatorer/coordinated-share/"
ORGANIC_FOOD = "/indikatorer/organic-food-requirements/"
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=60, seed=11, stdout=io.StringIO())


def _open_with_charts(page, url, charts=1):
    page.goto(url)
    page.wait_for_selector("[data-chart-drawn]")
    assert page.locator("[data-chart-drawn]").count() == charts
    return page


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()


def test_a_committee_member_sees_the_chart_and_the_follow_ups_values_in_its_table(
    sign_in, committee_member, live_server, demo_year
):
    page = _open_with_charts(sign_in(committee_member), f"{live_server.url}{COORDINATED}")
    chart = page.locator("#chart-over-time")
    assert chart.locator("svg.main-svg").count() > 0
    assert chart.locator(".scatterlayer .trace").count() >= 3
    assert chart.get_attribute("aria-label").startswith(
        "Andel samordnade upphandlingar av avslutade upphandlingar: "
    )
    shown = {
        quarter: _first_line(page.locator(f"#period-2023-{quarter} td.number").first.inner_text())
        for quarter in (1, 2, 3, 4)
    }

    for quarter, text in shown.items():
        page.goto(f"{live_server.url}/uppfoljning/2023/{quarter}/")
        followed = page.locator("#follow-coordinated-share td.number").first.inner_text()
        assert text == _first_line(followed)
        assert "%" in text


@pytest.mark.parametrize("width", [1366, 390])
def test_the_indicator_page_is_accessible_and_fits_the_screen(
    width, sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size({"width": width, "height": 900})
    _open_with_charts(page, f"{live_server.url}{ORGANIC_FOOD}", charts=2)
    assert page.locator("#chart-per-municipality .barlayer .point").count() == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    chart_width = page.locator("#chart-over-time svg.main-svg").first.bounding_box()["width"]
    assert chart_width <= width
    assert severe_accessibility_violations(page) == []


def test_the_charts_are_drawn_under_the_apps_strict_content_security_policy(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto(f"{live_server.url}{ORGANIC_FOOD}")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page.wait_for_selector("[data-chart-drawn]")
    assert page.locator("[data-chart-drawn]").count() == 2
    assert page.evaluate("window.cspViolations") == []
    assert [text for text in console if "Content Security Policy" in text or "CSP" in text] == []


def test_no_page_of_the_app_requests_anything_from_another_host(
    sign_in, chef, live_server, demo_year
):
    page = sign_in(chef)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    pages = [
        "/",
        "/mal/environmental-sustainability/",
        "/plan/",
        "/uppfoljning/",
        "/uppfoljning/2023/2/",
        "/uppfoljning/2023/2/redigera/",
        "/uppfoljning/2023/2/underlag/coordinated-share/",
        "/budget/",
        "/budget/2023/",
        "/upphandlingar/",
        "/upphandlingar/importera/",
        "/upphandlingar/ny/",
        COORDINATED,
        ORGANIC_FOOD,
        "/indikatorer/business-climate-rank/",
        "/admin/",
    ]
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.ok, path
        page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")

    hosts = {urlsplit(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlsplit(live_server.url).netloc}
    assert any("/static/vendor/plotly/plotly-basic.min.js" in url for url in requested)
