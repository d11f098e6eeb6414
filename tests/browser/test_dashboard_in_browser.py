"""The committee's dashboards in Chromium: from the start page to a goal and a municipality."""

import io
import re

import pytest
from django.core.management import call_command

from reports.services import adopt_period, get_or_create_period
from tests.browser.conftest import severe_accessibility_violations

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=80, seed=9, stdout=io.StringIO())


def test_a_committee_member_goes_from_the_start_page_to_a_goal(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    assert page.get_by_role("heading", name=re.compile("Översikt Kv4 2023")).is_visible()
    cards = page.locator(".goal-card")
    assert cards.count() == 7
    goal = cards.nth(2).get_by_role("link")
    title = goal.inner_text().split("\n")[-1].strip()
    goal.click()
    page.wait_for_load_state()
    assert page.url.endswith("/oversikt/2023/4/mal/high-quality/")
    heading = page.get_by_role("heading", level=1)
    assert title in heading.inner_text()
    assert "Inriktningsmål 3" in heading.inner_text()


def test_the_goal_overview_fits_one_laptop_screen(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/")
    boxes = [card.bounding_box() for card in page.locator(".goal-card").all()]
    bottom = max(box["y"] + box["height"] for box in boxes)
    assert bottom <= LAPTOP["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_the_draft_is_one_click_from_the_newest_adopted_period(
    sign_in, chef, committee_member, live_server, demo_year
):
    adopt_period(get_or_create_period(2023, 3), chef)
    page = sign_in(committee_member)
    assert page.get_by_role("heading", name=re.compile("Översikt Kv3 2023")).is_visible()
    page.get_by_role("link", name="Visa utkastet för Kv4 2023").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=re.compile("Översikt Kv4 2023")).is_visible()
    assert page.get_by_text("Utkast, inte fastställt").first.is_visible()

    page.get_by_text("Välj en annan period").click()
    page.get_by_role("link", name="Kv1 2023").click()
    page.wait_for_load_state()
    assert page.url.endswith("/oversikt/2023/1/")


def test_a_committee_member_opens_a_municipalitys_page_from_the_start_page(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.get_by_role("link", name="Borlänge 2081").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1, name=re.compile("Borlänge")).is_visible()
    assert page.get_by_text("kommunkod 2081").is_visible()
    assert page.get_by_role("row", name=re.compile("Ekologiska livsmedel")).is_visible()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("path", ["/", "/kommuner/2080/"], ids=["start", "municipality"])
def test_the_dashboards_have_no_serious_accessibility_violations(
    viewport, path, sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert severe_accessibility_violations(page) == []
