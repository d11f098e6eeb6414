import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.follow_up import period_follow_up

pytestmark = pytest.mark.django_db

COORDINATED = reverse("dashboards:indicator", args=["coordinated-share"])
ORGANIC_FOOD = reverse("dashboards:indicator", args=["organic-food-requirements"])
# Each of the plan's 12 quarters is one window of the register computation (about 8
# queries each, whatever the size of the register), and the page itself needs a dozen.
PAGE_QUERIES = 120


@pytest.fixture
def demo_year(db):
    call_command("seed_demo", year=2023, count=80, seed=5, stdout=io.StringIO())


def _figure(response, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}-data" type="application/json">(.*?)</script>', response.text
    )
    return json.loads(match.group(1))


def test_the_indicator_page_is_at_a_swedish_address():
    assert COORDINATED == "/indikatorer/coordinated-share/"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(COORDINATED)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "chef", "procurement_officer"])
def test_every_role_reads_an_indicator(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(COORDINATED)
    assert response.status_code == 200
    assert "Andel samordnade upphandlingar av avslutade upphandlingar" in response.text


def test_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(COORDINATED).status_code == 403


def test_an_unknown_indicator_is_not_found(committee_member, client_for):
    response = client_for(committee_member).get("/indikatorer/no-such-indicator/")
    assert response.status_code == 404


def test_the_page_carries_the_figure_as_data_with_its_description_as_alternative_text(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(COORDINATED)
    figure = _figure(response, "chart-over-time")
    assert figure["layout"]["separators"] == ",\xa0"
    assert {trace["name"] for trace in figure["data"]} >= {"Hittills i år", "Mål"}
    description = response.context["over_time"].description
    assert description.startswith("Andel samordnade upphandlingar av avslutade upphandlingar: ")
    assert f'role="img" aria-label="{description}"' in response.text.replace("&quot;", '"')


def test_the_table_holds_the_follow_ups_values_with_numerator_and_denominator(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(COORDINATED)
    page = response.text
    for quarter in (1, 2, 3, 4):
        followed = next(
            i for i in period_follow_up(2023, quarter).indicators if i.code == "coordinated-share"
        )
        row = page.split(f'id="period-2023-{quarter}"')[1].split("</tr>")[0]
        assert f'<td class="number">{followed.text}' in row
        assert f'<td class="number">{int(followed.numerator)}</td>' in row
        assert f'<td class="number">{int(followed.denominator)}</td>' in row
        assert f"/uppfoljning/2023/{quarter}/underlag/coordinated-share/" in row
    assert "2020, utgångsvärde i planen" in page
    assert "79\xa0%" in page


def test_the_page_shows_the_specification_and_the_heads_analysis(
    committee_member, chef, client_for
):
    from indicators.models import Indicator
    from reports.models import Analysis
    from reports.services import get_or_create_period

    Analysis.objects.create(
        period=get_or_create_period(2023, 2),
        indicator=Indicator.objects.get(code="coordinated-share"),
        text="Fler ramavtal görs gemensamt.",
    )
    page = client_for(committee_member).get(COORDINATED).text
    assert "Minst 80% av genomförda upphandlingar ska vara samordnade" in page
    assert "Kv2 2023" in page
    assert "Fler ramavtal görs gemensamt." in page


def test_an_indicator_followed_per_municipality_has_a_second_chart_and_table(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(ORGANIC_FOOD)
    figure = _figure(response, "chart-per-municipality")
    bars = next(trace for trace in figure["data"] if trace["type"] == "bar")
    assert len(bars["y"]) == 7
    for bar in response.context["history"].municipalities.bars:
        assert f'<th scope="row">{bar.name}</th><td class="number">{bar.text}</td>' in response.text


def test_the_page_has_no_inline_script_and_loads_plotly_from_the_app(
    committee_member, client_for, demo_year
):
    page = client_for(committee_member).get(COORDINATED).text
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    for attributes in scripts:
        assert 'type="application/json"' in attributes or 'src="/static/' in attributes
    assert 'src="/static/vendor/plotly/plotly-basic.min.js"' in page
    assert 'src="/static/js/charts.js"' in page
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]


def test_pages_without_charts_do_not_load_plotly(committee_member, client_for):
    for url in (
        reverse("plan"),
        reverse("dashboards:start"),
        reverse("reports:period", args=[2023, 2]),
    ):
        assert "plotly" not in client_for(committee_member).get(url).text


def test_the_follow_up_and_the_plan_link_to_the_indicator_page(committee_member, client_for):
    client = client_for(committee_member)
    link = f'<a href="{COORDINATED}">'
    assert link in client.get(reverse("reports:period", args=[2023, 2])).text
    assert link in client.get(reverse("plan")).text


@pytest.mark.parametrize("url", [COORDINATED, ORGANIC_FOOD])
def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    url, committee_member, client_for, page_queries
):
    call_command("seed_demo", year=2023, count=250, seed=1, stdout=io.StringIO())
    page_queries(
        client_for(committee_member),
        url,
        most=PAGE_QUERIES,
        grow=lambda: call_command("seed_demo", year=2023, count=5000, seed=2, stdout=io.StringIO()),
    )
