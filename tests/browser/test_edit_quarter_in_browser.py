from reports.models import Analysis, EnteredValue
from tests.browser.conftest import severe_accessibility_violations

URL = "/uppfoljning/2023/2/redigera/"


def test_chef_enters_a_figure_and_an_analysis_and_saves_the_draft(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{URL}")

    page.locator("#id_value-sick-leave").fill("4,5")
    page.locator("#id_analysis-sick-leave").fill("Sjukfrånvaron minskar.")
    page.get_by_role("button", name="Spara utkastet").click()
    page.wait_for_load_state()

    assert page.get_by_text("Utkastet för kvartal 2 2023 sparades.").is_visible()
    assert page.locator("#id_value-sick-leave").input_value() == "4,5"
    value = EnteredValue.objects.get(indicator__code="sick-leave", period__quarter=2)
    assert str(value.value) == "4.50"
    assert Analysis.objects.get(indicator__code="sick-leave").text == "Sjukfrånvaron minskar."


def test_a_bad_figure_is_explained_and_the_summary_links_to_the_field(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{URL}")

    page.locator("#id_value-sick-leave").fill("120")
    page.get_by_role("button", name="Spara utkastet").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert "En andel måste vara mellan 0 och 100 %." in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_value-sick-leave"
    assert not EnteredValue.objects.exists()


def test_the_quarterly_page_has_no_serious_accessibility_violations(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{URL}")
    assert severe_accessibility_violations(page) == []


def test_the_page_with_errors_has_no_serious_accessibility_violations(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{URL}")
    page.locator("#id_value-contract-follow-ups").fill("-3")
    page.get_by_role("button", name="Spara utkastet").click()
    page.wait_for_load_state()
    assert severe_accessibility_violations(page) == []
