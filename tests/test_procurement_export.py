import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from procurements.export import as_csv, export_table
from procurements.selectors import procurement_list_queryset
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def register():
    make_procurement(
        registry_number="E-1",
        title="Städtjänster",
        advertised_on=D(2023, 2, 1),
        completed_on=D(2023, 6, 1),
        questions_received=7,
        tenders=3,
    )
    make_procurement(registry_number="E-2", title="Livsmedel", advertised_on=D(2024, 1, 10))
    make_procurement(
        registry_number="E-3",
        title="Möbler",
        advertised_on=D(2024, 2, 1),
        cancelled_on=D(2024, 3, 1),
        cancellation_reason="Inga anbud",
    )


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(client, file_format, **params):
    response = client.get(reverse("procurements:export", args=[file_format]), params)
    assert response.status_code == 200
    return response


def test_csv_export_holds_exactly_the_filtered_rows(register, committee_member, client_for):
    response = export(client_for(committee_member), "csv", year="2024")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["E-3", "E-2"]


def test_xlsx_export_holds_exactly_the_filtered_rows(register, committee_member, client_for):
    response = export(client_for(committee_member), "xlsx", status="completed")
    rows = xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == ["E-1"]


def test_export_follows_the_lists_sort_order_and_ignores_pagination(
    register, committee_member, client_for
):
    rows = csv_rows(export(client_for(committee_member), "csv", sort="title", page="2"))
    assert [row[1] for row in rows[1:]] == ["Livsmedel", "Möbler", "Städtjänster"]


def test_export_has_swedish_headers_and_readable_values(register, committee_member, client_for):
    rows = csv_rows(export(client_for(committee_member), "csv", status="completed"))
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert values["Diarienummer"] == "E-1"
    assert values["Kommuner"] == "Falun, Borlänge"
    assert "Ja" in row and "Nej" in row
    assert "2023-06-01" in row


def test_xlsx_keeps_dates_and_counts_as_typed_cells(register, committee_member, client_for):
    rows = xlsx_rows(export(client_for(committee_member), "xlsx", status="completed"))
    row = rows[1]
    assert dt.datetime(2023, 6, 1) in row
    assert 7 in row  # questions received
    assert 3 in row  # tenders


def test_unrecorded_questions_are_empty_not_zero():
    make_procurement(registry_number="E-9")
    with translation.override("en"):
        headers, rows = export_table(procurement_list_queryset())
    assert rows[0][headers.index("Questions received while advertised")] is None


def test_a_title_that_looks_like_a_formula_stays_text():
    content = as_csv(["Title"], [["=HYPERLINK(1)"]]).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content


def test_an_unknown_export_format_is_not_found(committee_member, client_for):
    response = client_for(committee_member).get("/upphandlingar/export/pdf/")
    assert response.status_code == 404
