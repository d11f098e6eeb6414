import pytest

from budget.models import BudgetLine
from tests.browser.conftest import severe_accessibility_violations
from tests.budget_helpers import load_real_budget, swedish

NBSP = "\xa0"


@pytest.fixture
def budget(loaded_plan):
    load_real_budget()


def _label(column_msgid: str, line: BudgetLine) -> str:
    return swedish(column_msgid) % {"line": line.name}


def _fill_q2(page, staff_forecast: str):
    for line in BudgetLine.objects.filter(year=2023):
        actual = page.get_by_label(_label("%(line)s: actual to date (tkr)", line), exact=True)
        forecast = page.get_by_label(_label("%(line)s: full-year forecast (tkr)", line), exact=True)
        actual.fill(str(line.amount_tkr // 2))
        forecast.fill(staff_forecast if line.code == "staff-costs" else str(line.amount_tkr))


def test_chef_enters_a_q2_forecast_and_sees_its_deviation(sign_in, chef, live_server, budget):
    page = sign_in(chef)
    page.goto(f"{live_server.url}/budget/2023/")
    assert page.locator("#total-revenue").inner_text().count(f"22{NBSP}576{NBSP}tkr") == 1
    assert f"22{NBSP}576{NBSP}tkr" in page.locator("#total-cost").inner_text()

    page.get_by_role(
        "link", name=swedish("Q%(quarter)s") % {"quarter": 2}, exact=False
    ).first.click()
    page.get_by_role(
        "link", name=swedish("Enter figures for Q%(quarter)s") % {"quarter": 2}
    ).click()
    _fill_q2(page, "19 943")
    page.get_by_role(
        "button", name=swedish("Save the figures for Q%(quarter)s") % {"quarter": 2}
    ).click()
    page.wait_for_load_state()

    assert page.url.endswith("/budget/2023/q2/")
    staff = page.locator("#line-staff-costs").inner_text()
    assert f"19{NBSP}943{NBSP}tkr" in staff
    assert f"−950{NBSP}tkr" in staff
    assert f"−5,0{NBSP}%" in staff
    assert swedish("worse than budget") in staff


def test_chef_is_told_what_is_wrong_and_nothing_is_saved(sign_in, chef, live_server, budget):
    page = sign_in(chef)
    page.goto(f"{live_server.url}/budget/2023/q2/edit/")
    _fill_q2(page, "-5")
    page.get_by_role(
        "button", name=swedish("Save the figures for Q%(quarter)s") % {"quarter": 2}
    ).click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    assert "aria-invalid" in page.locator("#id_forecast-staff-costs").evaluate("e => e.outerHTML")
    assert severe_accessibility_violations(page) == []
    assert not BudgetLine.objects.get(year=2023, code="staff-costs").quarterly_figures.exists()


def test_budget_pages_have_no_serious_accessibility_violations(sign_in, chef, live_server, budget):
    page = sign_in(chef)
    page.goto(f"{live_server.url}/budget/2023/q2/edit/")
    _fill_q2(page, "19943")
    page.get_by_role(
        "button", name=swedish("Save the figures for Q%(quarter)s") % {"quarter": 2}
    ).click()
    page.wait_for_load_state()
    for path in [
        "/budget/",
        "/budget/2023/",
        "/budget/2023/q2/",
        "/budget/2023/q3/",
        "/budget/2023/q2/edit/",
        "/budget/2023/lines/staff-costs/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert severe_accessibility_violations(page) == [], path


def test_committee_member_reads_the_budget_but_may_not_enter_figures(
    sign_in, committee_member, live_server, budget
):
    page = sign_in(committee_member)
    page.goto(f"{live_server.url}/budget/2023/q2/")
    assert page.get_by_role("table").first.is_visible()
    assert (
        page.get_by_role(
            "link", name=swedish("Enter figures for Q%(quarter)s") % {"quarter": 2}
        ).count()
        == 0
    )
    response = page.goto(f"{live_server.url}/budget/2023/q2/edit/")
    assert response.status == 403
