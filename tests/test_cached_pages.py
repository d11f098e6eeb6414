"""Pages built from cached data never show what was true before a write.

The dashboards, the follow-up and the report read their figures, their
follow-ups and their pages' data from the cache, under the data version
(``reports.version_cache``). These tests change a row of every model a page
shows and find the page changed and equal to the page computed without the
cache; they check that what is cached is read only from tables whose writes
move the version, so a write elsewhere cannot leave a stale figure; and that
the pages leave what the memory cache hands them as they found it.
"""

import datetime
import pickle
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from budget.models import BudgetLine, QuarterlyFigure
from dashboards.goals import goal_page
from dashboards.municipalities import municipality_page
from dashboards.selectors import start_dashboard
from dashboards.views import _goal_context, _indicator_context
from demo.context_processors import demo_data_present
from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from procurements.models import Category, Procurement, ProcurementPlanItem, ReviewAppeal, Tender
from reports.archive_selectors import archived_versions
from reports.data_version import PERMISSION_MODELS, watched_models
from reports.follow_up import period_follow_up, plan_for_year
from reports.history import indicator_history
from reports.models import (
    AdoptedValue,
    Analysis,
    ArchivedReport,
    AssignmentProgress,
    EnteredValue,
    LeftOutFigure,
    Period,
)
from reports.permissions import read_permissions
from reports.readiness import missing_items
from reports.report_data import report_data
from reports.report_pdf import report_html
from reports.report_views import _report_context
from reports.selectors import adoption_history
from tests.report_helpers import demo_history

pytestmark = pytest.mark.django_db

OPEN = (2024, 2)  # the demo history's open quarter
ADOPTED = (2023, 4)  # and its last adopted one
TODAY = datetime.date(2024, 6, 15)


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with demo_history(django_db_blocker):
        yield


def start(year, quarter):
    return reverse("dashboards:period", args=[year, quarter])


def follow_up(year, quarter):
    return reverse("reports:period", args=[year, quarter])


def report(year, quarter):
    return reverse("reports:report", args=[year, quarter])


def goal_of(indicator: Indicator) -> str:
    return reverse("dashboards:goal", args=[*OPEN, indicator.goal.code])


def indicator_page(indicator: Indicator) -> str:
    return reverse("dashboards:indicator", args=[indicator.code])


def first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def rename_municipality():
    url = reverse("dashboards:municipality_period", args=[*OPEN, "2080"])
    return url, lambda: Municipality.objects.filter(code="2080").update(name="Falu kommun")


def retitle_goal():
    goal = Goal.objects.order_by("order").first()

    def change():
        goal.title = "Ett omskrivet mål"
        goal.save()

    return start(*OPEN), change


def rewrite_vision():
    return start(*OPEN), lambda: Plan.objects.update(vision="En ny vision för nämnden")


def rename_indicator():
    indicator = Indicator.objects.get(code="coordinated-share")

    def change():
        indicator.name = "Andel samordnade upphandlingar (omdöpt)"
        indicator.save()

    return goal_of(indicator), change


def raise_target():
    target = first(Target, indicator__code="coordinated-share", municipality=None, year=2023)

    def change():
        target.value += 7
        target.save()

    return indicator_page(target.indicator), change


def change_baseline():
    baseline = first(Baseline, municipality=None, value__isnull=False)

    def change():
        baseline.value += 3
        baseline.save()

    return indicator_page(baseline.indicator), change


def retitle_assignment():
    assignments = Assignment.objects.filter(pk=first(Assignment, year=ADOPTED[0]).pk)
    return follow_up(*ADOPTED), lambda: assignments.update(title="Ett nytt uppdrag")


def cancel_procurement():
    procurement = first(Procurement, advertised_on__year=2024, cancelled_on=None, completed_on=None)

    def change():
        procurement.cancelled_on = datetime.date(2024, 4, 2)
        procurement.cancellation_reason = "Inga anbud kom in"
        procurement.save()

    return report(*OPEN), change


def remove_tenders():
    tenders = Tender.objects.filter(procurement__completed_on__year=2024)
    return follow_up(*OPEN), tenders.delete


def file_appeal():
    procurement = first(Procurement, completed_on__year=2024)

    def change():
        ReviewAppeal.objects.create(
            procurement=procurement, filed_on=datetime.date(2024, 4, 3), court="Förvaltningsrätten"
        )

    return report(*OPEN), change


def plan_an_item():
    def change():
        ProcurementPlanItem.objects.create(
            plan_year=2024,
            number=9999,
            title="Ett planerat avtal",
            category=first(Category),
            planned_year=2024,
            planned_quarter=1,
        )

    return follow_up(*OPEN), change


def raise_budget():
    line = first(BudgetLine, year=OPEN[0])

    def change():
        line.amount_tkr += 500
        line.save()

    return start(*OPEN), change


def change_actual():
    figures = QuarterlyFigure.objects.filter(
        pk=first(QuarterlyFigure, line__year=OPEN[0], quarter=OPEN[1]).pk
    )
    return start(*OPEN), lambda: figures.update(actual_to_date_tkr=Decimal(1234))


def rewrite_overall_analysis():
    period = Period.objects.get(year=OPEN[0], quarter=OPEN[1])

    def change():
        period.overall_analysis = "En ny övergripande analys."
        period.save()

    return follow_up(*OPEN), change


def change_entered_value():
    entered = first(EnteredValue, period__year=OPEN[0], period__quarter=OPEN[1])

    def change():
        entered.value += 1
        entered.save()

    return follow_up(*OPEN), change


def rewrite_analysis():
    analysis = first(Analysis, period__year=OPEN[0], period__quarter=OPEN[1])

    def change():
        analysis.text = "En ny analys av indikatorn."
        analysis.save()

    return follow_up(*OPEN), change


def comment_assignment():
    progress = first(AssignmentProgress, period__year=ADOPTED[0], period__quarter=ADOPTED[1])

    def change():
        progress.comment = "Ett nytt läge för uppdraget."
        progress.save()

    return start(*ADOPTED), change


def change_adopted_value():
    adopted = first(
        AdoptedValue,
        period__year=ADOPTED[0],
        period__quarter=ADOPTED[1],
        municipality=None,
        value__isnull=False,
    )

    def change():
        adopted.value += 1
        adopted.save()

    return follow_up(*ADOPTED), change


def change_minute_paragraph():
    archived = ArchivedReport.objects.filter(
        period__year=ADOPTED[0], period__quarter=ADOPTED[1]
    ).latest("version")

    def change():
        archived.minute_paragraph = "§ 999"
        archived.save()

    return report(*ADOPTED), change


def leave_a_figure_out():
    period = Period.objects.get(year=OPEN[0], quarter=OPEN[1])
    with translation.override("sv"):
        code = next(i.code for i in period_follow_up(*OPEN).indicators if i.value is None)

    def change():
        LeftOutFigure.objects.create(
            period=period, indicator=Indicator.objects.get(code=code), reason="Enkäten är sen."
        )

    return report(*OPEN), change


def rename_adopter():
    adopter = Period.objects.get(year=ADOPTED[0], quarter=ADOPTED[1]).adopted_by

    def change():
        adopter.first_name, adopter.last_name = "Ny", "Förvaltningschef"
        adopter.save()

    return follow_up(*ADOPTED), change


WRITES = {
    "Municipality": rename_municipality,
    "Goal": retitle_goal,
    "Plan": rewrite_vision,
    "Indicator": rename_indicator,
    "Target": raise_target,
    "Baseline": change_baseline,
    "Assignment": retitle_assignment,
    "Procurement": cancel_procurement,
    "Tender": remove_tenders,
    "ReviewAppeal": file_appeal,
    "ProcurementPlanItem": plan_an_item,
    "BudgetLine": raise_budget,
    "QuarterlyFigure": change_actual,
    "Period": rewrite_overall_analysis,
    "EnteredValue": change_entered_value,
    "Analysis": rewrite_analysis,
    "AssignmentProgress": comment_assignment,
    "AdoptedValue": change_adopted_value,
    "ArchivedReport": change_minute_paragraph,
    "LeftOutFigure": leave_a_figure_out,
    "User": rename_adopter,
}
SHOWN_NOWHERE = {
    "Category": "figures count procurements, not their categories' names",
    "BudgetQuarter": "the budget's entry page reads it, uncached",
}
"""Watched models that no cached page shows; test_data_version checks their writes."""


def page(client, url: str) -> str:
    """The page without what differs between any two requests (the CSRF token's mask)."""
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def test_every_watched_model_is_written_here_or_shown_nowhere():
    names = {model.__name__ for model in watched_models()}
    assert names == (set(WRITES) | set(SHOWN_NOWHERE)) - {"User"}


@pytest.mark.parametrize("case", WRITES.values(), ids=WRITES.keys())
def test_a_write_shows_on_the_next_read_as_if_nothing_was_cached(
    case, history, committee_member, client_for
):
    client = client_for(committee_member)
    url, change = case()
    before = page(client, url)
    assert page(client, url) == before  # read from the cache
    change()
    after = page(client, url)
    cache.clear()
    assert after == page(client, url)
    assert after != before


def cached_computations(user: User):
    """Every computation cached under the data version, as the pages call it."""
    goal = Indicator.objects.get(code="coordinated-share").goal.code

    def html(template, context):
        return lambda: render_to_string(template, context())

    return [
        lambda: start_dashboard(today=TODAY),
        html(
            "dashboards/_start.html",
            lambda: {"dashboard": start_dashboard(year=2024, quarter=2, today=TODAY)},
        ),
        html("dashboards/_goal.html", lambda: _goal_context(goal_page(code=goal, today=TODAY))),
        html(
            "dashboards/_municipality.html",
            lambda: {"page": municipality_page(code="2080", year=2024, quarter=2, today=TODAY)},
        ),
        html(
            "dashboards/_indicator.html",
            lambda: _indicator_context(indicator_history(code="coordinated-share", today=TODAY)),
        ),
        html("reports/_period_follow_up.html", lambda: {"follow_up": period_follow_up(*ADOPTED)}),
        html("reports/report/_report.html", lambda: _report_context(report_data(*OPEN))),
        lambda: report_data(*ADOPTED),
        lambda: missing_items(year=OPEN[0], quarter=OPEN[1]),
        demo_data_present,
        lambda: plan_for_year(OPEN[0]),
        lambda: adoption_history(*ADOPTED).events,
        html(
            "reports/_archived_versions.html",
            lambda: {"archived_versions": list(archived_versions(*ADOPTED))},
        ),
        lambda: read_permissions(user),
    ]


def test_what_is_cached_is_read_only_from_tables_whose_writes_move_the_version(
    history, chef, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    models = [*watched_models(), User, *PERMISSION_MODELS]
    moving = {model._meta.db_table for model in models} | {
        field.remote_field.through._meta.db_table
        for model in models
        for field in model._meta.local_many_to_many
    }
    written_with_each_period_save = Period.history.model._meta.db_table  # the adoption history
    written_by_migrate = "django_content_type"  # migrate moves the version
    moving |= {written_with_each_period_save, written_by_migrate}
    with translation.override("sv"), CaptureQueriesContext(connection) as queries:
        for compute in cached_computations(chef):
            assert compute()
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    assert "procurements_procurement" in read
    assert read - moving == {"reports_dataversion"}


def test_the_pages_leave_what_the_memory_cache_hands_them_as_they_found_it(
    history, chef, client_for
):
    client = client_for(chef)
    urls = [
        start(*OPEN),
        start(*ADOPTED),
        reverse("dashboards:start"),
        goal_of(Indicator.objects.get(code="coordinated-share")),
        reverse("dashboards:municipality_period", args=[*OPEN, "2080"]),
        indicator_page(Indicator.objects.get(code="coordinated-share")),
        follow_up(*OPEN),
        follow_up(*ADOPTED),
        report(*OPEN),
        report(*ADOPTED),
        reverse("reports:edit_quarter", args=OPEN),
    ]

    def read_every_page():
        for url in urls:
            assert client.get(url).status_code == 200
        with translation.override("sv"):
            report_html(report_data(*OPEN), printed={})

    read_every_page()
    stored = dict(cache._cache)
    assert len(stored) > len(urls)
    as_stored = {key: pickle.dumps(value) for key, value in stored.items()}
    read_every_page()
    assert {key: pickle.dumps(value) for key, value in stored.items()} == as_stored


@pytest.mark.parametrize("url", [start(*OPEN), follow_up(*OPEN), report(*ADOPTED)])
def test_a_page_read_again_asks_for_the_data_version_once(url, history, chef, client_for):
    client = client_for(chef)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    asked = [q for q in queries.captured_queries if "reports_dataversion" in q["sql"]]
    assert len(asked) == 1
