"""The start page: the committee's dashboard of a period."""

import io
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from budget.selectors import tkr
from indicators.fulfilment import Status
from indicators.models import Assignment, Indicator
from procurements.models import ReviewAppeal
from reports.follow_up import period_follow_up
from reports.models import AssignmentProgress
from reports.services import QuarterEdit, adopt_period, get_or_create_period, save_quarter

pytestmark = pytest.mark.django_db

START = reverse("dashboards:start")


def seed(count: int, seed: int = 7) -> None:
    call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())


@pytest.fixture
def demo_year(db):
    seed(120)


def test_a_committee_member_sees_every_goal_with_its_status_in_symbol_and_word(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(START)
    assert response.status_code == 200
    follow_up = period_follow_up(2023, 4)
    page = response.text
    assert page.count('class="goal-card goal-card--') == 7
    for goal in follow_up.goals:
        card = page.split(f'href="/oversikt/2023/4/mal/{goal.code}/"')[1].split("</li>")[0]
        assert goal.title in card
        assert f"{goal.status.symbol}</span> {goal.status.label}" in card


def test_the_start_page_shows_the_vision(chef, client_for):
    response = client_for(chef).get(START)
    assert "Värdeskapande samverkan för goda affärer och en hållbar framtid" in response.text


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef", "admin_user"])
def test_every_signed_in_role_reads_the_dashboard(role, request, client_for, demo_year):
    response = client_for(request.getfixturevalue(role)).get(START)
    assert response.status_code == 200
    assert "Översikt Kv4 2023" in response.text


def test_the_start_page_is_refused_to_a_user_without_a_role(user_without_role, client_for):
    assert client_for(user_without_role).get(START).status_code == 403


def test_an_anonymous_visitor_is_sent_to_login(client):
    for url in (START, reverse("dashboards:period", args=[2023, 4])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_only_staff_see_the_administration_link(committee_member, chef, client):
    client.force_login(committee_member)
    assert reverse("admin:index") not in client.get(START).text
    client.force_login(chef)
    assert reverse("admin:index") in client.get(START).text


def test_indicator_counts_per_goal_equal_the_follow_ups_statuses(
    committee_member, client_for, demo_year
):
    dashboard = client_for(committee_member).get(START).context["dashboard"]
    assert len(dashboard.goals) == 7
    for card, goal in zip(dashboard.goals, period_follow_up(2023, 4).goals, strict=True):
        expected = Counter(indicator.status for indicator in goal.indicators)
        assert {count.status: count.count for count in card.counts} == +expected
        assert sum(count.count for count in card.counts) == len(goal.indicators)


@pytest.mark.parametrize("year, quarter", [(2023, 5), (2023, 0), (2019, 1), (2031, 2)])
def test_periods_outside_the_plan_are_not_found(year, quarter, committee_member, client_for):
    response = client_for(committee_member).get(f"/oversikt/{year}/{quarter}/")
    assert response.status_code == 404


def test_a_chosen_period_is_shown_and_every_quarter_of_the_plan_can_be_chosen(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 2]))
    assert response.status_code == 200
    assert response.context["dashboard"].follow_up.quarter == 2
    assert "Översikt Kv2 2023" in response.text
    for year in (2023, 2024, 2025):
        for quarter in (1, 2, 3, 4):
            assert f'href="/oversikt/{year}/{quarter}/"' in response.text


def test_without_an_adopted_period_the_newest_quarter_with_data_is_shown(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(START)
    period = response.context["dashboard"].period
    assert (period.year, period.quarter) == (2023, 4)
    assert "Utkast, inte fastställt" in response.text
    assert "Visa utkastet" not in response.text


def test_the_newest_adopted_period_is_shown_with_the_draft_one_click_away(
    chef, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 2), chef)
    response = client_for(committee_member).get(START)
    period = response.context["dashboard"].period
    assert (period.year, period.quarter) == (2023, 2)
    assert response.context["dashboard"].follow_up.is_adopted
    assert "Fastställd" in response.text
    draft_link = f'href="{reverse("dashboards:period", args=[2023, 4])}">Visa utkastet för Kv4 2023'
    assert draft_link in response.text

    draft = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 4]))
    latest_adopted = f'href="{reverse("dashboards:period", args=[2023, 2])}">'
    assert latest_adopted + "Visa senast fastställda: Kv2 2023" in draft.text


def test_goal_links_lead_to_the_goals_page_in_the_same_period(
    committee_member, client_for, demo_year
):
    page = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 3])).text
    for goal in period_follow_up(2023, 3).goals:
        assert f'href="{reverse("dashboards:goal", args=[2023, 3, goal.code])}"' in page
    assert page.count('href="/oversikt/2023/3/mal/') == 7
    assert 'href="/uppfoljning/2023/3/">Hela uppföljningen för Kv3 2023' in page


def test_changes_since_the_previous_quarter_are_the_indicators_whose_status_changed(
    committee_member, client_for, demo_year
):
    dashboard = client_for(committee_member).get(START).context["dashboard"]
    now, before = period_follow_up(2023, 4), period_follow_up(2023, 3)
    previous = {indicator.code: indicator.status for indicator in before.indicators}
    expected = {i.code for i in now.indicators if previous[i.code] != i.status}
    assert {change.code for change in dashboard.changes} == expected
    for card, goal, earlier in zip(dashboard.goals, now.goals, before.goals, strict=True):
        assert card.previous_status == earlier.status
        assert {c.code for c in card.changed_indicators} == {
            i.code for i in goal.indicators if i.code in expected
        }


def test_a_status_that_improves_is_shown_as_better_with_what_it_was(
    committee_member, client_for, chef
):
    nki = Indicator.objects.get(code="nki")  # yearly, target > 90 %
    save_quarter(
        get_or_create_period(2023, 1), QuarterEdit(version=0, values={(nki.pk, None): 80}), chef
    )
    save_quarter(
        get_or_create_period(2023, 2), QuarterEdit(version=0, values={(nki.pk, None): 95}), chef
    )
    response = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 2]))
    change = next(c for c in response.context["dashboard"].changes if c.code == "nki")
    assert (change.previous, change.current) == (Status.NOT_MET, Status.MET)
    assert "↑</span> bättre" in response.text
    goal = response.context["dashboard"].goals[0]
    assert goal.previous_status == Status.NOT_MET
    assert "(var Ej uppfyllt)" in response.text


def test_the_first_quarter_of_the_plan_has_nothing_to_compare_with(committee_member, client_for):
    response = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 1]))
    assert response.status_code == 200
    assert not response.context["dashboard"].has_previous
    assert "Planen omfattar inte Kv4 2022" in response.text


def test_the_economy_equals_a_recomputation_from_the_budget_figures(
    committee_member, client_for, demo_year
):
    economy = client_for(committee_member).get(START).context["dashboard"].economy
    budget = {line.pk: line for line in BudgetLine.objects.filter(year=2023)}
    figures = QuarterlyFigure.objects.filter(line__year=2023, quarter=4)
    signs = {"revenue": 1, "cost": -1}
    forecast = sum(signs[budget[f.line_id].kind] * f.forecast_tkr for f in figures)
    budgeted = sum(signs[line.kind] * line.amount_tkr for line in budget.values())
    actual_cost = sum(f.actual_to_date_tkr for f in figures if budget[f.line_id].kind == "cost")
    assert economy.forecast_result == tkr(Decimal(forecast))
    assert economy.budget_result == tkr(Decimal(budgeted))
    assert economy.actual_cost == tkr(Decimal(actual_cost))
    assert economy.deviation.tkr.endswith(tkr(Decimal(abs(forecast - budgeted))))
    # "Ekonomi i balans": the result's deviation in per cent of the budgeted costs, to one
    # decimal rounded half away from zero (ROUND_HALF_UP on a Decimal), its sign as a word.
    budgeted_cost = sum(line.amount_tkr for line in budget.values() if line.kind == "cost")
    balance = (Decimal(forecast - budgeted) * 100 / budgeted_cost).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    assert balance != 0
    digits = str(abs(balance)).replace(".", ",")
    expected = f"{'−' if balance < 0 else ''}{digits}\xa0% "
    expected += "(underskott)" if balance < 0 else "(överskott)"
    assert economy.balance.text == expected
    page = client_for(committee_member).get(START).text
    assert economy.forecast_result in page


def test_key_figures_equal_the_follow_up_and_the_register(committee_member, client_for, demo_year):
    dashboard = client_for(committee_member).get(START).context["dashboard"]
    figures = {f.code: f for group in dashboard.key_figure_groups for f in group.figures}
    assert set(figures) == {
        "staff-turnover",
        "sick-leave",
        "review-appeals",
        "cancelled-procurements",
        "governance-deviations",
    }
    appeals = ReviewAppeal.objects.filter(filed_on__year=2023).count()
    assert figures["review-appeals"].text == str(appeals)
    followed = {i.code: i for i in period_follow_up(2023, 4).indicators}
    for code, figure in figures.items():
        assert figure.text == followed[code].text
        assert figure.status == followed[code].status


def test_the_assignments_status_is_shown(chef, committee_member, client_for):
    assignment = Assignment.objects.filter(year=2023).first()
    save_quarter(
        get_or_create_period(2023, 3),
        QuarterEdit(
            version=0,
            assignments={assignment.pk: (AssignmentProgress.Status.DONE, "Klart i augusti.")},
        ),
        chef,
    )
    response = client_for(committee_member).get(reverse("dashboards:period", args=[2023, 3]))
    assert ("klart", 1) in response.context["dashboard"].assignment_counts
    assert f"{assignment.title}: <strong>klart</strong>" in response.text


def test_the_start_page_links_every_municipality_with_its_official_code(
    committee_member, client_for, demo_year
):
    page = client_for(committee_member).get(START).text
    assert 'href="/oversikt/2023/4/kommuner/2080/">Falun <span class="muted">2080</span>' in page
    assert page.count('href="/oversikt/2023/4/kommuner/') == 7


@pytest.mark.parametrize("url", [START, reverse("dashboards:period", args=[2023, 4])])
def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    url, committee_member, client_for, page_queries
):
    seed(250)
    response = page_queries(
        client_for(committee_member),
        url,
        most=69,  # the data version, two follow-ups, the budget, the meeting
        grow=lambda: seed(5000, seed=8),
    )
    assert response.context["dashboard"].follow_up.indicators[0].value is not None


def test_a_year_without_a_budget_says_so(committee_member, client_for):
    response = client_for(committee_member).get(reverse("dashboards:period", args=[2024, 2]))
    assert response.status_code == 200
    assert response.context["dashboard"].economy is None
    assert "Planen har ingen budget för året." in response.text
