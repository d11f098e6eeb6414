"""Turning uploaded bytes into a table of raw cells, and matching its columns."""

from __future__ import annotations

import csv
import difflib
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.formatting import format_number
from procurements.importing.cells import cell_text
from procurements.importing.columns import (
    EXTENSIONS,
    FORMULA_GUARD,
    FORMULA_STARTS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    REGISTER_FORMAT,
    FileFormat,
    ImportRefused,
    header_key,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: tuple


@dataclass
class Table:
    """The file's header row and its non-empty rows, cells as read (text, numbers, dates)."""

    file_name: str
    headers: list[str]
    rows: list[SourceRow]
    notes: list[str] = field(default_factory=list)


def _sniff(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF", b"II*\x00")):
        return "image"
    return "other"


def _refuse_binary(kind: str) -> None:
    if kind == "pdf":
        raise ImportRefused(_("The file is a PDF document, not a CSV or XLSX file."))
    if kind == "image":
        raise ImportRefused(_("The file is an image, not a CSV or XLSX file."))
    if kind == "ole":
        raise ImportRefused(
            _(
                "The file is in the old Excel format (.xls). Open it in Excel and save it as "
                "an Excel workbook (.xlsx) or as CSV."
            )
        )


def read_table(data: bytes, file_name: str) -> Table:
    """The file's rows, or ``ImportRefused`` if it cannot be imported at all."""
    extension = Path(file_name or "").suffix.lower()
    if extension not in EXTENSIONS:
        if extension == ".xls":
            _refuse_binary("ole")
        raise ImportRefused(
            _("Only CSV (.csv) and Excel (.xlsx) files can be imported, not “%(name)s”.")
            % {"name": file_name}
        )
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(too_large_message())
    rows, notes = _read_csv(data) if extension == ".csv" else (_read_xlsx(data), [])
    return _table(file_name, rows, notes)


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB; split it into smaller files.") % {
        "size": MAX_FILE_BYTES // (1024 * 1024)
    }


def _is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _table(file_name: str, rows: list[SourceRow], notes: list[str]) -> Table:
    if not rows:
        raise ImportRefused(_("The file is empty."))
    header_row, data_rows = rows[0], rows[1:]
    if header_row.number != 1:
        raise ImportRefused(
            _("Row 1 must hold the column headers (it is empty); see the template.")
        )
    if not data_rows:
        raise ImportRefused(_("The file has column headers but no rows to import."))
    headers = [cell_text(cell) for cell in header_row.cells]
    return Table(file_name=file_name, headers=headers, rows=data_rows, notes=notes)


def _check_row_count(count: int) -> None:
    if count > MAX_ROWS + 1:  # the header row is not counted
        raise ImportRefused(
            _("The file has more than %(count)s rows; split it into smaller files.")
            % {"count": f"{MAX_ROWS:,}".replace(",", "\xa0")}
        )


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise ImportRefused(_("The file's text could not be read as UTF-16.")) from None
    if b"\x00" in data:
        raise ImportRefused(_("The file is not a CSV text file."))
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRefused(
            _("The file's text encoding could not be recognised; save it as “CSV UTF-8”.")
        ) from None
    return text, [
        _(
            "The file is not UTF-8, so it was read as Windows-1252 (Western European, what "
            "Excel uses for “CSV (Comma delimited)”). Check that å, ä and ö look right below."
        )
    ]


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def _read_csv(data: bytes) -> tuple[list[SourceRow], list[str]]:
    kind = _sniff(data)
    if kind == "zip":
        raise ImportRefused(
            _(
                "The file is an Excel workbook or another zip archive, not CSV text; "
                "an Excel workbook must be named .xlsx."
            )
        )
    _refuse_binary(kind)
    text, notes = _decode(data)
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):
        raise ImportRefused(_("The file is not a CSV text file."))
    delimiter = _delimiter(text)
    hint = re.match(r"sep=(.)\r?\n", text)  # Excel's "sep=;" line is not a row
    if hint:
        delimiter, text = hint.group(1), text[hint.end() :]
    rows: list[SourceRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            if any(not _is_empty(cell) for cell in cells):
                rows.append(SourceRow(number, tuple(map(_unguarded, cells))))
                _check_row_count(len(rows))
    except csv.Error:  # the only one it raises here: a cell beyond its size limit
        raise ImportRefused(
            _(
                "The CSV file could not be read: row %(row)s has a cell of more than %(limit)s characters."
            )
            % {"row": reader.line_num, "limit": format_number(csv.field_size_limit())}
        ) from None
    return rows, notes


def _unguarded(cell: str) -> str:
    """A cell without the ``'`` an exported CSV file writes before a text a spreadsheet would
    run as a formula (``FORMULA_GUARD``)."""
    if cell.startswith(FORMULA_GUARD) and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _read_xlsx(data: bytes) -> list[SourceRow]:
    kind = _sniff(data)
    _refuse_binary(kind)
    damaged = _(
        "The Excel file could not be read; it may be damaged. "
        "Open it in Excel, save it again as .xlsx and upload it again."
    )
    if kind != "zip":
        raise ImportRefused(damaged)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a zip version or feature Python's zipfile cannot read.
        raise ImportRefused(damaged) from None
    if sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRefused(too_large_message())
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise ImportRefused(
            _("The file is not an Excel workbook (it may be another Office document).")
        )
    from openpyxl import load_workbook

    rows: list[SourceRow] = []
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise ImportRefused(_("The Excel file has no worksheet."))
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some programs write wrong dimensions
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(not _is_empty(cell) for cell in cells):
                    rows.append(SourceRow(number, tuple(cells)))
                    _check_row_count(len(rows))
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("Unreadable XLSX upload", exc_info=True)
        raise ImportRefused(damaged) from None
    return rows


# --- Matching the columns ----------------------------------------------------------------------


def match_columns(
    headers: list[str], file_format: FileFormat = REGISTER_FORMAT
) -> tuple[dict[str, int], list[str]]:
    """Each known column's position by header, and warnings about unknown columns.

    Refuses a file whose required columns are missing or that names a column twice.
    """
    positions: dict[str, int] = {}
    warnings: list[str] = []
    header_keys = file_format.header_keys
    known_keys = list(header_keys)
    for position, header in enumerate(headers):
        if not header:
            continue
        column = header_keys.get(header_key(header))
        if column is None:
            guess = difflib.get_close_matches(header_key(header), known_keys, n=1)
            if guess:
                warnings.append(
                    _(
                        "The column “%(header)s” is not known and is ignored. Did you mean “%(guess)s”?"
                    )
                    % {"header": header, "guess": header_keys[guess[0]].header}
                )
            else:
                warnings.append(
                    _("The column “%(header)s” is not known and is ignored.") % {"header": header}
                )
            continue
        if column.header in positions:
            raise ImportRefused(
                _("The column “%(header)s” appears more than once.") % {"header": column.header}
            )
        positions[column.header] = position
    required = file_format.required_headers(set(positions))
    missing = [header for header in required if header not in positions]
    if missing:
        raise ImportRefused(
            ngettext(
                "A required column is missing: %(columns)s.",
                "Required columns are missing: %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    return positions, warnings
