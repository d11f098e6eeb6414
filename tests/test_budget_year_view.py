import pytest
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from tests.budget_helpers import load_real_budget, swedish

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def tkr(text: str) -> str:
    """ "22 576 tkr" as the page writes it, with no-break spaces."""
    return text.replace(" ", NBSP)


@pytest.fixture
def budget(db):
    load_real_budget()


def _enter(year: int, quarter: int, forecasts: dict[str, int], actual: int = 1000):
    for code, forecast in forecasts.items():
        QuarterlyFigure.objects.create(
            line=BudgetLine.objects.get(year=year, code=code),
            quarter=quarter,
            actual_to_date_tkr=actual,
            forecast_tkr=forecast,
        )


def _all_lines_as_budgeted(year: int, **overrides) -> dict[str, int]:
    forecasts = {line.code: line.amount_tkr for line in BudgetLine.objects.filter(year=year)}
    forecasts.update({code.replace("_", "-"): value for code, value in overrides.items()})
    return forecasts


def test_anonymous_user_is_sent_to_login(client, budget):
    response = client.get(reverse("budget:year", args=[2023]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["chef", "procurement_officer", "committee_member", "admin_user"])
def test_every_role_reads_the_budget(role, request, client_for, budget):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("budget:index")).status_code == 200
    assert client.get(reverse("budget:year", args=[2023])).status_code == 200


def test_user_without_a_role_is_refused(user_without_role, client_for, budget):
    client = client_for(user_without_role)
    assert client.get(reverse("budget:index")).status_code == 403
    assert client.get(reverse("budget:year", args=[2023])).status_code == 403


def test_the_2023_budget_shows_bilaga_2_with_its_totals(committee_member, client_for, budget):
    page = client_for(committee_member).get(reverse("budget:year", args=[2023])).text
    assert "<h1>" + swedish("Budget %(year)s") % {"year": 2023} + "</h1>" in page
    for name, amount in [
        ("Enligt avtal deltagande kommuner", "20 814 tkr"),
        ("Enligt avtal bolag samt kommunalförbund", "862 tkr"),
        ("Intäkter upphandlingsstöd", "900 tkr"),
        ("Personalkostnader", "18 993 tkr"),
        ("Övriga omkostnader", "2 721 tkr"),
    ]:
        assert name in page
        assert tkr(amount) in page
    revenue_total = page[page.index('id="total-revenue"') :].split("</tr>")[0]
    cost_total = page[page.index('id="total-cost"') :].split("</tr>")[0]
    result = page[page.index('id="result"') :].split("</tr>")[0]
    assert tkr("22 576 tkr") in revenue_total
    assert tkr("22 576 tkr") in cost_total
    assert tkr("0 tkr") in result


def test_the_budget_list_shows_both_years_with_their_totals(committee_member, client_for, budget):
    page = client_for(committee_member).get(reverse("budget:index")).text
    assert tkr("21 417 tkr") in page
    assert tkr("22 576 tkr") in page
    assert page.index("2023") < page.index("2022")


def test_the_nav_links_to_the_budget_for_those_who_may_read_it(
    committee_member, user_without_role, client_for, budget
):
    link = f'href="{reverse("budget:index")}"'
    assert link in client_for(committee_member).get(reverse("plan")).text
    refused = client_for(user_without_role).get(reverse("plan"))
    assert refused.status_code == 403
    assert "main-nav" in refused.text
    assert link not in refused.text


def test_a_quarter_shows_actual_forecast_and_deviation_per_line_and_in_total(
    committee_member, client_for, budget
):
    _enter(2023, 2, _all_lines_as_budgeted(2023, staff_costs=19943, procurement_support_fees=990))
    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text
    staff = page[page.index('id="line-staff-costs"') :].split("</tr>")[0]
    assert tkr("19 943 tkr") in staff
    assert "−950" + NBSP + "tkr" in staff
    assert "−5,0" + NBSP + "%" in staff
    assert swedish("worse than budget") in staff
    support = page[page.index('id="line-procurement-support-fees"') :].split("</tr>")[0]
    assert "+90" + NBSP + "tkr" in support
    assert "+10,0" + NBSP + "%" in support
    assert swedish("better than budget") in support
    cost_total = page[page.index('id="total-cost"') :].split("</tr>")[0]
    assert tkr("23 526 tkr") in cost_total
    assert "−950" + NBSP + "tkr" in cost_total
    result = page[page.index('id="result"') :].split("</tr>")[0]
    assert "−860" + NBSP + "tkr" in result
    assert "−3,8" + NBSP + "%" in result


def test_the_year_page_shows_the_latest_quarter_with_figures(committee_member, client_for, budget):
    _enter(2023, 1, _all_lines_as_budgeted(2023))
    _enter(2023, 3, _all_lines_as_budgeted(2023, other_costs=2700))
    response = client_for(committee_member).get(reverse("budget:year", args=[2023]))
    assert response.context["overview"].quarter == 3
    assert "+21" + NBSP + "tkr" in response.text


def test_a_quarter_without_figures_says_so_and_computes_no_totals(
    committee_member, client_for, budget
):
    _enter(2023, 2, {"staff-costs": 19000})
    overview = (
        client_for(committee_member)
        .get(reverse("budget:quarter", args=[2023, 2]))
        .context["overview"]
    )
    assert overview.figure_count == 1
    assert not overview.figures_complete
    assert overview.result_deviation is None
    assert overview.cost.deviation is None


def test_a_committee_member_sees_no_entry_link(committee_member, chef, client_for, budget):
    url = reverse("budget:edit_quarter", args=[2023, 2])
    quarter = reverse("budget:quarter", args=[2023, 2])
    assert url not in client_for(committee_member).get(quarter).text
    assert url in client_for(chef).get(quarter).text


@pytest.mark.parametrize("url", ["/budget/2019/", "/budget/2023/q5/", "/budget/2023/q0/"])
def test_unknown_years_and_quarters_are_not_found(url, committee_member, client_for, budget):
    assert client_for(committee_member).get(url).status_code == 404


def test_the_quarter_page_makes_a_fixed_number_of_queries(
    committee_member, client_for, budget, django_assert_max_num_queries
):
    client = client_for(committee_member)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("budget:quarter", args=[2023, 2]))
    queries_with_little_data = len(few)
    assert queries_with_little_data > 0
    _enter(2023, 2, _all_lines_as_budgeted(2023))
    for extra in range(10):
        BudgetLine.objects.create(
            year=2023, kind="cost", code=f"extra-{extra}", name="Extra", amount_tkr=1
        )
    with django_assert_max_num_queries(queries_with_little_data):
        client.get(reverse("budget:quarter", args=[2023, 2]))


def test_the_budget_list_makes_a_fixed_number_of_queries(
    committee_member, client_for, budget, django_assert_max_num_queries
):
    client = client_for(committee_member)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("budget:index"))
    queries_with_little_data = len(few)
    assert queries_with_little_data > 0
    _enter(2023, 2, _all_lines_as_budgeted(2023))
    for year in range(2010, 2020):
        BudgetLine.objects.create(year=year, kind="cost", code="x", name="X", amount_tkr=1)
    with django_assert_max_num_queries(queries_with_little_data):
        response = client.get(reverse("budget:index"))
    years = response.context["years"]
    assert len(years) == 12
    assert [(y.year, y.latest_quarter) for y in years[:3]] == [
        (2023, 2),
        (2022, None),
        (2019, None),
    ]


def _result_row(page: str) -> list[str]:
    """The cells of the result row: budget, actual to date, forecast, deviation, deviation %."""
    row = page[page.index('id="result"') :].split("</tr>")[0]
    return [cell.split(">", 1)[1].split("</td>")[0].strip() for cell in row.split("<td")[1:]]


def test_the_result_row_shows_the_actual_to_date_revenue_less_costs(
    committee_member, client_for, budget
):
    actuals = {
        "member-fees": 10_407,
        "company-and-federation-fees": 431,
        "procurement-support-fees": 612,
        "staff-costs": 9_874,
        "company-and-federation-staff-costs": 3,
        "other-costs": 1_955,
    }
    for code, actual in actuals.items():
        line = BudgetLine.objects.get(year=2023, code=code)
        QuarterlyFigure.objects.create(
            line=line, quarter=2, actual_to_date_tkr=actual, forecast_tkr=line.amount_tkr
        )
    kinds = dict(BudgetLine.objects.filter(year=2023).values_list("code", "kind"))
    revenue_less_costs = sum(a if kinds[c] == "revenue" else -a for c, a in actuals.items())
    assert revenue_less_costs == -382

    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text

    budget_cell, actual_cell, forecast_cell = _result_row(page)[:3]
    assert (budget_cell, actual_cell, forecast_cell) == (
        "0" + NBSP + "tkr",
        "−382" + NBSP + "tkr",
        "0" + NBSP + "tkr",
    )


def test_the_result_row_has_no_actual_while_a_line_has_no_figures(
    committee_member, client_for, budget
):
    _enter(2023, 2, {"staff-costs": 19000})
    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text
    assert _result_row(page)[1:3] == ["–", "–"]


def test_the_last_change_names_who_made_it(chef, committee_member, client_for, budget):
    client_for(chef).post(
        reverse("budget:edit_quarter", args=[2023, 2]),
        {
            "version": "0",
            **{
                f"{column}-{line.code}": str(line.amount_tkr)
                for line in BudgetLine.objects.filter(year=2023)
                for column in ("actual", "forecast")
            },
        },
    )
    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text
    assert " av Cecilia." in page


def test_the_last_change_by_nobody_known_names_nobody(committee_member, client_for, budget):
    _enter(2023, 2, _all_lines_as_budgeted(2023))
    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text
    assert "Senast ändrad " in page
    assert " av –" not in page
    assert " av " not in page.split("Senast ändrad ")[1].split("</p>")[0]


def test_the_quarter_page_lists_the_heads_comments_in_the_tables_order(
    committee_member, client_for, budget
):
    _enter(2023, 2, _all_lines_as_budgeted(2023, staff_costs=19943))
    QuarterlyFigure.objects.filter(line__code="staff-costs", quarter=2).update(
        comment="Två nya tjänster.\nRekrytering klar i maj."
    )
    QuarterlyFigure.objects.filter(line__code="member-fees", quarter=2).update(
        comment="Enligt avtal."
    )
    response = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2]))

    assert [row.code for row in response.context["overview"].commented] == [
        "member-fees",
        "staff-costs",
    ]
    comments = response.text[response.text.index('id="comments"') :].split("</dl>")[0]
    assert swedish("Comments on the lines") in comments
    assert "<dt>Enligt avtal deltagande kommuner</dt>" in comments
    assert "<dd>Två nya tjänster.<br>Rekrytering klar i maj.</dd>" in comments
    assert comments.index("Enligt avtal deltagande") < comments.index("Personalkostnader")


def test_a_quarter_without_comments_has_no_list_of_them(committee_member, client_for, budget):
    _enter(2023, 2, _all_lines_as_budgeted(2023))
    page = client_for(committee_member).get(reverse("budget:quarter", args=[2023, 2])).text
    assert 'id="comments"' not in page
    assert swedish("Comments on the lines") not in page
