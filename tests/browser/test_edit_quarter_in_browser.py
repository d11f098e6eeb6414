"""The head's quarterly entry in a browser: the sections, one section's save, the save bar."""

from reports.models import Analysis, EnteredValue
from tests.browser.conftest import severe_accessibility_violations

OVERVIEW = "/uppfoljning/2023/2/redigera/"
KEY_FIGURES = "/uppfoljning/2023/2/redigera/nyckeltal/"
PHONE = {"width": 390, "height": 844}


def test_chef_opens_a_section_from_the_list_fills_it_and_sees_it_done(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{OVERVIEW}")
    assert page.get_by_text("0 av 11 avsnitt är klara.").is_visible()

    page.get_by_role("link", name="Samlad analys av kvartalet").click()
    page.wait_for_load_state()
    page.get_by_label("Samlad analys av kvartalet").fill("Ett lugnt kvartal.")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.wait_for_load_state()

    assert page.get_by_text("Sparat: Samlad analys av kvartalet, kvartal 2 2023.").is_visible()
    nav = page.get_by_role("navigation", name="Avsnitt")
    current = nav.locator('[aria-current="page"]')
    assert current.inner_text() == "Samlad analys av kvartalet"
    assert "Klart" in nav.locator("li").last.inner_text()
    page.goto(f"{live_server.url}{OVERVIEW}")
    assert page.get_by_text("1 av 11 avsnitt är klart.").is_visible()


def test_chef_enters_a_figure_and_an_analysis_and_saves_the_section(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{KEY_FIGURES}")

    page.locator("#id_value-sick-leave").fill("4,5")
    page.locator("#id_analysis-sick-leave").fill("Sjukfrånvaron minskar.")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.wait_for_load_state()

    assert page.get_by_text("Sparat: Nyckeltal, kvartal 2 2023.").is_visible()
    assert page.locator("#id_value-sick-leave").input_value() == "4,5"
    value = EnteredValue.objects.get(indicator__code="sick-leave", period__quarter=2)
    assert str(value.value) == "4.50"
    assert Analysis.objects.get(indicator__code="sick-leave").text == "Sjukfrånvaron minskar."


def test_the_save_button_stays_in_view_while_the_head_scrolls_the_section(
    sign_in, chef, live_server
):
    page = sign_in(chef)
    for size in ({"width": 1280, "height": 800}, PHONE):
        page.set_viewport_size(size)
        page.goto(f"{live_server.url}{KEY_FIGURES}")
        button = page.get_by_role("button", name="Spara avsnittet")
        assert page.evaluate("document.body.scrollHeight") > 2 * size["height"]
        page.locator("#id_value-sick-leave").scroll_into_view_if_needed()
        box = button.bounding_box()
        assert box["y"] >= size["height"] / 2, size  # at the bottom of the window
        assert box["y"] + box["height"] <= size["height"], size


def test_a_bad_figure_is_explained_and_the_summary_links_to_the_field(sign_in, chef, live_server):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{KEY_FIGURES}")

    page.locator("#id_value-sick-leave").fill("120")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    assert "En andel måste vara mellan 0 och 100 %." in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_value-sick-leave"
    assert not EnteredValue.objects.exists()


def test_the_entry_pages_have_no_serious_accessibility_violations(sign_in, chef, live_server):
    page = sign_in(chef)
    for path in (OVERVIEW, KEY_FIGURES, "/uppfoljning/2023/2/redigera/mal-6/"):
        page.goto(f"{live_server.url}{path}")
        assert severe_accessibility_violations(page) == [], path


def test_the_section_with_errors_has_no_serious_accessibility_violations(
    sign_in, chef, live_server
):
    page = sign_in(chef)
    page.goto(f"{live_server.url}{KEY_FIGURES}")
    page.locator("#id_value-terminated-contracts").fill("-3")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.wait_for_load_state()
    assert severe_accessibility_violations(page) == []
