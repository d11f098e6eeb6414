import datetime as dt

import pytest
from django.urls import reverse
from django.utils.text import capfirst

from procurements.models import Procurement
from procurements.tables import PER_PAGE
from tests.procurement_helpers import category, make_procurement

pytestmark = pytest.mark.django_db

D = dt.date


def listed(client, **params) -> set[str]:
    response = client.get(reverse("procurements:list"), params)
    assert response.status_code == 200
    return {row.record.registry_number for row in response.context["table"].paginated_rows}


@pytest.fixture
def register():
    return {
        "cleaning": make_procurement(
            registry_number="A-1",
            title="Städtjänster",
            advertised_on=D(2023, 2, 1),
            completed_on=D(2023, 6, 1),
            municipality_names=("Falun", "Borlänge"),
            gender_equality_requirement=True,
        ),
        "food": make_procurement(
            registry_number="A-2",
            title="Livsmedel",
            category=category("Mat"),
            advertised_on=D(2024, 1, 10),
            is_food_procurement=True,
            food_organic=True,
            municipality_names=("Ludvika",),
        ),
        "cars": make_procurement(
            registry_number="A-3",
            title="Leasingbilar",
            advertised_on=None,
            uhm_climate_transport="avancerad",
            municipality_names=("Säter", "Hedemora"),
        ),
        "cancelled": make_procurement(
            registry_number="A-4",
            title="Möbler",
            advertised_on=D(2024, 2, 1),
            cancelled_on=D(2024, 3, 1),
            cancellation_reason="Inga anbud",
        ),
    }


def test_list_shows_every_procurement_without_filters(register, committee_member, client_for):
    assert listed(client_for(committee_member)) == {"A-1", "A-2", "A-3", "A-4"}


def test_list_filters_by_year_of_advertising_or_completion(register, committee_member, client_for):
    client = client_for(committee_member)
    assert listed(client, year="2023") == {"A-1"}
    assert listed(client, year="2024") == {"A-2", "A-4"}


def test_list_filters_by_status(register, committee_member, client_for):
    client = client_for(committee_member)
    assert listed(client, status="planned") == {"A-3"}
    assert listed(client, status="advertised") == {"A-2"}
    assert listed(client, status="completed") == {"A-1"}
    assert listed(client, status="cancelled") == {"A-4"}


def test_list_filters_by_category_and_municipality(register, committee_member, client_for):
    client = client_for(committee_member)
    food_category = register["food"].category
    assert listed(client, category=food_category.pk) == {"A-2"}
    hedemora = register["cars"].municipalities.get(name="Hedemora")
    assert listed(client, municipality=hedemora.pk) == {"A-3"}


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ("gender_equality_requirement", {"A-1"}),
        ("uhm", {"A-3"}),
        ("is_food_procurement", {"A-2"}),
        ("food_organic", {"A-2"}),
        ("reserved_for_social_enterprises", set()),
    ],
)
def test_list_filters_by_requirement(register, committee_member, client_for, requirement, expected):
    assert listed(client_for(committee_member), requirement=requirement) == expected


def test_list_combines_filters_and_searches_title(register, committee_member, client_for):
    client = client_for(committee_member)
    assert listed(client, year="2024", status="cancelled") == {"A-4"}
    assert listed(client, q="livsm") == {"A-2"}


def test_an_unknown_filter_value_shows_an_error_not_a_crash(register, committee_member, client_for):
    response = client_for(committee_member).get(
        reverse("procurements:list"), {"status": "bogus", "year": "abc"}
    )
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_list_sorts_by_a_column(register, committee_member, client_for):
    response = client_for(committee_member).get(reverse("procurements:list"), {"sort": "title"})
    titles = [row.record.title for row in response.context["table"].paginated_rows]
    assert titles == sorted(titles)
    assert 'aria-sort="ascending"' in response.text


def test_list_is_paginated(committee_member, client_for):
    for _ in range(PER_PAGE + 2):
        make_procurement()
    client = client_for(committee_member)
    first = client.get(reverse("procurements:list"))
    second = client.get(reverse("procurements:list"), {"page": 2})
    assert len(first.context["table"].paginated_rows) == PER_PAGE
    assert len(second.context["table"].paginated_rows) == 2
    assert 'aria-current="page"' in first.text


@pytest.mark.parametrize("per_page", ["-1", "0", "1000", str(2**64)])
def test_a_page_size_in_the_address_is_ignored(per_page, committee_member, client_for):
    for _ in range(PER_PAGE + 2):
        make_procurement()
    response = client_for(committee_member).get(
        reverse("procurements:list"), {"per_page": per_page}
    )
    assert response.status_code == 200
    assert len(response.context["table"].paginated_rows) == PER_PAGE


def test_list_shows_status_as_text_and_links_to_the_detail_page(
    register, committee_member, client_for
):
    page = client_for(committee_member).get(reverse("procurements:list")).text
    assert reverse("procurements:detail", args=[register["food"].pk]) in page
    assert str(capfirst(Procurement.Status.CANCELLED.label)) in page


def test_committee_member_sees_no_create_button(register, committee_member, client_for):
    page = client_for(committee_member).get(reverse("procurements:list")).text
    assert reverse("procurements:create") not in page


def test_procurement_officer_sees_the_create_button(procurement_officer, client_for):
    page = client_for(procurement_officer).get(reverse("procurements:list")).text
    assert reverse("procurements:create") in page


def test_export_links_carry_the_current_filters(register, committee_member, client_for):
    page = (
        client_for(committee_member)
        .get(reverse("procurements:list"), {"status": "completed", "page": "1"})
        .text
    )
    assert reverse("procurements:export", args=["csv"]) + "?status=completed" in page
    assert "page=1" not in page.split("export/csv/")[1].split('"')[0]


@pytest.mark.parametrize("size", [2, 30])
def test_list_makes_a_fixed_number_of_queries(
    size, committee_member, client_for, django_assert_max_num_queries
):
    for index in range(size):
        make_procurement(tenders=index % 3, municipality_names=("Falun", "Gagnef", "Säter"))
    client = client_for(committee_member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procurements:list"), {"sort": "tender_count"})
    assert response.status_code == 200
