"""The procurement plan's page: a plan year's items, where each stands, filtered by status."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.plan_helpers import make_item

pytestmark = pytest.mark.django_db

URL = reverse("procurements:plan")


@pytest.fixture
def plan_2023(db):
    """Four items, one of each kind by now: on time, late, missing, and one of the next plan."""
    return [
        make_item(number=1, planned_quarter=1, completed_on=dt.date(2023, 3, 1)),
        make_item(number=2, planned_quarter=1, completed_on=dt.date(2023, 5, 1)),
        make_item(number=3, planned_quarter=2, registered=False),
        make_item(plan_year=2024, number=1, planned_quarter=1, registered=False),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef"])
def test_every_role_reads_the_plan(role, request, client_for, plan_2023):
    response = client_for(request.getfixturevalue(role)).get(URL, {"year": 2023})
    assert response.status_code == 200
    assert [item.number for item in response.context["page"].items] == [1, 2, 3]


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(URL).status_code == 403


def test_the_menu_marks_the_procurements_as_the_current_page_not_the_committees_plan(
    committee_member, client_for
):
    text = client_for(committee_member).get(URL).text
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', text)
    assert current == [reverse("procurements:list")]
    committee_plan = client_for(committee_member).get(reverse("plan")).text
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', committee_plan) == [
        reverse("plan")
    ]


def test_the_page_shows_each_items_status_in_words_and_the_counts(
    committee_member, client_for, plan_2023
):
    response = client_for(committee_member).get(URL, {"year": 2023})
    page = response.context["page"]
    assert [item.delivery for item in page.items] == ["on_time", "late", "missing"]
    assert {c.delivery.value: c.count for c in page.counts} == {
        "on_time": 1,
        "late": 1,
        "missing": 1,
        "not_due": 0,
    }
    text = response.text
    for label in ("Avslutad enligt plan", "Avslutad försenad", "Inte avslutad"):
        assert label in text
    assert "Inte registrerad" in text  # the item without a procurement
    assert reverse("procurements:detail", args=[plan_2023[0].procurement.pk]) in text


@pytest.mark.parametrize(
    ("delivery", "numbers"), [("on_time", [1]), ("late", [2]), ("missing", [3]), ("", [1, 2, 3])]
)
def test_the_list_is_filtered_by_status(delivery, numbers, committee_member, client_for, plan_2023):
    response = client_for(committee_member).get(URL, {"year": 2023, "delivery": delivery})
    assert [item.number for item in response.context["page"].items] == numbers
    assert sum(c.count for c in response.context["page"].counts) == 3  # the whole year


def default_year() -> int:
    """This year's plan if it is one of the fixture's two, else the latest (2024)."""
    this_year = timezone.localdate().year
    return this_year if this_year in (2023, 2024) else 2024


def test_without_a_year_the_latest_plan_is_shown_unless_this_year_has_one(
    committee_member, client_for, plan_2023
):
    assert client_for(committee_member).get(URL).context["year"] == default_year()


@pytest.mark.parametrize("query", [{"year": "tvåtusen"}, {"year": "1800"}, {"delivery": "x"}])
def test_a_year_or_status_that_does_not_exist_shows_the_default(
    query, committee_member, client_for, plan_2023
):
    response = client_for(committee_member).get(URL, query)
    assert response.status_code == 200
    assert response.context["year"] == default_year()
    assert response.context["filter"]["year"].value() == default_year()
    assert len(response.context["page"].items) == {2023: 3, 2024: 1}[default_year()]


def test_editors_see_the_edit_links_and_readers_do_not(
    committee_member, procurement_officer, client_for, plan_2023
):
    edit = reverse("procurements:plan_update", args=[plan_2023[0].pk])
    assert edit in client_for(procurement_officer).get(URL, {"year": 2023}).text
    reader = client_for(committee_member).get(URL, {"year": 2023}).text
    assert edit not in reader
    assert reverse("procurements:plan_create") not in reader
    assert reverse("procurements:plan_import") not in reader


def test_the_register_links_to_the_plan(committee_member, client_for):
    assert URL in client_for(committee_member).get(reverse("procurements:list")).text


@pytest.mark.parametrize("count", [3, 40])
def test_the_page_makes_a_fixed_number_of_queries(
    count, committee_member, client_for, django_assert_num_queries
):
    for number in range(1, count + 1):
        make_item(number=number, planned_quarter=number % 4 + 1, registered=number % 2 == 0)
    client = client_for(committee_member)
    with django_assert_num_queries(11):  # the data version among them (the banner)
        response = client.get(URL, {"year": 2023})
    assert len(response.context["page"].items) == count


def test_a_long_plan_is_shown_a_hundred_items_a_page(committee_member, client_for):
    for number in range(1, 121):
        make_item(number=number, registered=False)
    client = client_for(committee_member)
    first = client.get(URL, {"year": 2023})
    assert len(first.context["page"].items) == 100
    assert "120 poster i planen matchar." in first.text
    second = client.get(URL, {"year": 2023, "page": 2})
    assert [item.number for item in second.context["page"].items] == list(range(101, 121))
    assert client.get(URL, {"year": 2023, "page": "sista"}).status_code == 200
