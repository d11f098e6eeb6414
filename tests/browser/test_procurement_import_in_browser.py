import re

import pytest

from procurements.models import Procurement
from tests.browser.conftest import severe_accessibility_violations
from tests.procurement_import_helpers import create_categories, csv_bytes, four_procurements


@pytest.fixture
def import_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"


def upload(page, rows):
    page.locator("input[type=file]").set_input_files(
        {"name": "upphandlingar.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}
    )
    page.locator("form.import-form button[type=submit]").click()
    page.wait_for_load_state()


def test_procurement_officer_imports_a_file_after_correcting_it(
    sign_in, procurement_officer, live_server, import_directory
):
    create_categories()
    page = sign_in(procurement_officer)
    page.goto(f"{live_server.url}/upphandlingar/importera/")
    assert severe_accessibility_violations(page) == []

    rows = four_procurements()
    rows[2]["sista_anbudsdag"] = "2024-02-01"
    upload(page, rows)
    assert page.locator("#errors").is_visible()
    assert page.locator("#row-4").get_by_text("sista_anbudsdag").is_visible()
    assert page.locator("form button[type=submit]", has_text=re.compile("Import")).count() == 0
    assert severe_accessibility_violations(page) == []

    page.goto(f"{live_server.url}/upphandlingar/importera/")
    rows[2]["sista_anbudsdag"] = "2024-04-02"
    upload(page, rows)
    page.locator("input[name=token] + button").click()
    page.wait_for_url(re.compile(r".*/upphandlingar/$"))
    assert Procurement.objects.count() == 4
