"""Editing an item of the procurement plan; an edit made meanwhile is never overwritten."""

import pytest
from django.urls import reverse

from procurements.models import ProcurementPlanItem
from tests.plan_form_helpers import item_form_data
from tests.plan_helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return make_item(number=7, planned_quarter=2)


def url(item) -> str:
    return reverse("procurements:plan_update", args=[item.pk])


def posted(item, **overrides) -> dict:
    version = item.updated_at.isoformat()
    registry_number = item.procurement.registry_number if item.procurement else ""
    return item_form_data(**{"version": version, "procurement": registry_number, **overrides})


def test_anonymous_visitors_are_sent_to_log_in(client, item):
    response = client.get(url(item))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "user_without_role"])
def test_readers_cannot_edit(role, request, client_for, item):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(item)).status_code == 403
    assert client.post(url(item), posted(item, title="Hackat")).status_code == 403
    item.refresh_from_db()
    assert item.title != "Hackat"


def test_the_form_shows_the_items_procurement_by_its_registry_number(
    procurement_officer, client_for, item
):
    response = client_for(procurement_officer).get(url(item))
    assert response.status_code == 200
    assert f'value="{item.procurement.registry_number}"' in response.text


@pytest.mark.parametrize("role", ["procurement_officer", "chef"])
def test_staff_and_the_chef_edit_an_item_and_a_demo_item_becomes_real(
    role, request, client_for, item
):
    ProcurementPlanItem.objects.filter(pk=item.pk).update(is_demo=True)
    item.refresh_from_db()
    user = request.getfixturevalue(role)
    response = client_for(user).post(url(item), posted(item, planned_quarter="4", procurement=""))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.planned_quarter, item.procurement, item.is_demo) == (4, None, False)
    assert item.history.first().history_user == user


def test_an_edit_made_meanwhile_is_not_overwritten(procurement_officer, chef, client_for, item):
    opened = posted(item, title="Min rubrik")
    ProcurementPlanItem.objects.get(pk=item.pk).save()  # someone else saves in between
    response = client_for(procurement_officer).post(url(item), opened)
    assert response.status_code == 409
    assert "Någon annan ändrade eller tog bort posten" in response.text
    item.refresh_from_db()
    assert item.title != "Min rubrik"
    fresh = response.context["form"]["version"].value()
    assert fresh == item.updated_at.isoformat()  # the page now carries what is saved


def test_an_item_deleted_meanwhile_is_said_so(procurement_officer, client_for, item):
    opened = posted(item)
    client = client_for(procurement_officer)
    ProcurementPlanItem.objects.filter(pk=item.pk).delete()
    response = client.post(url(item), opened, follow=True)
    assert response.redirect_chain[-1][0] == reverse("procurements:plan")
    assert "Posten har tagits bort av någon annan." in response.text
    assert client.get(url(item)).status_code == 404
