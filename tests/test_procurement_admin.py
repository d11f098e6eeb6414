import pytest
from django.urls import reverse

from procurements.models import Tender
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["category", "procurement", "tender", "reviewappeal", "procurementplanitem"]
)
def test_administrator_lists_and_adds_every_procurement_model(model, admin_user, client_for):
    make_procurement(tenders=1)
    client = client_for(admin_user)
    assert client.get(reverse(f"admin:procurements_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:procurements_{model}_add")).status_code == 200


def test_administrator_sees_the_history_of_a_procurement_and_a_tender(admin_user, client_for):
    procurement = make_procurement(tenders=1, title="Historisk")
    client = client_for(admin_user)
    response = client.get(reverse("admin:procurements_procurement_history", args=[procurement.pk]))
    assert response.status_code == 200
    tender = Tender.objects.get()
    response = client.get(reverse("admin:procurements_tender_history", args=[tender.pk]))
    assert response.status_code == 200
    assert tender.supplier_name in response.text
