"""The rows behind an adopted value: the list kept at adoption, and how today's differs.

An adopted period's drill-down lists the rows its value was computed from when
the period was adopted (``AdoptedRow``), and compares them with the rows
today's register gives: rows added since, rows no longer behind the value, and
rows that count differently (in the parts of a row its value depends on,
``Population.counted_by``). Rows are matched by kind and id, so a row whose
reference or title was corrected is the same row.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.measures import MEASURES
from reports.models import AdoptedRow, AdoptedValue, Period
from reports.populations import RowBehind, rows_of

PART_LABELS = {
    "counts_in_numerator": gettext_lazy("Counts towards the value"),
    "tender_count": gettext_lazy("Tenders"),
}


@dataclass(frozen=True)
class PartChange:
    label: str
    adopted: str
    today: str


@dataclass(frozen=True)
class ChangedRow:
    """A row behind the value then and now, counted differently now."""

    adopted: RowBehind
    today: RowBehind
    parts: list[PartChange]


@dataclass
class RowChanges:
    added: list[RowBehind] = field(default_factory=list)
    removed: list[RowBehind] = field(default_factory=list)
    changed: list[ChangedRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class AdoptedRows:
    """The rows behind an adopted value, and today's differences from them.

    ``kept`` is false for a period adopted before rows were kept: it has no
    list of its own, and the page shows today's. ``linked`` are the ids of
    the rows that are still in the register, to link to.
    """

    kept: bool
    rows: list[RowBehind] = field(default_factory=list)
    changes: RowChanges = field(default_factory=RowChanges)
    linked: set[int] = field(default_factory=set)

    @property
    def counted(self) -> int:
        return sum(1 for row in self.rows if row.counts_in_numerator)


def _shown(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return "–" if value is None else str(value)


def compare_rows(
    adopted: list[RowBehind], today: list[RowBehind], counted_by: tuple[str, ...]
) -> RowChanges:
    """How today's rows differ from the adopted ones, each list in the order given."""
    adopted_by_key = {(row.kind, row.object_id): row for row in adopted}
    today_by_key = {(row.kind, row.object_id): row for row in today}
    changes = RowChanges(
        added=[row for key, row in today_by_key.items() if key not in adopted_by_key],
        removed=[row for key, row in adopted_by_key.items() if key not in today_by_key],
    )
    for key, then in adopted_by_key.items():
        now = today_by_key.get(key)
        if now is None:
            continue
        parts = [
            PartChange(
                str(PART_LABELS[part]), _shown(getattr(then, part)), _shown(getattr(now, part))
            )
            for part in counted_by
            if getattr(then, part) != getattr(now, part)
        ]
        if parts:
            changes.changed.append(ChangedRow(then, now, parts))
    return changes


def adopted_rows(period: Period, code: str, today: list[RowBehind]) -> AdoptedRows:
    """The rows behind the adopted value of the indicator with this code; three queries."""
    kept = AdoptedValue.objects.filter(
        period=period, indicator__code=code, municipality__isnull=True, rows_kept=True
    ).exists()
    if not kept:
        return AdoptedRows(kept=False)
    adopted = AdoptedRow.objects.filter(period=period, behind__has_key=code)
    rows = [row.as_row_behind(code) for row in adopted.order_by("reference", "pk")]
    population = MEASURES[code].population
    still_there = rows_of(population.row_kind, Q(pk__in=adopted.values("object_id")))
    return AdoptedRows(
        kept=True,
        rows=rows,
        changes=compare_rows(rows, today, population.counted_by),
        linked=set(still_there.values_list("row_object_id", flat=True)),
    )
