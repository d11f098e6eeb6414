import re

from procurements.models import Category, Procurement
from tests.browser.conftest import severe_accessibility_violations
from tests.procurement_helpers import make_procurement

TENDERS = [
    ("Dalarnas Städ AB", "556036-0793", True),
    ("Ludvika Service AB", "2120002064", False),
    ("Borlänge Rent AB", "556016-0680", False),
]


def test_procurement_officer_creates_a_procurement_with_three_tenders(
    sign_in, procurement_officer, live_server
):
    Category.objects.create(name="Fastighetsservice")
    page = sign_in(procurement_officer)
    page.goto(f"{live_server.url}/upphandlingar/ny/")

    page.locator("#id_registry_number").fill("UhC 2024/321")
    page.locator("#id_title").fill("Lokalvård för skolor")
    page.locator("#id_category").select_option(label="Fastighetsservice")
    page.get_by_label("Falun", exact=True).check()
    page.get_by_label("Ludvika", exact=True).check()
    page.locator("#id_advertised_on").fill("2024-03-01")
    page.locator("#id_tender_deadline").fill("2024-04-02")
    page.locator("#id_questions_received").fill("4")
    page.locator("#id_gender_equality_requirement").check()
    page.locator("#id_uhm_chemicals").select_option("avancerad")
    for index, (supplier, number, awarded) in enumerate(TENDERS):
        page.locator(f"#id_tenders-{index}-supplier_name").fill(supplier)
        page.locator(f"#id_tenders-{index}-organisation_number").fill(number)
        if awarded:
            page.locator(f"#id_tenders-{index}-is_awarded").check()
    page.locator("form.procurement-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/upphandlingar/\d+/$"))

    procurement = Procurement.objects.get(registry_number="UhC 2024/321")
    assert procurement.tenders.count() == 3
    assert procurement.tenders.get(is_awarded=True).supplier_name == "Dalarnas Städ AB"
    assert set(procurement.municipalities.values_list("name", flat=True)) == {"Falun", "Ludvika"}
    assert procurement.questions_received == 4
    assert page.get_by_role("heading", name="Lokalvård för skolor").is_visible()
    for supplier, _number, _awarded in TENDERS:
        assert page.get_by_role("rowheader", name=supplier).is_visible()


def test_a_bad_organisation_number_is_shown_on_the_form(sign_in, procurement_officer, live_server):
    Category.objects.create(name="Fastighetsservice")
    page = sign_in(procurement_officer)
    page.goto(f"{live_server.url}/upphandlingar/ny/")
    page.locator("#id_registry_number").fill("UhC 2024/322")
    page.locator("#id_title").fill("Fönsterputs")
    page.locator("#id_category").select_option(label="Fastighetsservice")
    page.get_by_label("Säter", exact=True).check()
    page.locator("#id_tenders-0-supplier_name").fill("Fel AB")
    page.locator("#id_tenders-0-organisation_number").fill("556036-0794")
    page.locator("form.procurement-form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("#id_tenders-0-organisation_number").get_attribute("aria-invalid") == "true"
    assert not Procurement.objects.exists()
    assert severe_accessibility_violations(page) == []


def test_committee_member_reads_but_cannot_edit(sign_in, committee_member, live_server):
    procurement = make_procurement(tenders=2)
    page = sign_in(committee_member)
    response = page.goto(f"{live_server.url}/upphandlingar/{procurement.pk}/")
    assert response.status == 200
    assert page.get_by_role("heading", name=procurement.title).is_visible()
    response = page.goto(f"{live_server.url}/upphandlingar/{procurement.pk}/redigera/")
    assert response.status == 403


def test_register_pages_have_no_serious_accessibility_violations(
    sign_in, procurement_officer, live_server
):
    procurement = make_procurement(tenders=3, is_demo=True)
    procurement.title = "Ändrad titel"
    procurement.save()
    page = sign_in(procurement_officer)
    for path in (
        "/upphandlingar/",
        "/upphandlingar/?status=advertised&sort=title",
        f"/upphandlingar/{procurement.pk}/",
        "/upphandlingar/ny/",
        f"/upphandlingar/{procurement.pk}/redigera/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert severe_accessibility_violations(page) == [], path
