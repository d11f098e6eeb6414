"""procurements.importing: reading, validating and committing an import file, without HTTP."""

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from indicators.models import Municipality
from procurements import importing
from procurements.importing import (
    COLUMNS,
    Action,
    ImportRefused,
    commit_import,
    import_file,
    preview_import,
    read_table,
)
from procurements.models import Procurement, Tender
from tests.procurement_import_helpers import (
    HEADERS,
    create_categories,
    csv_bytes,
    file_bytes,
    four_procurements,
    good_rows,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

DEADLINE_BEFORE_ADVERTISED = "The tender deadline cannot be before the procurement was advertised."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def categories(db):
    return create_categories()


def plan_for(rows, kind="csv", headers=HEADERS):
    return preview_import(file_bytes(kind, rows, headers), f"upphandlingar.{kind}")


def issues_of(plan) -> list[tuple[int, str, str]]:
    return [(number, issue.column, issue.message) for number, issue in plan.issues]


def history_count() -> int:
    return Procurement.history.count() + Tender.history.count()


# --- The issue's acceptance scenario -------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_three_good_rows_and_one_bad_row_import_nothing_then_all_four_then_nothing_changes(
    kind, categories, chef
):
    rows = four_procurements()
    rows[2]["sista_anbudsdag"] = "2024-02-01"  # before it was advertised: the bad row

    outcome = import_file(file_bytes(kind, rows), f"fil.{kind}", user=chef)

    assert outcome.result is None
    assert Procurement.objects.count() == 0
    assert Tender.objects.count() == 0
    assert issues_of(outcome.plan) == [(4, "sista_anbudsdag", DEADLINE_BEFORE_ADVERTISED)]

    rows[2]["sista_anbudsdag"] = "2024-04-02"
    fixed = file_bytes(kind, rows)
    outcome = import_file(fixed, f"fil.{kind}", user=chef)

    assert outcome.result.procurements_created == 4
    assert sorted(Procurement.objects.values_list("registry_number", flat=True)) == [
        "UhC 2024/1",
        "UhC 2024/2",
        "UhC 2024/3",
        "UhC 2024/4",
    ]
    assert Tender.objects.count() == 2
    saved_at = dict(Procurement.objects.values_list("registry_number", "updated_at"))
    history_before = history_count()

    again = import_file(fixed, f"fil.{kind}", user=chef)

    assert again.result is None
    assert not again.plan.has_errors
    assert again.plan.procurements_unchanged == 4
    assert {row.procurement_action for row in again.plan.rows} == {Action.UNCHANGED}
    assert Procurement.objects.count() == 4
    assert Tender.objects.count() == 2
    assert dict(Procurement.objects.values_list("registry_number", "updated_at")) == saved_at
    assert history_count() == history_before


# --- Reading files -------------------------------------------------------------------------


def test_a_semicolon_separated_csv_with_a_byte_order_mark_is_read():
    table = read_table("\ufeffdiarienummer;rubrik\r\nA;Å och Ö\r\n".encode(), "f.csv")
    assert table.headers == ["diarienummer", "rubrik"]
    assert table.rows[0].cells == ("A", "Å och Ö")
    assert table.notes == []


def test_a_comma_separated_csv_is_read():
    table = read_table(b'diarienummer,rubrik\n"A, del 2",B\n', "f.csv")
    assert table.rows[0].cells == ("A, del 2", "B")


def test_excels_separator_line_is_followed_and_not_counted_as_a_row():
    table = read_table(b"sep=,\r\ndiarienummer,rubrik\r\nA;1,B\r\n", "f.csv")
    assert table.headers == ["diarienummer", "rubrik"]
    assert table.rows[0].number == 2
    assert table.rows[0].cells == ("A;1", "B")


def test_a_tab_separated_utf16_file_from_excel_is_read():
    table = read_table("diarienummer\trubrik\nA\tB\n".encode("utf-16"), "f.csv")
    assert table.rows[0].cells == ("A", "B")


def test_a_csv_that_is_not_utf8_is_read_as_windows_1252_with_a_note():
    table = read_table("diarienummer;rubrik\nA;Säter\n".encode("cp1252"), "f.csv")
    assert table.rows[0].cells == ("A", "Säter")
    assert "Windows-1252" in table.notes[0]


def test_the_exports_guard_before_a_formula_is_removed_and_other_apostrophes_are_kept():
    table = read_table(
        b"diarienummer;rubrik;avbrytandeorsak\nA;'=SUMMA(1);'-20 %\nB;'Hej;''=X\n",
        "f.csv",
    )
    assert [row.cells for row in table.rows] == [
        ("A", "=SUMMA(1)", "-20 %"),
        ("B", "'Hej", "''=X"),
    ]


def test_row_numbers_are_the_spreadsheets_and_empty_rows_are_skipped():
    table = read_table(b"diarienummer;rubrik\n;\nA;B\n\nC;D\n", "f.csv")
    assert [row.number for row in table.rows] == [3, 5]


def test_a_quoted_cell_over_two_lines_stays_one_row():
    table = read_table(b'diarienummer;avbrytandeorsak\nA;"rad ett\nrad tv\xc3\xa5"\nB;\n', "f.csv")
    assert [row.number for row in table.rows] == [2, 3]
    assert table.rows[0].cells[1] == "rad ett\nrad två"


def test_xlsx_rows_keep_their_spreadsheet_numbers_across_empty_rows():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"] = "diarienummer", "rubrik"
    sheet["A4"], sheet["B4"] = "X", "Y"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "f.xlsx")
    assert [(row.number, row.cells[:2]) for row in table.rows] == [(4, ("X", "Y"))]


# --- Refusals -----------------------------------------------------------------------------------


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_table(data, name)
    return caught.value.message


def test_a_pdf_named_csv_is_refused():
    assert "PDF" in refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "upphandlingar.csv")


def test_an_image_named_xlsx_is_refused():
    assert "image" in refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "upphandlingar.xlsx")


def test_an_image_named_csv_is_refused():
    assert "image" in refusal(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "bild.csv")


def test_binary_data_named_csv_is_refused():
    assert "not a CSV text file" in refusal(b"diarienummer\x00\x01\x02", "f.csv")


def test_a_file_of_another_type_is_refused_by_its_name():
    assert "Only CSV (.csv) and Excel (.xlsx)" in refusal(b"diarienummer\n1\n", "f.pdf")


def test_the_old_excel_format_is_refused_with_advice():
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gammal.xls")
    assert ".xlsx" in message
    assert "old Excel format" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "f.xlsx")


def test_an_excel_workbook_named_csv_is_refused():
    assert "must be named .xlsx" in refusal(xlsx_bytes(good_rows()), "f.csv")


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_refused_in_words():
    data = b"diarienummer;rubrik\nA;" + b"x" * 200_000 + b"\n"
    assert refusal(data, "f.csv") == (
        "The CSV file could not be read: row 2 has a cell of more than 131,072 characters."
    )


def test_an_empty_file_is_refused():
    assert refusal(b"", "f.csv") == "The file is empty."
    assert refusal(b"\r\n;;\r\n", "f.csv") == "The file is empty."


def test_a_file_with_only_headers_is_refused():
    assert "no rows to import" in refusal(csv_bytes([]), "f.csv")
    assert "no rows to import" in refusal(xlsx_bytes([]), "f.xlsx")


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_FILE_BYTES", 100)
    assert "larger than" in refusal(csv_bytes(good_rows()), "f.csv")


def test_a_file_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 3)
    assert "more than 3 rows" in refusal(csv_bytes(good_rows()), "f.csv")
    assert "more than 3 rows" in refusal(xlsx_bytes(good_rows()), "f.xlsx")


def test_a_damaged_xlsx_is_refused():
    data = xlsx_bytes(good_rows())
    assert "may be damaged" in refusal(data[: len(data) // 2], "f.xlsx")


def test_an_xlsx_with_a_broken_worksheet_is_refused():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(good_rows())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = b"<worksheet><sheetData><row"
            target.writestr(item, content)
    assert "may be damaged" in refusal(buffer.getvalue(), "f.xlsx")


def test_an_xlsx_in_a_zip_version_python_cannot_read_is_refused_as_damaged():
    data = bytearray(xlsx_bytes(good_rows()))
    directory = data.find(b"PK\x01\x02")  # the first central directory entry
    data[directory + 6 : directory + 8] = (99).to_bytes(2, "little")  # needs zip version 9.9
    assert "may be damaged" in refusal(bytes(data), "f.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "not an Excel workbook" in refusal(buffer.getvalue(), "f.xlsx")


def test_missing_required_columns_are_named(categories):
    with pytest.raises(ImportRefused) as caught:
        plan_for([{"diarienummer": "A"}], headers=["diarienummer", "titel", "kategori"])
    assert caught.value.message == "Required columns are missing: rubrik, kommuner."


def test_tender_columns_need_the_supplier_and_organisation_number(categories):
    with pytest.raises(ImportRefused) as caught:
        plan_for(
            good_rows(), headers=["diarienummer", "rubrik", "kategori", "kommuner", "tilldelad"]
        )
    assert "leverantör, organisationsnummer" in caught.value.message


def test_a_column_given_twice_is_refused(categories):
    with pytest.raises(ImportRefused) as caught:
        plan_for(good_rows(), headers=[*HEADERS, "Rubrik"])
    assert caught.value.message == "The column “rubrik” appears more than once."


def test_unknown_columns_are_ignored_with_a_warning_and_a_suggestion(categories):
    plan = plan_for(good_rows(), headers=[*HEADERS, "anteckning", "sista_anbudsdg"])
    assert "The column “anteckning” is not known and is ignored." in plan.warnings
    assert any("Did you mean “sista_anbudsdag”?" in warning for warning in plan.warnings)
    assert not plan.has_errors


def test_no_two_headers_or_aliases_can_be_mistaken_for_each_other():
    keys = [importing.header_key(h) for c in COLUMNS for h in (c.header, *c.aliases)]
    assert len(keys) == len(set(keys))


def test_headers_match_whatever_their_case_accents_or_spaces(categories):
    headers = [
        "Diarienummer",
        "RUBRIK",
        "kategori*",
        "Kommuner",
        "Antal frågor",
        "forfarande",
        "Leverantör",
        "orgnr",
    ]
    rows = [
        {
            "Diarienummer": "A",
            "RUBRIK": "B",
            "kategori*": "IT",
            "Kommuner": "Falun",
            "Antal frågor": "2",
            "forfarande": "selektivt",
            "Leverantör": "C AB",
            "orgnr": "5560360793",
        }
    ]
    plan = plan_for(rows, headers=headers)
    assert not plan.has_errors
    procurement = plan.procurements[0].instance
    assert procurement.questions_received == 2
    assert procurement.procedure == Procurement.Procedure.RESTRICTED


# --- Values -----------------------------------------------------------------------------------------


def one_row(**values):
    row = {"diarienummer": "UhC 2024/9", "rubrik": "X", "kategori": "IT", "kommuner": "Falun"}
    row.update(values)
    return [row]


def test_a_good_file_plans_every_value(categories):
    plan = plan_for(good_rows())
    assert not plan.has_errors
    first, second, third = (change.instance for change in plan.procurements)
    assert first.title == "Mejeriprodukter"
    assert first.category.name == "Livsmedel och måltider"
    assert first.environmental_requirement is True
    assert first.advertised_on == dt.date(2024, 3, 1)
    assert first.is_food_procurement and first.food_organic and not first.food_local
    assert first.uhm_environmental_management == "bas"
    assert first.uhm_chemicals == "none"
    codes = set(
        Municipality.objects.filter(pk__in=plan.procurements[0].municipality_ids).values_list(
            "code", flat=True
        )
    )
    assert codes == {"2080", "2081", "2084"}
    assert second.scope == "municipality"
    assert second.procedure == "simplified"
    assert second.questions_received == 0
    assert third.scope == "joint" and third.procedure == "open"
    assert len(plan.procurements[2].municipality_ids) == Municipality.objects.count()
    tenders = [t.instance for t in plan.procurements[0].tenders]
    assert [
        (t.supplier_name, t.organisation_number, t.has_regional_presence, t.is_awarded)
        for t in tenders
    ] == [
        ("Mejeri AB", "556036-0793", True, True),
        ("Ost & Mjölk HB", "556012-3456", False, False),
    ]
    assert plan.procurements_created == 3
    assert plan.tenders_created == 3


def test_xlsx_date_number_and_boolean_cells_are_understood(categories):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "diarienummer",
            "rubrik",
            "kategori",
            "kommuner",
            "annonserad",
            "antal_frågor",
            "miljökrav",
            "leverantör",
            "organisationsnummer",
        ]
    )
    sheet.append([2024123, "X", "IT", 2080, dt.datetime(2024, 3, 1), 3.0, True, "Y", 2120001421])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = preview_import(buffer.getvalue(), "f.xlsx")
    assert not plan.has_errors, plan.issues
    change = plan.procurements[0]
    assert change.registry_number == "2024123"
    assert change.instance.advertised_on == dt.date(2024, 3, 1)
    assert change.instance.questions_received == 3
    assert change.instance.environmental_requirement is True
    assert change.tenders[0].instance.organisation_number == "212000-1421"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "annonserad",
            "1 mars 2024",
            "“1 mars 2024” is not a date: write it as YYYY-MM-DD, e.g. 2024-03-15.",
        ),
        ("annonserad", "2024-02-30", "“2024-02-30” is not a date that exists."),
        (
            "miljökrav",
            "kanske",
            "“kanske” is neither ja nor nej (1 or 0, x or an empty cell also work).",
        ),
        ("antal_frågor", "3,5", "“3,5” is not a whole number."),
        ("antal_frågor", "många", "“många” is not a number."),
        ("antal_frågor", "-2", "Enter a whole number between 0 and 2,147,483,647."),
        ("typ", "regional", "“regional” is not one of: gemensam, kommunspecifik."),
        ("uhm_miljöledning", "guld", "“guld” is not one of: ingen, bas, avancerad, spjutspets."),
        (
            "kategori",
            "Bygg",
            "There is no category “Bygg”. The categories are: IT; Livsmedel och måltider.",
        ),
        ("kommuner", "Falun; Mora", "Unknown municipality: Mora. Give names or codes: "),
        ("kommuner", "", "This cell is required on the first row of a procurement."),
        ("rubrik", "", "This field cannot be blank."),
        ("rubrik", "x" * 301, "Ensure this value has at most 300 characters (it has 301)."),
    ],
)
def test_a_wrong_value_is_named_by_row_column_and_what_is_wrong(categories, column, value, message):
    headers = [*HEADERS[:5], "uhm_miljöledning", "miljökrav", "annonserad", "antal_frågor"]
    plan = plan_for(one_row(**{column: value}), headers=headers)
    ((number, found_column, found_message),) = issues_of(plan)
    assert (number, found_column) == (2, column)
    assert found_message.startswith(message)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "count", [pytest.param("9" * 5000, id="5000 digits"), "2147483648", str(10**18), "-1"]
)
def test_a_question_count_the_register_cannot_store_is_refused_with_the_range(
    categories, kind, count
):
    cell = int(count) if kind == "xlsx" and len(count) < 20 else count  # a number cell
    plan = plan_for(one_row(**{"antal_frågor": cell}), kind=kind)
    assert issues_of(plan) == [
        (2, "antal_frågor", "Enter a whole number between 0 and 2,147,483,647.")
    ]


def test_a_decimal_comma_whole_number_is_accepted(categories):
    plan = plan_for(one_row(**{"antal_frågor": "3,0"}))
    assert plan.procurements[0].instance.questions_received == 3


def test_an_invalid_organisation_number_is_reported_on_its_column(categories):
    rows = one_row(leverantör="A AB", organisationsnummer="556036-0794")
    assert issues_of(plan_for(rows)) == [
        (
            2,
            "organisationsnummer",
            "The organisation number 556036-0794 is not valid: its check digit is wrong.",
        )
    ]


def test_a_tender_flag_without_a_supplier_is_an_error(categories):
    rows = one_row(tilldelad="ja")
    assert {(n, c) for n, c, _m in issues_of(plan_for(rows))} == {
        (2, "leverantör"),
        (2, "organisationsnummer"),
    }


def test_tender_flags_that_say_no_without_a_supplier_mean_no_tender(categories):
    plan = plan_for(one_row(tilldelad="nej", regional_närvaro="0"))
    assert not plan.has_errors
    assert plan.procurements[0].tenders == []


# --- The model's rules, and the form's ----------------------------------------------------------


def test_food_requirements_without_food_are_refused_by_the_models_constraint(categories):
    plan = plan_for(one_row(ekologiskt="ja"))
    assert issues_of(plan) == [
        (
            2,
            "livsmedel",
            "Organic, local and plant-based requirements apply only to food procurements.",
        )
    ]


def test_completed_and_cancelled_at_once_is_refused(categories):
    headers = [*HEADERS, "avbruten", "avbrytandeorsak"]
    rows = one_row(avslutad="2024-05-01", avbruten="2024-05-02", avbrytandeorsak="Inga anbud")
    assert issues_of(plan_for(rows, headers=headers)) == [
        (2, "avbruten", "A procurement cannot be both completed and cancelled.")
    ]


def test_a_cancelled_procurement_needs_a_reason_as_in_the_form(categories):
    headers = [*HEADERS, "avbruten", "avbrytandeorsak"]
    assert issues_of(plan_for(one_row(avbruten="2024-05-02"), headers=headers)) == [
        (2, "avbrytandeorsak", "Give the reason the procurement was cancelled.")
    ]


def violating_procurements(category):
    base = {"registry_number": "X", "title": "X", "category": category}
    return [
        Procurement(**base, completed_on=dt.date(2024, 5, 1), cancelled_on=dt.date(2024, 5, 1)),
        Procurement(**base, advertised_on=dt.date(2024, 5, 1), tender_deadline=dt.date(2024, 4, 1)),
        Procurement(
            **base, tender_deadline=dt.date(2024, 5, 1), award_decision_on=dt.date(2024, 4, 1)
        ),
        Procurement(**base, advertised_on=dt.date(2024, 5, 1), completed_on=dt.date(2024, 4, 1)),
        Procurement(**base, food_local=True),
        Procurement(**base, uhm_reuse="guld"),
        Procurement(**base, scope="regional"),
        Procurement(**base, procedure="lottery"),
        Procurement(**base),
        Procurement(**base, advertised_on=dt.date(2024, 5, 1)),
    ]


def test_the_constraint_check_without_queries_agrees_with_the_database(categories):
    for procurement in violating_procurements(categories[1]):
        try:
            procurement.validate_constraints(exclude={"registry_number"})
            expected = []
        except ValidationError as error:
            expected = sorted(error.messages)
        found = sorted(
            message for _c, message in importing.check_constraint_violations(procurement)
        )
        assert found == expected


def test_the_constraint_check_agrees_with_the_database_for_tenders():
    tender = Tender(supplier_name="A", organisation_number="5560360793", procurement_id=1)
    found = importing.check_constraint_violations(tender)
    assert [constraint.name for constraint, _m in found] == [
        "tender_organisation_number_normalised"
    ]


# --- Several rows of one procurement ------------------------------------------------------------


def test_a_later_row_that_contradicts_the_first_row_of_its_procurement_is_an_error(categories):
    rows = good_rows()
    rows[1]["rubrik"] = "Ost"
    rows[1]["livsmedel"] = "1"  # the same as the first row's "ja": no error
    assert issues_of(plan_for(rows)) == [
        (
            3,
            "rubrik",
            "Does not match row 2, the first row of UhC 2024/1, which says “Mejeriprodukter”. "
            "The rows of one procurement must agree (or leave the cell empty).",
        )
    ]


def test_the_same_supplier_twice_in_one_procurement_is_an_error(categories):
    rows = good_rows()
    rows[1]["organisationsnummer"] = "556036-0793"
    assert issues_of(plan_for(rows)) == [
        (
            3,
            "organisationsnummer",
            "The same supplier (556036-0793) is already on row 2 for this procurement; give each "
            "tender once.",
        )
    ]


def test_a_row_without_a_registry_number_is_an_error(categories):
    rows = good_rows()
    rows[3]["diarienummer"] = ""
    assert (5, "diarienummer", "The registry number is missing.") in issues_of(plan_for(rows))


def test_every_row_is_reported_with_what_happens_to_it(categories):
    plan = plan_for(good_rows())
    assert [(row.number, row.outcome) for row in plan.rows] == [
        (2, "New procurement; new tender"),
        (3, "New tender"),
        (4, "New procurement"),
        (5, "New procurement; new tender"),
    ]


# --- Committing and importing again ---------------------------------------------------------------


def test_committing_saves_procurements_municipalities_and_tenders_with_their_history(
    categories, procurement_officer
):
    plan = plan_for(good_rows())
    result = commit_import(plan, user=procurement_officer)
    assert (result.procurements_created, result.tenders_created) == (3, 3)
    dairy = Procurement.objects.get(registry_number="UhC 2024/1")
    assert sorted(dairy.municipalities.values_list("code", flat=True)) == ["2080", "2081", "2084"]
    assert sorted(dairy.tenders.values_list("organisation_number", flat=True)) == [
        "556012-3456",
        "556036-0793",
    ]
    (record,) = dairy.history.all()
    assert record.history_type == "+"
    assert record.history_user == procurement_officer
    assert record.history_change_reason == "Imported from upphandlingar.csv"
    assert sorted(link.municipality.code for link in record.municipalities.all()) == [
        "2080",
        "2081",
        "2084",
    ]
    tender = dairy.tenders.get(organisation_number="556036-0793")
    assert tender.history.get().history_user == procurement_officer


def test_a_plan_with_errors_cannot_be_committed(categories):
    rows = good_rows()
    rows[0]["annonserad"] = "igår"
    with pytest.raises(ValueError):
        commit_import(plan_for(rows))
    assert Procurement.objects.count() == 0


def test_a_failure_while_committing_leaves_nothing_saved(categories, monkeypatch):
    plan = plan_for(good_rows())

    def failing_tenders(*args, **kwargs):
        assert Procurement.objects.count() == 3  # the procurements were already written
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing.committing, "_bulk_create_tenders", failing_tenders)
    with pytest.raises(RuntimeError):
        commit_import(plan)
    assert Procurement.objects.count() == 0
    assert Procurement.history.count() == 0


def test_importing_again_updates_by_registry_number_and_reports_what_changes(categories, chef):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    rows = good_rows()
    rows[0]["rubrik"] = "Mejeri och ost"
    rows[0]["kommuner"] = "Falun"
    rows[1]["tilldelad"] = "ja"

    outcome = import_file(csv_bytes(rows), "f.csv", user=chef)

    assert outcome.plan.rows[0].outcome == "Procurement changes: rubrik, kommuner; tender unchanged"
    assert outcome.plan.rows[1].outcome == "Tender changes"
    assert outcome.plan.rows[2].outcome == "Procurement unchanged"
    assert (outcome.result.procurements_created, outcome.result.procurements_updated) == (0, 1)
    assert outcome.result.procurements_unchanged == 2
    assert Procurement.objects.count() == 3
    dairy = Procurement.objects.get(registry_number="UhC 2024/1")
    assert dairy.title == "Mejeri och ost"
    assert list(dairy.municipalities.values_list("name", flat=True)) == ["Falun"]
    assert dairy.tenders.get(organisation_number="556012-3456").is_awarded is True
    assert dairy.history.latest().history_user == chef


def test_only_tender_changes_leave_the_procurement_itself_unsaved(categories, chef):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    history = Procurement.history.count()
    rows = good_rows()
    rows[0]["regional_närvaro"] = "nej"
    outcome = import_file(csv_bytes(rows), "f.csv", user=chef)
    assert outcome.result.tenders_updated == 1
    assert Procurement.history.count() == history


def test_tenders_in_the_register_but_not_in_the_file_are_kept(categories, chef):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    rows = good_rows()
    del rows[1]
    outcome = import_file(csv_bytes(rows), "f.csv", user=chef)
    assert outcome.result is None
    assert Procurement.objects.get(registry_number="UhC 2024/1").tenders.count() == 2


def test_a_column_left_out_keeps_the_registers_value(categories, chef):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    headers = [h for h in HEADERS if h not in ("antal_frågor", "miljökrav")]
    plan = plan_for(good_rows(), headers=headers)
    assert plan.procurements_unchanged == 3
    assert Procurement.objects.get(registry_number="UhC 2024/1").questions_received == 4


def test_the_same_file_as_xlsx_after_csv_changes_nothing(categories, chef):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    plan = preview_import(xlsx_bytes(good_rows()), "f.xlsx")
    assert not plan.has_errors
    assert not plan.has_changes


def test_planning_makes_the_same_number_of_queries_for_a_large_file(
    categories, chef, django_assert_num_queries
):
    import_file(csv_bytes(good_rows()), "f.csv", user=chef)
    many = [
        {**row, "diarienummer": f"UhC 2025/{n}-{row['diarienummer']}"}
        for n in range(50)
        for row in good_rows()
    ] + good_rows()
    with django_assert_num_queries(5):
        plan_for(good_rows())
    with django_assert_num_queries(5):
        plan = plan_for(many)
    assert len(plan.rows) == 204


# --- The documentation follows the columns -----------------------------------------------------


def test_every_column_is_documented_and_the_document_names_no_other():
    text = (Path(settings.BASE_DIR) / "docs" / "procurement-import.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE)
    assert documented == [column.header for column in COLUMNS]
