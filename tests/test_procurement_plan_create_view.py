"""Adding an item to the procurement plan in the browser."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from procurements.models import ProcurementPlanItem
from tests.plan_form_helpers import item_form_data
from tests.plan_helpers import make_item
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db

URL = reverse("procurements:plan_create")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(URL, item_form_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not ProcurementPlanItem.objects.exists()


@pytest.mark.parametrize("role", ["committee_member", "user_without_role"])
def test_readers_cannot_add_items(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, item_form_data()).status_code == 403
    assert not ProcurementPlanItem.objects.exists()


@pytest.mark.parametrize("role", ["procurement_officer", "chef"])
def test_procurement_staff_and_the_chef_add_an_item_linked_to_its_procurement(
    role, request, client_for
):
    user = request.getfixturevalue(role)
    procurement = make_procurement(registry_number="UhC 2023/12", advertised_on=dt.date(2023, 2, 1))
    response = client_for(user).post(URL, item_form_data(procurement=" UhC 2023/12 "))
    assert response.status_code == 302
    assert response.url == f"{reverse('procurements:plan')}?year=2023"
    item = ProcurementPlanItem.objects.get()
    assert (item.number, item.title, item.planned_quarter, item.procurement) == (
        7,
        "Skolmöbler",
        3,
        procurement,
    )
    assert sorted(m.name for m in item.municipalities.all()) == ["Falun", "Säter"]
    assert item.history.first().history_user == user


def test_the_new_item_form_offers_the_next_number_of_the_year_shown(
    procurement_officer, client_for
):
    make_item(number=4, registered=False)
    form = client_for(procurement_officer).get(URL, {"year": "2023"}).context["form"]
    assert (form.initial["plan_year"], form.initial["number"]) == (2023, 5)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"procurement": "UhC 1999/1"},
            "procurement",
            "Upphandlingens diarienummer: det finns ingen upphandling med det här diarienumret"
            " i registret.",
        ),
        (
            {"planned_year": "2025"},
            "planned_year",
            "År då upphandlingen planeras vara avslutad: planen för 2023 gäller 2023 och 2024,"
            " så planera posten till ett av de åren.",
        ),
        (
            {"planned_year": "20233"},
            "planned_year",
            "År då upphandlingen planeras vara avslutad: ange ett år från 2000 till 2101.",
        ),
        (
            {"planned_quarter": "5"},
            "planned_quarter",
            "Kvartal då upphandlingen planeras vara avslutad: välj ett av alternativen.",
        ),
        (
            {"municipalities": []},
            "municipalities",
            "Kommuner: välj minst en kommun som upphandlingen planeras för.",
        ),
        ({"plan_year": "1999"}, "plan_year", "Planår: ange ett år från 2000 till 2100."),
        ({"plan_year": ""}, "plan_year", "Planår: ange ett år från 2000 till 2100."),
        ({"number": "0"}, "number", "Nummer: ange minst 1."),
        (
            {"number": "3000000000"},
            "number",
            "Nummer: ange högst 2\xa0147\xa0483\xa0647.",
        ),
        (
            {"number": "sju"},
            "number",
            "Nummer: ange ett heltal mellan 1 och 2\xa0147\xa0483\xa0647.",
        ),
        ({"title": ""}, "title", "Rubrik: fyll i fältet."),
        ({"title": "x" * 301}, "title", "Rubrik: skriv högst 300 tecken."),
        ({"category": ""}, "category", "Kategori: välj ett alternativ."),
        ({"category": "0"}, "category", "Kategori: välj ett av alternativen."),
        (
            {"municipalities": ["0"]},
            "municipalities",
            "Kommuner: välj bland alternativen som visas.",
        ),
    ],
)
def test_a_wrong_value_is_said_in_swedish_naming_its_field_and_nothing_is_saved(
    overrides, field, message, procurement_officer, client_for
):
    response = client_for(procurement_officer).post(URL, item_form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    summary = response.text[response.text.index('id="error-summary"') :].split("</div>")[0]
    assert f'<a href="#id_{field}">{escape(message)}</a>' in summary
    assert not ProcurementPlanItem.objects.exists()


def test_the_error_summary_lists_the_errors_in_the_order_of_the_form(
    procurement_officer, client_for
):
    data = item_form_data(
        procurement="UhC 1999/1", planned_quarter="", title="", plan_year="", municipalities=[]
    )
    page = client_for(procurement_officer).post(URL, data).text
    summary = page[page.index('id="error-summary"') :].split("</div>")[0]
    links = [part.split('"')[0] for part in summary.split('href="#')[1:]]
    assert links == [
        "id_plan_year",
        "id_title",
        "id_municipalities",
        "id_planned_quarter",
        "id_procurement",
    ]
    fields = page[page.index('class="plan-item-form"') :]
    assert sorted(links, key=lambda id_: fields.index(f'id="{id_}"')) == links


def test_a_number_or_procurement_already_in_the_plan_is_refused(procurement_officer, client_for):
    existing = make_item(number=7)
    client = client_for(procurement_officer)
    response = client.post(URL, item_form_data())
    assert "Planen har redan en post med det här numret." in response.text
    response = client.post(
        URL, item_form_data(number="8", procurement=existing.procurement.registry_number)
    )
    assert "Upphandlingen är redan kopplad till en annan post i planen." in response.text
    assert ProcurementPlanItem.objects.count() == 1
