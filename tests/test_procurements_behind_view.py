"""The data behind a computed value; for the procurement plan, its delivered and missing items."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.services import adopt_period, get_or_create_period
from tests.plan_helpers import make_item

pytestmark = pytest.mark.django_db

URL = reverse("reports:procurements_behind", args=[2023, 2, "completed-as-planned"])


@pytest.fixture
def plan(db):
    return [
        make_item(number=1, planned_quarter=1, completed_on=dt.date(2023, 3, 20)),
        make_item(number=2, planned_quarter=1, completed_on=dt.date(2023, 5, 2)),
        make_item(number=3, planned_quarter=2, completed_on=dt.date(2023, 7, 1)),
        make_item(number=4, planned_quarter=2, registered=False),
        make_item(number=5, planned_quarter=3, completed_on=dt.date(2023, 4, 1)),
        make_item(number=6, planned_quarter=1, planned_year=2024, registered=False),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(URL).status_code == 403


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef"])
def test_the_plans_figure_lists_the_items_delivered_and_the_items_missing(
    role, request, client_for, plan
):
    response = client_for(request.getfixturevalue(role)).get(URL)
    assert response.status_code == 200
    delivered = [(i.number, i.delivery) for i in response.context["counted"]]
    missing = [(i.number, i.delivery) for i in response.context["not_counted"]]
    assert delivered == [(1, "on_time"), (2, "late")]
    assert missing == [(3, "missing"), (4, "missing")]
    assert len(response.context["rows"]) == 4
    text = response.text
    assert "4 poster i planen skulle enligt plan vara avslutade senast 2023-06-30." in text
    assert "2 av dem var avslutade då." in text
    assert "Inte registrerad" in text
    assert reverse("procurements:detail", args=[plan[0].procurement_id]) in text
    assert "kvartal 1 2023" in text and "2023-05-02" in text


def test_the_page_makes_a_fixed_number_of_queries(
    plan, committee_member, client_for, django_assert_num_queries
):
    client = client_for(committee_member)
    with django_assert_num_queries(9) as few:
        client.get(URL)
    for number in range(10, 40):
        make_item(number=number, planned_quarter=1, registered=number % 2 == 0)
    with django_assert_num_queries(len(few)):
        client.get(URL)


def test_an_adopted_period_lists_the_items_kept_at_adoption_and_what_differs_today(
    plan, chef, committee_member, client_for
):
    adopt_period(get_or_create_period(2023, 2), chef)
    completed_in_time = plan[2].procurement
    completed_in_time.completed_on = dt.date(2023, 6, 15)
    completed_in_time.save()
    plan[3].delete()
    make_item(number=7, planned_quarter=2, registered=False)

    response = client_for(committee_member).get(URL)

    adopted = response.context["adopted"]
    assert [(int(row.reference), row.title, row.counts_in_numerator) for row in adopted.rows] == [
        (1, "Planerad upphandling 1", True),
        (2, "Planerad upphandling 2", True),
        (3, "Planerad upphandling 3", False),
        (4, "Planerad upphandling 4", False),
    ]
    changes = adopted.changes
    assert [int(row.reference) for row in changes.added] == [7]
    assert [int(row.reference) for row in changes.removed] == [4]
    [changed] = changes.changed
    assert int(changed.today.reference) == 3
    assert [(p.adopted, p.today) for p in changed.parts] == [("Nej", "Ja")]
    text = response.text
    assert 'id="delivered"' not in text  # today's list is not what the page shows
    assert "4 poster i planen skulle enligt plan vara avslutade senast 2023-06-30 vid" in text
    assert "2 av dem var avslutade då." in text
    assert "1 post har tillkommit" in text
    assert "1 post ligger inte längre bakom värdet" in text
    assert "1 post räknas annorlunda" in text
