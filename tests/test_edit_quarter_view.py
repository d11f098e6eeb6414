"""The head's quarterly entry, its sections listed: /uppfoljning/<year>/<quarter>/redigera/
(reports:edit_quarter). Each section's own page is tested in test_entry_section_view.py."""

from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Assignment, Goal, Indicator, Municipality
from reports.models import Analysis, AssignmentProgress, EnteredValue, LeftOutFigure, Period
from reports.readiness import missing_items
from reports.services import QuarterEdit, adopt_period, get_or_create_period, save_quarter
from tests.entry_helpers import fill_register

pytestmark = pytest.mark.django_db

URL = "/uppfoljning/2023/2/redigera/"
PAGE_QUERIES = 70


def section_url(slug: str, quarter: int = 2) -> str:
    return reverse("reports:entry-section", args=[2023, quarter, slug])


def statuses(response) -> dict[str, list[str]]:
    """Section slug → what it still lacks, as the page lists it."""
    return {status.section.slug: status.missing for status in response.context["statuses"]}


# Who may use the page


def test_the_page_is_named_reports_edit_quarter():
    assert reverse("reports:edit_quarter", args=[2023, 2]) == URL


@pytest.mark.parametrize("role", ["chef", "admin_user"])
def test_chef_and_an_administrator_can_open_the_page(request, client_for, role):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 200


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_users_without_the_chefs_permission_cannot_open_the_page(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_the_list_of_sections_takes_no_post_each_section_is_saved_on_its_own(client_for, chef):
    response = client_for(chef).post(URL, {"version": "0", "value-contract-follow-ups": "12"})
    assert response.status_code == 405
    assert not Period.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/uppfoljning/2022/4/redigera/",
        "/uppfoljning/2026/1/redigera/",
        "/uppfoljning/2023/0/redigera/",
        "/uppfoljning/2023/5/redigera/",
    ],
)
def test_a_year_outside_the_plan_or_a_quarter_outside_1_to_4_is_not_found(client_for, chef, url):
    assert client_for(chef).get(url).status_code == 404


# What the page shows


def test_the_sections_follow_the_report_goals_key_figures_economy_assignments_overall(
    client_for, chef
):
    response = client_for(chef).get(URL)

    goals = Goal.objects.filter(plans__code="namndplan-2023-2025").order_by("order")
    titles = [status.section.title for status in response.context["statuses"]]
    assert titles == [
        *(f"Inriktningsmål {number}: {goal.title}" for number, goal in enumerate(goals, start=1)),
        "Nyckeltal",
        "Ekonomi",
        "Särskilda uppdrag",
        "Samlad analys av kvartalet",
    ]
    content = response.content.decode()
    for slug in ["mal-1", "mal-7", "nyckeltal", "ekonomi", "uppdrag", "samlad-analys"]:
        assert f'href="{section_url(slug)}"' in content


def test_a_new_quarter_lists_what_each_section_lacks(client_for, chef):
    response = client_for(chef).get(URL)

    lacking = statuses(response)
    assert lacking["mal-2"] == [
        "Värde: Avtalsuppföljningsmöten med leverantör",
        "Värde: Uppföljning av avtalstrohet/leverantörstrohet – kompetenshöjande insatser",
        "Analys av inriktningsmål 2",
    ]
    assert lacking["ekonomi"] == ["Kommentar till ekonomin"]
    assert lacking["samlad-analys"] == ["Samlad analys av kvartalet"]
    assignments = Assignment.objects.filter(year=2023).order_by("order")
    assert lacking["uppdrag"] == [f"Status: {a.title}" for a in assignments]
    content = response.content.decode()
    assert "0 av 11 avsnitt är klara." in content
    assert "<li>Värde: Avtalsuppföljningsmöten med leverantör</li>" in content
    assert '<span aria-hidden="true">○</span> 3 saknas</span>' in content


def test_a_figure_per_municipality_counts_the_municipalities_still_missing(client_for, chef):
    placements = Indicator.objects.get(code="work-placements")
    falun = Municipality.objects.get(name="Falun")
    save_quarter(
        get_or_create_period(2023, 2),
        QuarterEdit(version=0, values={(placements.pk, falun.pk): Decimal(3)}),
        chef,
    )

    lacking = statuses(client_for(chef).get(URL))["mal-4"]

    assert f"Värden: {placements.name} (6 av 7 kommuner)" in lacking


def test_a_section_with_nothing_missing_is_done(client_for, chef):
    save_quarter(
        get_or_create_period(2023, 2),
        QuarterEdit(version=0, overall_analysis="Ett bra kvartal."),
        chef,
    )

    response = client_for(chef).get(URL)

    assert statuses(response)["samlad-analys"] == []
    assert "1 av 11 avsnitt är klart." in response.content.decode()
    assert '<span aria-hidden="true">✓</span> Klart</span>' in response.content.decode()


def test_nki_is_missing_in_the_first_quarter_only(client_for, chef):
    client = client_for(chef)
    nki = Indicator.objects.get(code="nki")
    in_q1 = statuses(client.get("/uppfoljning/2023/1/redigera/"))["mal-1"]
    assert f"Värde: {nki.name}" in in_q1
    for quarter in (2, 3, 4):
        lacking = statuses(client.get(f"/uppfoljning/2023/{quarter}/redigera/"))["mal-1"]
        assert f"Värde: {nki.name}" not in lacking


def test_the_page_links_to_the_budgets_figures_and_the_follow_up(client_for, chef):
    content = client_for(chef).get(URL).content.decode()
    assert 'href="/budget/2023/q2/edit/"' in content
    assert 'href="/uppfoljning/2023/2/"' in content


def test_an_adopted_period_is_listed_read_only_with_a_notice(client_for, chef):
    adopt_period(get_or_create_period(2023, 2), chef)

    content = client_for(chef).get(URL).content.decode()

    assert "Perioden fastställdes" in content
    assert f'href="{section_url("mal-1")}"' in content


# A fixed number of queries


def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    client_for, chef, django_assert_max_num_queries, django_assert_num_queries
):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    for quarter in (1, 2):
        save_quarter(
            get_or_create_period(2023, quarter),
            QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(quarter * 60)}),
            chef,
        )
    client = client_for(chef)
    with django_assert_max_num_queries(PAGE_QUERIES) as with_no_procurements:
        assert client.get(URL).status_code == 200

    fill_register(300)
    with django_assert_num_queries(len(with_no_procurements)):
        response = client.get(URL)

    assert response.status_code == 200
    assert "Värde: Avtalsuppföljningsmöten med leverantör" not in statuses(response)["mal-2"]


# The sections and the checklist agree


def test_a_figure_left_out_is_not_missing_in_its_section(client_for, chef):
    nai = Indicator.objects.get(code="nai")
    assert f"Värde: {nai.name}" in statuses(client_for(chef).get(URL))["mal-3"]

    LeftOutFigure.objects.create(
        period=get_or_create_period(2023, 2), indicator=nai, reason="Mätningen är försenad."
    )

    assert f"Värde: {nai.name}" not in statuses(client_for(chef).get(URL))["mal-3"]


def test_a_figure_per_municipality_with_its_total_entered_is_not_missing(client_for, chef):
    placements = Indicator.objects.get(code="work-placements")
    EnteredValue.objects.create(
        period=get_or_create_period(2023, 2), indicator=placements, value=Decimal(12)
    )

    lacking = statuses(client_for(chef).get(URL))["mal-4"]

    assert not [line for line in lacking if placements.name in line]


def _part_of_a_quarter_done(chef) -> None:
    """Some of everything: figures entered and left out, analyses, statuses."""
    period = get_or_create_period(2023, 2)
    falun = Municipality.objects.get(name="Falun")
    for code, municipality in [("nai", None), ("work-placements", falun), ("sick-leave", None)]:
        EnteredValue.objects.create(
            period=period,
            indicator=Indicator.objects.get(code=code),
            municipality=municipality,
            value=Decimal(4),
        )
    LeftOutFigure.objects.create(
        period=period, indicator=Indicator.objects.get(code="contract-follow-ups"), reason="Sent."
    )
    Analysis.objects.create(period=period, goal=Goal.objects.order_by("order")[1], text="Bra.")
    Analysis.objects.create(
        period=period, indicator=Indicator.objects.get(code="economy-in-balance"), text="I balans."
    )
    AssignmentProgress.objects.create(period=period, assignment=Assignment.objects.first())


@pytest.mark.parametrize("state", ["nothing done", "part done"])
def test_each_section_lacks_as_many_things_as_the_checklist_lists_for_it(state, client_for, chef):
    if state == "part done":
        _part_of_a_quarter_done(chef)

    lacking = statuses(client_for(chef).get(URL))
    readiness = missing_items(year=2023, quarter=2)

    listed = Counter(
        item.url.partition("#")[0]
        for item in [*readiness.figures, *readiness.analyses, *readiness.assignments]
    )
    assert {section_url(slug): len(items) for slug, items in lacking.items() if items} == listed
