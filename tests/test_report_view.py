"""The committee report as a page: every role that reads the follow-up reads it."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from budget.models import QuarterlyFigure
from indicators.models import Indicator, Target
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


def _comment(code: str, comment: str) -> None:
    figure = QuarterlyFigure.objects.get(line__year=2023, line__code=code, quarter=4)
    figure.comment = comment
    figure.save()


def test_the_economy_lists_the_heads_comment_on_each_commented_line(
    committee_member, client_for, demo_year
):
    QuarterlyFigure.objects.filter(line__year=2023, quarter=4).update(comment="")
    _comment("other-costs", "Hyran höjdes i maj.\nNy lokal från juni.")
    _comment("member-fees", "Enligt avtal.")

    page = client_for(committee_member).get(REPORT).text

    economy = page[page.index('id="economy"') :].split("</section>")[0]
    comments = economy[economy.index('id="economy-comments"') :].split("</dl>")[0]
    assert "Kommentarer till budgetraderna" in comments
    assert comments.count("<dt>") == 2
    assert "<dt>Enligt avtal deltagande kommuner</dt><dd>Enligt avtal.</dd>" in comments
    assert "<dt>Övriga omkostnader</dt><dd>Hyran höjdes i maj.<br>Ny lokal från juni.</dd>" in (
        comments
    )
    assert comments.index("Enligt avtal deltagande") < comments.index("Övriga omkostnader")
    assert economy.index("</table>") < economy.index('id="economy-comments"')


def test_the_economy_has_no_list_of_comments_when_no_line_has_one(
    committee_member, client_for, demo_year
):
    for figure in QuarterlyFigure.objects.filter(line__year=2023, quarter=4).exclude(comment=""):
        figure.comment = ""
        figure.save()

    page = client_for(committee_member).get(REPORT).text

    assert 'id="economy-comments"' not in page
    assert "Kommentarer till budgetraderna" not in page


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


def test_the_economys_balance_names_its_target_and_says_only_its_value_without_one(
    committee_member, client_for, demo_year
):
    def balance_line() -> str:
        page = normalised(client_for(committee_member).get(REPORT).text)
        economy = page[page.index('id="economy-title"') :]
        return economy[economy.index("Ekonomi i balans:") :].split("</p>")[0]

    assert "(mål " in balance_line()

    Target.objects.filter(indicator__code="economy-in-balance", year=2023).delete()

    line = balance_line()
    assert "(mål" not in line
    assert "Inget mål" in line


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
