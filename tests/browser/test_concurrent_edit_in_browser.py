"""Two people in two browsers saving the same procurement or budget quarter."""

import pytest
from django.contrib.auth.models import Group, User

from accounts.roles import CHEF, PROCUREMENT_OFFICER
from budget.models import BudgetLine, QuarterlyFigure
from budget.services import FigureInput, save_quarter_figures
from procurements.models import Procurement
from reports.services import adopt_period, get_or_create_period
from tests.browser.conftest import severe_accessibility_violations
from tests.budget_helpers import load_real_budget
from tests.procurement_helpers import make_procurement

EDIT_Q2 = "/budget/2023/q2/edit/"


def _second_user(role: str) -> User:
    user = User.objects.create_user("ylva", password="test-password", first_name="Ylva")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def second_page(browser, live_server):
    """A second browser, with its own session, signing in through the login form."""
    context = browser.new_context()
    page = context.new_page()

    def sign_in_as(user):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill("test-password")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        return page

    yield sign_in_as
    context.close()


def test_the_second_of_two_budget_saves_is_refused_and_shows_what_changed(
    sign_in, second_page, chef, live_server
):
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    save_quarter_figures(lines, 2, figures, chef)
    first = sign_in(chef)
    second = second_page(_second_user(CHEF))
    for page in (first, second):
        page.goto(f"{live_server.url}{EDIT_Q2}")
    first.locator("#id_forecast-staff-costs").fill("19 943")
    first.get_by_role("button", name="Spara uppgifterna för kvartal 2").click()
    first.wait_for_load_state()

    second.locator("#id_forecast-other-costs").fill("2 900")
    second.get_by_role("button", name="Spara uppgifterna för kvartal 2").click()
    second.wait_for_load_state()

    alert = second.locator("#conflict")
    assert "Ingenting sparades: Cecilia sparade kvartalets uppgifter" in alert.inner_text()
    assert second.locator("#id_forecast-other-costs").input_value() == "2 900"
    assert severe_accessibility_violations(second) == []
    figure = QuarterlyFigure.objects.get(line__code="other-costs", line__year=2023, quarter=2)
    assert figure.forecast_tkr == 2721

    second.get_by_role("button", name="Spara uppgifterna för kvartal 2").click()
    second.wait_for_url(f"{live_server.url}/budget/2023/q2/")
    figure.refresh_from_db()
    assert figure.forecast_tkr == 2900
    staff = QuarterlyFigure.objects.get(line__code="staff-costs", line__year=2023, quarter=2)
    assert staff.forecast_tkr == 19943


def test_an_adopted_budget_quarter_is_read_only_in_the_browser(sign_in, chef, live_server):
    load_real_budget()
    adopt_period(get_or_create_period(2023, 2), chef)
    page = sign_in(chef)
    page.goto(f"{live_server.url}{EDIT_Q2}")
    assert "Kvartal 2 2023 är fastställt" in page.locator("main").inner_text()
    assert page.locator("#id_forecast-staff-costs").is_disabled()
    assert page.get_by_role("button", name="Spara uppgifterna för kvartal 2").count() == 0
    assert severe_accessibility_violations(page) == []


def test_the_second_of_two_procurement_saves_is_refused_and_shows_what_changed(
    sign_in, second_page, procurement_officer, live_server
):
    procurement = make_procurement(title="Städtjänster", tenders=1)
    url = f"{live_server.url}/upphandlingar/{procurement.pk}/redigera/"
    first = sign_in(procurement_officer)
    second = second_page(_second_user(PROCUREMENT_OFFICER))
    first.goto(url)
    second.goto(url)
    first.locator("#id_title").fill("Lokalvård")
    first.locator("form.procurement-form button[type=submit]").click()
    first.wait_for_load_state()

    second.locator("#id_questions_received").fill("5")
    second.locator("form.procurement-form button[type=submit]").click()
    second.wait_for_load_state()

    alert = second.locator("#conflict")
    assert "Ingenting sparades: Ulf sparade upphandlingen" in alert.inner_text()
    assert "Lokalvård" in alert.inner_text()
    assert second.locator("#id_title").input_value() == "Lokalvård"
    assert second.locator("#id_questions_received").input_value() == "5"
    assert severe_accessibility_violations(second) == []
    assert Procurement.objects.get(pk=procurement.pk).questions_received is None

    second.locator("form.procurement-form button[type=submit]").click()
    second.wait_for_url(f"{live_server.url}/upphandlingar/{procurement.pk}/")
    saved = Procurement.objects.get(pk=procurement.pk)
    assert (saved.title, saved.questions_received) == ("Lokalvård", 5)
