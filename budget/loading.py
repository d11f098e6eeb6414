"""The ``budget:`` section of the plan data file: checking it and loading it.

``read_budget_section`` checks the section without touching the database and
raises ``PlanFileError`` listing every problem with the entry and field it is
in; ``load_budget`` writes checked data, all or nothing. ``load_plan`` calls
both, so the budget is refused or loaded together with the rest of the plan.

The section, at the end of the plan file::

    budget:
      - year: 2023
        total_revenue: 22576        # optional: the plan's own totals, checked
        total_cost: 22576
        revenue:
          - {code: member-fees, name: Enligt avtal deltagande kommuner, amount: 20814}
        cost:
          - {code: staff-costs, name: Personalkostnader, amount: 18993, description: ...}

Amounts are whole tkr. Lines are matched by (year, code), so loading the same
file twice changes nothing.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from budget import calculations
from budget.models import MAX_AMOUNT_TKR, BudgetLine
from indicators.data_entries import Entry
from indicators.plan_file import PlanFileError
from indicators.plan_loading import LOADED_REASON, LoadSummary

SECTION = "budget"
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class BudgetLineData:
    year: int
    kind: str
    code: str
    name: str
    amount_tkr: int
    order: int
    description: str = ""


@dataclass
class BudgetYearData:
    year: int
    lines: list[BudgetLineData] = field(default_factory=list)

    @property
    def totals(self) -> calculations.Totals:
        return calculations.totals((line.kind, line.amount_tkr) for line in self.lines)


@dataclass
class BudgetLoadSummary(LoadSummary):
    """Rows created, updated and deleted, and lines kept although the file dropped them."""

    kept: list[str] = field(default_factory=list)


def _amount(entry: Entry, name: str, required: bool = True) -> int | None:
    """Whole tkr, as the plan writes budget amounts."""
    value = entry.get(name)
    if value is None:
        if required:
            entry.fail(name, _("is missing"))
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        entry.fail(
            name,
            _("must be a number: whole tkr without spaces, not “%(value)s”") % {"value": value},
        )
        return None
    if not 0 <= value <= MAX_AMOUNT_TKR:
        entry.fail(
            name,
            _("must be between 0 and %(max)s tkr, not %(value)s")
            % {"max": MAX_AMOUNT_TKR, "value": value},
        )
        return None
    return value


def read_budget_section(raw: dict) -> list[BudgetYearData]:
    """The checked ``budget:`` section of a parsed plan file (the whole file's mapping).

    A file without the section has no budget: the result is an empty list.
    Raises ``PlanFileError`` with every problem found.
    """
    if not isinstance(raw, dict):
        raise PlanFileError([_("the file") + ": " + _("must be a mapping of fields")])
    section = raw.get(SECTION)
    if section is None:
        return []
    if not isinstance(section, list):
        raise PlanFileError([f"{SECTION}: " + _("must be a list of years")])
    problems: list[str] = []
    years: list[BudgetYearData] = []
    seen_years: set[int] = set()
    for index, raw_year in enumerate(section):
        entry = Entry(f"{SECTION}[{index}]", raw_year, problems)
        year = entry.year()
        if not year:
            continue
        entry.call_by(str(year))
        if year in seen_years:
            entry.fail("year", _("the year %(year)s is given twice") % {"year": year})
        seen_years.add(year)
        years.append(_read_year(entry, year))
        entry.refuse_unknown_fields()
    if problems:
        raise PlanFileError(problems)
    return years


def _read_year(entry: Entry, year: int) -> BudgetYearData:
    data = BudgetYearData(year)
    seen_codes: set[str] = set()
    for kind in calculations.KINDS:
        for index, raw_line in enumerate(entry.items(kind, required=True)):
            line_entry = entry.child(f"{kind}[{index}]", raw_line)
            code = line_entry.text("code", BudgetLine)
            if code and not CODE_PATTERN.match(code):
                line_entry.fail(
                    "code",
                    _("must be lower-case letters, digits and hyphens, not “%(value)s”")
                    % {"value": code},
                )
            elif code in seen_codes:
                line_entry.fail(
                    "code",
                    _("the code “%(code)s” is used twice in %(year)s")
                    % {"code": code, "year": year},
                )
            seen_codes.add(code)
            name = line_entry.text("name", BudgetLine)
            amount = _amount(line_entry, "amount")
            description = line_entry.text("description", required=False)
            line_entry.refuse_unknown_fields()
            if amount is not None:
                data.lines.append(
                    BudgetLineData(year, kind, code, name, amount, index + 1, description)
                )
    _check_total(entry, "total_revenue", data.totals.revenue)
    _check_total(entry, "total_cost", data.totals.cost)
    return data


def _check_total(entry: Entry, name: str, computed) -> None:
    stated = _amount(entry, name, required=False)
    if stated is not None and stated != computed:
        entry.fail(
            name,
            _("is %(stated)s tkr but the lines add up to %(computed)s tkr")
            % {"stated": stated, "computed": computed},
        )


@transaction.atomic
def load_budget(data: list[BudgetYearData]) -> BudgetLoadSummary:
    """Creates or updates the budget lines of each year in ``data``, all or nothing.

    Lines of a loaded year that the file no longer has are deleted when they
    have no quarterly figures and kept (listed in ``kept``) when they do. Demo
    lines and years the file does not mention are left alone.
    """
    summary = BudgetLoadSummary(Counter(), Counter(), Counter())
    name = BudgetLine._meta.model_name
    for year_data in data:
        existing = {line.code: line for line in BudgetLine.objects.filter(year=year_data.year)}
        for item in year_data.lines:
            values = {
                "kind": item.kind,
                "name": item.name,
                "description": item.description,
                "amount_tkr": item.amount_tkr,
                "order": item.order,
                "is_demo": False,
            }
            line = existing.pop(item.code, None)
            if line is None:
                line = BudgetLine(year=item.year, code=item.code, **values)
                line._change_reason = LOADED_REASON
                line.save()
                summary.created[name] += 1
                continue
            changed = [key for key, value in values.items() if getattr(line, key) != value]
            if changed:
                for key in changed:
                    setattr(line, key, values[key])
                line._change_reason = LOADED_REASON
                line.save(update_fields=changed)
                summary.updated[name] += 1
        for line in existing.values():
            if line.is_demo:
                continue
            if line.quarterly_figures.exists():
                summary.kept.append(str(line))
                continue
            line._change_reason = LOADED_REASON
            line.delete()
            summary.deleted[name] += 1
    return summary
