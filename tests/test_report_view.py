"""The committee report as a page: every role that reads the follow-up reads it."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Indicator
from reports.models import EnteredValue, LeftOutFigure
from reports.services import get_or_create_period
from tests.report_helpers import normalised

pytestmark = pytest.mark.django_db

REPORT = reverse("reports:report", args=[2023, 4])


def seed(count: int, seed: int = 5) -> None:
    call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())


@pytest.fixture
def demo_year(db):
    seed(60)


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "chef", "admin_user"])
def test_every_reading_role_reads_the_report(role, request, client_for, demo_year):
    response = client_for(request.getfixturevalue(role)).get(REPORT)
    assert response.status_code == 200
    assert response.context["report"].cover.title == "Uppföljning kvartal 4 2023"


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(REPORT).status_code == 403


@pytest.mark.parametrize("args", [(2023, 5), (2019, 1)])
def test_a_period_without_a_follow_up_is_not_found(args, committee_member, client_for):
    assert client_for(committee_member).get(reverse("reports:report", args=args)).status_code == 404


def test_the_page_has_every_section_goal_and_indicator_with_value_and_status(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(REPORT)
    page, report = normalised(response.text), response.context["report"]
    for heading in ("Innehåll", "Sammanfattning", "Särskilda uppdrag", "Ekonomi", "Personal"):
        assert heading in page
    for goal in report.goals:
        assert f'id="goal-{goal.number}"' in page
        for indicator in goal.indicators:
            shown = indicator.follow_up
            assert f'id="indicator-{shown.code}"' in page
            section = page[page.index(f'id="indicator-{shown.code}"') :][:4000]
            assert normalised(shown.text) in section
            assert str(shown.status.label) in section


def test_each_chart_is_drawn_by_plotly_from_data_with_its_description(
    committee_member, client_for, demo_year
):
    response = client_for(committee_member).get(REPORT)
    page, report = response.text, response.context["report"]
    assert "plotly-basic.min.js" in page and "js/charts.js" in page
    for chart in report.charts:
        assert f'data-chart="chart-{chart.code}-data"' in page
        assert f'<script id="chart-{chart.code}-data" type="application/json">' in page


def test_the_page_links_to_its_pdf(committee_member, client_for, demo_year):
    page = client_for(committee_member).get(REPORT).text
    assert reverse("reports:report_pdf", args=[2023, 4]) in page


def test_the_follow_up_page_and_the_dashboard_link_to_the_report(
    committee_member, client_for, demo_year
):
    client = client_for(committee_member)
    assert REPORT in client.get(reverse("reports:period", args=[2023, 4])).text
    assert REPORT in client.get(reverse("dashboards:period", args=[2023, 4])).text


def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    committee_member, client_for, django_assert_max_num_queries, django_assert_num_queries
):
    seed(60)
    client = client_for(committee_member)
    with django_assert_max_num_queries(75) as small:  # the follow-up, earlier quarters, budget
        assert client.get(REPORT).status_code == 200
    seed(1500, seed=8)
    with django_assert_num_queries(len(small)):
        assert client.get(REPORT).status_code == 200


def test_a_figure_the_head_left_out_shows_the_reason_in_its_place_and_in_the_summary(
    committee_member, client_for
):
    period = get_or_create_period(2023, 4)
    for code, reason in (("nai", "Ingen mätning i år."), ("outreach-activities", "Räknas ej.")):
        LeftOutFigure.objects.create(
            period=period, indicator=Indicator.objects.get(code=code), reason=reason
        )
    EnteredValue.objects.create(  # entered after all: no longer left out
        period=period, indicator=Indicator.objects.get(code="outreach-activities"), value=3
    )
    response = client_for(committee_member).get(REPORT)
    text = normalised(re.sub(r"<[^>]+>", " ", response.text))
    nai = Indicator.objects.get(code="nai").name
    assert f"Medvetet utelämnade uppgifter {nai} : Ingen mätning i år." in text
    assert f"{nai} {nai} Utfall Mål Status Jämfört med Uppgift saknas" in text
    section = text[text.index(f"{nai} {nai} Utfall") :]
    assert "Medvetet utelämnad: Ingen mätning i år." in section[:300]
    assert "Räknas ej." not in text
    assert [note.code for note in response.context["report"].left_out] == ["nai"]
