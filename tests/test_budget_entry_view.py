import pytest
from django.urls import reverse

from budget.models import BudgetLine, BudgetQuarter, QuarterlyFigure
from tests.budget_helpers import load_real_budget, swedish

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
EDIT_Q2 = reverse("budget:edit_quarter", args=[2023, 2])


@pytest.fixture
def budget(db):
    load_real_budget()


def _post_data(**overrides) -> dict[str, str]:
    """Every 2023 line as budgeted, actual to date half of it; overrides by field name.

    With the quarter's version as it is now, as a page opened just before submits it.
    """
    state = BudgetQuarter.objects.filter(year=2023, quarter=2).first()
    data = {"version": str(state.version if state else 0)}
    for line in BudgetLine.objects.filter(year=2023):
        data[f"actual-{line.code}"] = str(line.amount_tkr // 2)
        data[f"forecast-{line.code}"] = str(line.amount_tkr)
    data.update({name.replace("__", "-").replace("_", "-"): v for name, v in overrides.items()})
    return data


def test_the_chef_sees_a_field_for_every_line_and_column(chef, client_for, budget):
    response = client_for(chef).get(EDIT_Q2)
    assert response.status_code == 200
    for line in BudgetLine.objects.filter(year=2023):
        for column in ("actual", "forecast"):
            assert f'name="{column}-{line.code}"' in response.text
            assert f'<label class="visually-hidden" for="id_{column}-{line.code}">' in response.text


def test_the_chef_enters_q2_and_the_page_shows_the_deviation(chef, client_for, budget):
    client = client_for(chef)
    response = client.post(EDIT_Q2, _post_data(forecast__staff_costs="19 943"), follow=True)
    assert response.redirect_chain == [(reverse("budget:quarter", args=[2023, 2]), 302)]
    figure = QuarterlyFigure.objects.get(line__code="staff-costs", line__year=2023, quarter=2)
    assert figure.forecast_tkr == 19943
    assert figure.actual_to_date_tkr == 18993 // 2
    assert figure.updated_by == chef
    assert QuarterlyFigure.objects.filter(quarter=2).count() == 6
    staff = response.text[response.text.index('id="line-staff-costs"') :].split("</tr>")[0]
    assert f"−950{NBSP}tkr" in staff
    assert f"−5,0{NBSP}%" in staff
    assert swedish("worse than budget") in staff


def test_the_entry_page_shows_saved_figures_as_swedish_numbers(chef, client_for, budget):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data(forecast__member_fees="21000"))
    assert f'value="21{NBSP}000"' in client.get(EDIT_Q2).text


def test_a_committee_member_can_read_but_not_open_or_post_the_entry_page(
    committee_member, client_for, budget
):
    client = client_for(committee_member)
    assert client.get(reverse("budget:quarter", args=[2023, 2])).status_code == 200
    assert client.get(EDIT_Q2).status_code == 403
    assert client.post(EDIT_Q2, _post_data()).status_code == 403
    assert not QuarterlyFigure.objects.exists()


def test_a_procurement_officer_cannot_post_figures(procurement_officer, client_for, budget):
    assert client_for(procurement_officer).post(EDIT_Q2, _post_data()).status_code == 403
    assert not QuarterlyFigure.objects.exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ("-5", "Helårsprognos för Övriga omkostnader: ange minst 0\xa0tkr."),
        (
            "mycket",
            "Helårsprognos för Övriga omkostnader: ange ett heltal mellan 0 och 1\xa0000\xa0000\xa0tkr.",
        ),
        (
            "12,5",
            "Helårsprognos för Övriga omkostnader: ange ett heltal mellan 0 och 1\xa0000\xa0000\xa0tkr.",
        ),
        ("1000001", "Helårsprognos för Övriga omkostnader: ange högst 1\xa0000\xa0000\xa0tkr."),
        (
            "",
            "Helårsprognos för Övriga omkostnader: ange ett heltal mellan 0 och 1\xa0000\xa0000\xa0tkr.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    value, message, chef, client_for, budget
):
    response = client_for(chef).post(EDIT_Q2, _post_data(forecast__other_costs=value))
    assert response.status_code == 400
    summary = response.text[response.text.index('id="error-summary"') :].split("</div>")[0]
    assert f'<a href="#id_forecast-other-costs">{message}</a>' in summary
    assert f'id="id_forecast-other-costs_error">{message}</span>' in response.text
    assert 'id="error-summary"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_forecast-other-costs_error"' in response.text
    assert response.context["form"].errors.keys() == {"forecast-other-costs"}
    assert not QuarterlyFigure.objects.exists()


def test_the_error_summary_lists_the_errors_in_the_order_of_the_page(chef, client_for, budget):
    wrong = {
        "actual__staff_costs": "-1",
        "forecast__other_costs": "x",
        "forecast__member_fees": "2000000",
        "actual__procurement_support_fees": "",
    }
    response = client_for(chef).post(EDIT_Q2, _post_data(**wrong))
    page = response.text
    form = page.index('<form method="post" novalidate>')
    summary, fields = page[page.index('id="error-summary"') : form], page[form:]
    ids = [f"id_{name.replace('__', '-').replace('_', '-')}" for name in wrong]
    in_summary = sorted(ids, key=lambda id_: summary.index(f'href="#{id_}"'))
    on_page = sorted(ids, key=lambda id_: fields.index(f'id="{id_}"'))
    assert (
        in_summary
        == on_page
        == [
            "id_forecast-member-fees",
            "id_actual-procurement-support-fees",
            "id_actual-staff-costs",
            "id_forecast-other-costs",
        ]
    )
    assert (
        "Helårsprognos för Enligt avtal deltagande kommuner: ange högst 1\xa0000\xa0000\xa0tkr."
        in summary
    )


def test_a_bad_figure_leaves_earlier_figures_untouched(chef, client_for, budget):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data())
    before = list(QuarterlyFigure.objects.values_list("forecast_tkr", flat=True).order_by("pk"))
    client.post(EDIT_Q2, _post_data(forecast__member_fees="1", actual__staff_costs="-1"))
    after = list(QuarterlyFigure.objects.values_list("forecast_tkr", flat=True).order_by("pk"))
    assert after == before


def test_saving_records_who_changed_what_in_the_history(chef, client_for, budget):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data())
    client.post(EDIT_Q2, _post_data(forecast__other_costs="2900"))
    figure = QuarterlyFigure.objects.get(line__code="other-costs", line__year=2023, quarter=2)
    versions = list(figure.history.order_by("history_date"))
    assert [v.forecast_tkr for v in versions] == [2721, 2900]
    assert {v.history_user for v in versions} == {chef}
    assert QuarterlyFigure.history.count() == 7  # six created, one changed

    page = client.get(EDIT_Q2).text
    history = page[page.index('id="history"') :]
    assert "Övriga omkostnader, Kv2" in history
    assert f"2{NBSP}721{NBSP}tkr" in history and f"2{NBSP}900{NBSP}tkr" in history
    assert "Cecilia" in history


def test_saving_unchanged_figures_writes_no_history(chef, client_for, budget):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data())
    response = client.post(EDIT_Q2, _post_data(), follow=True)
    assert QuarterlyFigure.history.count() == 6
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/budget/2019/q2/edit/", "/budget/2023/q5/edit/"])
def test_unknown_years_and_quarters_cannot_be_edited(url, chef, client_for, budget):
    assert client_for(chef).get(url).status_code == 404


def test_the_entry_page_makes_a_fixed_number_of_queries(
    chef, client_for, budget, django_assert_max_num_queries
):
    client = client_for(chef)
    with django_assert_max_num_queries(10) as few:
        client.get(EDIT_Q2)
    queries_with_little_data = len(few)
    assert queries_with_little_data > 0
    client.post(EDIT_Q2, _post_data())
    client.post(EDIT_Q2, _post_data(forecast__other_costs="2900", forecast__member_fees="20000"))
    for extra in range(10):
        BudgetLine.objects.create(
            year=2023, kind="cost", code=f"extra-{extra}", name="Extra", amount_tkr=1
        )
    with django_assert_max_num_queries(queries_with_little_data):
        response = client.get(EDIT_Q2)
    assert len(response.context["entry"].history) == 8


def test_an_empty_post_is_refused_and_saves_nothing(chef, client_for, budget):
    response = client_for(chef).post(EDIT_Q2, {})
    assert response.status_code == 400
    assert not QuarterlyFigure.objects.exists()


# The head's comment per line


def test_the_chef_sees_a_labelled_comment_field_for_every_line(chef, client_for, budget):
    page = client_for(chef).get(EDIT_Q2).text
    for line in BudgetLine.objects.filter(year=2023):
        assert f'<textarea name="comment-{line.code}"' in page
        assert f'<label for="id_comment-{line.code}">Kommentar till {line.name}</label>' in page
        assert f'name="initial-comment-{line.code}"' in page


def test_a_comment_is_saved_and_shown_again_and_a_browsers_line_breaks_are_no_change(
    chef, client_for, budget
):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data(comment__other_costs="Ny lokal.\r\nHyran höjdes i maj."))
    figure = QuarterlyFigure.objects.get(line__code="other-costs", line__year=2023, quarter=2)
    assert figure.comment == "Ny lokal.\nHyran höjdes i maj."

    page = client.get(EDIT_Q2)
    assert "Ny lokal.\nHyran höjdes i maj.</textarea>" in page.text
    # A browser sends every line break of a textarea or hidden field as CRLF.
    unchanged = {
        name: value.replace("\n", "\r\n")
        for name, value in page.context["form"].browser_data().items()
    }
    response = client.post(EDIT_Q2, unchanged, follow=True)
    assert "Inget hade ändrats; inget sparades." in response.text
    assert QuarterlyFigure.history.filter(line__code="other-costs").count() == 1


def test_a_changed_comment_alone_is_saved_and_listed_in_the_history(chef, client_for, budget):
    client = client_for(chef)
    client.post(EDIT_Q2, _post_data())
    response = client.post(
        EDIT_Q2, _post_data(comment__staff_costs="Två vakanser under våren."), follow=True
    )
    assert "Uppgifterna för kvartal 2 2023 sparades." in response.text
    figure = QuarterlyFigure.objects.get(line__code="staff-costs", line__year=2023, quarter=2)
    assert figure.comment == "Två vakanser under våren."
    assert BudgetQuarter.objects.get(year=2023, quarter=2).version == 2

    page = client.get(EDIT_Q2).text
    history = page[page.index('id="history"') :]
    assert "kommentar: <span" in history and "Två vakanser under våren." in history
    assert history.count("kommentar:") == 1  # no comment at first is no change


def test_a_too_long_comment_is_refused_with_a_message_naming_its_line(chef, client_for, budget):
    response = client_for(chef).post(EDIT_Q2, _post_data(comment__other_costs="x" * 2001))
    message = f"Kommentar till Övriga omkostnader: skriv högst 2{NBSP}000 tecken."
    assert response.status_code == 400
    assert f'<a href="#id_comment-other-costs">{message}</a>' in response.text
    assert f'id="id_comment-other-costs_error">{message}</span>' in response.text
    assert not QuarterlyFigure.objects.exists()
