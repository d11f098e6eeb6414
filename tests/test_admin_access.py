import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_signed_in_users_outside_the_admin_are_refused_with_403(role, request, client_for):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:indicators_indicator_changelist")).status_code == 403
    assert client.get(reverse("admin:login")).status_code == 403


def test_committee_member_cannot_change_an_indicator_through_the_admin(
    committee_member, client_for
):
    from indicators.models import Indicator

    indicator = Indicator.objects.get(code="coordinated-share")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client_for(committee_member).post(url, {"name": "Ändrad"})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.name != "Ändrad"


def test_anonymous_visitor_is_sent_to_login_from_the_admin(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_chef_edits_the_plan_in_the_admin_with_swedish_labels(chef, client_for):
    client = client_for(chef)
    response = client.get(reverse("admin:indicators_indicator_changelist"))
    assert response.status_code == 200
    assert "Indikatorer" in response.text
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_admin_manages_users(admin_user, client_for):
    assert client_for(admin_user).get(reverse("admin:auth_user_changelist")).status_code == 200


@pytest.mark.parametrize("selected", ["1e3", "12abc", "١٢", str(2**64 + 1)])
def test_an_action_on_a_forged_selection_is_refused_and_deletes_nothing(
    selected, admin_user, client_for
):
    from procurements.models import Category

    category = Category.objects.create(name="Städ")
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:procurements_category_changelist"),
        {"action": "delete_selected", "_selected_action": [str(category.pk), selected]},
    )
    assert response.status_code == 400
    assert Category.objects.filter(pk=category.pk).exists()
