"""Deleting an item of the procurement plan: asked first, and never over someone's edit."""

import pytest
from django.urls import reverse

from procurements.models import Procurement, ProcurementPlanItem
from tests.plan_helpers import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db):
    return make_item(number=3)


def url(item) -> str:
    return reverse("procurements:plan_delete", args=[item.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, item):
    response = client.post(url(item), {"version": item.updated_at.isoformat()})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert ProcurementPlanItem.objects.exists()


@pytest.mark.parametrize("role", ["committee_member", "user_without_role"])
def test_readers_cannot_delete(role, request, client_for, item):
    client = client_for(request.getfixturevalue(role))
    assert client.get(url(item)).status_code == 403
    assert client.post(url(item), {"version": item.updated_at.isoformat()}).status_code == 403
    assert ProcurementPlanItem.objects.exists()


@pytest.mark.parametrize("role", ["procurement_officer", "chef"])
def test_staff_and_the_chef_are_asked_and_then_delete_the_item_but_not_its_procurement(
    role, request, client_for, item
):
    client = client_for(request.getfixturevalue(role))
    page = client.get(url(item))
    assert page.status_code == 200
    assert item.title in page.text
    assert ProcurementPlanItem.objects.exists()  # asking deletes nothing
    response = client.post(url(item), {"version": page.context["version"]})
    assert response.status_code == 302
    assert response.url == f"{reverse('procurements:plan')}?year=2023"
    assert not ProcurementPlanItem.objects.exists()
    assert Procurement.objects.filter(pk=item.procurement_id).exists()
    assert ProcurementPlanItem.history.filter(history_type="-").count() == 1


def test_an_item_changed_after_the_question_is_not_deleted(procurement_officer, client_for, item):
    client = client_for(procurement_officer)
    version = client.get(url(item)).context["version"]
    ProcurementPlanItem.objects.get(pk=item.pk).save()
    response = client.post(url(item), {"version": version}, follow=True)
    assert "Någon annan ändrade eller tog bort posten" in response.text
    assert ProcurementPlanItem.objects.filter(pk=item.pk).exists()
