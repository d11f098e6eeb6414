"""Working out, row by row, what an import would create, update or leave unchanged."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from procurements.importing.cells import (
    Register,
    cell_text,
    load_register,
    registry_number_of,
)
from procurements.importing.columns import (
    CATEGORY,
    COLUMN_BY_HEADER,
    MUNICIPALITIES,
    ORGANISATION_NUMBER,
    PROCUREMENT,
    PROCUREMENT_COLUMNS,
    REGISTER_FORMAT,
    REGISTRY_NUMBER,
    SUPPLIER,
    TENDER,
    TENDER_COLUMNS,
    TENDER_IDENTITY,
    Kind,
)
from procurements.importing.reading import SourceRow, Table, match_columns, read_table
from procurements.importing.rows import (
    Action,
    CheckedRow,
    RowIssue,
    add_constraint_errors,
    add_validation_errors,
    cell_at,
    parse_cells,
)
from procurements.models import Procurement, Tender
from procurements.validators import normalise_organisation_number

logger = logging.getLogger(__name__)


@dataclass(kw_only=True)
class RowReport(CheckedRow):
    """One row of the file: what it holds, what will happen, and what is wrong with it."""

    registry_number: str
    supplier: str
    first_row_number: int | None = None  # of the same procurement
    procurement_action: Action | None = None
    tender_action: Action | None = None
    changed_columns: list[str] = field(default_factory=list)

    @property
    def has_tender(self) -> bool:
        if any(self.filled(header) for header in TENDER_IDENTITY):
            return True
        return any(self.values.get(c.header) is True for c in TENDER_COLUMNS)

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
    supplier = cell_at(source, positions[SUPPLIER]) if SUPPLIER in positions else None
    row = RowReport(
        number=source.number,
        registry_number=registry_number_of(cell_at(source, positions[REGISTRY_NUMBER])),
        supplier=cell_text(supplier),
    )
    parse_cells(row, source, positions, register, REGISTER_FORMAT)
    if not row.registry_number:
        row.add_issue(REGISTRY_NUMBER, _("The registry number is missing."))
    return row


def _add_validation_errors(row: RowReport, error: ValidationError, target: str) -> None:
    add_validation_errors(row, error, REGISTER_FORMAT, target)


def _add_constraint_errors(row: RowReport, instance, target: str) -> None:
    add_constraint_errors(row, instance, REGISTER_FORMAT, target)


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
    numbers = (registry_number_of(cell_at(row, positions[REGISTRY_NUMBER])) for row in table.rows)
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


def preview_import(data: bytes, file_name: str) -> ImportPlan:
    """Read and plan an upload (raises ImportRefused if the file cannot be imported)."""
    return plan_import(read_table(data, file_name))
