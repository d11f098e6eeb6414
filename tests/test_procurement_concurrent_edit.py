"""Two people editing the same procurement: /upphandlingar/<pk>/redigera/ (procurements:update).

The second save, based on a procurement someone else changed in between, is
refused with 409, naming who saved and what changed; nothing of it is saved,
and the form is shown again on top of the newer procurement with the second
person's own changes kept.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from accounts.roles import PROCUREMENT_OFFICER
from procurements.importing import import_file
from procurements.models import Procurement, Tender
from tests.procurement_helpers import browser_data, make_procurement, valid_organisation_number
from tests.procurement_import_helpers import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurement(procurement_officer, client_for):
    """A procurement with two tenders, created and then saved once through the form."""
    procurement = make_procurement(title="Städtjänster", tenders=2)
    client = client_for(procurement_officer)
    data = _page_data(client, procurement)
    data["questions_received"] = ["3"]
    assert client.post(_url(procurement), data).status_code == 302
    return Procurement.objects.get(pk=procurement.pk)


def _url(procurement) -> str:
    return reverse("procurements:update", args=[procurement.pk])


def _page_data(client, procurement) -> dict:
    response = client.get(_url(procurement))
    assert response.status_code == 200
    return browser_data(response)


def _clients(procurement_officer) -> tuple[Client, Client]:
    second_officer = User.objects.create_user("ylva", password="test-password", first_name="Ylva")
    second_officer.groups.add(Group.objects.get(name=PROCUREMENT_OFFICER))
    first, second = Client(), Client()
    first.force_login(procurement_officer)
    second.force_login(second_officer)
    return first, second


def _tender_index(data: dict, tender: Tender) -> int:
    return next(
        int(name.split("-")[1])
        for name, value in data.items()
        if name.endswith("-id") and name.startswith("tenders-") and value == [str(tender.pk)]
    )


def test_the_form_carries_the_procurements_version(procurement, procurement_officer, client_for):
    content = client_for(procurement_officer).get(_url(procurement)).content.decode()
    assert procurement.version == 1
    assert '<input type="hidden" name="version" value="1"' in content
    assert '<input type="hidden" name="loaded" value="{' in content


def test_the_second_of_two_concurrent_saves_is_refused_naming_who_and_what_changed(
    procurement, procurement_officer
):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)

    first_data["title"] = ["Städtjänster 2024"]
    assert first.post(_url(procurement), first_data).status_code == 302
    second_data["questions_received"] = ["7"]
    response = second.post(_url(procurement), second_data)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Ingenting sparades: Ulf sparade upphandlingen efter att du öppnade den" in content
    conflict = response.context["conflict"]
    assert conflict["editors"] == ["Ulf"]
    [change] = conflict["changes"]
    assert change.who == "Ulf"
    assert [(c.field, c.old, c.new) for c in change.changes] == [
        ("Rubrik", "Städtjänster", "Städtjänster 2024")
    ]
    saved = Procurement.objects.get(pk=procurement.pk)
    assert (saved.title, saved.questions_received, saved.version) == ("Städtjänster 2024", 3, 2)
    assert not Procurement.history.filter(history_user__username="ylva").exists()


def test_a_refused_save_keeps_the_input_laid_on_the_newer_procurement(
    procurement, procurement_officer
):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), first_data)
    second_data["questions_received"] = ["7"]

    refused = second.post(_url(procurement), second_data)

    form = refused.context["form"]
    assert form["title"].value() == "Städtjänster 2024"
    assert form["questions_received"].value() == "7"
    assert form["version"].value() == "2"
    assert refused.context["conflict"]["both_changed"] == []
    again = second.post(_url(procurement), refused.context["form"].data)
    assert again.status_code == 302
    saved = Procurement.objects.get(pk=procurement.pk)
    assert (saved.title, saved.questions_received, saved.version) == ("Städtjänster 2024", 7, 3)
    assert saved.tenders.count() == 2


def test_tender_changes_of_both_are_kept_when_saving_again(procurement, procurement_officer):
    first_tender, second_tender = procurement.tenders.order_by("pk")
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    index = _tender_index(first_data, first_tender)
    first_data[f"tenders-{index}-supplier_name"] = ["Städbolaget AB"]
    assert first.post(_url(procurement), first_data).status_code == 302

    index = _tender_index(second_data, second_tender)
    second_data[f"tenders-{index}-DELETE"] = ["on"]
    second_data["tenders-2-supplier_name"] = ["Nya Städ AB"]
    second_data["tenders-2-organisation_number"] = [valid_organisation_number(9)]
    refused = second.post(_url(procurement), second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == []
    again = second.post(_url(procurement), refused.context["form"].data)
    assert again.status_code == 302
    assert set(procurement.tenders.values_list("supplier_name", flat=True)) == {
        "Städbolaget AB",
        "Nya Städ AB",
    }


def test_a_field_both_changed_is_named_so_that_saving_again_is_a_choice(
    procurement, procurement_officer
):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), first_data)
    second_data["title"] = ["Lokalvård"]

    refused = second.post(_url(procurement), second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == ["Rubrik"]
    assert "Du har också ändrat dessa" in refused.content.decode()
    assert refused.context["form"]["title"].value() == "Lokalvård"
    assert Procurement.objects.get(pk=procurement.pk).title == "Städtjänster 2024"


def test_a_tender_changed_by_one_and_deleted_by_the_other_can_be_added_back(
    procurement, procurement_officer
):
    first_tender = procurement.tenders.order_by("pk").first()
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data[f"tenders-{_tender_index(first_data, first_tender)}-DELETE"] = ["on"]
    first.post(_url(procurement), first_data)
    second_data[f"tenders-{_tender_index(second_data, first_tender)}-is_awarded"] = []

    refused = second.post(_url(procurement), second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == [
        "Anbud från Leverantör 1 AB: togs bort av någon annan; sparar du igen läggs din version "
        "till på nytt"
    ]
    assert not Tender.objects.filter(pk=first_tender.pk).exists()
    again = second.post(_url(procurement), refused.context["form"].data)
    assert again.status_code == 302
    re_added = procurement.tenders.get(supplier_name="Leverantör 1 AB")
    assert not re_added.is_awarded


def test_a_third_save_from_a_freshly_opened_form_is_saved(procurement, procurement_officer):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), first_data)
    second_data["title"] = ["Lokalvård"]
    assert second.post(_url(procurement), second_data).status_code == 409

    fresh = _page_data(second, procurement)
    fresh["questions_received"] = ["9"]
    assert second.post(_url(procurement), fresh).status_code == 302

    saved = Procurement.objects.get(pk=procurement.pk)
    assert (saved.title, saved.questions_received) == ("Städtjänster 2024", 9)
    assert saved.history.latest("history_date").history_user.username == "ylva"


def test_a_post_without_the_version_is_refused_and_saves_nothing(
    procurement, procurement_officer, client_for
):
    client = client_for(procurement_officer)
    data = _page_data(client, procurement)
    del data["version"]
    data["title"] = ["Lokalvård"]

    response = client.post(_url(procurement), data)

    assert response.status_code == 200
    assert "Ladda om sidan och gör dina ändringar igen." in response.content.decode()
    assert Procurement.objects.get(pk=procurement.pk).title == "Städtjänster"


@pytest.mark.parametrize(
    "loaded", ["{not json", "[]", '{"at": "2024-01-01T00:00:00", "data": {}}', '{"at": 5}']
)
def test_a_garbled_snapshot_still_refuses_and_keeps_what_differs(
    loaded, procurement, procurement_officer
):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), first_data)
    second_data["loaded"] = [loaded]
    second_data["questions_received"] = ["7"]

    refused = second.post(_url(procurement), second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == [
        "Rubrik",
        "Antal frågor under annonseringstiden",
    ]
    assert refused.context["form"]["questions_received"].value() == "7"
    assert Procurement.objects.get(pk=procurement.pk).questions_received == 3


def test_a_tender_changed_in_the_admin_refuses_a_form_opened_before(
    procurement, procurement_officer, chef
):
    first, second = _clients(procurement_officer)
    first.force_login(chef)
    data = _page_data(second, procurement)
    tender = procurement.tenders.order_by("pk").first()
    admin = first.post(
        reverse("admin:procurements_tender_change", args=[tender.pk]),
        {
            "procurement": procurement.pk,
            "supplier_name": "Omdöpt AB",
            "organisation_number": tender.organisation_number,
        },
    )
    assert admin.status_code == 302

    data["title"] = ["Lokalvård"]
    response = second.post(_url(procurement), data)

    assert response.status_code == 409
    assert response.context["conflict"]["editors"] == ["Cecilia"]
    assert Procurement.objects.get(pk=procurement.pk).title == "Städtjänster"


def test_the_admin_refuses_a_save_based_on_an_older_version(
    procurement, procurement_officer, chef, client_for
):
    admin = client_for(chef)
    page = admin.get(reverse("admin:procurements_procurement_change", args=[procurement.pk]))
    loaded_version = page.context["adminform"].form["loaded_version"].value()
    first, _second = _clients(procurement_officer)
    data = _page_data(first, procurement)
    data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), data)

    response = admin.post(
        reverse("admin:procurements_procurement_change", args=[procurement.pk]),
        {
            "loaded_version": loaded_version,
            "registry_number": procurement.registry_number,
            "title": "Från admin",
            "category": procurement.category_id,
            "scope": "joint",
            "municipalities": [m.pk for m in procurement.municipalities.all()],
            "procedure": "open",
            **{name: "none" for name in Procurement.UHM_FIELDS},
            "tenders-TOTAL_FORMS": "0",
            "tenders-INITIAL_FORMS": "0",
            "review_appeals-TOTAL_FORMS": "0",
            "review_appeals-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Någon annan sparade upphandlingen efter att du öppnade den" in response.content.decode()
    assert Procurement.objects.get(pk=procurement.pk).title == "Städtjänster 2024"


def test_an_import_that_changes_a_tender_refuses_a_form_opened_before(
    procurement, procurement_officer, chef
):
    first, second = _clients(procurement_officer)
    data = _page_data(second, procurement)
    before = procurement.version
    tender = procurement.tenders.order_by("pk").first()
    row = {
        "diarienummer": procurement.registry_number,
        "rubrik": procurement.title,
        "kategori": procurement.category.name,
        "kommuner": "Falun; Borlänge",
        "leverantör": tender.supplier_name,
        "organisationsnummer": tender.organisation_number,
        "regional_närvaro": "ja",
    }
    outcome = import_file(csv_bytes([row], headers=list(row)), "rättelse.csv", user=chef)
    assert outcome.result is not None, [issue for _n, issue in outcome.plan.issues]
    assert Procurement.objects.get(pk=procurement.pk).version > before

    data["title"] = ["Lokalvård"]
    response = second.post(_url(procurement), data)

    assert response.status_code == 409
    assert Procurement.objects.get(pk=procurement.pk).title == "Städtjänster"
    assert dt.date(2024, 3, 1) == Procurement.objects.get(pk=procurement.pk).advertised_on


def test_an_outdated_post_with_a_tampered_formset_is_refused_without_a_crash(
    procurement, procurement_officer
):
    first, second = _clients(procurement_officer)
    first_data, second_data = _page_data(first, procurement), _page_data(second, procurement)
    first_data["title"] = ["Städtjänster 2024"]
    first.post(_url(procurement), first_data)
    second_data["tenders-TOTAL_FORMS"] = ["många"]
    second_data["tenders-0-id"] = ["999999"]

    response = second.post(_url(procurement), second_data)

    assert response.status_code == 409
    assert Procurement.objects.get(pk=procurement.pk).tenders.count() == 2
