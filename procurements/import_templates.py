"""The import templates offered for download, built from a file format's columns.

The CSV template is the header row only, semicolon-separated UTF-8 with a
byte-order mark (what Swedish Excel opens correctly). The XLSX template has the
header row on its first sheet, with drop-down lists for the columns that take a
fixed set of words, and the columns explained on a second sheet. The register's
format is the default; the procurement plan's is ``importing.PLAN_FORMAT``.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from procurements.importing import REGISTER_FORMAT, Column, FileFormat, Kind

TEMPLATE_ROWS = 2000  # rows that get drop-down lists and formats


def template_csv(file_format: FileFormat = REGISTER_FORMAT) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(c.header for c in file_format.columns)
    return buffer.getvalue().encode("utf-8-sig")


def _words(column: Column) -> list[str]:
    if column.kind == Kind.BOOL:
        return ["ja", "nej"]
    if column.kind == Kind.CHOICE:
        return [word for word, _value in column.choices]
    if column.kind == Kind.QUARTER:
        return ["1", "2", "3", "4"]
    return []


def template_xlsx(category_names: list[str], file_format: FileFormat = REGISTER_FORMAT) -> bytes:
    """The XLSX template; ``category_names`` fill the category drop-down list."""
    columns = file_format.columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(file_format.sheet_title)[:31]
    sheet.append([c.header for c in columns])
    lists = workbook.create_sheet(_("Lists")[:31])
    lists.sheet_state = "hidden"
    guide = workbook.create_sheet(_("Instructions")[:31])

    for index, column in enumerate(columns, start=1):
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
    for column in columns:
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
    for note in file_format.template_notes:
        guide.append([str(note)])
    for letter, width in zip("ABCDE", (26, 10, 50, 70, 28), strict=True):
        guide.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
