"""The import templates offered for download, built from ``importing.COLUMNS``.

The CSV template is the header row only, semicolon-separated UTF-8 with a
byte-order mark (what Swedish Excel opens correctly). The XLSX template has the
header row on its first sheet, with drop-down lists for the columns that take a
fixed set of words, and the columns explained on a second sheet.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from procurements.importing import COLUMNS, Column, Kind

TEMPLATE_STEM = "upphandlingar-importmall"
TEMPLATE_ROWS = 2000  # rows that get drop-down lists and formats


def template_csv() -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(c.header for c in COLUMNS)
    return buffer.getvalue().encode("utf-8-sig")


def _words(column: Column) -> list[str]:
    if column.kind == Kind.BOOL:
        return ["ja", "nej"]
    if column.kind == Kind.CHOICE:
        return [word for word, _value in column.choices]
    return []


def template_xlsx(category_names: list[str]) -> bytes:
    """The XLSX template; ``category_names`` fill the category drop-down list."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Procurements")[:31]
    sheet.append([c.header for c in COLUMNS])
    lists = workbook.create_sheet(_("Lists")[:31])
    lists.sheet_state = "hidden"
    guide = workbook.create_sheet(_("Instructions")[:31])

    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(len(column.header) + 2, 12)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.kind == Kind.DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.kind in (Kind.ORGANISATION_NUMBER, Kind.TEXT):
            sheet.column_dimensions[letter].number_format = "@"  # kept as written
        words = category_names if column.kind == Kind.CATEGORY else _words(column)
        if words:
            for row, word in enumerate(words, start=1):
                lists.cell(row=row, column=index, value=word)
            source = f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(words)}"
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                errorStyle="warning",
                error=column.format_help,
            )
            validation.add(cells)
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"

    guide.append(
        [_("Column"), _("Required"), _("What it holds"), _("How to write it"), _("Example")]
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        required = ""
        if column.required:
            required = _("yes")
        elif column.required_for_tender:
            required = _("for a tender")
        example = column.example
        if column.kind == Kind.CATEGORY and category_names:
            example = category_names[0]
        guide.append(
            [
                column.header,
                required,
                column.label,
                column.format_help,
                example,
            ]
        )
    guide.append([])
    guide.append(
        [_("One row per tender; repeat the registry number on each row of a procurement.")]
    )
    guide.append([_("A procurement without tenders is one row with the tender columns empty.")])
    guide.append([_("Only the first sheet is read.")])
    for letter, width in zip("ABCDE", (26, 10, 50, 70, 28), strict=True):
        guide.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
