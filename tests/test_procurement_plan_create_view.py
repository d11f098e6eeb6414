"""Adding an item to the procurement plan in the browser."""

import datetime as dt

import pytest
from django.urls import reverse

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
            "Det finns ingen upphandling med det här diarienumret i registret.",
        ),
        (
            {"planned_year": "2025"},
            "planned_year",
            "Planen för 2023 gäller 2023 och 2024: planera posten till ett av de åren.",
        ),
        ({"planned_quarter": "5"}, "planned_quarter", "Välj ett giltigt alternativ."),
        ({"municipalities": []}, "municipalities", "Välj minst en kommun"),
        ({"plan_year": "1999"}, "plan_year", "Kontrollera att detta värde är större än"),
    ],
)
def test_a_wrong_value_is_said_in_swedish_on_its_field_and_nothing_is_saved(
    overrides, field, message, procurement_officer, client_for
):
    response = client_for(procurement_officer).post(URL, item_form_data(**overrides))
    assert response.status_code == 200
    assert " ".join(response.context["form"].errors[field]).startswith(message)
    assert not ProcurementPlanItem.objects.exists()


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
