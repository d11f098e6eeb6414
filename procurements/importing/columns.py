"""The import's column format, defined once: headers, kinds, choices and limits.

The register's file is ``REGISTER_FORMAT``; the procurement plan's is a second
declaration of the same kind (``procurements.importing.plan_columns``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procurements.models import (
    Procedure,
    Procurement,
    ProcurementPlanItem,
    Scope,
    Tender,
    UhmLevel,
)

logger = logging.getLogger(__name__)


# A text cell starting with one of these is written after a ``'`` in an exported CSV file,
# so that a spreadsheet does not run it as a formula; the import removes the ``'``.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")

PROCUREMENT = "procurement"
TENDER = "tender"
PLAN_ITEM = "plan_item"
TARGET_MODELS: dict[str, type[models.Model]] = {
    PROCUREMENT: Procurement,
    TENDER: Tender,
    PLAN_ITEM: ProcurementPlanItem,
}


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
    PROCUREMENT = "procurement"
    YEAR = "year"
    QUARTER = "quarter"


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
        return TARGET_MODELS[self.target]

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
        if self.kind == Kind.YEAR:
            return _("A year, e.g. 2024.")
        if self.kind == Kind.QUARTER:
            return _("1, 2, 3 or 4 (Kv2 or Q2 also work).")
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
        if self.kind == Kind.PROCUREMENT:
            return _(
                "The registry number of a procurement in the register; empty until it is there."
            )
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


@dataclass(frozen=True)
class FileFormat:
    """One kind of import file: its columns, and the words of its template.

    ``required_together`` pairs a group of columns with the columns that must be
    there as soon as one of the group is (a tender needs its supplier's name and
    number); ``constraint_columns`` names the column a check constraint's
    violation concerns, where its first field does not.
    """

    columns: tuple[Column, ...]
    template_stem: str
    sheet_title: str
    template_notes: tuple[str, ...]
    required_together: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    constraint_columns: dict[str, str] = field(default_factory=dict)

    @cached_property
    def header_keys(self) -> dict[str, Column]:
        return {
            key: column
            for column in self.columns
            for key in (header_key(column.header), *map(header_key, column.aliases))
        }

    @cached_property
    def by_header(self) -> dict[str, Column]:
        return {column.header: column for column in self.columns}

    @cached_property
    def header_by_field(self) -> dict[tuple[str, str], str]:
        """The header of the column filling a (target, field)."""
        return {(column.target, column.field): column.header for column in self.columns}

    def required_headers(self, present: set[str]) -> list[str]:
        """The headers a file with the ``present`` columns must have."""
        required = [c.header for c in self.columns if c.required]
        for group, needed in self.required_together:
            if present.intersection(group):
                required += [header for header in needed if header not in required]
        return required


REGISTER_FORMAT = FileFormat(
    columns=COLUMNS,
    template_stem="upphandlingar-importmall",
    sheet_title=gettext_lazy("Procurements"),
    template_notes=(
        gettext_lazy(
            "One row per tender; repeat the registry number on each row of a procurement."
        ),
        gettext_lazy("A procurement without tenders is one row with the tender columns empty."),
        gettext_lazy("Only the first sheet is read."),
    ),
    required_together=((tuple(c.header for c in TENDER_COLUMNS), TENDER_IDENTITY),),
    constraint_columns=CONSTRAINT_COLUMNS,
)
