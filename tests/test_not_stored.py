"""Register data handed out as files or previews is never kept by a cache.

Views that give away unpublished data (exports, import previews, and the draft PDFs
to come) are decorated with Django's ``never_cache``, which sends
``Cache-Control: no-store``. Add each such page to NOT_STORED.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import report_pdf
from tests.procurement_import_helpers import create_categories, csv_bytes, four_procurements

pytestmark = pytest.mark.django_db

NOT_STORED = [
    reverse("procurements:export", args=["csv"]),
    reverse("procurements:export", args=["xlsx"]),
    reverse("procurements:import_confirm"),
    reverse("reports:report_pdf", args=[2023, 4]),
]


@pytest.fixture
def uploaded_file(procurement_officer, client_for, settings, tmp_path, monkeypatch):
    """The officer's client, with a file uploaded and waiting for its preview."""
    settings.PROCUREMENT_IMPORT_DIR = tmp_path / "imports"
    settings.REPORT_CACHE_DIR = tmp_path / "report-cache"
    monkeypatch.setattr(report_pdf, "_render", lambda report, variant: b"%PDF-1.7")
    create_categories()
    client = client_for(procurement_officer)
    file = SimpleUploadedFile("upphandlingar.csv", csv_bytes(four_procurements()))
    assert client.post(reverse("procurements:import"), {"file": file}).status_code == 302
    return client


@pytest.mark.parametrize("url", NOT_STORED)
def test_the_page_tells_every_cache_not_to_store_it(url, uploaded_file):
    response = uploaded_file.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
