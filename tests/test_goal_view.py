"""A goal's page: its status, analysis and indicators, each with a sparkline of its latest quarters."""

import html
import io
import json
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Goal, Indicator
from reports.follow_up import period_follow_up
from reports.services import QuarterEdit, adopt_period, get_or_create_period, save_quarter

pytestmark = pytest.mark.django_db

ENVIRONMENT = "environmental-sustainability"  # goal 5: nine indicators, three per municipality
STRATEGIC = "strategic-tool"  # goal 1: a share from the register and a figure entered by hand
# The period's follow-up (two register computations), a register computation for each quarter
# of the sparklines (about 8 queries each, whatever the register's size; four quarters in Q4
# 2023, the plan's first year), the periods and the goal: 76 today.
PAGE_QUERIES = 80


def goal_url(code: str, year: int | None = None, quarter: int | None = None) -> str:
    args = [code] if year is None else [year, quarter, code]
    return reverse("dashboards:goal", args=args)


def seed(count: int, seed: int = 7) -> None:
    call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())


@pytest.fixture
def demo_year(db):
    seed(120)


def _goal(follow_up, code):
    return next(goal for goal in follow_up.goals if goal.code == code)


def _row(page: str, code: str) -> str:
    return page.split(f'id="goal-indicator-{code}"')[1].split("</tr>")[0]


def _sparkline(page: str, code: str) -> dict:
    match = re.search(
        rf'<script id="sparkline-{code}-data" type="application/json">(.*?)</script>', page
    )
    return json.loads(match.group(1))


def test_the_goal_page_is_at_a_swedish_address():
    assert goal_url(STRATEGIC) == "/mal/strategic-tool/"
    assert goal_url(STRATEGIC, 2023, 4) == "/oversikt/2023/4/mal/strategic-tool/"


def test_an_anonymous_visitor_is_sent_to_login(client):
    for url in (goal_url(STRATEGIC), goal_url(STRATEGIC, 2023, 4)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "chef", "procurement_officer"])
def test_every_role_reads_a_goal(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(goal_url(STRATEGIC, 2023, 2))
    assert response.status_code == 200
    assert "Upphandling används som ett strategiskt verktyg" in response.text
    assert "Inriktningsmål 1" in response.text


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(goal_url(STRATEGIC)).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/mal/no-such-goal/",
        "/oversikt/2023/4/mal/no-such-goal/",
        "/oversikt/2023/5/mal/strategic-tool/",
        "/oversikt/2019/1/mal/strategic-tool/",
        "/oversikt/2031/2/mal/strategic-tool/",
    ],
)
def test_an_unknown_goal_or_period_is_not_found(url, committee_member, client_for):
    assert client_for(committee_member).get(url).status_code == 404


def test_a_goal_outside_the_periods_plan_is_not_found(committee_member, client_for):
    Goal.objects.create(code="old-goal", order=99, title="Ett äldre mål", description="Borta.")
    client = client_for(committee_member)
    assert client.get(goal_url("old-goal", 2023, 4)).status_code == 404
    assert client.get(goal_url("old-goal")).status_code == 404


def test_by_default_the_goal_is_shown_in_the_start_pages_period(
    chef, committee_member, client_for, demo_year
):
    client = client_for(committee_member)
    assert client.get(goal_url(STRATEGIC)).context["page"].period.name == "Kv4 2023"

    adopt_period(get_or_create_period(2023, 2), chef)
    start = client.get(reverse("dashboards:start")).context["dashboard"].period
    response = client.get(goal_url(STRATEGIC))
    period = response.context["page"].period
    assert (period.year, period.quarter) == (start.year, start.quarter) == (2023, 2)
    draft = f'href="{goal_url(STRATEGIC, 2023, 4)}">Visa utkastet för Kv4 2023'
    assert draft in response.text


def test_the_goal_has_the_follow_ups_status_in_symbol_and_word_and_its_counts(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(goal_url(ENVIRONMENT, 2023, 3))
    goal = _goal(period_follow_up(2023, 3), ENVIRONMENT)
    page = response.context["page"]
    assert (page.number, page.title, page.status) == (goal.number, goal.title, goal.status)
    heading = response.text.split('class="goal-heading__status"')[1].split("</p>")[0]
    assert f"{goal.status.symbol}</span> {goal.status.label}" in heading
    expected = Counter(indicator.status for indicator in goal.indicators)
    assert {count.status: count.count for count in page.counts} == +expected
    for count in page.counts:
        assert count.text in response.text


def test_each_indicator_row_holds_the_follow_ups_value_target_status_and_trends(
    committee_member, client_for, demo_year
):
    text = client_for(committee_member).get(goal_url(ENVIRONMENT, 2023, 4)).text
    goal = _goal(period_follow_up(2023, 4), ENVIRONMENT)
    assert len(goal.indicators) == 9
    for indicator in goal.indicators:
        row = html.unescape(_row(text, indicator.code))
        assert f'href="/indikatorer/{indicator.code}/"' in row
        assert f'<span class="goal-table__value">{indicator.text}</span>' in row
        assert indicator.target_text in row
        assert f"{indicator.status.symbol}</span> {indicator.status.label}" in row
        for baseline in indicator.baselines:
            assert f"{baseline.year}: {baseline.text} ({baseline.trend.label.lower()})" in row
        if indicator.previous_year_text:
            trend = indicator.previous_year_trend.label.lower()
            assert f"Föregående år: {indicator.previous_year_text} ({trend})" in row


def test_a_share_from_the_register_shows_its_numerator_and_denominator(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(goal_url(STRATEGIC, 2023, 4))
    followed = next(
        i
        for i in _goal(period_follow_up(2023, 4), STRATEGIC).indicators
        if i.code == "coordinated-share"
    )
    assert followed.value == followed.numerator / followed.denominator * 100
    fraction = f"{int(followed.numerator)} av {int(followed.denominator)}"
    assert fraction in _row(response.text, "coordinated-share")
    assert " av " not in _row(response.text, "nki").split("goal-table__value")[1].split("</td>")[0]


def test_the_heads_analysis_of_the_goal_and_the_plans_description_are_shown(
    chef, committee_member, client_for
):
    goal = Goal.objects.get(code=STRATEGIC)
    nki = Indicator.objects.get(code="nki")
    save_quarter(
        get_or_create_period(2023, 3),
        QuarterEdit(
            version=0,
            goal_analyses={goal.pk: "Samordningen ökar stadigt."},
            indicator_analyses={nki.pk: "Ägarna är nöjda."},
        ),
        chef,
    )
    client = client_for(committee_member)
    page = client.get(goal_url(STRATEGIC, 2023, 3)).text
    assert "Chefens analys, Kv3 2023" in page
    assert "Samordningen ökar stadigt." in page
    assert "Ägarna är nöjda." in _row(page, "nki")
    assert "kostnadseffektiva, rättssäkra" in page
    assert "Inriktningsmålet förutsätter samverkan" in page
    assert "Ingen analys är skriven ännu." in client.get(goal_url(STRATEGIC, 2023, 2)).text


def test_each_indicator_has_a_sparkline_ending_in_the_follow_ups_value(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(goal_url(ENVIRONMENT, 2023, 4))
    indicators = _goal(period_follow_up(2023, 4), ENVIRONMENT).indicators
    assert indicators
    for indicator in indicators:
        figure = _sparkline(response.text, indicator.code)
        year_to_date = [trace for trace in figure["data"] if trace["name"] == "Hittills i år"]
        assert year_to_date[0]["x"] == ["Kv1 2023", "Kv2 2023", "Kv3 2023", "Kv4 2023"]
        assert year_to_date[-1]["y"][-1] == pytest.approx(float(indicator.value))
        row = html.unescape(_row(response.text, indicator.code))
        description = re.search(r'role="img" aria-label="([^"]*)"', row).group(1)
        assert description.startswith(f"{indicator.name}, hittills i år: Kv1 2023 ")
        assert f"Kv4 2023 {indicator.text}" in description
        assert 'data-chart-static role="img"' in row


def test_an_indicator_without_values_in_the_quarters_has_no_sparkline(committee_member, client_for):
    response = client_for(committee_member).get(goal_url(STRATEGIC, 2023, 2))
    row = _row(response.text, "nki")
    assert "Inga värden under dessa kvartal" in row
    assert 'role="img"' not in row


def test_the_page_has_no_inline_script_and_loads_plotly_from_the_app(
    committee_member, client_for, demo_year
):
    page = client_for(committee_member).get(goal_url(ENVIRONMENT)).text
    scripts = re.findall(r"<script([^>]*)>", page)
    assert len(scripts) == 2 + 9
    for attributes in scripts:
        assert 'type="application/json"' in attributes or 'src="/static/' in attributes
    assert 'src="/static/vendor/plotly/plotly-basic.min.js"' in page
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in page


def test_the_page_links_to_the_overview_the_follow_up_and_every_goal_of_the_period(
    committee_member, client_for, demo_year
):
    page = client_for(committee_member).get(goal_url(ENVIRONMENT, 2023, 3)).text
    assert 'href="/oversikt/2023/3/">Översikt Kv3 2023' in page
    assert 'href="/uppfoljning/2023/3/#goal-5">Målet i hela uppföljningen för Kv3 2023' in page
    links = re.findall(r'href="/oversikt/2023/3/mal/([a-z-]+)/"', page)
    assert len(set(links)) == 7
    assert f'href="/oversikt/2023/3/mal/{ENVIRONMENT}/" aria-current="page"' in page
    for year in (2023, 2024, 2025):
        for quarter in (1, 2, 3, 4):
            assert f'href="/oversikt/{year}/{quarter}/mal/{ENVIRONMENT}/"' in page


def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    committee_member, client_for, page_queries
):
    seed(250, seed=1)
    response = page_queries(
        client_for(committee_member),
        goal_url(ENVIRONMENT),
        most=PAGE_QUERIES,
        grow=lambda: seed(5000, seed=2),
    )
    assert all(row.recent.values for row in response.context["page"].indicators)


@pytest.mark.parametrize(
    "many, few",
    [
        (ENVIRONMENT, "new-solutions"),  # nine indicators from the register, and one
        ("social-sustainability", STRATEGIC),  # five and one from the register, one entered each
    ],
)
def test_goals_with_many_or_few_indicators_make_the_same_number_of_queries(
    many,
    few,
    committee_member,
    client_for,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    seed(60)
    client = client_for(committee_member)
    with django_assert_max_num_queries(PAGE_QUERIES) as with_many:
        assert client.get(goal_url(many, 2023, 4)).status_code == 200
    cache.clear()  # the second goal computes its page as the first did, not from the cache
    with django_assert_num_queries(len(with_many)):
        assert client.get(goal_url(few, 2023, 4)).status_code == 200
