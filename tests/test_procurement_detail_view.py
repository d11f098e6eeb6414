import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from procurements.models import Procurement, ReviewAppeal
from procurements.selectors import field_label
from tests.procurement_helpers import make_procurement, valid_organisation_number

pytestmark = pytest.mark.django_db


def detail(client, procurement):
    response = client.get(reverse("procurements:detail", args=[procurement.pk]))
    assert response.status_code == 200
    return response


def test_detail_shows_the_procurement_its_tenders_and_appeals(committee_member, client_for):
    procurement = make_procurement(
        registry_number="UhC 2024/77",
        title="Skolmåltider",
        is_food_procurement=True,
        food_plant_based=True,
        uhm_chemicals="spjutspets",
        questions_received=12,
        tenders=3,
    )
    ReviewAppeal.objects.create(
        procurement=procurement,
        filed_on=dt.date(2024, 5, 2),
        court="Förvaltningsrätten i Falun",
        outcome=ReviewAppeal.Outcome.REJECTED,
        decided_on=dt.date(2024, 6, 20),
    )
    page = detail(client_for(committee_member), procurement).text
    assert "Skolmåltider" in page
    assert "UhC 2024/77" in page
    for supplier in ("Leverantör 1 AB", "Leverantör 2 AB", "Leverantör 3 AB"):
        assert supplier in page
    assert valid_organisation_number(0) in page
    assert "Förvaltningsrätten i Falun" in page
    assert "2024-06-20" in page
    assert "Falun, Borlänge" in page


def test_unrecorded_questions_are_shown_as_not_recorded_rather_than_zero(
    committee_member, client_for
):
    procurement = make_procurement()
    response = detail(client_for(committee_member), procurement)
    label = field_label(Procurement, "questions_received")
    with translation.override("sv"):
        label, not_recorded = str(label), gettext("not recorded")
    facts = {fact.label: fact.value for fact in response.context["page"].facts}
    assert facts[label] == not_recorded


def test_a_missing_procurement_is_not_found(committee_member, client_for):
    response = client_for(committee_member).get(reverse("procurements:detail", args=[999999]))
    assert response.status_code == 404


def test_history_shows_who_changed_what_and_when(procurement_officer, committee_member, client_for):
    client = client_for(procurement_officer)
    procurement = make_procurement(title="Före")
    data = {
        "registry_number": procurement.registry_number,
        "title": "Efter",
        "category": procurement.category_id,
        "scope": "joint",
        "municipalities": [m.pk for m in procurement.municipalities.all()],
        "procedure": "open",
        "advertised_on": "2024-03-01",
        **{f"uhm_{name}": "none" for name in ("environmental_management", "reuse")},
        **{f"uhm_{name}": "none" for name in ("climate_transport", "climate_other", "chemicals")},
        "tenders-TOTAL_FORMS": "0",
        "tenders-INITIAL_FORMS": "0",
        "appeals-TOTAL_FORMS": "0",
        "appeals-INITIAL_FORMS": "0",
        "version": procurement.version,
    }
    response = client.post(reverse("procurements:update", args=[procurement.pk]), data)
    assert response.status_code == 302
    page = detail(client_for(committee_member), procurement)
    history = page.context["page"].history
    newest = history[0]
    assert newest.who == "Ulf"
    assert [(c.old, c.new) for c in newest.changes] == [("Före", "Efter")]
    assert "Ulf" in page.text
    assert "Före" in page.text and "Efter" in page.text


@pytest.mark.parametrize("tenders", [1, 12])
def test_detail_makes_a_fixed_number_of_queries(
    tenders, committee_member, client_for, django_assert_max_num_queries
):
    procurement = make_procurement(tenders=tenders)
    for index in range(tenders):
        procurement.title = f"Version {index}"
        procurement.save()
    client = client_for(committee_member)
    with django_assert_max_num_queries(16):
        detail(client, procurement)
