"""Two people entering the same budget quarter: /budget/<year>/q<quarter>/edit/ (budget:edit_quarter).

The second save, based on figures someone else changed in between, is refused
with who saved and what changed; nothing of it is saved.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from accounts.roles import CHEF
from budget.models import BudgetLine, BudgetQuarter, QuarterlyFigure
from budget.services import FigureInput, save_quarter_figures
from tests.budget_helpers import load_real_budget

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
EDIT_Q2 = reverse("budget:edit_quarter", args=[2023, 2])


@pytest.fixture
def saved_quarter(chef):
    """Q2 2023 saved once by Cecilia: every line at half its budget, forecast as budgeted."""
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    save_quarter_figures(lines, 2, figures, chef, expected_version=0)
    return lines


def _second_chef() -> User:
    user = User.objects.create_user("kalle", password="test-password", first_name="Kalle")
    user.groups.add(Group.objects.get(name=CHEF))
    return user


def _clients(chef) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(chef)
    second.force_login(_second_chef())
    return first, second


def _page_data(client) -> dict[str, str]:
    """What the browser submits for the page as loaded, unchanged."""
    response = client.get(EDIT_Q2)
    assert response.status_code == 200
    return response.context["form"].browser_data()


def _forecast(code: str) -> int:
    return QuarterlyFigure.objects.get(line__year=2023, line__code=code, quarter=2).forecast_tkr


def test_the_page_carries_the_quarters_version(chef, client_for, saved_quarter):
    content = client_for(chef).get(EDIT_Q2).content.decode()
    assert '<input type="hidden" name="version" value="1"' in content
    assert 'name="initial-forecast-staff-costs" value="18' in content


def test_the_second_of_two_concurrent_saves_is_refused_naming_who_and_what_changed(
    chef, saved_quarter
):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)

    first_data["forecast-staff-costs"] = "19 943"
    assert first.post(EDIT_Q2, first_data).status_code == 302
    second_data["forecast-other-costs"] = "2 900"
    response = second.post(EDIT_Q2, second_data)

    assert response.status_code == 409
    content = response.content.decode()
    assert (
        "Ingenting sparades: Cecilia sparade kvartalets uppgifter efter att du öppnade sidan"
        in content
    )
    conflict = response.context["conflict"]
    assert conflict["editors"] == ["Cecilia"]
    [change] = conflict["changes"]
    assert change.who == "Cecilia"
    assert change.subject == "Personalkostnader, Kv2"
    assert [(row.old, row.new) for row in change.changes] == [
        (f"18{NBSP}993{NBSP}tkr", f"19{NBSP}943{NBSP}tkr")
    ]
    assert f"18{NBSP}993{NBSP}tkr" in content and f"19{NBSP}943{NBSP}tkr" in content
    assert _forecast("staff-costs") == 19943
    assert _forecast("other-costs") == 2721
    assert BudgetQuarter.objects.get(year=2023, quarter=2).version == 2
    assert QuarterlyFigure.history.filter(history_user__username="kalle").count() == 0


def test_a_refused_save_keeps_the_input_laid_on_the_newer_figures(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    first_data["forecast-staff-costs"] = "19 943"
    first.post(EDIT_Q2, first_data)
    second_data["forecast-other-costs"] = "2 900"

    refused = second.post(EDIT_Q2, second_data)

    form = refused.context["form"]
    assert form["forecast-other-costs"].value() == "2 900"
    assert form["forecast-staff-costs"].value() == f"19{NBSP}943"
    assert form["version"].value() == "2"
    assert refused.context["conflict"]["both_changed"] == []
    again = second.post(EDIT_Q2, form.data)
    assert again.status_code == 302
    assert _forecast("staff-costs") == 19943
    assert _forecast("other-costs") == 2900
    assert BudgetQuarter.objects.get(year=2023, quarter=2).version == 3


def test_a_figure_both_changed_is_named_so_that_saving_again_is_a_choice(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    first_data["forecast-staff-costs"] = "19 943"
    first.post(EDIT_Q2, first_data)
    second_data["forecast-staff-costs"] = "20 000"

    refused = second.post(EDIT_Q2, second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == ["Personalkostnader: helårsprognos (tkr)"]
    assert "Du ändrade också dessa" in refused.content.decode()
    assert _forecast("staff-costs") == 19943


def test_a_third_save_from_a_freshly_opened_page_is_saved(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    first_data["forecast-staff-costs"] = "19 943"
    first.post(EDIT_Q2, first_data)
    second_data["forecast-other-costs"] = "2 900"
    assert second.post(EDIT_Q2, second_data).status_code == 409

    fresh = _page_data(second)
    fresh["forecast-other-costs"] = "2 950"
    assert second.post(EDIT_Q2, fresh).status_code == 302

    assert _forecast("staff-costs") == 19943
    assert _forecast("other-costs") == 2950
    history = QuarterlyFigure.history.filter(line__code="other-costs", quarter=2)
    assert history.latest("history_date").history_user.username == "kalle"


def test_a_post_without_the_version_is_refused_and_saves_nothing(chef, client_for, saved_quarter):
    data = _page_data(client_for(chef))
    del data["version"]
    data["forecast-other-costs"] = "2 900"

    response = client_for(chef).post(EDIT_Q2, data)

    assert response.status_code == 400
    assert "Ladda om sidan och fyll i uppgifterna igen." in response.content.decode()
    assert _forecast("other-costs") == 2721


def test_saving_unchanged_figures_does_not_refuse_the_other_editor(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    assert first.post(EDIT_Q2, first_data).status_code == 302

    second_data["forecast-other-costs"] = "2 900"
    assert second.post(EDIT_Q2, second_data).status_code == 302
    assert _forecast("other-costs") == 2900


def test_a_change_in_the_admin_refuses_an_entry_page_opened_before_it(chef, saved_quarter):
    first, second = _clients(chef)
    data = _page_data(second)
    figure = QuarterlyFigure.objects.get(line__year=2023, line__code="staff-costs", quarter=2)
    admin = first.post(
        reverse("admin:budget_quarterlyfigure_change", args=[figure.pk]),
        {
            "line": figure.line_id,
            "quarter": "2",
            "actual_to_date_tkr": "9000",
            "forecast_tkr": "19500",
        },
    )
    assert admin.status_code == 302

    data["forecast-other-costs"] = "2 900"
    response = second.post(EDIT_Q2, data)

    assert response.status_code == 409
    assert response.context["conflict"]["editors"] == ["Cecilia"]
    assert _forecast("other-costs") == 2721


def test_a_refused_save_keeps_my_comment_laid_on_the_newer_figures(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    first_data["forecast-staff-costs"] = "19 943"
    first.post(EDIT_Q2, first_data)
    second_data["comment-other-costs"] = "Hyran höjdes i maj."

    refused = second.post(EDIT_Q2, second_data)

    assert refused.status_code == 409
    form = refused.context["form"]
    assert form["comment-other-costs"].value() == "Hyran höjdes i maj."
    assert form["forecast-staff-costs"].value() == f"19{NBSP}943"
    assert refused.context["conflict"]["both_changed"] == []
    assert second.post(EDIT_Q2, form.data).status_code == 302
    figure = QuarterlyFigure.objects.get(line__year=2023, line__code="other-costs", quarter=2)
    assert figure.comment == "Hyran höjdes i maj."
    assert _forecast("staff-costs") == 19943


def test_a_comment_both_changed_is_named_and_the_others_comment_is_shown(chef, saved_quarter):
    first, second = _clients(chef)
    first_data, second_data = _page_data(first), _page_data(second)
    first_data["comment-other-costs"] = "Cecilias kommentar."
    first.post(EDIT_Q2, first_data)
    second_data["comment-other-costs"] = "Kalles kommentar."

    refused = second.post(EDIT_Q2, second_data)

    assert refused.status_code == 409
    assert refused.context["conflict"]["both_changed"] == ["Kommentar till Övriga omkostnader"]
    [change] = refused.context["conflict"]["changes"]
    assert [(row.label, row.old, row.new) for row in change.changes] == [
        ("kommentar", None, "Cecilias kommentar.")
    ]
    assert refused.context["form"]["comment-other-costs"].value() == "Kalles kommentar."
    figure = QuarterlyFigure.objects.get(line__year=2023, line__code="other-costs", quarter=2)
    assert figure.comment == "Cecilias kommentar."
