"""The filtered register as CSV or XLSX, with Swedish headers and readable values.

``export_table`` turns procurements into a header row and rows of plain values
(text, whole numbers, dates, or None for "not recorded"); ``as_csv`` and
``as_xlsx`` write those rows out. Both files hold exactly the rows given.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from procurements.models import Procurement, Status
from procurements.selectors import yes_no

Value = str | int | dt.date | None


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Procurement], Value]


def _label(name: str) -> str:
    return capfirst(Procurement._meta.get_field(name).verbose_name)


def _plain(name: str) -> ExportColumn:
    return ExportColumn(_label(name), lambda p: getattr(p, name))


def _flag(name: str) -> ExportColumn:
    return ExportColumn(_label(name), lambda p: yes_no(getattr(p, name)))


def _choice(name: str) -> ExportColumn:
    return ExportColumn(_label(name), lambda p: capfirst(getattr(p, f"get_{name}_display")()))


def export_columns() -> list[ExportColumn]:
    """The columns, in order; values read annotations from ``procurement_list_queryset``."""
    return [
        _plain("registry_number"),
        _plain("title"),
        ExportColumn(_label("category"), lambda p: p.category.name),
        ExportColumn(_("Status"), lambda p: capfirst(Status(p.status_code).label)),
        _choice("scope"),
        ExportColumn(
            _label("municipalities"), lambda p: ", ".join(m.name for m in p.municipalities.all())
        ),
        ExportColumn(
            _("Coordinated (at least two municipalities)"), lambda p: yes_no(p.is_coordinated)
        ),
        _choice("procedure"),
        _plain("advertised_on"),
        _plain("tender_deadline"),
        _plain("award_decision_on"),
        _plain("completed_on"),
        _plain("cancelled_on"),
        _plain("cancellation_reason"),
        _plain("questions_received"),
        _flag("tenderers_contacted"),
        *(_flag(name) for name in Procurement.REQUIREMENT_FIELDS),
        *(_choice(name) for name in Procurement.UHM_FIELDS),
        _flag("is_food_procurement"),
        *(_flag(name) for name in Procurement.FOOD_FIELDS),
        _flag("substantially_different_solution"),
        ExportColumn(_("Number of tenders"), lambda p: p.tender_count),
        ExportColumn(_("Number of awarded tenders"), lambda p: p.awarded_tender_count),
        _flag("is_demo"),
    ]


def _plain_value(value) -> Value:
    """Numbers, dates and None as they are; everything else (lazy labels too) as text."""
    if value is None or isinstance(value, int | dt.date):
        return value
    return str(value)


def export_table(procurements: Iterable[Procurement]) -> tuple[list[str], list[list[Value]]]:
    columns = export_columns()
    rows = [[_plain_value(column.value(p)) for column in columns] for p in procurements]
    return [str(column.header) for column in columns], rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # never let a spreadsheet run a title as a formula
    return str(value)


def as_csv(headers: list[str], rows: list[list[Value]]) -> bytes:
    """Semicolon-separated UTF-8 with a byte-order mark, as Swedish Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(headers: list[str], rows: list[list[Value]], sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text that starts with "=" stays text
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(header), 12), 40)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
