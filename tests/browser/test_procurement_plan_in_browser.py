"""The procurement plan in Chromium: the list page, an item added, a file imported; axe-clean."""

import datetime as dt
import re

import pytest

from procurements.importing import PLAN_COLUMNS
from procurements.models import ProcurementPlanItem
from tests.browser.conftest import severe_accessibility_violations
from tests.plan_helpers import make_item
from tests.procurement_helpers import category
from tests.procurement_import_helpers import csv_bytes


@pytest.fixture
def import_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def plan(loaded_plan):
    return [
        make_item(number=1, planned_quarter=1, completed_on=dt.date(2023, 3, 1)),
        make_item(number=2, planned_quarter=1, completed_on=dt.date(2023, 5, 1)),
        make_item(number=3, planned_quarter=2, registered=False),
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_committee_member_reads_the_plan_with_each_status_in_words(
    width, sign_in, committee_member, live_server, plan
):
    page = sign_in(committee_member)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/upphandlingar/plan/?year=2023")
    assert page.get_by_role("heading", name="Upphandlingsplan 2023", exact=True).is_visible()
    for status in ("Avslutad enligt plan", "Avslutad försenad", "Inte avslutad"):
        assert page.locator("table.plan-table").get_by_text(status).is_visible()
    assert severe_accessibility_violations(page) == []

    page.locator("#id_delivery").select_option(label="Inte avslutad")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    assert page.locator("table.plan-table tbody tr").count() == 1
    assert severe_accessibility_violations(page) == []


def test_a_procurement_officer_adds_an_item_and_imports_the_plan(
    sign_in, procurement_officer, live_server, plan, import_directory
):
    category("IT")
    page = sign_in(procurement_officer)
    page.goto(f"{live_server.url}/upphandlingar/plan/?year=2023")
    page.get_by_role("link", name="Ny post i upphandlingsplanen").click()
    page.locator("#id_title").fill("Skolmöbler")
    page.locator("#id_category").select_option(label="IT")
    page.get_by_label("Falun", exact=True).check()
    page.locator("#id_planned_quarter").select_option("3")
    assert severe_accessibility_violations(page) == []
    page.locator("form.plan-item-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/upphandlingar/plan/\?year=2023$"))
    assert ProcurementPlanItem.objects.get(number=4).title == "Skolmöbler"

    page.get_by_role("link", name="Importera planen").click()
    assert severe_accessibility_violations(page) == []
    rows = [
        {
            "planår": "2023",
            "nr": "5",
            "rubrik": "Datorer",
            "kategori": "IT",
            "kommuner": "alla",
            "planerat_kvartal": "Kv4",
        }
    ]
    headers = [c.header for c in PLAN_COLUMNS]
    page.locator("input[type=file]").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, headers)}
    )
    page.locator("form.import-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ny post i upphandlingsplanen").first.is_visible()
    assert severe_accessibility_violations(page) == []
    page.locator("input[name=token] + button").click()
    page.wait_for_url(re.compile(r".*/upphandlingar/plan/$"))
    assert ProcurementPlanItem.objects.get(number=5).planned_quarter == 4


def test_the_figures_drill_down_lists_delivered_and_missing_items(
    sign_in, committee_member, live_server, plan
):
    page = sign_in(committee_member)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/uppfoljning/2023/2/underlag/completed-as-planned/")
    assert page.get_by_role("heading", name="Avslutade senast 2023-06-30").is_visible()
    assert page.get_by_role("heading", name="Inte avslutade 2023-06-30").is_visible()
    assert severe_accessibility_violations(page) == []
