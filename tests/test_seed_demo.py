"""The demo data generator: ``demo.register``, ``demo.plan``, ``demo.budget`` and
``manage.py seed_demo``."""

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.models import BudgetLine, QuarterlyFigure
from demo import register_loading
from demo.budget import COMMENTS, generate_quarterly_figures, read_demo_quarterly_figures
from demo.budget import canonical_rows as figure_rows
from demo.plan import canonical_plan_rows, generate_plan
from demo.plan_loading import read_demo_plan
from demo.register import (
    CATEGORIES,
    canonical_dump,
    canonical_rows,
    generate_procurements,
    registry_number,
)
from demo.register_loading import municipality_pairs, read_demo_procurements
from indicators.models import Municipality
from indicators.quarters import Quarter
from procurements.models import Category, Procurement, ProcurementPlanItem, ReviewAppeal, Tender
from procurements.validators import normalise_organisation_number

MUNICIPALITIES = (
    ("2080", "Falun"),
    ("2081", "Borlänge"),
    ("2084", "Avesta"),
    ("2026", "Gagnef"),
    ("2083", "Hedemora"),
    ("2085", "Ludvika"),
    ("2082", "Säter"),
)
# Made in a process of its own: the generator must not depend on the order of sets and dicts,
# which Python varies between processes (PYTHONHASHSEED).
DUMP_IN_A_NEW_PROCESS = """
import django
django.setup()
from demo.plan import canonical_plan_rows, generate_plan
from demo.register import canonical_dump, canonical_rows, generate_procurements
municipalities = {municipalities!r}
procurements = generate_procurements(year=2023, count=40, seed=42, municipalities=municipalities)
plan = generate_plan(year=2023, seed=42, procurements=procurements, municipalities=municipalities)
print(canonical_dump(canonical_rows(procurements) + canonical_plan_rows(plan)))
"""
# The first procurement and plan item of generate(year=2023, count=40, seed=42), written out:
# if these change, the same seed no longer gives the same data, so change them only together
# with the generator (the difference shows which values the change moved).
FIRST_PROCUREMENT_2023_40_42 = {
    "registry_number": "DEMO-2023-0001",
    "title": "Entrémattor",
    "scope": "joint",
    "procedure": "open",
    "advertised_on": "2023-02-04",
    "tender_deadline": "2023-03-13",
    "award_decision_on": "2023-04-05",
    "completed_on": "2023-04-30",
    "cancelled_on": None,
    "cancellation_reason": "",
    "questions_received": 3,
    "tenderers_contacted": False,
    "advanced_employment_requirement": True,
    "labour_law_conditions": False,
    "reserved_for_social_enterprises": False,
    "accessibility_requirement": False,
    "gender_equality_requirement": False,
    "environmental_requirement": True,
    "uhm_environmental_management": "none",
    "uhm_reuse": "none",
    "uhm_climate_transport": "none",
    "uhm_climate_other": "none",
    "uhm_chemicals": "none",
    "is_food_procurement": False,
    "food_organic": False,
    "food_local": False,
    "food_plant_based": False,
    "substantially_different_solution": False,
    "category": "Städ och lokalvård",
    "municipality_codes": ["2080", "2082", "2083", "2084"],
    "tenders": [
        {
            "organisation_number": "556200-5974",
            "supplier_name": "Nilsson & Svensson Städ AB",
            "has_regional_presence": False,
            "is_awarded": False,
        },
        {
            "organisation_number": "556632-0007",
            "supplier_name": "Eriksson & Wikström Städ AB",
            "has_regional_presence": False,
            "is_awarded": False,
        },
        {
            "organisation_number": "556684-6936",
            "supplier_name": "Dahls Rengöring i Säter AB",
            "has_regional_presence": True,
            "is_awarded": True,
        },
    ],
    "appeals": [],
}
FIRST_PLAN_ITEM_2023_40_42 = {
    "plan_year": 2023,
    "number": 1,
    "title": "Profilprodukter",
    "category": "Kontor och förbrukning",
    "municipality_codes": ["2026", "2080", "2081", "2082"],
    "planned_year": 2023,
    "planned_quarter": 1,
    "registry_number": "DEMO-2023-0004",
}

# generate_quarterly_figures(year=2023, seed=42) for "staff-costs" 18 993 tkr, as made before
# the demo wrote comments: (actual to date, forecast) per quarter.
STAFF_COSTS_2023_42 = [(4620, 18333), (9183, 18408), (14800, 18686), (18556, 18556)]


def generate(year=2023, count=250, seed=42):
    return generate_procurements(year=year, count=count, seed=seed, municipalities=MUNICIPALITIES)


def plan_of(procurements, year=2023, seed=42):
    return generate_plan(
        year=year, seed=seed, procurements=procurements, municipalities=MUNICIPALITIES
    )


def dump(procurements) -> str:
    return canonical_dump(canonical_rows(procurements))


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def stored_dump(year: int) -> str:
    return canonical_dump(
        canonical_rows(read_demo_procurements(year))
        + canonical_plan_rows(read_demo_plan(year))
        + figure_rows(read_demo_quarterly_figures(year))
    )


def expected_dump(year: int, count: int, seed: int) -> str:
    """What the database must hold: computed from the generator alone, without the database."""
    lines = BudgetLine.objects.filter(year=year).values_list("code", "amount_tkr")
    municipalities = municipality_pairs()
    procurements = generate_procurements(
        year=year, count=count, seed=seed, municipalities=municipalities
    )
    plan = generate_plan(
        year=year, seed=seed, procurements=procurements, municipalities=municipalities
    )
    return canonical_dump(
        canonical_rows(procurements)
        + canonical_plan_rows(plan)
        + figure_rows(generate_quarterly_figures(year=year, seed=seed, lines=list(lines)))
    )


def share(items, test) -> float:
    return sum(map(test, items)) / len(items)


# The generator alone, without the database.


def test_the_same_seed_gives_identical_data():
    assert dump(generate(seed=42)) == dump(generate(seed=42))


def test_a_different_seed_gives_different_data():
    assert dump(generate(seed=42)) != dump(generate(seed=43))


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_another_process_makes_the_same_data_from_the_same_seed(hash_seed):
    procurements = generate(count=40)
    here = canonical_dump(canonical_rows(procurements) + canonical_plan_rows(plan_of(procurements)))
    there = subprocess.run(
        [sys.executable, "-c", DUMP_IN_A_NEW_PROCESS.format(municipalities=MUNICIPALITIES)],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "gnu_plan.settings",
            "PYTHONHASHSEED": hash_seed,
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    ).stdout
    assert there.splitlines() == here.splitlines()


def test_the_data_of_a_seed_stays_the_same_as_the_generator_made_it():
    procurements = generate(count=40)
    plan = canonical_plan_rows(plan_of(procurements))
    rows = canonical_rows(procurements)
    assert rows[0] == FIRST_PROCUREMENT_2023_40_42
    assert plan[0] == FIRST_PLAN_ITEM_2023_40_42
    assert (len(rows), len(plan)) == (40, 36)
    assert sum(len(row["tenders"]) for row in rows) == 154
    assert sum(len(row["appeals"]) for row in rows) == 1


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    assert plan_of(generate()) == plan_of(generate())
    assert plan_of(generate(seed=43), seed=43) != plan_of(generate())


def test_the_plan_holds_the_procurements_put_in_it_with_some_late_and_a_few_never_started():
    procurements = generate()
    by_number = {p.registry_number: p for p in procurements}
    plan = plan_of(procurements)
    linked = [item for item in plan if item.registry_number]
    assert {item.registry_number for item in linked} == {
        p.registry_number for p in procurements if p.in_plan
    }
    assert [item.number for item in plan] == list(range(1, len(plan) + 1))
    assert 0.80 <= len(linked) / len(procurements) <= 0.90
    never_started = [item for item in plan if item.registry_number is None]
    assert 1 <= len(never_started) <= 6
    late = [
        item
        for item in linked
        if by_number[item.registry_number].completed_on
        and Quarter.containing(by_number[item.registry_number].completed_on).quarter
        > item.planned_quarter
    ]
    assert 3 <= len(late) <= 25
    assert all(item.planned_year in (2023, 2024) for item in plan)
    assert any(item.planned_year == 2024 for item in plan)
    for item in linked:
        procurement = by_number[item.registry_number]
        assert item.title == procurement.title and item.category == procurement.category
        assert item.municipality_codes == tuple(sorted(procurement.municipality_codes))


def test_another_year_gives_other_data_dated_in_that_year():
    procurements = generate(year=2024, count=100)
    assert dump(procurements) != dump(generate(year=2023, count=100))
    assert {p.advertised_on.year for p in procurements if p.advertised_on} == {2024}
    assert all(p.registry_number.startswith("DEMO-2024-") for p in procurements)


def test_registry_numbers_are_demo_numbers_that_sort_in_order():
    assert registry_number(2023, 1, 250) == "DEMO-2023-0001"
    assert registry_number(2023, 7, 50_000) == "DEMO-2023-00007"
    numbers = [p.registry_number for p in generate(count=30)]
    assert numbers == sorted(numbers) == [f"DEMO-2023-{n:04d}" for n in range(1, 31)]


def test_a_year_of_250_lands_near_the_plans_figures():
    procurements = generate()
    completed = [p for p in procurements if p.completed_on]
    tenders = [t for p in procurements for t in p.tenders]
    awarded = [t for p in completed for t in p.tenders if t.is_awarded]
    questions = [p.questions_received for p in procurements if p.questions_received is not None]

    assert 0.70 <= share(procurements, lambda p: len(p.municipality_codes) >= 2) <= 0.90
    assert 3.5 <= sum(len(p.tenders) for p in completed) / len(completed) <= 4.5
    assert 0.50 <= share(tenders, lambda t: t.has_regional_presence) <= 0.65
    assert 0.65 <= share(awarded, lambda t: t.has_regional_presence) <= 0.92
    assert 3.5 <= sum(questions) / len(questions) <= 5.0
    assert sum(p.tenderers_contacted for p in procurements) >= 45
    assert 0.45 <= share(procurements, lambda p: p.advanced_employment_requirement) <= 0.67
    assert 5 <= sum(p.labour_law_conditions for p in procurements) <= 30
    assert 1 <= sum(p.reserved_for_social_enterprises for p in procurements) <= 8
    assert sum(p.accessibility_requirement for p in procurements) > 5
    assert sum(p.gender_equality_requirement for p in procurements) > 5
    assert share(procurements, lambda p: p.environmental_requirement) >= 0.90
    assert 2 <= sum(len(p.appeals) for p in procurements) <= 15
    assert 5 <= sum(p.cancelled_on is not None for p in procurements) <= 22
    planned = [p for p in procurements if p.in_plan]
    assert 0.85 <= share(planned, lambda p: p.completed_on is not None) <= 0.95
    assert any(p.advertised_on and not (p.completed_on or p.cancelled_on) for p in procurements)


@pytest.mark.parametrize(
    ("field", "target"),
    [
        ("uhm_environmental_management", 0.20),
        ("uhm_reuse", 0.20),
        ("uhm_climate_transport", 0.05),
        ("uhm_climate_other", 0.05),
        ("uhm_chemicals", 0.20),
    ],
)
def test_uhm_levels_land_near_the_plans_targets(field, target):
    procurements = generate()
    advanced = sum(getattr(p, field) in ("avancerad", "spjutspets") for p in procurements)
    assert target - 0.06 <= advanced / len(procurements) <= target + 0.10


def test_food_procurements_and_only_they_carry_food_requirements():
    procurements = generate()
    food = [p for p in procurements if p.is_food_procurement]
    assert food
    assert all(p.category == "Livsmedel och måltider" for p in food)
    for flag in ("food_organic", "food_local", "food_plant_based"):
        assert any(getattr(p, flag) for p in food)
        assert not any(getattr(p, flag) for p in procurements if not p.is_food_procurement)


def test_dates_follow_each_other_within_the_year():
    year_start, year_end = date(2023, 1, 1), date(2023, 12, 31)
    for p in generate(count=250, seed=7):
        chain = [p.advertised_on, p.tender_deadline, p.award_decision_on, p.completed_on]
        known = [d for d in chain if d is not None]
        assert known == sorted(known), p.registry_number
        assert not (p.completed_on and p.cancelled_on)
        if p.advertised_on:
            assert year_start <= p.advertised_on <= year_end
        if p.completed_on:
            assert p.completed_on <= year_end
        if p.cancelled_on:
            assert p.advertised_on <= p.cancelled_on <= year_end
            assert p.cancellation_reason
        for appeal in p.appeals:
            assert appeal.decided_on is None or appeal.filed_on <= appeal.decided_on
        if not p.completed_on:
            assert not p.tenderers_contacted


def test_awards_belong_to_completed_or_decided_procurements():
    for p in generate():
        if any(t.is_awarded for t in p.tenders):
            assert p.award_decision_on is not None and p.cancelled_on is None
        if p.completed_on:
            assert any(t.is_awarded for t in p.tenders)


def test_suppliers_have_valid_organisation_numbers_once_per_procurement():
    for p in generate():
        numbers = [t.organisation_number for t in p.tenders]
        assert len(set(numbers)) == len(numbers)
        for number in numbers:
            assert normalise_organisation_number(number) == number
        for tender in p.tenders:
            assert tender.supplier_name.endswith(" AB")


def test_there_are_twelve_categories_with_swedish_titles():
    names = [c.name for c in CATEGORIES]
    assert len(set(names)) == 12
    titles = {p.title for p in generate()}
    assert any(t.startswith("Livsmedel – ") for t in titles)
    assert "Städtjänster" in {c for category in CATEGORIES for c in category.titles}


def test_quarterly_figures_are_cumulative_and_near_budget():
    lines = [("member-fees", 20814), ("staff-costs", 18993), ("zero-line", 0)]
    figures = generate_quarterly_figures(year=2023, seed=42, lines=lines)
    assert figures == generate_quarterly_figures(year=2023, seed=42, lines=list(reversed(lines)))
    assert figures != generate_quarterly_figures(year=2023, seed=43, lines=lines)
    budget = dict(lines)
    for code, amount in lines:
        own = [f for f in figures if f.line_code == code]
        assert [f.quarter for f in own] == [1, 2, 3, 4]
        actuals = [f.actual_to_date_tkr for f in own]
        assert actuals == sorted(actuals)
        for f in own:
            assert abs(f.actual_to_date_tkr - amount * f.quarter / 4) <= amount * 0.04 + 1
            assert abs(f.forecast_tkr - budget[code]) <= amount * 0.045 + 1
        assert own[-1].forecast_tkr == own[-1].actual_to_date_tkr


def test_a_forecast_2_percent_or_more_from_budget_gets_a_comment_the_same_for_the_same_seed():
    lines = [("member-fees", 20814), ("staff-costs", 18993), ("other-costs", 2721), ("zero", 0)]
    figures = generate_quarterly_figures(year=2024, seed=42, lines=lines)
    budget = dict(lines)
    for f in figures:
        notable = (
            budget[f.line_code]
            and abs(f.forecast_tkr - budget[f.line_code]) * 50 >= (budget[f.line_code])
        )
        assert bool(f.comment) == bool(notable), f
    assert any(f.comment for f in figures) and not all(f.comment for f in figures)
    assert [f.comment for f in figures] == [
        f.comment for f in generate_quarterly_figures(year=2024, seed=42, lines=lines)
    ]
    comments = {
        f.comment
        for seed in range(20)
        for f in generate_quarterly_figures(year=2024, seed=seed, lines=lines)
    }
    assert comments - {""} <= {text for texts in COMMENTS.values() for text in texts}
    assert len(comments) > 5


def test_comments_leave_the_amounts_as_the_seed_made_them_before():
    """The comments draw on a random of their own: the figures of seed 42 are those written out."""
    figures = generate_quarterly_figures(year=2023, seed=42, lines=[("staff-costs", 18993)])
    assert [(f.actual_to_date_tkr, f.forecast_tkr) for f in figures] == STAFF_COSTS_2023_42


# The command and the database.


@pytest.mark.django_db
def test_the_database_holds_exactly_what_the_generator_makes():
    """Holds on SQLite and PostgreSQL alike, so both hold the same data for the same seed."""
    output = seed(year=2023, count=120, seed=5)
    assert "120" in output
    assert QuarterlyFigure.objects.filter(is_demo=True).count() == 4 * (
        BudgetLine.objects.filter(year=2023).count()
    )
    assert stored_dump(2023).splitlines() == expected_dump(2023, 120, 5).splitlines()


@pytest.mark.django_db
def test_running_twice_gives_the_same_data_and_leaves_real_rows_alone(procurement_officer):
    category = Category.objects.create(name="Egen kategori")
    real = Procurement.objects.create(
        registry_number="UhC 2023/1", title="Riktig upphandling", category=category
    )
    real.municipalities.add(Municipality.objects.first())
    Tender.objects.create(
        procurement=real, supplier_name="Riktigt AB", organisation_number="5560000001"
    )
    seed(count=60)
    first = stored_dump(2023)
    seed(count=60)

    assert stored_dump(2023) == first
    assert Procurement.objects.real().get() == real
    assert real.municipalities.count() == 1
    assert real.tenders.get().organisation_number == "556000-0001"
    assert Procurement.objects.demo().count() == 60


@pytest.mark.django_db
def test_a_rerun_with_a_smaller_count_replaces_the_years_demo_rows_only():
    seed(year=2023, count=50)
    seed(year=2024, count=10)
    seed(year=2023, count=20)
    assert Procurement.objects.demo().filter(registry_number__startswith="DEMO-2023-").count() == 20
    assert Procurement.objects.demo().filter(registry_number__startswith="DEMO-2024-").count() == 10


@pytest.mark.django_db
def test_clear_removes_all_demo_data_and_nothing_else():
    category = Category.objects.create(name="Egen kategori")
    real = Procurement.objects.create(
        registry_number="UhC 2023/2", title="Riktig upphandling", category=category
    )
    seed(count=30)
    seed(year=2024, count=5)
    output = seed(clear=True)

    assert "35" in output
    assert not Procurement.objects.demo().exists()
    assert not QuarterlyFigure.objects.filter(is_demo=True).exists()
    assert not Tender.objects.filter(procurement__is_demo=True).exists()
    assert not ReviewAppeal.objects.filter(procurement__is_demo=True).exists()
    assert list(Procurement.objects.all()) == [real]
    assert not ProcurementPlanItem.objects.exists()
    assert BudgetLine.objects.filter(year=2023).exists()


@pytest.mark.django_db
def test_demo_rows_are_marked_as_demo_and_have_no_history():
    seed(count=40)
    assert Procurement.objects.count() == Procurement.objects.demo().count() == 40
    assert Procurement.history.count() == 0
    assert Tender.history.count() == 0
    assert QuarterlyFigure.history.count() == 0
    assert ProcurementPlanItem.history.count() == 0
    assert set(QuarterlyFigure.objects.values_list("is_demo", flat=True)) == {True}
    assert set(ProcurementPlanItem.objects.values_list("is_demo", flat=True)) == {True}


@pytest.mark.django_db
def test_stored_demo_rows_pass_model_validation():
    seed(count=60, seed=11)
    for procurement in Procurement.objects.all():
        procurement.full_clean()
    for tender in Tender.objects.select_related("procurement"):
        tender.full_clean()
    for appeal in ReviewAppeal.objects.select_related("procurement"):
        appeal.full_clean()
    for item in ProcurementPlanItem.objects.all():
        item.full_clean()
    assert Procurement.objects.coordinated().count() >= 30


@pytest.mark.django_db
def test_every_page_shows_the_demo_banner_while_demo_data_exists(committee_member, client_for):
    client = client_for(committee_member)
    seed(count=5)
    assert 'class="demo-banner"' in client.get(reverse("dashboards:start")).text
    seed(clear=True)
    assert 'class="demo-banner"' not in client.get(reverse("dashboards:start")).text


@pytest.mark.django_db
def test_real_quarterly_figures_are_kept():
    line = BudgetLine.objects.filter(year=2023).order_by("code").first()
    real = QuarterlyFigure.objects.create(
        line=line, quarter=1, actual_to_date_tkr=1, forecast_tkr=2
    )
    seed(count=5)
    real.refresh_from_db()
    assert (real.actual_to_date_tkr, real.forecast_tkr, real.is_demo) == (1, 2, False)
    assert QuarterlyFigure.objects.filter(line=line).count() == 4
    lines = BudgetLine.objects.filter(year=2023).count()
    assert QuarterlyFigure.objects.filter(is_demo=True).count() == 4 * lines - 1


@pytest.mark.django_db
def test_a_year_without_budget_lines_gets_procurements_and_a_message():
    output = seed(year=2031, count=5)
    assert Procurement.objects.demo().count() == 5
    assert not QuarterlyFigure.objects.filter(line__year=2031).exists()
    assert "2031" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [{"count": -1}, {"count": 1_000_001}, {"year": 1999}, {"year": 2101}],
)
def test_impossible_options_are_refused_and_nothing_is_made(options):
    with pytest.raises(CommandError):
        seed(**options)
    assert not Procurement.objects.exists()


@pytest.mark.django_db
def test_without_municipalities_the_command_asks_for_the_plan(monkeypatch):
    monkeypatch.setattr(register_loading, "municipality_pairs", lambda: [])
    with pytest.raises(CommandError, match="load_plan"):
        seed(count=5)
    assert not Procurement.objects.exists()


@pytest.mark.django_db
def test_a_real_procurement_with_a_demo_registry_number_stops_the_seeding():
    category = Category.objects.create(name="Egen kategori")
    Procurement.objects.create(
        registry_number="DEMO-2023-0001", title="Riktig ändå", category=category
    )
    with pytest.raises(CommandError, match="DEMO-2023-"):
        seed(count=5)
    assert Procurement.objects.count() == 1
    assert not QuarterlyFigure.objects.exists()


@pytest.mark.django_db
def test_a_year_whose_plan_has_real_items_keeps_them_and_gets_no_demo_plan():
    category = Category.objects.create(name="Egen kategori")
    real = ProcurementPlanItem.objects.create(
        plan_year=2023,
        number=1,
        title="Riktig",
        category=category,
        planned_year=2023,
        planned_quarter=2,
    )
    output = seed(count=20)
    assert "Upphandlingsplanen för 2023 har redan riktiga poster" in output
    assert list(ProcurementPlanItem.objects.filter(plan_year=2023)) == [real]
    seed(year=2024, count=20)
    assert ProcurementPlanItem.objects.demo().filter(plan_year=2024).exists()


@pytest.mark.django_db
def test_an_item_a_person_saved_makes_the_plan_theirs_without_demo_items_beside_it():
    seed(count=20)
    edited = ProcurementPlanItem.objects.demo().filter(plan_year=2023).first()
    edited.is_demo = False  # as a person's save makes it (procurements.plan_services)
    edited.save()
    seed(count=20)
    assert list(ProcurementPlanItem.objects.filter(plan_year=2023)) == [edited]


@pytest.mark.django_db
def test_a_real_item_linked_to_a_demo_procurement_keeps_its_place_when_demo_data_goes():
    seed(count=20)
    procurement = Procurement.objects.demo().first()
    real = ProcurementPlanItem.objects.create(
        plan_year=2031,
        number=1,
        title="Riktig",
        category=procurement.category,
        planned_year=2031,
        planned_quarter=1,
        procurement=procurement,
    )
    seed(clear=True)
    real.refresh_from_db()
    assert real.procurement is None
