"""Every write to what the follow-up is built from gives the data a new version.

Figures and follow-ups are cached under the data version
(``reports.version_cache``), so a write path that left the version alone would
serve stale figures. One test per way the register, the budget, the plan and
the follow-up are written: forms, the admin, the import, demo data, the
budget's entry page and freeze, the head's page, adoption, loading the plan,
and Django's own bulk operations.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budget.models import BudgetLine, QuarterlyFigure
from budget.services import FigureInput, adopt_quarter, save_quarter_figures
from demo.budget import delete_demo_budget_lines, seed_demo_budget_lines
from demo.plan_loading import delete_demo_plan, seed_demo_plan
from demo.register_loading import delete_demo_procurements
from indicators.models import Indicator, Target
from indicators.signals import SignallingQuerySet
from procurements.importing import PLAN_COLUMNS, import_plan_items
from procurements.importing.committing import import_file
from procurements.models import Procurement, ProcurementPlanItem, ReviewAppeal, Tender
from reports.archive import delete_demo_archives
from reports.computation import Window, compute_figures, evaluate_figures
from reports.data_version import current_version, watched_models
from reports.models import ArchivedReport, DataVersion
from reports.services import (
    QuarterEdit,
    adopt_period,
    get_or_create_period,
    reopen_period,
    save_quarter,
)
from tests.budget_helpers import load_real_budget
from tests.entry_helpers import entered, page_data
from tests.plan_helpers import make_item
from tests.procurement_helpers import category, make_procurement, municipalities
from tests.procurement_import_helpers import create_categories, csv_bytes, file_bytes, good_rows
from tests.test_procurement_form_views import form_data

pytestmark = pytest.mark.django_db

PLAN_HEADERS = [column.header for column in PLAN_COLUMNS]


@pytest.fixture
def version_moves():
    """``with version_moves(): ...`` fails unless the block gives the data a new version."""

    class Moves:
        def __enter__(self):
            self.before = current_version()
            assert self.before is not None

        def __exit__(self, *exception):
            if exception[0] is None:
                assert current_version() != self.before, "the data version did not move"

    return Moves


@pytest.fixture
def procurement(db):
    return make_procurement(tenders=2, completed_on="2024-05-01")


def test_the_plan_is_loaded_under_a_version(db):
    assert DataVersion.objects.count() == 1
    assert current_version() is not None


def test_saving_a_procurement_in_its_form_moves_the_version(
    procurement_officer, client_for, version_moves
):
    with version_moves():
        response = client_for(procurement_officer).post(reverse("procurements:create"), form_data())
    assert response.status_code == 302


def test_editing_a_procurement_in_the_admin_moves_the_version(
    admin_user, client_for, procurement, version_moves
):
    url = reverse("admin:procurements_procurement_delete", args=[procurement.pk])
    with version_moves():
        response = client_for(admin_user).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Procurement.objects.exists()


def test_deleting_tenders_with_an_admin_action_moves_the_version(
    admin_user, client_for, procurement, version_moves
):
    data = {
        "action": "delete_selected",
        "post": "yes",
        "_selected_action": list(procurement.tenders.values_list("pk", flat=True)),
    }
    with version_moves():
        client_for(admin_user).post(reverse("admin:procurements_tender_changelist"), data)
    assert not Tender.objects.exists()


def test_a_procurements_municipalities_changing_moves_the_version(procurement, version_moves):
    with version_moves():
        procurement.municipalities.set(municipalities("Falun"))


@pytest.mark.parametrize(
    "write",
    [
        lambda p: p.tenders.first().delete(),
        lambda p: ReviewAppeal.objects.create(procurement=p, filed_on="2024-05-02", court="FR"),
        lambda p: Procurement.objects.filter(pk=p.pk).update(environmental_requirement=True),
        lambda p: p.tenders.update(is_awarded=False),
        lambda p: Tender.objects.bulk_update(list(p.tenders.all()), ["is_awarded"]),
    ],
    ids=["tender deleted", "appeal filed", "queryset update", "related update", "bulk update"],
)
def test_a_write_to_the_register_moves_the_version(write, procurement, version_moves):
    with version_moves():
        write(procurement)


def test_an_import_moves_the_version(chef, version_moves):
    create_categories()
    with version_moves():
        outcome = import_file(csv_bytes(good_rows()), "fil.csv", user=chef)
    assert outcome.result is not None
    assert outcome.result.procurements_created == 3


def test_seeding_demo_data_moves_the_version(version_moves):
    with version_moves():
        call_command("seed_demo", year=2030, count=20, seed=1, stdout=io.StringIO())


def test_clearing_demo_data_moves_the_version(version_moves):
    call_command("seed_demo", year=2030, count=20, seed=1, stdout=io.StringIO())
    with version_moves():
        call_command("seed_demo", clear=True, stdout=io.StringIO())
    assert not Procurement.objects.exists()


def test_removing_a_years_demo_procurements_moves_the_version(version_moves):
    call_command("seed_demo", year=2030, count=20, seed=1, stdout=io.StringIO())
    with version_moves():
        assert delete_demo_procurements(2030) == 20


def test_removing_a_years_demo_budget_moves_the_version(version_moves):
    load_real_budget()
    assert seed_demo_budget_lines(year=2024) > 0
    with version_moves():
        assert delete_demo_budget_lines(2024) > 0


def test_entering_the_budget_moves_the_version(chef, client_for, version_moves):
    load_real_budget()
    data = {"version": "0"}  # the quarter as a page opened before any figure submits it
    for line in BudgetLine.objects.filter(year=2023):
        data[f"actual-{line.code}"] = str(line.amount_tkr // 2)
        data[f"forecast-{line.code}"] = str(line.amount_tkr)
    with version_moves():
        response = client_for(chef).post(reverse("budget:edit_quarter", args=[2023, 2]), data)
    assert response.status_code == 302
    assert QuarterlyFigure.objects.filter(quarter=2, line__year=2023).count() == len(data) // 2


def test_freezing_the_budget_moves_the_version_and_changes_no_figure(chef, version_moves):
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    save_quarter_figures(lines, 2, figures, chef)
    window = [Window(datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))]
    before = compute_figures(window)
    with version_moves():
        adopt_quarter(year=2023, quarter=2, adopted_by=chef)  # what adopting the period does
    assert compute_figures(window) == before == evaluate_figures(window)
    assert before[0]["economy-in-balance"][None].value is not None


def test_changing_a_budget_figure_moves_the_version(chef, version_moves):
    load_real_budget()
    lines = list(BudgetLine.objects.filter(year=2023))
    figures = {line.pk: FigureInput(line.amount_tkr // 2, line.amount_tkr) for line in lines}
    save_quarter_figures(lines, 2, figures, chef)
    figures[lines[0].pk] = FigureInput(lines[0].amount_tkr // 2, lines[0].amount_tkr + 100)
    with version_moves():
        save_quarter_figures(lines, 2, figures, chef)


def test_reloading_the_plan_with_another_budget_moves_the_version(version_moves):
    load_real_budget()
    line = BudgetLine.objects.filter(year=2023).first()
    planned = line.amount_tkr
    BudgetLine.objects.filter(pk=line.pk).update(amount_tkr=planned + 1)
    with version_moves():
        load_real_budget()
    line.refresh_from_db()
    assert line.amount_tkr == planned


def test_migrating_moves_the_version(version_moves):
    with version_moves():
        call_command("migrate", verbosity=0, stdout=io.StringIO())


def test_an_emptied_database_gets_a_version_again():
    DataVersion.objects.all().delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as flush does
    assert DataVersion.objects.count() == 1
    assert current_version() is not None


def test_a_rolled_back_write_leaves_a_version_no_later_write_repeats(procurement):
    before = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        procurement.tenders.first().delete()
        inside = current_version()
        raise RuntimeError("rolled back")
    assert current_version() == before
    procurement.tenders.first().delete()
    assert current_version() not in {before, inside}


def test_every_model_the_follow_up_is_built_from_tells_of_its_writes_in_bulk():
    labels = {model._meta.label for model in watched_models()}
    assert {"procurements.Procurement", "budget.QuarterlyFigure", "indicators.Target"} <= labels
    assert {"reports.EnteredValue", "reports.AdoptedValue"} <= labels
    for model in watched_models():
        assert issubclass(model._default_manager._queryset_class, SignallingQuerySet), model


def test_the_heads_draft_moves_the_version(chef, version_moves):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    with version_moves():
        save_quarter(
            get_or_create_period(2023, 2),
            QuarterEdit(version=0, values={(follow_ups.pk, None): 60}, overall_analysis="Bra"),
            chef,
        )


def test_a_section_of_the_heads_entry_moves_the_version(chef, client_for, version_moves):
    url = reverse("reports:entry-section", args=[2023, 2, "mal-2"])
    client = client_for(chef)
    data = page_data(client, url)
    data["value-contract-follow-ups"] = "130"
    with version_moves():
        assert client.post(url, data).status_code == 302
    assert entered("contract-follow-ups") == 130


def test_adopting_and_reopening_a_period_move_the_version(chef, version_moves):
    period = get_or_create_period(2023, 2)
    with version_moves():
        period = adopt_period(period, chef)
    with version_moves():
        reopen_period(period, chef, "Rättelse")


def test_loading_the_plan_over_a_changed_target_moves_the_version(version_moves):
    target = Target.objects.filter(municipality__isnull=True, value__isnull=False).first()
    planned = target.value
    with version_moves():
        Target.objects.filter(pk=target.pk).update(value=planned + 1)
    with version_moves():
        call_command("load_plan", stdout=io.StringIO())
    target.refresh_from_db()
    assert target.value == planned


def test_a_new_name_of_a_user_moves_the_version_and_a_login_does_not(chef, client, version_moves):
    before = current_version()
    client.post(reverse("login"), {"username": chef.username, "password": "test-password"})
    assert current_version() == before
    chef.first_name = "Cecilia Maria"
    with version_moves():
        chef.save()


def test_removing_a_user_moves_the_version(procurement_officer, version_moves):
    with version_moves():
        procurement_officer.delete()


def test_importing_the_procurement_plan_moves_the_version(chef, version_moves):
    category("Livsmedel")
    rows = [
        {
            "planår": "2023",
            "nr": "1",
            "rubrik": "Mejeriprodukter",
            "kategori": "Livsmedel",
            "kommuner": "alla",
            "planerat_år": "2023",
            "planerat_kvartal": "2",
        }
    ]
    with version_moves():
        outcome = import_plan_items(file_bytes("csv", rows, PLAN_HEADERS), "plan.csv", user=chef)
    assert outcome.result.items_created == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda item: ProcurementPlanItem.objects.filter(pk=item.pk).update(procurement=None),
        lambda item: item.municipalities.clear(),
        lambda item: item.delete(),
    ],
    ids=["link cleared in bulk", "municipalities cleared", "item deleted"],
)
def test_a_write_to_the_procurement_plan_moves_the_version(write, version_moves):
    item = make_item(number=1, completed_on=datetime.date(2023, 5, 2))
    with version_moves():
        write(item)


def test_seeding_and_removing_a_demo_plan_move_the_version(version_moves):
    call_command("seed_demo", year=2023, count=30, seed=3, stdout=io.StringIO())
    with version_moves():
        seed_demo_plan(year=2023, count=30, seed=4)
    with version_moves():
        delete_demo_plan(2023)


def test_removing_the_demos_archived_reports_moves_the_version(version_moves, settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path
    period = get_or_create_period(2023, 1)
    ArchivedReport.objects.create(
        period=period,
        version=1,
        path="2023-1-v1.pdf",
        sha256="0" * 64,
        size=0,
        meeting_date=datetime.date(2023, 4, 20),
        minute_paragraph="§ 1",
        registry_number="GNU 2023/1",
        adopted_at=timezone.now(),
        is_demo=True,
    )
    with version_moves():
        assert delete_demo_archives() == 1
