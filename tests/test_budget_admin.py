import pytest
from django.urls import reverse

from budget.models import BudgetLine
from tests.budget_helpers import load_real_budget

pytestmark = pytest.mark.django_db


def test_the_chef_finds_budget_lines_and_their_history_in_the_admin(chef, client_for):
    load_real_budget()
    line = BudgetLine.objects.get(year=2023, code="staff-costs")
    client = client_for(chef)
    changelist = client.get(reverse("admin:budget_budgetline_changelist"))
    assert changelist.status_code == 200
    assert "Personalkostnader" in changelist.text
    history = client.get(reverse("admin:budget_budgetline_history", args=[line.pk]))
    assert history.status_code == 200
    assert (
        reverse("admin:budget_quarterlyfigure_changelist")
        in client.get(reverse("admin:index")).text
    )
