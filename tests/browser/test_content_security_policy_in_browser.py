"""No page breaks its Content-Security-Policy: nothing inline, nothing from another host.

Chromium reports every violation as a ``securitypolicyviolation`` event and a
console message; both are collected from the first byte of each page.
"""

import io

import pytest
from django.core.management import call_command

from procurements.models import Procurement, ProcurementPlanItem

# The chef's pages, one of each kind. "{procurement}" is a procurement's id, "{plan_item}" an
# item's of the procurement plan.
CHEF_PAGES = [
    "/",
    "/oversikt/2023/4/",
    "/kommuner/2080/",
    "/mal/environmental-sustainability/",
    "/oversikt/2023/3/mal/strategic-tool/",
    "/indikatorer/coordinated-share/",
    "/indikatorer/organic-food-requirements/",
    "/indikatorer/completed-as-planned/",
    "/plan/",
    "/uppfoljning/",
    "/uppfoljning/2023/4/",
    "/uppfoljning/2023/4/redigera/",
    "/uppfoljning/2023/4/redigera/mal-6/",
    "/uppfoljning/2023/4/redigera/nyckeltal/",
    "/uppfoljning/2023/4/rapport/",
    "/uppfoljning/2023/4/underlag/coordinated-share/",
    "/uppfoljning/2023/4/underlag/completed-as-planned/",
    "/budget/",
    "/budget/2023/",
    "/budget/2023/q2/edit/",
    "/upphandlingar/",
    "/upphandlingar/{procurement}/",
    "/upphandlingar/{procurement}/redigera/",
    "/upphandlingar/ny/",
    "/upphandlingar/importera/",
    "/upphandlingar/plan/",
    "/upphandlingar/plan/ny/",
    "/upphandlingar/plan/{plan_item}/redigera/",
    "/upphandlingar/plan/{plan_item}/ta-bort/",
    "/upphandlingar/plan/importera/",
    "/admin/",
    "/admin/procurements/procurement/",
    "/admin/procurements/procurementplanitem/",
]

COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=20, seed=7, stdout=io.StringIO())


@pytest.fixture
def csp_watched_page(page):
    """The browser page, with every CSP violation it meets kept in page.csp_console."""
    page.csp_console = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            page.csp_console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def violations_on(page, url: str) -> list[str]:
    page.csp_console.clear()
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.ok, f"{url}: {response.status}"
    assert "default-src 'self'" in response.headers["content-security-policy"], url
    return page.evaluate("window.cspViolations") + page.csp_console


def test_no_page_of_the_chef_violates_the_content_security_policy(
    csp_watched_page, sign_in, chef, live_server, demo_year
):
    procurement = Procurement.objects.order_by("pk").first().pk
    plan_item = ProcurementPlanItem.objects.order_by("pk").first().pk
    login_violations = violations_on(csp_watched_page, f"{live_server.url}/login/")
    page = sign_in(chef)
    found = {"/login/": login_violations} if login_violations else {}
    for path in CHEF_PAGES:
        url = f"{live_server.url}{path.format(procurement=procurement, plan_item=plan_item)}"
        if violations := violations_on(page, url):
            found[path] = violations
    assert found == {}


def test_a_violation_would_be_seen(csp_watched_page, live_server, loaded_plan):
    """The watch is not blind: an inline style set on a page is reported."""
    violations_on(csp_watched_page, f"{live_server.url}/login/")
    csp_watched_page.evaluate("document.body.setAttribute('style', 'color: red')")
    csp_watched_page.wait_for_timeout(200)
    assert csp_watched_page.evaluate("window.cspViolations") == ["style-src-attr blocked inline"]
    assert any("style" in message for message in csp_watched_page.csp_console)
