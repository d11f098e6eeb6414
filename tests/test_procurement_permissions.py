"""Who may do what in the procurement register: the permission matrix."""

import pytest
from django.urls import reverse

from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurement():
    return make_procurement(tenders=1)


def urls(procurement) -> dict[str, str]:
    return {
        "list": reverse("procurements:list"),
        "detail": reverse("procurements:detail", args=[procurement.pk]),
        "export": reverse("procurements:export", args=["csv"]),
        "create": reverse("procurements:create"),
        "update": reverse("procurements:update", args=[procurement.pk]),
    }


READ_VIEWS = ["list", "detail", "export"]
EDIT_VIEWS = ["create", "update"]


@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS)
def test_anonymous_visitor_is_sent_to_login(view, procurement, client):
    response = client.get(urls(procurement)[view])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("view", READ_VIEWS)
def test_committee_member_can_read_the_register(view, procurement, committee_member, client_for):
    assert client_for(committee_member).get(urls(procurement)[view]).status_code == 200


@pytest.mark.parametrize("view", EDIT_VIEWS)
def test_committee_member_cannot_open_create_or_edit(
    view, procurement, committee_member, client_for
):
    assert client_for(committee_member).get(urls(procurement)[view]).status_code == 403


@pytest.mark.parametrize("view", EDIT_VIEWS)
def test_committee_member_cannot_post_a_change(view, procurement, committee_member, client_for):
    response = client_for(committee_member).post(urls(procurement)[view], {"title": "Hackat"})
    assert response.status_code == 403
    procurement.refresh_from_db()
    assert procurement.title != "Hackat"


@pytest.mark.parametrize("role", ["procurement_officer", "chef", "admin_user"])
@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS)
def test_procurement_staff_and_chef_can_read_create_and_edit(
    role, view, procurement, request, client_for
):
    user = request.getfixturevalue(role)
    assert client_for(user).get(urls(procurement)[view]).status_code == 200


@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS)
def test_user_without_a_role_is_refused(view, procurement, user_without_role, client_for):
    assert client_for(user_without_role).get(urls(procurement)[view]).status_code == 403


def test_committee_member_sees_no_edit_link_on_the_detail_page(
    procurement, committee_member, client_for
):
    page = client_for(committee_member).get(urls(procurement)["detail"]).text
    assert urls(procurement)["update"] not in page


def test_nav_links_to_the_register_only_for_users_who_may_read_it(
    committee_member, user_without_role, client_for
):
    register = reverse("procurements:list")
    assert f'href="{register}"' in client_for(committee_member).get(reverse("plan")).text
    refused = client_for(user_without_role).get(reverse("plan")).text
    assert f'href="{register}"' not in refused
