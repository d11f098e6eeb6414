"""At 390 px wide (a phone) no page scrolls sideways and the navigation is usable."""

import io

import pytest
from django.core.management import call_command

from procurements.models import Category, ReviewAppeal
from tests.procurement_import_helpers import csv_bytes, four_procurements

PHONE = {"width": 390, "height": 844}
WIDER_THAN_THE_SCREEN = """() => {
  const scrollsInItsBox = (element) => {
    if (getComputedStyle(element).position === "absolute") return false;  // may escape the box
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > innerWidth + 0.5 && !scrollsInItsBox(element)) {
      wide.push(`${element.tagName.toLowerCase()}.${element.className}`);
    }
  }
  return wide.slice(0, 5);
}"""


@pytest.fixture
def demo_year(loaded_plan):
    call_command("seed_demo", year=2023, count=60, seed=4, stdout=io.StringIO())


@pytest.fixture
def import_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"


def overflow(page) -> str:
    """Empty when the page is no wider than the screen, else what sticks out."""
    if page.evaluate("document.documentElement.scrollWidth <= innerWidth"):
        return ""
    return f"{page.url}: {page.evaluate(WIDER_THAN_THE_SCREEN)}"


def test_the_login_page_fits_a_phone(page, live_server, loaded_plan):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/login/")
    assert overflow(page) == ""


def test_no_page_of_the_app_is_wider_than_a_phone(
    sign_in, chef, live_server, demo_year, import_directory
):
    appealed = ReviewAppeal.objects.first().procurement_id
    page = sign_in(chef)
    page.set_viewport_size(PHONE)
    paths = [
        "/",
        "/oversikt/2023/3/",
        "/kommuner/2080/",
        "/mal/environmental-sustainability/",
        "/oversikt/2023/3/mal/strategic-tool/",
        "/plan/",
        "/uppfoljning/",
        "/uppfoljning/2023/4/",
        "/uppfoljning/2023/4/redigera/",
        "/uppfoljning/2023/4/redigera/mal-4/",
        "/uppfoljning/2023/4/redigera/nyckeltal/",
        "/uppfoljning/2023/4/redigera/uppdrag/",
        "/uppfoljning/2023/4/underlag/coordinated-share/",
        "/budget/",
        "/budget/2023/",
        "/budget/2023/q4/",
        "/budget/2023/q4/edit/",
        "/budget/2023/lines/staff-costs/",
        "/upphandlingar/",
        f"/upphandlingar/{appealed}/",
        "/upphandlingar/ny/",
        f"/upphandlingar/{appealed}/redigera/",
        "/upphandlingar/importera/",
        "/sidan-finns-inte/",
    ]
    too_wide = []
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        too_wide.append(overflow(page))

    for name in ("Livsmedel och måltider", "IT"):
        Category.objects.get_or_create(name=name)
    page.goto(f"{live_server.url}/upphandlingar/importera/")
    rows = four_procurements()
    rows[2]["sista_anbudsdag"] = "2024-02-01"
    page.locator("input[type=file]").set_input_files(
        {"name": "upphandlingar.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}
    )
    page.locator("form.import-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#errors").is_visible()
    too_wide.append(overflow(page))

    assert [problem for problem in too_wide if problem] == []


def test_the_navigation_is_usable_on_a_phone(sign_in, committee_member, live_server, demo_year):
    page = sign_in(committee_member)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    for name in ("Start", "Nämndplanen", "Uppföljning", "Budget", "Upphandlingar"):
        link = menu.get_by_role("link", name=name, exact=True)
        box = link.bounding_box()
        assert link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24, f"{name} is too small to tap"
    menu.get_by_role("link", name="Upphandlingar", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Upphandlingsregister").is_visible()
    assert overflow(page) == ""


def test_a_wide_table_scrolls_inside_its_own_box_that_a_keyboard_can_reach(
    sign_in, committee_member, live_server, demo_year
):
    page = sign_in(committee_member)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/upphandlingar/")
    box = page.get_by_role("region", name="Upphandlingar")
    assert box.evaluate("element => element.scrollWidth > element.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling: wait for the box to move, not for a fixed time.
    page.wait_for_function("element => element.scrollLeft > 0", arg=box.element_handle())
    assert overflow(page) == ""
