"""Importing procurements and their tenders from a CSV or XLSX file.

The file has one row per tender, with the procurement's columns on every row
(rows of the same procurement share its registry number); a procurement without
tenders is one row with the tender columns left empty. The column format is
defined once, in ``COLUMNS``: the import page, the downloadable templates
(``procurements.import_templates``) and docs/procurement-import.md follow it.

Three steps, each a plain function:

1. ``read_table(data, file_name)`` turns the uploaded bytes into a ``Table`` of
   raw cells, or raises ``ImportRefused`` with a message for the user (not CSV
   or XLSX, empty, too large, too many rows, damaged, required columns missing);
2. ``plan_import(table)`` fetches what it needs from the register in a fixed
   number of queries, parses every cell, validates with the models' own rules
   (``full_clean`` and the check constraints) plus the cross-row rules, and works
   out what would be created, updated or left unchanged: an ``ImportPlan`` with
   one ``RowReport`` per row, errors named by row number and column header;
3. ``commit_import(plan, user=...)`` applies a plan without errors in one
   transaction, saving only what changed (so django-simple-history records who
   changed what, and importing the same file twice changes nothing).

``import_file`` runs 1–3 in one transaction, for the confirm step.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import CheckConstraint, F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Municipality
from procurements.models import Category, Procedure, Procurement, Scope, Tender, UhmLevel
from procurements.validators import normalise_organisation_number

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")

PROCUREMENT = "procurement"
TENDER = "tender"


class ImportRefused(Exception):
    """The file as a whole cannot be imported; ``message`` tells the user why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    INTEGER = "integer"
    CHOICE = "choice"
    CATEGORY = "category"
    MUNICIPALITIES = "municipalities"
    ORGANISATION_NUMBER = "organisation_number"


@dataclass(frozen=True)
class Column:
    """One column of the import file and the model field it fills."""

    header: str
    field: str
    kind: Kind
    target: str = PROCUREMENT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (word in the file, model value)
    aliases: tuple[str, ...] = ()
    example: str = ""

    @property
    def model(self) -> type[models.Model]:
        return Procurement if self.target == PROCUREMENT else Tender

    @property
    def label(self) -> str:
        """What the column holds: the model field's verbose name."""
        return str(capfirst(self.model._meta.get_field(self.field).verbose_name))

    @property
    def required_for_tender(self) -> bool:
        return self.header in TENDER_IDENTITY

    @property
    def default_word(self) -> str:
        """For a choice column, the word an empty cell means (the model's default)."""
        default = self.model._meta.get_field(self.field).default
        return next((word for word, value in self.choices if value == default), "")

    @property
    def format_help(self) -> str:
        if self.kind == Kind.DATE:
            return _("A date as YYYY-MM-DD (or a date cell in Excel); empty if none.")
        if self.kind == Kind.BOOL:
            return _("ja or nej (also 1 or 0, or x for yes); an empty cell means nej.")
        if self.kind == Kind.INTEGER:
            return _("A whole number; empty if not recorded.")
        if self.kind == Kind.CHOICE:
            return _("One of: %(words)s. An empty cell means %(default)s.") % {
                "words": ", ".join(word for word, _value in self.choices),
                "default": self.default_word,
            }
        if self.kind == Kind.CATEGORY:
            return _("The name of one of the register's categories.")
        if self.kind == Kind.MUNICIPALITIES:
            return _(
                "Municipality names or four-digit codes separated by ; "
                "(e.g. Falun; Borlänge), or alla for all of them."
            )
        if self.kind == Kind.ORGANISATION_NUMBER:
            return _("Ten digits, NNNNNN-NNNN; the hyphen may be left out.")
        return _("Text.")


def _choices(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((word, str(value)) for word, value in pairs)


SCOPE_WORDS = _choices(("gemensam", Scope.JOINT), ("kommunspecifik", Scope.MUNICIPALITY_SPECIFIC))
PROCEDURE_WORDS = _choices(
    ("öppet", Procedure.OPEN),
    ("förenklat", Procedure.SIMPLIFIED),
    ("selektivt", Procedure.RESTRICTED),
    ("förhandlat", Procedure.NEGOTIATED),
    ("dis", Procedure.DIS_CALL_OFF),
    ("förnyad konkurrensutsättning", Procedure.FRAMEWORK_MINI_COMPETITION),
    ("annat", Procedure.OTHER),
)
UHM_WORDS = _choices(
    ("ingen", UhmLevel.NONE),
    ("bas", UhmLevel.BASIC),
    ("avancerad", UhmLevel.ADVANCED),
    ("spjutspets", UhmLevel.CUTTING_EDGE),
)
# Other spellings users write, by normalised word.
CHOICE_ALIASES = {
    "avrop dis": Procedure.DIS_CALL_OFF,
    "avrop från dis": Procedure.DIS_CALL_OFF,
    "dynamiskt inköpssystem": Procedure.DIS_CALL_OFF,
    "fk": Procedure.FRAMEWORK_MINI_COMPETITION,
    "kommunspecifik upphandling": Scope.MUNICIPALITY_SPECIFIC,
    "gemensam upphandling": Scope.JOINT,
}


def _flag(header: str, field_name: str, **extra) -> Column:
    return Column(header, field_name, Kind.BOOL, example="nej", **extra)


def _uhm(header: str, field_name: str) -> Column:
    return Column(header, field_name, Kind.CHOICE, choices=UHM_WORDS, example="bas")


def _date(header: str, field_name: str, example: str = "") -> Column:
    return Column(header, field_name, Kind.DATE, example=example)


COLUMNS: tuple[Column, ...] = (
    Column(
        "diarienummer",
        "registry_number",
        Kind.TEXT,
        required=True,
        aliases=("dnr", "diarienr"),
        example="UhC 2024/123",
    ),
    Column("rubrik", "title", Kind.TEXT, required=True, example="Livsmedel – mejeriprodukter"),
    Column("kategori", "category", Kind.CATEGORY, required=True),
    Column("typ", "scope", Kind.CHOICE, choices=SCOPE_WORDS, example="gemensam"),
    Column(
        "kommuner",
        "municipalities",
        Kind.MUNICIPALITIES,
        required=True,
        aliases=("kommun",),
        example="Falun; Borlänge",
    ),
    _flag("i_upphandlingsplan", "in_procurement_plan", aliases=("upphandlingsplan",)),
    Column("förfarande", "procedure", Kind.CHOICE, choices=PROCEDURE_WORDS, example="öppet"),
    _date("annonserad", "advertised_on", "2024-03-01"),
    _date("sista_anbudsdag", "tender_deadline", "2024-04-02"),
    _date("tilldelningsbeslut", "award_decision_on", "2024-04-20"),
    _date("avslutad", "completed_on", "2024-05-10"),
    _date("avbruten", "cancelled_on"),
    Column("avbrytandeorsak", "cancellation_reason", Kind.TEXT),
    Column("antal_frågor", "questions_received", Kind.INTEGER, example="4"),
    _flag("anbudsgivare_kontaktade", "tenderers_contacted"),
    _flag("sysselsättningskrav", "advanced_employment_requirement"),
    _flag("arbetsrättsliga_villkor", "labour_law_conditions"),
    _flag("reserverad", "reserved_for_social_enterprises"),
    _flag("tillgänglighetskrav", "accessibility_requirement"),
    _flag("jämställdhetskrav", "gender_equality_requirement"),
    _flag("miljökrav", "environmental_requirement"),
    _uhm("uhm_miljöledning", "uhm_environmental_management"),
    _uhm("uhm_återbruk", "uhm_reuse"),
    _uhm("uhm_klimat_transport", "uhm_climate_transport"),
    _uhm("uhm_klimat_övrigt", "uhm_climate_other"),
    _uhm("uhm_kemikalier", "uhm_chemicals"),
    _flag("livsmedel", "is_food_procurement"),
    _flag("ekologiskt", "food_organic"),
    _flag("lokalproducerat", "food_local"),
    _flag("växtbaserat", "food_plant_based"),
    _flag("väsentligt_annorlunda", "substantially_different_solution"),
    Column("leverantör", "supplier_name", Kind.TEXT, target=TENDER, example="Mejeri AB"),
    Column(
        "organisationsnummer",
        "organisation_number",
        Kind.ORGANISATION_NUMBER,
        target=TENDER,
        aliases=("orgnr", "org_nr"),
        example="556036-0793",
    ),
    _flag("regional_närvaro", "has_regional_presence", target=TENDER),
    _flag("tilldelad", "is_awarded", target=TENDER),
)
REGISTRY_NUMBER = "diarienummer"
SUPPLIER = "leverantör"
ORGANISATION_NUMBER = "organisationsnummer"
CATEGORY = "kategori"
MUNICIPALITIES = "kommuner"
COLUMN_BY_HEADER = {column.header: column for column in COLUMNS}
PROCUREMENT_COLUMNS = tuple(c for c in COLUMNS if c.target == PROCUREMENT)
TENDER_COLUMNS = tuple(c for c in COLUMNS if c.target == TENDER)
# A row has a tender when one of these is filled in (flags alone may be "nej").
TENDER_IDENTITY = (SUPPLIER, ORGANISATION_NUMBER)

# The column a check constraint's violation concerns; others fall back to their first field.
CONSTRAINT_COLUMNS = {
    "procurement_not_both_completed_and_cancelled": "avbruten",
    "procurement_deadline_not_before_advertised": "sista_anbudsdag",
    "procurement_award_not_before_deadline": "tilldelningsbeslut",
    "procurement_completed_not_before_advertised": "avslutad",
    "procurement_food_requirements_only_for_food": "livsmedel",
}


def header_key(text: object) -> str:
    """A header as compared: case, accents, spaces, hyphens and a trailing * do not matter."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    return re.sub(r"[\s\-_]+", "_", text.rstrip("*").strip())


HEADER_KEYS = {
    key: column
    for column in COLUMNS
    for key in (header_key(column.header), *map(header_key, column.aliases))
}


# --- Reading the file ------------------------------------------------------------------------


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
    headers = [_cell_text(cell) for cell in header_row.cells]
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
            "Excel uses for “CSV (semicolon separated)”). Check that å, ä and ö look right below."
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
                rows.append(SourceRow(number, tuple(cells)))
                _check_row_count(len(rows))
    except csv.Error as error:
        raise ImportRefused(
            _("The CSV file could not be read at row %(row)s: %(error)s")
            % {"row": reader.line_num, "error": error}
        ) from None
    return rows, notes


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
    except (zipfile.BadZipFile, OSError, ValueError):
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


def match_columns(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Each known column's position by header, and warnings about unknown columns.

    Refuses a file whose required columns are missing or that names a column twice.
    """
    positions: dict[str, int] = {}
    warnings: list[str] = []
    known_keys = list(HEADER_KEYS)
    for position, header in enumerate(headers):
        if not header:
            continue
        column = HEADER_KEYS.get(header_key(header))
        if column is None:
            guess = difflib.get_close_matches(header_key(header), known_keys, n=1)
            if guess:
                warnings.append(
                    _(
                        "The column “%(header)s” is not known and is ignored. Did you mean “%(guess)s”?"
                    )
                    % {"header": header, "guess": HEADER_KEYS[guess[0]].header}
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
    required = [c.header for c in COLUMNS if c.required]
    if any(c.header in positions for c in TENDER_COLUMNS):
        required += list(TENDER_IDENTITY)
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


# --- Parsing cells -----------------------------------------------------------------------------


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0, 0):
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(cell: object) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _cell_text(cell)
    if not text:
        return None
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise CellError(_("“%(value)s” is not a date that exists.") % {"value": text}) from None
    raise CellError(
        _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2024-03-15.") % {"value": text}
    )


YES = {"ja", "j", "x", "1", "sant", "true", "yes", "y"}
NO = {"", "nej", "n", "0", "falskt", "false", "no"}


def parse_bool(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    word = _cell_text(cell).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(
        _("“%(value)s” is neither ja nor nej (1 or 0, x or an empty cell also work).")
        % {"value": _cell_text(cell)}
    )


def parse_integer(cell: object) -> int | None:
    if isinstance(cell, bool):
        raise CellError(_("Write a whole number."))
    if isinstance(cell, int):
        return cell
    text = _cell_text(cell)
    if not text:
        return None
    plain = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    match = re.fullmatch(r"([+-]?\d+)(?:\.0*)?", plain)
    if match:
        return int(match.group(1))
    if re.fullmatch(r"[+-]?\d*\.\d+", plain):
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
    raise CellError(_("“%(value)s” is not a number.") % {"value": text})


def _word(text: str) -> str:
    word = " ".join(text.replace("_", " ").casefold().split())
    return word.removesuffix(" förfarande")


def parse_choice(column: Column, cell: object) -> str:
    text = _cell_text(cell)
    if not text:
        return str(column.model._meta.get_field(column.field).default)
    word = _word(text)
    values = {value for _word_, value in column.choices}
    for known, value in column.choices:
        if word == _word(known):
            return value
    if word in values:
        return word
    alias = CHOICE_ALIASES.get(word)
    if alias is not None and str(alias) in values:
        return str(alias)
    raise CellError(
        _("“%(value)s” is not one of: %(words)s.")
        % {"value": text, "words": ", ".join(known for known, _value in column.choices)}
    )


def parse_text(cell: object) -> str:
    return _cell_text(cell)


def parse_organisation_number(cell: object) -> str:
    """As written; a number cell keeps leading zeros Excel dropped (ten digits in all)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return str(int(cell)).zfill(10)
    return _cell_text(cell)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class Register:
    """What the import needs from the database, fetched once."""

    categories: dict[str, Category]  # by _key(name)
    municipalities: list[Municipality]
    procurements: dict[
        str, Procurement
    ]  # by registry number, municipalities and tenders prefetched

    @cached_property
    def municipalities_by_key(self) -> dict[str, Municipality]:
        found = {_key(m.name): m for m in self.municipalities}
        found.update({m.code: m for m in self.municipalities})
        return found

    def category(self, cell: object) -> Category | None:
        text = _cell_text(cell)
        if not text:
            return None
        category = self.categories.get(_key(text))
        if category is None:
            names = sorted(c.name for c in self.categories.values())
            if not names:
                raise CellError(
                    _(
                        "There is no category “%(value)s”. The register has no categories yet: "
                        "an administrator adds them."
                    )
                    % {"value": text}
                )
            raise CellError(
                _("There is no category “%(value)s”. The categories are: %(names)s.")
                % {"value": text, "names": "; ".join(names)}
            )
        return category

    def municipality_ids(self, cell: object) -> frozenset[int]:
        text = _cell_text(cell)
        parts = [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]
        if any(_key(part) == "alla" for part in parts):
            return frozenset(m.pk for m in self.municipalities)
        found, unknown = set(), []
        for part in parts:
            municipality = self.municipalities_by_key.get(_key(part))
            if municipality is None:
                unknown.append(part)
            else:
                found.add(municipality.pk)
        if unknown:
            raise CellError(
                ngettext(
                    "Unknown municipality: %(unknown)s. Give names or codes: %(known)s.",
                    "Unknown municipalities: %(unknown)s. Give names or codes: %(known)s.",
                    len(unknown),
                )
                % {
                    "unknown": "; ".join(unknown),
                    "known": "; ".join(f"{m.name} ({m.code})" for m in self.municipalities),
                }
            )
        return frozenset(found)


def load_register(registry_numbers: Iterable[str]) -> Register:
    """Categories, municipalities and the procurements named in the file: four queries."""
    numbers = sorted(set(registry_numbers))
    procurements = (
        Procurement.objects.filter(registry_number__in=numbers).prefetch_related(
            "municipalities", "tenders"
        )
        if numbers
        else []
    )
    return Register(
        categories={_key(c.name): c for c in Category.objects.all()},
        municipalities=list(Municipality.objects.all()),
        procurements={p.registry_number: p for p in procurements},
    )


def parse_cell(column: Column, cell: object, register: Register) -> object:
    """The value a cell means for its column; raises CellError with a message if it is wrong."""
    if column.kind == Kind.DATE:
        return parse_date(cell)
    if column.kind == Kind.BOOL:
        return parse_bool(cell)
    if column.kind == Kind.INTEGER:
        return parse_integer(cell)
    if column.kind == Kind.CHOICE:
        return parse_choice(column, cell)
    if column.kind == Kind.CATEGORY:
        return register.category(cell)
    if column.kind == Kind.MUNICIPALITIES:
        return register.municipality_ids(cell)
    if column.kind == Kind.ORGANISATION_NUMBER:
        return parse_organisation_number(cell)
    return parse_text(cell)


def registry_number_of(cell: object) -> str:
    return " ".join(_cell_text(cell).split())


# --- The model's own rules, without a query per row ----------------------------------------


_UNSUPPORTED = object()
_LOOKUPS = {"exact", "isnull", "gte", "gt", "lte", "lt", "in", "regex"}


def _lookup_value(instance: models.Model, name: str):
    try:
        return getattr(instance, instance._meta.get_field(name).attname)
    except FieldDoesNotExist:
        return _UNSUPPORTED


def _evaluate_lookup(instance: models.Model, key: str, expected):
    name, _sep, lookup = key.partition("__")
    lookup = lookup or "exact"
    if lookup not in _LOOKUPS:
        return _UNSUPPORTED
    value = _lookup_value(instance, name)
    if isinstance(expected, F):
        expected = _lookup_value(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        return _UNSUPPORTED
    if value is _UNSUPPORTED or expected is _UNSUPPORTED:
        return _UNSUPPORTED
    if lookup == "isnull":
        return (value is None) == bool(expected)
    if lookup == "exact" and expected is None:
        return value is None
    if value is None or expected is None:
        return None  # SQL's unknown
    if lookup == "exact":
        return value == expected
    if lookup == "in":
        return value in expected
    if lookup == "regex":
        return re.search(expected, str(value)) is not None
    return {
        "gte": value >= expected,
        "gt": value > expected,
        "lte": value <= expected,
        "lt": value < expected,
    }[lookup]


def evaluate_condition(condition: Q, instance: models.Model):
    """A Q condition on one instance, in SQL's three-valued logic: True, False or None.

    Returns ``_UNSUPPORTED`` for conditions it does not know how to evaluate (the
    caller then asks the database, as Django's ``validate_constraints`` does).
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = evaluate_condition(child, instance)
        elif isinstance(child, tuple):
            result = _evaluate_lookup(instance, *child)
        else:
            result = _UNSUPPORTED
        if result is _UNSUPPORTED:
            return _UNSUPPORTED
        results.append(result)
    if condition.connector == Q.OR:
        value = True if True in results else (None if None in results else False)
    else:
        value = False if False in results else (None if None in results else True)
    if condition.negated and value is not None:
        value = not value
    return value


def check_constraint_violations(instance: models.Model) -> list[tuple[CheckConstraint, str]]:
    """The model's check constraints this unsaved instance breaks, with their messages.

    The same constraints and messages as ``full_clean``, evaluated in Python so that
    validating a large file does not ask the database once per row and constraint. A
    check that is false or unknown (NULL) passes, as in the database.
    """
    violations = []
    for constraint in instance._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue  # unique constraints: the import matches on the unique fields instead
        condition = constraint.condition
        verdict = (
            evaluate_condition(condition, instance) if isinstance(condition, Q) else _UNSUPPORTED
        )
        if verdict is _UNSUPPORTED:
            try:
                constraint.validate(type(instance), instance)
            except ValidationError as error:
                violations.append((constraint, " ".join(error.messages)))
        elif verdict is False:
            violations.append((constraint, str(constraint.get_violation_error_message())))
    return violations


def _condition_fields(condition) -> list[str]:
    names = []
    for child in getattr(condition, "children", ()):
        if isinstance(child, Q):
            names += _condition_fields(child)
        elif isinstance(child, tuple):
            names.append(child[0].split("__")[0])
    return names


COLUMN_BY_FIELD = {(c.target, c.field): c.header for c in COLUMNS}


def _constraint_column(constraint: CheckConstraint, target: str) -> str:
    if constraint.name in CONSTRAINT_COLUMNS:
        return CONSTRAINT_COLUMNS[constraint.name]
    for name in _condition_fields(constraint.condition):
        if (target, name) in COLUMN_BY_FIELD:
            return COLUMN_BY_FIELD[(target, name)]
    return ""


# --- Planning the import --------------------------------------------------------------------


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowIssue:
    column: str  # the column header, or "" for the row as a whole
    message: str


@dataclass
class RowReport:
    """One row of the file: what it holds, what will happen, and what is wrong with it."""

    number: int
    registry_number: str
    supplier: str
    issues: list[RowIssue] = field(default_factory=list)
    first_row_number: int | None = None  # of the same procurement
    procurement_action: Action | None = None
    tender_action: Action | None = None
    changed_columns: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict, repr=False)
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    failed: set[str] = field(default_factory=set, repr=False)

    def add_issue(self, column: str, message: str) -> None:
        issue = RowIssue(column, str(message))
        if issue not in self.issues:
            self.issues.append(issue)
        self.failed.add(column)

    def filled(self, header: str) -> bool:
        return bool(self.texts.get(header))

    @property
    def has_tender(self) -> bool:
        if any(self.filled(header) for header in TENDER_IDENTITY):
            return True
        return any(self.values.get(c.header) is True for c in TENDER_COLUMNS)

    @property
    def is_ok(self) -> bool:
        return not self.issues

    @property
    def outcome(self) -> str:
        """What happens to this row, in words."""
        if self.issues:
            return _("Error")
        parts = []
        if self.first_row_number != self.number:
            if self.tender_action is None:
                parts.append(_("Same procurement as row %(row)s") % {"row": self.first_row_number})
        elif self.procurement_action == Action.CREATE:
            parts.append(_("New procurement"))
        elif self.changed_columns:
            parts.append(
                _("Procurement changes: %(columns)s") % {"columns": ", ".join(self.changed_columns)}
            )
        else:
            parts.append(_("Procurement unchanged"))
        if self.tender_action == Action.CREATE:
            parts.append(_("new tender"))
        elif self.tender_action == Action.UPDATE:
            parts.append(_("tender changes"))
        elif self.tender_action == Action.UNCHANGED:
            parts.append(_("tender unchanged"))
        return capfirst("; ".join(parts))


@dataclass
class TenderChange:
    instance: Tender
    action: Action
    row_number: int


@dataclass
class ProcurementChange:
    registry_number: str
    instance: Procurement
    action: Action
    fields_changed: bool
    municipality_ids: frozenset[int]
    municipalities_changed: bool
    tenders: list[TenderChange]
    row_numbers: list[int]


@dataclass
class ImportPlan:
    file_name: str
    warnings: list[str]
    rows: list[RowReport]
    procurements: list[ProcurementChange]

    @cached_property
    def issues(self) -> list[tuple[int, RowIssue]]:
        return [(row.number, issue) for row in self.rows for issue in row.issues]

    @property
    def has_errors(self) -> bool:
        return bool(self.issues)

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for row in self.rows if row.issues)

    def _count(self, action: Action) -> int:
        return sum(1 for change in self.procurements if change.action == action)

    def _count_tenders(self, action: Action) -> int:
        return sum(1 for c in self.procurements for t in c.tenders if t.action == action)

    @property
    def procurements_created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def procurements_updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def procurements_unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def tenders_created(self) -> int:
        return self._count_tenders(Action.CREATE)

    @property
    def tenders_updated(self) -> int:
        return self._count_tenders(Action.UPDATE)

    @property
    def tenders_unchanged(self) -> int:
        return self._count_tenders(Action.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(change.action != Action.UNCHANGED for change in self.procurements)

    @property
    def can_commit(self) -> bool:
        return not self.has_errors and self.has_changes


def _parse_row(source: SourceRow, positions: dict[str, int], register: Register) -> RowReport:
    def cell(header: str) -> object:
        position = positions[header]
        return source.cells[position] if position < len(source.cells) else None

    row = RowReport(
        number=source.number,
        registry_number=registry_number_of(cell(REGISTRY_NUMBER)),
        supplier=_cell_text(cell(SUPPLIER)) if SUPPLIER in positions else "",
    )
    for header in positions:
        column = COLUMN_BY_HEADER[header]
        raw = cell(header)
        row.texts[header] = _cell_text(raw)
        try:
            row.values[header] = parse_cell(column, raw, register)
        except CellError as error:
            row.add_issue(header, error.message)
    if not row.registry_number:
        row.add_issue(REGISTRY_NUMBER, _("The registry number is missing."))
    return row


def _add_validation_errors(row: RowReport, error: ValidationError, target: str) -> None:
    for name, errors in error.error_dict.items():
        header = "" if name == NON_FIELD_ERRORS else COLUMN_BY_FIELD.get((target, name), "")
        if header and header in row.failed:
            continue  # the cell already has an error of its own
        for message in ValidationError(errors).messages:
            row.add_issue(header, message)


def _add_constraint_errors(row: RowReport, instance: models.Model, target: str) -> None:
    for constraint, message in check_constraint_violations(instance):
        header = _constraint_column(constraint, target)
        if header not in row.failed:
            row.add_issue(header, message)


def _check_continuation(first: RowReport, row: RowReport, headers: list[str]) -> None:
    """A later row of a procurement may leave its columns empty, or repeat the first row's values."""
    for header in headers:
        if not row.filled(header) or header in row.failed or header in first.failed:
            continue
        if row.values[header] != first.values[header]:
            row.add_issue(
                header,
                _(
                    "Does not match row %(row)s, the first row of %(number)s, which says "
                    "“%(value)s”. The rows of one procurement must agree (or leave the cell empty)."
                )
                % {
                    "row": first.number,
                    "number": first.registry_number,
                    "value": first.texts[header],
                },
            )


def _plan_procurement(
    number: str, rows: list[RowReport], positions: dict[str, int], register: Register
) -> ProcurementChange:
    first = rows[0]
    headers = [c.header for c in PROCUREMENT_COLUMNS if c.header in positions]
    headers.remove(REGISTRY_NUMBER)
    for row in rows[1:]:
        _check_continuation(first, row, headers)
    for header in (CATEGORY, MUNICIPALITIES):
        if header not in first.failed and not first.values.get(header):
            first.add_issue(header, _("This cell is required on the first row of a procurement."))

    existing = register.procurements.get(number)
    procurement = existing if existing is not None else Procurement(registry_number=number)
    changed: list[str] = []
    for header in headers:
        column = COLUMN_BY_HEADER[header]
        if header in first.failed or column.kind == Kind.MUNICIPALITIES:
            continue
        value = first.values[header]
        if column.kind == Kind.CATEGORY:
            if existing is not None and existing.category_id != value.pk:
                changed.append(header)
            procurement.category = value
            continue
        if existing is not None and getattr(existing, column.field) != value:
            changed.append(header)
        setattr(procurement, column.field, value)

    municipality_ids = first.values.get(MUNICIPALITIES) or frozenset()
    municipalities_changed = existing is None or (
        MUNICIPALITIES not in first.failed
        and municipality_ids != {m.pk for m in existing.municipalities.all()}
    )
    if existing is not None and municipalities_changed:
        changed = sorted([*changed, MUNICIPALITIES], key=headers.index)

    try:
        procurement.full_clean(
            exclude=["category", "municipalities"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        _add_validation_errors(first, error, PROCUREMENT)
    _add_constraint_errors(first, procurement, PROCUREMENT)

    tenders = _plan_tenders(rows, positions, existing)
    if existing is None:
        action = Action.CREATE
    elif changed or any(t.action != Action.UNCHANGED for t in tenders):
        action = Action.UPDATE
    else:
        action = Action.UNCHANGED
    for row in rows:
        row.procurement_action = action
        row.first_row_number = first.number
    first.changed_columns = changed if existing is not None else []
    return ProcurementChange(
        registry_number=number,
        instance=procurement,
        action=action,
        fields_changed=existing is None or bool(set(changed) - {MUNICIPALITIES}),
        municipality_ids=frozenset(municipality_ids),
        municipalities_changed=municipalities_changed,
        tenders=tenders,
        row_numbers=[row.number for row in rows],
    )


def _plan_tenders(
    rows: list[RowReport], positions: dict[str, int], existing: Procurement | None
) -> list[TenderChange]:
    existing_tenders = (
        {t.organisation_number: t for t in existing.tenders.all()} if existing is not None else {}
    )
    headers = [c.header for c in TENDER_COLUMNS if c.header in positions]
    first_row_of: dict[str, int] = {}
    changes = []
    for row in rows:
        if not row.has_tender:
            continue
        raw_number = row.values.get(ORGANISATION_NUMBER, "")
        try:
            organisation_number = normalise_organisation_number(raw_number)
        except ValidationError:
            organisation_number = None
        tender = existing_tenders.get(organisation_number) if organisation_number else None
        is_new = tender is None
        if is_new:
            tender = Tender()
        changed = False
        for header in headers:
            if header in row.failed:
                continue
            column = COLUMN_BY_HEADER[header]
            value = row.values[header]
            if column.kind != Kind.ORGANISATION_NUMBER and getattr(tender, column.field) != value:
                changed = True
            setattr(tender, column.field, value)
        try:
            tender.clean_fields(exclude=["procurement"])
        except ValidationError as error:
            _add_validation_errors(row, error, TENDER)
        if organisation_number:
            tender.organisation_number = organisation_number
            _add_constraint_errors(row, tender, TENDER)
            if organisation_number in first_row_of:
                row.add_issue(
                    ORGANISATION_NUMBER,
                    _(
                        "The same supplier (%(number)s) is already on row %(row)s for this "
                        "procurement; give each tender once."
                    )
                    % {"number": organisation_number, "row": first_row_of[organisation_number]},
                )
            else:
                first_row_of[organisation_number] = row.number
        action = Action.CREATE if is_new else (Action.UPDATE if changed else Action.UNCHANGED)
        row.tender_action = action
        changes.append(TenderChange(instance=tender, action=action, row_number=row.number))
    return changes


def plan_import(table: Table) -> ImportPlan:
    """Every row parsed and validated against the register, and what importing would do.

    Makes a fixed number of queries whatever the size of the file.
    """
    positions, warnings = match_columns(table.headers)
    numbers = (registry_number_of(_cell(row, positions[REGISTRY_NUMBER])) for row in table.rows)
    register = load_register(number for number in numbers if number)
    rows = [_parse_row(source, positions, register) for source in table.rows]
    groups: dict[str, list[RowReport]] = {}
    for row in rows:
        if row.registry_number:
            groups.setdefault(row.registry_number, []).append(row)
    procurements = [
        _plan_procurement(number, group, positions, register) for number, group in groups.items()
    ]
    return ImportPlan(
        file_name=table.file_name,
        warnings=[*table.notes, *warnings],
        rows=rows,
        procurements=procurements,
    )


def _cell(row: SourceRow, position: int) -> object:
    return row.cells[position] if position < len(row.cells) else None


def preview_import(data: bytes, file_name: str) -> ImportPlan:
    """Read and plan an upload (raises ImportRefused if the file cannot be imported)."""
    return plan_import(read_table(data, file_name))


# --- Committing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    procurements_created: int
    procurements_updated: int
    procurements_unchanged: int
    tenders_created: int
    tenders_updated: int


def _for_history(instance: models.Model, user, reason: str) -> models.Model:
    if user is not None:
        instance._history_user = user
    instance._change_reason = reason
    return instance


def _m2m_history_model(history_model: type[models.Model], through: type[models.Model]):
    """The model django-simple-history keeps an m2m field's snapshots in."""
    for relation in history_model._meta.related_objects:
        if getattr(relation.related_model, "instance_type", None) is through:
            return relation.related_model
    raise LookupError(f"No m2m history for {through._meta.label}")


def _bulk_create_procurements(changes: list[ProcurementChange], user, reason: str) -> None:
    """New procurements, their municipalities and their "created" history in a few queries.

    The history is what saving one by one records (one "+" record per procurement,
    with its municipalities as of then), without ~ten queries per procurement.
    """
    if not changes:
        return
    procurements = [_for_history(change.instance, user, reason) for change in changes]
    Procurement.objects.bulk_create(procurements)
    if any(p.pk is None for p in procurements):  # a database that cannot return new keys
        keys = dict(
            Procurement.objects.filter(
                registry_number__in=[p.registry_number for p in procurements]
            ).values_list("registry_number", "pk")
        )
        for procurement in procurements:
            procurement.pk = keys[procurement.registry_number]
    through = Procurement.municipalities.through
    through.objects.bulk_create(
        through(procurement_id=change.instance.pk, municipality_id=municipality_id)
        for change in changes
        for municipality_id in sorted(change.municipality_ids)
    )
    links = through.objects.filter(procurement_id__in=[p.pk for p in procurements])
    Procurement.history.bulk_history_create(
        procurements, default_user=user, default_change_reason=reason
    )
    history_model = Procurement.history.model
    records = {
        record.id: record
        for record in history_model.objects.filter(
            id__in=[p.pk for p in procurements], history_type="+"
        ).order_by("history_id")
    }
    snapshot_model = _m2m_history_model(history_model, through)
    snapshot_model.objects.bulk_create(
        snapshot_model(
            history=records[link.procurement_id],
            **{f.attname: getattr(link, f.attname) for f in through._meta.fields},
        )
        for link in links
    )


def _bulk_create_tenders(tenders: list[Tender], user, reason: str) -> None:
    if not tenders:
        return
    tenders = [_for_history(tender, user, reason) for tender in tenders]
    Tender.objects.bulk_create(tenders)
    if any(t.pk is None for t in tenders):
        keys = {
            (t.procurement_id, t.organisation_number): t.pk
            for t in Tender.objects.filter(procurement_id__in={t.procurement_id for t in tenders})
        }
        for tender in tenders:
            tender.pk = keys[(tender.procurement_id, tender.organisation_number)]
    Tender.history.bulk_history_create(tenders, default_user=user, default_change_reason=reason)


def commit_import(plan: ImportPlan, *, user=None) -> ImportResult:
    """Apply a plan without errors: all of it or nothing, saving only what changed.

    Changed procurements and tenders are saved one by one, through the models'
    ``save``; new ones are created in bulk, with the same history records.
    """
    if plan.has_errors:
        raise ValueError("An import plan with errors cannot be committed.")
    reason = (_("Imported from %(file)s") % {"file": plan.file_name})[:100]
    with transaction.atomic():
        _bulk_create_procurements(
            [c for c in plan.procurements if c.action == Action.CREATE], user, reason
        )
        new_tenders = []
        for change in plan.procurements:
            procurement = change.instance
            if change.action == Action.UPDATE:
                _for_history(procurement, user, reason)
                if change.fields_changed:
                    procurement.save()
                if change.municipalities_changed:
                    procurement.municipalities.set(change.municipality_ids)
            for tender_change in change.tenders:
                tender = tender_change.instance
                tender.procurement = procurement
                if tender_change.action == Action.CREATE:
                    new_tenders.append(tender)
                elif tender_change.action == Action.UPDATE:
                    _for_history(tender, user, reason).save()
        _bulk_create_tenders(new_tenders, user, reason)
    return ImportResult(
        procurements_created=plan.procurements_created,
        procurements_updated=plan.procurements_updated,
        procurements_unchanged=plan.procurements_unchanged,
        tenders_created=plan.tenders_created,
        tenders_updated=plan.tenders_updated,
    )


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan
    result: ImportResult | None  # None: the plan has errors (or nothing to change)


def import_file(data: bytes, file_name: str, *, user=None) -> ImportOutcome:
    """Read, validate against the register as it is now, and commit: all or nothing."""
    table = read_table(data, file_name)
    try:
        with transaction.atomic():
            plan = plan_import(table)
            if not plan.can_commit:
                return ImportOutcome(plan, None)
            return ImportOutcome(plan, commit_import(plan, user=user))
    except IntegrityError:
        logger.warning("Procurement import hit an integrity error", exc_info=True)
        raise ImportRefused(
            _(
                "The register changed while the file was being imported, so nothing was "
                "imported. Upload the file again."
            )
        ) from None
