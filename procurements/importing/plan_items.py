"""Importing the procurement plan's items: what a file would do, and doing it.

The same steps as the register's import, on ``PLAN_FORMAT``: ``read_table``,
then ``check_plan_items`` (a fixed number of queries whatever the size of the
file), then ``commit_plan_items`` in one transaction; ``import_plan_items`` runs
them all or nothing. An item is matched on its plan year and number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from procurements.importing.cells import Register, load_register, registry_number_of
from procurements.importing.columns import PLAN_ITEM, Kind
from procurements.importing.committing import (
    ImportOutcome,
    for_history,
    history_reason,
    import_table,
)
from procurements.importing.plan_columns import (
    MUNICIPALITIES,
    NUMBER,
    PLAN_COLUMNS,
    PLAN_FORMAT,
    PLAN_YEAR,
    PLANNED_YEAR,
    REGISTRY_NUMBER,
    TITLE,
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
from procurements.models import PLAN_YEARS, ProcurementPlanItem

FOREIGN_KEYS = (Kind.CATEGORY, Kind.PROCUREMENT)


@dataclass(kw_only=True)
class PlanItemRow(CheckedRow):
    """One row of the file: the item it holds, what will happen to it, and what is wrong."""

    plan_year: int | None = None
    item_number: int | None = None
    title: str = ""
    action: Action | None = None
    changed_columns: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        if self.issues:
            return _("Error")
        if self.action == Action.CREATE:
            return _("New plan item")
        if self.changed_columns:
            return capfirst(
                _("Plan item changes: %(columns)s") % {"columns": ", ".join(self.changed_columns)}
            )
        return _("Plan item unchanged")


@dataclass
class PlanItemChange:
    instance: ProcurementPlanItem
    action: Action
    fields_changed: bool
    link_changed: bool
    municipality_ids: frozenset[int]
    municipalities_changed: bool


@dataclass
class PlanItemImport:
    """What importing a plan file would do, row by row."""

    file_name: str
    warnings: list[str]
    rows: list[PlanItemRow]
    changes: list[PlanItemChange]

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
        return sum(1 for change in self.changes if change.action == action)

    @property
    def items_created(self) -> int:
        return self._count(Action.CREATE)

    @property
    def items_updated(self) -> int:
        return self._count(Action.UPDATE)

    @property
    def items_unchanged(self) -> int:
        return self._count(Action.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        return any(change.action != Action.UNCHANGED for change in self.changes)

    @property
    def can_commit(self) -> bool:
        return not self.has_errors and self.has_changes


@dataclass(frozen=True)
class PlanItemResult:
    items_created: int
    items_updated: int
    items_unchanged: int


def _parse_row(source: SourceRow, positions: dict[str, int], register: Register) -> PlanItemRow:
    row = PlanItemRow(number=source.number)
    parse_cells(row, source, positions, register, PLAN_FORMAT)
    for column in PLAN_COLUMNS:
        if column.required and column.header not in row.failed and not row.filled(column.header):
            row.add_issue(column.header, _("This cell is required."))
    if not row.failed.intersection((PLAN_YEAR, NUMBER)):
        row.plan_year, row.item_number = row.values[PLAN_YEAR], row.values[NUMBER]
    row.title = row.texts.get(TITLE, "")
    return row


def _plan_item(
    row: PlanItemRow, positions: dict[str, int], existing: ProcurementPlanItem | None
) -> PlanItemChange:
    item = existing or ProcurementPlanItem(plan_year=row.plan_year, number=row.item_number)
    headers = [
        c.header
        for c in PLAN_COLUMNS
        if c.header in positions and c.header not in (PLAN_YEAR, NUMBER)
    ]
    changed: list[str] = []
    link_changed = False
    for header in headers:
        column = PLAN_FORMAT.by_header[header]
        if header in row.failed or column.kind == Kind.MUNICIPALITIES:
            continue
        value = row.values[header]
        if header == PLANNED_YEAR and value is None:
            value = row.plan_year  # an empty cell: the plan's own year
        if column.kind in FOREIGN_KEYS:
            before, after = getattr(item, f"{column.field}_id"), value.pk if value else None
        else:
            before, after = getattr(item, column.field), value
        if existing is not None and before != after:
            changed.append(header)
            link_changed = link_changed or header == REGISTRY_NUMBER
        setattr(item, column.field, value)
    if item.planned_year is None and existing is None:
        item.planned_year = row.plan_year

    municipality_ids = row.values.get(MUNICIPALITIES) or frozenset()
    municipalities_changed = MUNICIPALITIES in positions and (
        existing is None
        or (
            MUNICIPALITIES not in row.failed
            and municipality_ids != {m.pk for m in existing.municipalities.all()}
        )
    )
    if existing is not None and municipalities_changed:
        changed = sorted([*changed, MUNICIPALITIES], key=headers.index)

    try:
        item.full_clean(
            exclude=["category", "municipalities", "procurement"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        add_validation_errors(row, error, PLAN_FORMAT, PLAN_ITEM)
    add_constraint_errors(row, item, PLAN_FORMAT, PLAN_ITEM)

    if existing is None:
        row.action = Action.CREATE
    else:
        row.action = Action.UPDATE if changed else Action.UNCHANGED
        row.changed_columns = changed
    return PlanItemChange(
        instance=item,
        action=row.action,
        fields_changed=existing is None or bool(set(changed) - {MUNICIPALITIES}),
        link_changed=link_changed,
        municipality_ids=frozenset(municipality_ids),
        municipalities_changed=municipalities_changed,
    )


def _check_links(
    rows_and_changes: list[tuple[PlanItemRow, PlanItemChange]],
    existing: dict[tuple[int, int], ProcurementPlanItem],
) -> None:
    """A procurement is one item of a plan, after the import as before it."""
    holders: dict[tuple[int, int], list[int]] = {}
    in_file = {
        (change.instance.plan_year, change.instance.number) for _, change in rows_and_changes
    }
    for key, item in existing.items():
        if key not in in_file and item.procurement_id:
            holders.setdefault((item.plan_year, item.procurement_id), []).append(item.number)
    for _row, change in rows_and_changes:
        item = change.instance
        if item.procurement_id:
            holders.setdefault((item.plan_year, item.procurement_id), []).append(item.number)
    for row, change in rows_and_changes:
        item = change.instance
        others = sorted(
            number
            for number in holders.get((item.plan_year, item.procurement_id), [])
            if number != item.number
        )
        if item.procurement_id and others and REGISTRY_NUMBER not in row.failed:
            row.add_issue(
                REGISTRY_NUMBER,
                _(
                    "Procurement %(registry)s is also linked to item %(numbers)s of the "
                    "%(year)s plan; link it to one item only."
                )
                % {
                    "registry": item.procurement.registry_number,
                    "numbers": ", ".join(map(str, others)),
                    "year": item.plan_year,
                },
            )


def check_plan_items(table: Table) -> PlanItemImport:
    """Every row parsed and validated against the plan and the register, and what importing
    would do. Makes a fixed number of queries whatever the size of the file."""
    positions, warnings = match_columns(table.headers, PLAN_FORMAT)
    numbers = (
        registry_number_of(cell_at(source, positions[REGISTRY_NUMBER]))
        for source in table.rows
        if REGISTRY_NUMBER in positions
    )
    register = load_register((number for number in numbers if number), related=())
    rows = [_parse_row(source, positions, register) for source in table.rows]
    years = {row.plan_year for row in rows if row.plan_year in PLAN_YEARS}
    items = ProcurementPlanItem.objects.filter(plan_year__in=years)
    existing = {
        (item.plan_year, item.number): item
        for item in items.select_related("procurement").prefetch_related("municipalities")
    }
    first_row_of: dict[tuple[int, int], int] = {}
    planned: list[tuple[PlanItemRow, PlanItemChange]] = []
    for row in rows:
        if row.plan_year is None:
            continue
        key = (row.plan_year, row.item_number)
        if key in first_row_of:
            row.add_issue(
                NUMBER,
                _("Item %(number)s of the %(year)s plan is already on row %(row)s; give it once.")
                % {"number": row.item_number, "year": row.plan_year, "row": first_row_of[key]},
            )
            continue
        first_row_of[key] = row.number
        planned.append((row, _plan_item(row, positions, existing.get(key))))
    _check_links(planned, existing)
    return PlanItemImport(
        file_name=table.file_name,
        warnings=[*table.notes, *warnings],
        rows=rows,
        changes=[change for _row, change in planned],
    )


def preview_plan_items(data: bytes, file_name: str) -> PlanItemImport:
    """Read and check an upload (raises ImportRefused if the file cannot be imported)."""
    return check_plan_items(read_table(data, file_name))


def commit_plan_items(checked: PlanItemImport, *, user=None) -> PlanItemResult:
    """Apply a checked file without errors: all of it or nothing, saving only what changed.

    Links that move between items are first cleared, so that two items may swap
    procurements without either holding both for a moment.
    """
    if checked.has_errors:
        raise ValueError("An import with errors cannot be committed.")
    reason = history_reason(checked.file_name)
    with transaction.atomic():
        moving = [c.instance.pk for c in checked.changes if c.link_changed]
        ProcurementPlanItem.objects.filter(pk__in=moving).update(procurement=None)
        for change in checked.changes:
            item = change.instance
            if change.action == Action.UNCHANGED:
                continue
            for_history(item, user, reason)
            if change.fields_changed or item.is_demo:
                item.is_demo = False  # a person's plan is real, whatever it replaces
                item.save()
            if change.municipalities_changed:
                item.municipalities.set(change.municipality_ids)
    return PlanItemResult(
        items_created=checked.items_created,
        items_updated=checked.items_updated,
        items_unchanged=checked.items_unchanged,
    )


def import_plan_items(data: bytes, file_name: str, *, user=None) -> ImportOutcome:
    """Read, check against the plan and the register as they are now, and commit."""
    return import_table(
        read_table(data, file_name), check=check_plan_items, commit=commit_plan_items, user=user
    )
