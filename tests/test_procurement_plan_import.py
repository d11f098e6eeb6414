"""Importing the procurement plan from a file (``importing.plan_items``), without HTTP."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from procurements import importing
from procurements.import_templates import template_csv, template_xlsx
from procurements.importing import (
    PLAN_COLUMNS,
    PLAN_FORMAT,
    ImportRefused,
    import_plan_items,
    preview_plan_items,
)
from procurements.models import ProcurementPlanItem
from tests.plan_helpers import make_item
from tests.procurement_helpers import category, make_procurement
from tests.procurement_import_helpers import csv_bytes, file_bytes

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in PLAN_COLUMNS]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def register(db):
    category("Livsmedel")
    category("IT")
    return [
        make_procurement(
            registry_number="UhC 2023/1",
            advertised_on=dt.date(2023, 2, 1),
            completed_on=dt.date(2023, 4, 2),
        ),
        make_procurement(registry_number="UhC 2023/2", advertised_on=dt.date(2023, 2, 1)),
    ]


def plan_rows() -> list[dict[str, object]]:
    return [
        {
            "planår": "2023",
            "nr": "1",
            "rubrik": "Mejeriprodukter",
            "kategori": "Livsmedel",
            "kommuner": "Falun; Borlänge",
            "planerat_år": "2023",
            "planerat_kvartal": "2",
            "diarienummer": "UhC 2023/1",
        },
        {
            "planår": "2023",
            "nr": "2",
            "rubrik": "Datorer",
            "kategori": "it",
            "kommuner": "alla",
            "planerat_kvartal": "Kv4",
            "diarienummer": " UhC 2023/2 ",
        },
        {
            "planår": "2023",
            "nr": "3",
            "rubrik": "Skolskjuts",
            "kategori": "IT",
            "kommuner": "2085",
            "planerat_år": "2024",
            "planerat_kvartal": "Q1",
        },
    ]


def issues_of(checked) -> list[tuple[int, str, str]]:
    return [(number, issue.column, issue.message) for number, issue in checked.issues]


def check(rows, kind="csv", headers=HEADERS):
    return preview_plan_items(file_bytes(kind, rows, headers), f"plan.{kind}")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_row_imports_nothing_then_the_corrected_file_all_then_nothing_changes(
    kind, register, chef
):
    rows = plan_rows()
    rows[1]["planerat_kvartal"] = "5"
    outcome = import_plan_items(file_bytes(kind, rows, HEADERS), f"plan.{kind}", user=chef)
    assert outcome.result is None
    assert not ProcurementPlanItem.objects.exists()
    assert issues_of(outcome.plan) == [
        (3, "planerat_kvartal", "Ensure this value is less than or equal to 4.")
    ]

    outcome = import_plan_items(file_bytes(kind, plan_rows(), HEADERS), f"plan.{kind}", user=chef)
    assert outcome.result.items_created == 3
    history = ProcurementPlanItem.history.count()
    again = import_plan_items(file_bytes(kind, plan_rows(), HEADERS), f"plan.{kind}", user=chef)
    assert again.result is None
    assert not again.plan.has_errors and again.plan.items_unchanged == 3
    assert ProcurementPlanItem.history.count() == history


def test_every_value_is_understood(register, chef):
    import_plan_items(csv_bytes(plan_rows(), HEADERS), "plan.csv", user=chef)
    first, second, third = ProcurementPlanItem.objects.order_by("number")
    assert (first.title, first.category.name, first.planned_year, first.planned_quarter) == (
        "Mejeriprodukter",
        "Livsmedel",
        2023,
        2,
    )
    assert first.procurement == register[0]
    assert {m.name for m in first.municipalities.all()} == {"Falun", "Borlänge"}
    assert (second.planned_year, second.planned_quarter, second.procurement) == (
        2023,
        4,
        register[1],
    )  # an empty planned year is the plan's year
    assert second.municipalities.count() == 7
    assert (third.planned_year, third.planned_quarter, third.procurement) == (2024, 1, None)
    record = first.history.first()
    assert (record.history_user, record.history_change_reason) == (chef, "Imported from plan.csv")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "diarienummer",
            "UhC 2023/99",
            "There is no procurement with the registry number “UhC 2023/99” in the register.",
        ),
        ("planerat_kvartal", "sommar", "“sommar” is not a number."),
        ("planerat_kvartal", "", "This cell is required."),
        ("planerat_år", "2025", "The plan covers its own year and the next"),
        ("planår", "tjugotjugotre", "“tjugotjugotre” is not a number."),
        ("planår", "1999", "Ensure this value is greater than or equal to 2000."),
        ("nr", "0", "Enter a whole number between 1 and 2,147,483,647."),
        ("rubrik", "", "This cell is required."),
        ("kategori", "Bygg", "There is no category “Bygg”."),
        ("kommuner", "Mora", "Unknown municipality: Mora."),
    ],
)
def test_a_wrong_value_is_named_by_row_column_and_what_is_wrong(register, column, value, message):
    rows = plan_rows()[:1]
    rows[0][column] = value
    ((number, found_column, found_message),) = issues_of(check(rows))
    assert (number, found_column) == (2, column)
    assert found_message.startswith(message)


def test_an_item_given_twice_is_an_error_on_the_second_row(register):
    rows = [*plan_rows(), {**plan_rows()[2], "rubrik": "Igen"}]
    assert issues_of(check(rows)) == [
        (5, "nr", "Item 3 of the 2023 plan is already on row 4; give it once.")
    ]


def test_a_procurement_is_linked_to_one_item_of_a_plan(register):
    make_item(number=9, registered=False)
    ProcurementPlanItem.objects.filter(number=9).update(procurement=register[1])
    rows = plan_rows()
    rows[2]["diarienummer"] = "UhC 2023/1"
    messages = {(n, column, text) for n, column, text in issues_of(check(rows))}
    assert messages == {
        (
            2,
            "diarienummer",
            "Procurement UhC 2023/1 is also linked to item 3 of the 2023 plan; link it to one "
            "item only.",
        ),
        (
            3,
            "diarienummer",
            "Procurement UhC 2023/2 is also linked to item 9 of the 2023 plan; link it to one "
            "item only.",
        ),
        (
            4,
            "diarienummer",
            "Procurement UhC 2023/1 is also linked to item 1 of the 2023 plan; link it to one "
            "item only.",
        ),
    }


def test_two_items_may_swap_their_procurements(register, chef):
    import_plan_items(csv_bytes(plan_rows(), HEADERS), "plan.csv", user=chef)
    rows = plan_rows()
    rows[0]["diarienummer"], rows[1]["diarienummer"] = "UhC 2023/2", "UhC 2023/1"
    outcome = import_plan_items(csv_bytes(rows, HEADERS), "plan.csv", user=chef)
    assert outcome.result.items_updated == 2
    links = dict(ProcurementPlanItem.objects.values_list("number", "procurement__registry_number"))
    assert links == {1: "UhC 2023/2", 2: "UhC 2023/1", 3: None}


def test_a_change_names_its_columns_and_makes_a_demo_item_real(register, chef):
    import_plan_items(csv_bytes(plan_rows(), HEADERS), "plan.csv", user=chef)
    ProcurementPlanItem.objects.update(is_demo=True)
    rows = plan_rows()
    rows[0].update(rubrik="Mejeri", planerat_kvartal="3", kommuner="Falun")
    checked = check(rows)
    assert [row.outcome for row in checked.rows] == [
        "Plan item changes: rubrik, kommuner, planerat_kvartal",
        "Plan item unchanged",
        "Plan item unchanged",
    ]
    import_plan_items(csv_bytes(rows, HEADERS), "plan.csv", user=chef)
    changed = ProcurementPlanItem.objects.get(number=1)
    assert (changed.title, changed.planned_quarter, changed.is_demo) == ("Mejeri", 3, False)
    assert [m.name for m in changed.municipalities.all()] == ["Falun"]
    assert ProcurementPlanItem.objects.filter(is_demo=True).count() == 2


def test_a_column_left_out_keeps_the_plans_value(register, chef):
    import_plan_items(csv_bytes(plan_rows(), HEADERS), "plan.csv", user=chef)
    headers = [h for h in HEADERS if h not in ("diarienummer", "planerat_år")]
    checked = check(plan_rows(), headers=headers)
    assert checked.items_unchanged == 3
    assert ProcurementPlanItem.objects.get(number=1).procurement == register[0]


def test_a_file_without_the_required_columns_is_refused(register):
    with pytest.raises(ImportRefused, match="Required columns are missing: nr, planerat_kvartal"):
        check(plan_rows(), headers=["planår", "rubrik", "kategori", "kommuner"])


def test_a_register_file_is_not_a_plan_file(register):
    with pytest.raises(ImportRefused, match="planår"):
        preview_plan_items(
            csv_bytes([{"diarienummer": "UhC 1"}], ["diarienummer", "rubrik"]), "f.csv"
        )


def test_checking_makes_the_same_number_of_queries_for_a_large_file(
    register, chef, django_assert_num_queries
):
    import_plan_items(csv_bytes(plan_rows(), HEADERS), "plan.csv", user=chef)
    many = [
        {**row, "nr": str(100 * n + int(row["nr"])), "diarienummer": ""}
        for n in range(40)
        for row in plan_rows()
    ]
    with django_assert_num_queries(5):
        check(plan_rows())
    with django_assert_num_queries(5):
        checked = check(many + plan_rows())
    assert len(checked.rows) == 123


def test_the_templates_hold_the_plans_columns():
    header = template_csv(PLAN_FORMAT).decode("utf-8-sig").strip()
    assert header.split(";") == HEADERS
    workbook = load_workbook(io.BytesIO(template_xlsx(["IT"], PLAN_FORMAT)))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    quarter = next(
        v for v in sheet.data_validations.dataValidation if "G2" in str(v.sqref)
    )  # planerat_kvartal, the seventh column
    assert quarter.type == "list"
    guide = workbook.worksheets[2]
    texts = [row[0].value for row in guide.iter_rows()]
    assert "One row per item of the plan; the plan year and number identify it." in texts


def test_every_column_is_documented_and_the_document_names_no_other():
    document = Path(settings.BASE_DIR) / "docs" / "procurement-plan-import.md"
    documented = re.findall(r"^\| `([^`]+)` \|", document.read_text(encoding="utf-8"), re.M)
    assert documented == HEADERS
    assert importing.PLAN_FORMAT.columns == PLAN_COLUMNS
