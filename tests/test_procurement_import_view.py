"""The import pages: upload, preview, confirm and the template downloads."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from procurements import import_storage, importing
from procurements.models import Procurement, Tender
from tests.procurement_import_helpers import (
    create_categories,
    csv_bytes,
    file_bytes,
    four_procurements,
    good_rows,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("procurements:import")
CONFIRM = reverse("procurements:import_confirm")
TEMPLATE_CSV = reverse("procurements:import_template_csv")
TEMPLATE_XLSX = reverse("procurements:import_template_xlsx")


@pytest.fixture(autouse=True)
def upload_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"
    return settings.PROCUREMENT_IMPORT_DIR


@pytest.fixture
def categories(db):
    return create_categories()


@pytest.fixture
def officer_client(procurement_officer, client_for):
    client = client_for(procurement_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, data: bytes, name: str, **extra):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)}, **extra)


def confirm(client):
    token = client.session[import_storage.SESSION_KEY]["token"]
    return client.post(CONFIRM, {"token": token})


def test_the_upload_page_offers_the_templates_and_explains_every_column(officer_client):
    response = officer_client.get(UPLOAD)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert TEMPLATE_CSV in response.text and TEMPLATE_XLSX in response.text
    for column in importing.COLUMNS:
        assert f"<code>{column.header}</code>" in response.text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_issue_scenario_through_the_pages(
    kind, categories, procurement_officer, officer_client
):
    rows = four_procurements()
    rows[2]["sista_anbudsdag"] = "2024-02-01"

    response = upload(officer_client, file_bytes(kind, rows), f"upphandlingar.{kind}")
    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    preview = officer_client.get(CONFIRM)
    assert "Row 4, column sista_anbudsdag:" in preview.text
    assert "The tender deadline cannot be before the procurement was advertised." in preview.text
    assert "Import the file" not in preview.text
    assert confirm(officer_client).status_code == 200  # re-validated: refused again
    assert Procurement.objects.count() == 0

    rows[2]["sista_anbudsdag"] = "2024-04-02"
    upload(officer_client, file_bytes(kind, rows), f"upphandlingar.{kind}")
    preview = officer_client.get(CONFIRM)
    assert preview.text.count("<td>New procurement") == 4
    assert "Import the file" in preview.text
    response = confirm(officer_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("procurements:list")
    assert Procurement.objects.count() == 4
    assert Procurement.objects.get(
        registry_number="UhC 2024/1"
    ).history.earliest().history_user == (procurement_officer)

    upload(officer_client, file_bytes(kind, rows), f"upphandlingar.{kind}")
    preview = officer_client.get(CONFIRM)
    assert "Nothing to import: the register already holds the whole file." in preview.text
    assert "Import the file" not in preview.text
    assert preview.text.count("<td>Procurement unchanged") == 4


def test_the_preview_lists_every_row_with_what_happens_to_it(categories, officer_client):
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    preview = officer_client.get(CONFIRM)
    for number in (2, 3, 4, 5):
        assert f'id="row-{number}"' in preview.text
    assert "New procurement; new tender" in preview.text
    assert 'th scope="row"' in preview.text


def test_the_preview_makes_a_fixed_number_of_queries(
    categories, officer_client, django_assert_max_num_queries
):
    many = [
        {**row, "diarienummer": f"{row['diarienummer']}-{n}"}
        for n in range(40)
        for row in good_rows()
    ]
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    with django_assert_max_num_queries(12):
        officer_client.get(CONFIRM)
    upload(officer_client, csv_bytes(many), "f.csv")
    with django_assert_max_num_queries(12):
        assert officer_client.get(CONFIRM).status_code == 200


def test_a_successful_import_says_what_it_did_and_forgets_the_file(
    categories, officer_client, upload_directory
):
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    response = confirm(officer_client)
    page = officer_client.get(response["Location"])
    assert "Imported f.csv: 3 new and 0 changed procurements, 0 unchanged." in page.text
    assert import_storage.SESSION_KEY not in officer_client.session
    assert list(upload_directory.iterdir()) == []
    assert Tender.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj", "upphandlingar.csv", "The file is a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "upphandlingar.xlsx", "The file is an image"),
        (b"diarienummer;rubrik\n", "upphandlingar.pdf", "Only CSV (.csv) and Excel (.xlsx)"),
        (b"", "tom.csv", "The submitted file is empty."),
        (b"diarienummer;rubrik;kategori;kommuner\n", "f.csv", "no rows to import"),
        (
            b"diarienummer;titel\nA;B\n",
            "f.csv",
            "Required columns are missing: rubrik, kategori, kommuner.",
        ),
        (b"PK\x03\x04broken", "f.xlsx", "may be damaged"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_clearly(
    data, name, message, categories, officer_client
):
    response = upload(officer_client, data, name)
    assert response.status_code == 200
    assert message in response.text
    assert import_storage.SESSION_KEY not in officer_client.session


def test_an_xlsx_python_cannot_unzip_is_refused_as_damaged(categories, officer_client):
    data = bytearray(file_bytes("xlsx", good_rows()))
    directory = data.find(b"PK\x01\x02")  # the first central directory entry
    data[directory + 6 : directory + 8] = (99).to_bytes(2, "little")  # needs zip version 9.9
    response = upload(officer_client, bytes(data), "f.xlsx")
    assert response.status_code == 200
    assert "may be damaged" in response.text
    assert import_storage.SESSION_KEY not in officer_client.session


def test_a_number_of_thousands_of_digits_is_a_row_error_in_the_preview(categories, officer_client):
    rows = [{**good_rows()[2], "antal_frågor": "9" * 5000}]
    upload(officer_client, csv_bytes(rows), "f.csv")
    preview = officer_client.get(CONFIRM)
    assert preview.status_code == 200
    assert "Enter a whole number between 0 and 2,147,483,647." in preview.text
    assert confirm(officer_client).status_code == 200  # refused again
    assert not Procurement.objects.exists()


def test_a_file_over_the_size_limit_is_dropped_on_the_way_in(
    categories, officer_client, monkeypatch, upload_directory
):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(importing.reading, "MAX_FILE_BYTES", 1000)
    response = upload(officer_client, b"diarienummer;rubrik\n" + b"A;B\n" * 1000, "stor.csv")
    assert response.status_code == 200
    assert "The file is larger than 0 MB" in response.text
    assert not upload_directory.exists()


def test_confirming_without_an_upload_sends_back_to_the_upload_page(officer_client):
    response = officer_client.post(CONFIRM, {"token": "x" * 43})
    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert officer_client.get(CONFIRM).status_code == 302


def test_confirming_with_another_token_imports_nothing(categories, officer_client):
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    response = officer_client.post(CONFIRM, {"token": "not-the-token-" + "x" * 30})
    assert response.status_code == 302
    assert Procurement.objects.count() == 0


def test_a_garbled_token_is_refused_without_an_error(categories, officer_client):
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    response = officer_client.post(CONFIRM, {"token": "tökén"})
    assert response.status_code == 302
    assert Procurement.objects.count() == 0


def test_a_stored_upload_belongs_to_the_session_that_uploaded_it(
    categories, officer_client, chef, client_for
):
    upload(officer_client, csv_bytes(good_rows()), "f.csv")
    token = officer_client.session[import_storage.SESSION_KEY]["token"]
    other = Client()
    other.force_login(chef)
    assert other.post(CONFIRM, {"token": token}).status_code == 302
    assert Procurement.objects.count() == 0


def test_the_upload_still_needs_a_csrf_token(procurement_officer, categories):
    client = Client(enforce_csrf_checks=True)
    client.force_login(procurement_officer)
    assert upload(client, csv_bytes(good_rows()), "f.csv").status_code == 403


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM, TEMPLATE_CSV, TEMPLATE_XLSX])
def test_a_committee_member_cannot_import(url, committee_member, client_for):
    assert client_for(committee_member).get(url).status_code == 403


def test_a_committee_member_cannot_upload_or_confirm(committee_member, client_for, categories):
    client = client_for(committee_member)
    assert upload(client, csv_bytes(good_rows()), "f.csv").status_code == 403
    assert client.post(CONFIRM, {"token": "x" * 43}).status_code == 403
    assert Procurement.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_chef_can_import(chef, client_for, categories):
    client = client_for(chef)
    upload(client, csv_bytes(good_rows()), "f.csv")
    assert confirm(client).status_code == 302
    assert Procurement.objects.count() == 3


def test_the_csv_template_downloads_as_an_attachment(officer_client):
    response = officer_client.get(TEMPLATE_CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="upphandlingar-importmall.csv"'
    assert response.content.decode("utf-8-sig").startswith("diarienummer;rubrik;kategori;")


def test_the_xlsx_template_lists_the_registers_categories(officer_client, categories):
    response = officer_client.get(TEMPLATE_XLSX)
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[0]["A1"].value == "diarienummer"
    category_list = workbook.worksheets[1]
    assert [category_list.cell(row=r, column=3).value for r in (1, 2)] == [
        "Livsmedel och måltider",
        "IT",
    ]
