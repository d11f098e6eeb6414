"""procurements.import_templates: the downloadable templates, filled in, import cleanly."""

import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from procurements.import_templates import template_csv, template_xlsx
from procurements.importing import COLUMNS, import_file, preview_import
from procurements.models import Procurement
from tests.procurement_import_helpers import create_categories

pytestmark = pytest.mark.django_db

HEADERS = [column.header for column in COLUMNS]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def categories(db):
    return create_categories()


def filled_in(column) -> str:
    """What a user writes in the template: the column's example, or a fitting value."""
    if column.header == "kategori":
        return "Livsmedel och måltider"
    if column.header == "livsmedel":
        return "ja"
    return column.example


def test_the_csv_template_is_the_header_row_for_swedish_excel():
    content = template_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == ";".join(HEADERS) + "\r\n"


def test_the_xlsx_template_has_the_headers_first_and_instructions_after(categories):
    workbook = load_workbook(io.BytesIO(template_xlsx(["IT", "Livsmedel och måltider"])))
    first = workbook.worksheets[0]
    assert [cell.value for cell in first[1]] == HEADERS
    assert first.max_row == 1
    instructions = workbook.worksheets[-1]
    documented = [row[0] for row in instructions.iter_rows(min_row=2, values_only=True)]
    assert documented[: len(HEADERS)] == HEADERS
    lists = {str(validation.formula1) for validation in first.data_validations.dataValidation}
    assert any("$C$1:$C$2" in formula for formula in lists)  # the categories, column C


def test_a_filled_in_csv_template_imports_cleanly(categories, chef):
    content = io.StringIO(template_csv().decode("utf-8-sig"), newline="")
    content.seek(0, io.SEEK_END)
    csv.writer(content, delimiter=";").writerow(filled_in(column) for column in COLUMNS)

    outcome = import_file(content.getvalue().encode("utf-8-sig"), "mall.csv", user=chef)

    assert not outcome.plan.has_errors, outcome.plan.issues
    assert outcome.result.procurements_created == 1
    assert outcome.result.tenders_created == 1
    procurement = Procurement.objects.get(registry_number="UhC 2024/123")
    assert procurement.uhm_chemicals == "bas"


def test_a_filled_in_xlsx_template_imports_cleanly_and_again_changes_nothing(categories, chef):
    workbook = load_workbook(io.BytesIO(template_xlsx(["IT", "Livsmedel och måltider"])))
    sheet = workbook.worksheets[0]
    sheet.append([filled_in(column) or None for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    outcome = import_file(buffer.getvalue(), "mall.xlsx", user=chef)

    assert not outcome.plan.has_errors, outcome.plan.issues
    assert outcome.result.procurements_created == 1
    assert not preview_import(buffer.getvalue(), "mall.xlsx").has_changes
