"""The procurement plan's import pages: upload, preview, confirm and the templates."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurements import import_storage
from procurements.importing import PLAN_COLUMNS
from procurements.models import ProcurementPlanItem
from tests.procurement_helpers import category
from tests.procurement_import_helpers import csv_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("procurements:plan_import")
CONFIRM = reverse("procurements:plan_import_confirm")
TEMPLATE_CSV = reverse("procurements:plan_import_template_csv")
TEMPLATE_XLSX = reverse("procurements:plan_import_template_xlsx")
HEADERS = [c.header for c in PLAN_COLUMNS]


@pytest.fixture(autouse=True)
def upload_directory(settings, tmp_path):
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"


@pytest.fixture
def officer_client(procurement_officer, client_for):
    category("IT")
    client = client_for(procurement_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def rows(quarter="2") -> list[dict]:
    return [
        {
            "planår": "2023",
            "nr": str(number),
            "rubrik": f"Upphandling {number}",
            "kategori": "IT",
            "kommuner": "Falun",
            "planerat_kvartal": quarter if number == 2 else "1",
        }
        for number in (1, 2, 3)
    ]


def upload(client, data: bytes, name: str = "plan.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


def confirm(client):
    token = client.session[import_storage.PLAN_SESSION_KEY]["token"]
    return client.post(CONFIRM, {"token": token})


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM, TEMPLATE_CSV, TEMPLATE_XLSX])
def test_anonymous_visitors_are_sent_to_log_in(url, client):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "user_without_role"])
@pytest.mark.parametrize("url", [UPLOAD, CONFIRM, TEMPLATE_CSV, TEMPLATE_XLSX])
def test_readers_cannot_import(role, url, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": SimpleUploadedFile("p.csv", b"x")}).status_code in (403, 405)


@pytest.mark.parametrize("role", ["procurement_officer", "chef"])
def test_staff_and_the_chef_open_the_page_and_get_the_templates(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    page = client.get(UPLOAD)
    assert page.status_code == 200
    for column in PLAN_COLUMNS:
        assert f"<code>{column.header}</code>" in page.text
    assert TEMPLATE_CSV in page.text and TEMPLATE_XLSX in page.text
    csv = client.get(TEMPLATE_CSV)
    assert csv["Content-Disposition"] == 'attachment; filename="upphandlingsplan-importmall.csv"'
    assert csv.content.decode("utf-8-sig").strip().split(";") == HEADERS
    xlsx = client.get(TEMPLATE_XLSX)
    assert xlsx["Content-Disposition"].endswith('filename="upphandlingsplan-importmall.xlsx"')


def test_a_bad_file_is_previewed_with_its_errors_then_the_corrected_one_is_imported(
    officer_client, procurement_officer
):
    response = upload(officer_client, csv_bytes(rows(quarter="9"), HEADERS))
    assert response.status_code == 302 and response["Location"] == CONFIRM
    preview = officer_client.get(CONFIRM)
    assert "Row 3, column planerat_kvartal:" in preview.text
    assert "Import the file" not in preview.text
    assert confirm(officer_client).status_code == 200  # checked again: refused again
    assert not ProcurementPlanItem.objects.exists()

    upload(officer_client, csv_bytes(rows(), HEADERS))
    preview = officer_client.get(CONFIRM)
    assert "New plan items" in preview.text and "Import the file" in preview.text
    done = confirm(officer_client)
    assert done.status_code == 302 and done["Location"] == reverse("procurements:plan")
    assert ProcurementPlanItem.objects.count() == 3
    assert ProcurementPlanItem.history.first().history_user == procurement_officer
    assert import_storage.PLAN_SESSION_KEY not in officer_client.session

    upload(officer_client, csv_bytes(rows(), HEADERS))
    assert "Nothing to import: the plan already holds the whole file." in (
        officer_client.get(CONFIRM).text
    )


def test_a_register_file_is_refused_on_upload_with_the_columns_it_lacks(officer_client):
    response = upload(officer_client, csv_bytes([{"diarienummer": "UhC 1"}], ["diarienummer"]))
    assert response.status_code == 200
    assert "Required columns are missing: planår, nr, rubrik" in response.text


def test_the_register_and_the_plan_keep_their_uploads_apart(officer_client):
    upload(officer_client, csv_bytes(rows(), HEADERS))
    register_token = import_storage.SESSION_KEY
    assert register_token not in officer_client.session
    register_confirm = reverse("procurements:import_confirm")
    response = officer_client.get(register_confirm)
    assert response.status_code == 302  # no register upload to preview
    assert officer_client.get(CONFIRM).status_code == 200
