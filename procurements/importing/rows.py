"""One row of an import file as checked: its cells' values and what is wrong with it.

Shared by every kind of import file: the register's rows (``planning.RowReport``)
and the procurement plan's (``plan_items.PlanItemRow``) add what they need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from procurements.importing.cells import CellError, Register, cell_text, parse_cell
from procurements.importing.columns import FileFormat
from procurements.importing.reading import SourceRow
from procurements.importing.rules import (
    check_constraint_violations,
    constraint_column,
    constraint_fields,
)


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowIssue:
    column: str  # the column header, or "" for the row as a whole
    message: str


@dataclass(kw_only=True)
class CheckedRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    issues: list[RowIssue] = field(default_factory=list)
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
    def is_ok(self) -> bool:
        return not self.issues


def cell_at(source: SourceRow, position: int) -> object:
    return source.cells[position] if position < len(source.cells) else None


def parse_cells(
    row: CheckedRow,
    source: SourceRow,
    positions: dict[str, int],
    register: Register,
    file_format: FileFormat,
) -> None:
    """Every known cell of the row parsed into ``row.values``; a cell that is wrong is an issue."""
    for header, position in positions.items():
        raw = cell_at(source, position)
        row.texts[header] = cell_text(raw)
        try:
            row.values[header] = parse_cell(file_format.by_header[header], raw, register)
        except CellError as error:
            row.add_issue(header, error.message)


def add_validation_errors(
    row: CheckedRow, error: ValidationError, file_format: FileFormat, target: str
) -> None:
    """A model's ``full_clean`` errors, each on its column (unless the cell has one already)."""
    columns = file_format.header_by_field
    for name, errors in error.error_dict.items():
        header = "" if name == NON_FIELD_ERRORS else columns.get((target, name), "")
        if header and header in row.failed:
            continue  # the cell already has an error of its own
        for message in ValidationError(errors).messages:
            row.add_issue(header, message)


def add_constraint_errors(
    row: CheckedRow, instance: models.Model, file_format: FileFormat, target: str
) -> None:
    """The check constraints the unsaved instance breaks, on the columns they concern.

    A constraint on a cell that is wrong already is not checked: its error says enough.
    """
    columns = file_format.header_by_field
    for constraint, message in check_constraint_violations(instance):
        read = {columns.get((target, name)) for name in constraint_fields(constraint)}
        header = constraint_column(constraint, target, file_format)
        if header not in row.failed and not read.intersection(row.failed):
            row.add_issue(header, message)
