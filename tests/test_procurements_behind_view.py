"""The data behind a computed value; for the procurement plan, its delivered and missing items."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import paging
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
    with django_assert_num_queries(
        14
    ) as few:  # each list: count, page keys, rows; the data version
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


# --- A page at a time -----------------------------------------------------------------

COORDINATED = reverse("reports:procurements_behind", args=[2023, 4, "coordinated-share"])


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 5)


def _seed(count: int, seed: int = 4) -> None:
    call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())


def _pages(client, url: str, listed: str = "listed") -> list:
    """Every page of a list, following its "next page" links from the first page on."""
    pages = [client.get(url)]
    while (following := pages[-1].context[listed].next_url) is not None:
        assert following.endswith(f"#{_anchors[listed]}")
        pages.append(client.get(url + following.split("#")[0]))
    return pages


_anchors = {"listed": "rows", "delivered": "delivered", "missing": "missing"}


def test_the_procurements_behind_a_value_are_listed_a_page_at_a_time_with_their_count(
    small_pages, committee_member, client_for
):
    _seed(60)
    client = client_for(committee_member)
    response = client.get(COORDINATED)
    whole = list(response.context["rows"])
    assert len(whole) > 10
    listed = response.context["listed"]
    assert [p.registry_number for p in listed] == [p.registry_number for p in whole[:5]]
    text = response.text
    assert f"{len(whole)} upphandlingar mellan 2023-01-01 och 2023-12-31." in text
    assert f"Rader 1–5 av {len(whole)}. Sida 1 av {-(-len(whole) // 5)}" in text
    assert text.count("/upphandlingar/") - text.count('href="/upphandlingar/"') >= 5


def test_following_the_page_links_lists_every_procurement_once_in_order(
    small_pages, committee_member, client_for
):
    _seed(60)
    client = client_for(committee_member)
    whole = [p.registry_number for p in client.get(COORDINATED).context["rows"]]
    pages = _pages(client, COORDINATED)
    assert len(pages) == -(-len(whole) // 5)
    assert [p.registry_number for page in pages for p in page.context["listed"]] == whole
    counted = [p.counts_in_numerator for page in pages for p in page.context["listed"]]
    expected = list(client.get(COORDINATED).context["rows"].values_list("municipality_count"))
    assert counted == [count >= 2 for (count,) in expected]


def test_the_page_list_is_a_named_navigation_in_swedish(small_pages, committee_member, client_for):
    _seed(60)
    response = client_for(committee_member).get(COORDINATED, {"page": "2"})
    nav = response.text.split('<nav class="pagination"')[1].split("</nav>")[0]
    assert 'aria-label="Sidor: Upphandlingar bakom värdet"' in nav
    assert 'href="?page=1#rows" rel="prev">Föregående sida</a>' in nav
    assert 'href="?page=3#rows" rel="next">Nästa sida</a>' in nav
    assert 'href="?page=2#rows" aria-current="page">2</a>' in nav
    assert "Rader 6–10 av" in nav


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", "last"), ("99999", "last")])
def test_a_page_number_that_is_not_one_shows_a_page_instead_of_failing(
    asked, shown, small_pages, committee_member, client_for
):
    _seed(60)
    response = client_for(committee_member).get(COORDINATED, {"page": asked})
    assert response.status_code == 200
    page = response.context["listed"].page
    assert page.number == (page.paginator.num_pages if shown == "last" else shown)


def test_the_procurement_drill_down_makes_a_fixed_number_of_queries_however_long_the_list(
    small_pages, committee_member, client_for, django_assert_num_queries
):
    client = client_for(committee_member)
    _seed(30, seed=1)
    with django_assert_num_queries(
        11
    ) as small:  # the list: count, page keys, rows; the data version
        client.get(COORDINATED, {"page": "2"})
    _seed(300, seed=2)
    with django_assert_num_queries(len(small)):
        response = client.get(COORDINATED, {"page": "20"})
    assert response.context["listed"].count > 100


def test_the_plans_delivered_and_missing_items_have_pages_of_their_own(
    small_pages, committee_member, client_for
):
    for number in range(10, 40):
        make_item(number=number, planned_quarter=1, completed_on=dt.date(2023, 3, number % 28 + 1))
    for number in range(40, 52):
        make_item(number=number, planned_quarter=1, registered=False)
    client = client_for(committee_member)
    url = reverse("reports:procurements_behind", args=[2023, 2, "completed-as-planned"])
    delivered = _pages(client, url, "delivered")
    missing = _pages(client, url, "missing")
    assert [i.number for page in delivered for i in page.context["delivered"]] == list(
        range(10, 40)
    )
    assert [i.number for page in missing for i in page.context["missing"]] == list(range(40, 52))
    response = client.get(url, {"delivered_page": "3", "missing_page": "2"})
    assert (
        "42 poster i planen skulle enligt plan vara avslutade senast 2023-06-30." in response.text
    )
    assert "30 av dem var avslutade då." in response.text
    assert 'href="?delivered_page=4&amp;missing_page=2#delivered"' in response.text
    assert 'href="?delivered_page=3&amp;missing_page=3#missing"' in response.text
