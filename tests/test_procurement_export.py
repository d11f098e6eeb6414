"""The register's export: the list's rows in the import's format, streamed, and back again."""

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from procurements import export, import_storage, importing
from procurements.models import Procurement, Tender
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db

D = dt.date
IMPORT_HEADERS = [column.header for column in importing.REGISTER_FORMAT.columns]


@pytest.fixture
def register():
    make_procurement(
        registry_number="E-1",
        title="Städtjänster",
        advertised_on=D(2023, 2, 1),
        completed_on=D(2023, 6, 1),
        questions_received=7,
        environmental_requirement=True,
        uhm_chemicals="avancerad",
        tenders=3,
    )
    make_procurement(registry_number="E-2", title="Livsmedel", advertised_on=D(2024, 1, 10))
    make_procurement(
        registry_number="E-3",
        title="Möbler",
        advertised_on=D(2024, 2, 1),
        cancelled_on=D(2024, 3, 1),
        cancellation_reason="Inga anbud",
        procedure="simplified",
        scope="municipality",
        municipality_names=("Ludvika",),
    )


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    text = content(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export_file(client, file_format, **params):
    response = client.get(reverse("procurements:export", args=[file_format]), params)
    assert response.status_code == 200
    return response


def as_dicts(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_exactly_the_imports_columns(
    file_format, register, committee_member, client_for
):
    response = export_file(client_for(committee_member), file_format)
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    assert rows[0] == IMPORT_HEADERS


def test_csv_export_holds_one_row_per_tender_of_exactly_the_filtered_procurements(
    register, committee_member, client_for
):
    response = export_file(client_for(committee_member), "csv", year="2023")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = as_dicts(csv_rows(response))
    assert [row["diarienummer"] for row in rows] == ["E-1", "E-1", "E-1"]
    assert [row["leverantör"] for row in rows] == [
        "Leverantör 1 AB",
        "Leverantör 2 AB",
        "Leverantör 3 AB",
    ]
    assert [row["tilldelad"] for row in rows] == ["ja", "nej", "nej"]
    assert {row["rubrik"] for row in rows} == {"Städtjänster"}  # on every row of it


def test_a_procurement_without_tenders_is_one_row_with_the_tender_columns_empty(
    register, committee_member, client_for
):
    [row] = as_dicts(csv_rows(export_file(client_for(committee_member), "csv", q="E-2")))
    tender_headers = [column.header for column in importing.COLUMNS if column.target == "tender"]
    assert [row[header] for header in tender_headers] == ["", "", "", ""]


def test_xlsx_export_holds_exactly_the_filtered_rows(register, committee_member, client_for):
    response = export_file(client_for(committee_member), "xlsx", status="cancelled")
    assert [row[0] for row in xlsx_rows(response)[1:]] == ["E-3"]


def test_export_follows_the_lists_sort_order_and_ignores_pagination(
    register, committee_member, client_for
):
    rows = csv_rows(export_file(client_for(committee_member), "csv", sort="title", page="2"))
    assert [row[1] for row in rows[1:]] == ["Livsmedel", "Möbler", *["Städtjänster"] * 3]


def test_export_writes_the_words_the_import_reads(register, committee_member, client_for):
    rows = as_dicts(csv_rows(export_file(client_for(committee_member), "csv")))
    cancelled = next(row for row in rows if row["diarienummer"] == "E-3")
    completed = next(row for row in rows if row["diarienummer"] == "E-1")
    assert (cancelled["typ"], cancelled["förfarande"], cancelled["kommuner"]) == (
        "kommunspecifik",
        "förenklat",
        "Ludvika",
    )
    assert (completed["typ"], completed["förfarande"], completed["kommuner"]) == (
        "gemensam",
        "öppet",
        "Falun; Borlänge",
    )
    assert (completed["miljökrav"], completed["livsmedel"]) == ("ja", "nej")
    assert (completed["uhm_kemikalier"], completed["uhm_återbruk"]) == ("avancerad", "ingen")
    assert (completed["annonserad"], completed["avslutad"], completed["avbruten"]) == (
        "2023-02-01",
        "2023-06-01",
        "",
    )
    assert (cancelled["avbruten"], cancelled["avbrytandeorsak"]) == ("2024-03-01", "Inga anbud")
    assert completed["organisationsnummer"] == completed["organisationsnummer"].strip()
    assert completed["antal_frågor"] == "7"


def test_xlsx_keeps_dates_and_numbers_as_typed_cells(register, committee_member, client_for):
    response = export_file(client_for(committee_member), "xlsx", status="completed")
    sheet = load_workbook(io.BytesIO(content(response))).active
    row = as_dicts([list(row) for row in sheet.iter_rows(values_only=True)])[0]
    assert row["annonserad"] == dt.datetime(2023, 2, 1)
    assert row["antal_frågor"] == 7
    assert row["kategori"] == "Livsmedel"
    assert sheet.cell(row=2, column=IMPORT_HEADERS.index("annonserad") + 1).is_date
    assert sheet.cell(row=2, column=IMPORT_HEADERS.index("annonserad") + 1).number_format == (
        "yyyy-mm-dd"
    )


def test_unrecorded_questions_are_empty_not_zero(committee_member, client_for):
    make_procurement(registry_number="E-9")
    [row] = as_dicts(csv_rows(export_file(client_for(committee_member), "csv")))
    assert row["antal_frågor"] == ""


def test_a_title_that_looks_like_a_formula_stays_text(committee_member, client_for):
    make_procurement(registry_number="E-9", title="=HYPERLINK(1)")
    client = client_for(committee_member)
    [row] = as_dicts(csv_rows(export_file(client, "csv")))
    assert row["rubrik"] == "'=HYPERLINK(1)"
    response = export_file(client, "xlsx")
    cell = load_workbook(io.BytesIO(content(response))).active["B2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_characters_no_spreadsheet_holds_are_left_out(committee_member, client_for):
    make_procurement(registry_number="E-9", title="Städ\x0btjänster <&> ")
    client = client_for(committee_member)
    [row] = as_dicts(csv_rows(export_file(client, "csv")))
    assert row["rubrik"] == "Städtjänster <&> "
    [row] = as_dicts(xlsx_rows(export_file(client, "xlsx")))
    assert row["rubrik"] == "Städtjänster <&> "


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exports_are_not_stored_by_caches(file_format, register, committee_member, client_for):
    response = export_file(client_for(committee_member), file_format)
    assert "no-store" in response["Cache-Control"]


def test_the_csv_is_streamed_as_it_is_written_and_the_xlsx_sent_from_a_file(
    register, committee_member, client_for
):
    client = client_for(committee_member)
    assert export_file(client, "csv").streaming
    xlsx = export_file(client, "xlsx")
    assert xlsx.streaming and xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert int(xlsx["Content-Length"]) == len(content(xlsx))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_reads_the_register_in_chunks_of_a_fixed_number_of_queries(
    file_format, monkeypatch, committee_member, client_for, django_assert_num_queries
):
    """The chunk's procurements, then their municipalities and their tenders."""
    monkeypatch.setattr(export, "CHUNK", 4)
    client = client_for(committee_member)
    for number in range(8):
        make_procurement(registry_number=f"E-{number}", tenders=number % 3)
    request = 5  # session, user, the data version, permissions (new after a write), years
    with django_assert_num_queries(request + 1 + 2 * 2):  # 8 procurements, in two chunks
        rows = content(export_file(client, file_format))
    for number in range(8, 12):
        make_procurement(registry_number=f"E-{number}", tenders=2)
    with django_assert_num_queries(request + 1 + 2 * 3):  # 12 procurements, in three chunks
        more = content(export_file(client, file_format))
    assert len(more) > len(rows)


def test_an_unknown_export_format_is_not_found(committee_member, client_for):
    response = client_for(committee_member).get("/upphandlingar/export/pdf/")
    assert response.status_code == 404


def test_anonymous_visitors_cannot_export(client):
    response = client.get(reverse("procurements:export", args=["csv"]))
    assert response.status_code == 302


# --- The round trip -------------------------------------------------------------------


@pytest.fixture
def demo_register(db):
    call_command("seed_demo", year=2023, count=120, seed=11, stdout=io.StringIO())
    awkward = make_procurement(
        registry_number="UhC 2023/999",
        title="=Summa & <allt>",
        advertised_on=D(2023, 3, 1),
        cancelled_on=D(2023, 4, 1),
        cancellation_reason="Inga anbud.\r\nNy upphandling; se “beslut”.",
        tenders=1,
    )
    awkward.tenders.update(supplier_name="-20 % Leverantör AB")


@pytest.fixture
def import_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"


def _history_rows() -> tuple[int, int]:
    return Procurement.history.count(), Tender.history.count()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_register_imports_back_with_nothing_changed(
    file_format, demo_register, import_directory, procurement_officer, client_for
):
    client = client_for(procurement_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    exported = content(export_file(client, file_format))
    history = _history_rows()
    procurements = Procurement.objects.count()
    tenders = Tender.objects.count()

    upload = SimpleUploadedFile(f"upphandlingar.{file_format}", exported)
    assert client.post(reverse("procurements:import"), {"file": upload}).status_code == 302
    preview = client.get(reverse("procurements:import_confirm"))

    plan = preview.context["plan"]
    assert plan.issues == [] and plan.warnings == []
    assert (plan.procurements_unchanged, plan.procurements_created) == (procurements, 0)
    assert plan.procurements_updated == 0
    assert (plan.tenders_unchanged, plan.tenders_created, plan.tenders_updated) == (tenders, 0, 0)
    assert "Inget att importera: hela filen finns redan i registret." in preview.text
    assert "Importera filen" not in preview.text

    token = client.session[import_storage.SESSION_KEY]["token"]
    client.post(reverse("procurements:import_confirm"), {"token": token})
    assert _history_rows() == history
    assert (Procurement.objects.count(), Tender.objects.count()) == (procurements, tenders)
