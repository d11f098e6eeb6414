"""Reading and checking a plan data file, without touching the database.

``read_plan_file`` turns the YAML a person edits into plain dataclasses, or
raises ``PlanFileError`` listing every problem with the entry and field it is
in (``goals[2] (high-quality), indicators[0] (questions-per-procurement),
field “unit”: …``), so that a malformed file is refused before anything is
written. Everything the database would refuse is checked here: required
fields, choices, number sizes, text lengths, unique codes, one target and one
baseline per indicator, year and municipality, and references to
municipalities, and that only a yearly hand-entered indicator names the quarter
it is reported in (and that it does).
"""

import datetime
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from indicators.data_entries import Entry, Number
from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from indicators.quarters import QUARTERS

COMPARATORS = {
    "≥": Target.Comparator.AT_LEAST,
    ">": Target.Comparator.MORE_THAN,
    "≤": Target.Comparator.AT_MOST,
    "<": Target.Comparator.LESS_THAN,
}
TARGET_KINDS = {"decrease": Target.Kind.DECREASE, "zero": Target.Kind.ZERO_MEASUREMENT}

# Top-level sections of the file that other apps read (and check) themselves.
SECTIONS_READ_ELSEWHERE = {"budget": "budget.loading.read_budget_section"}

_MUNICIPALITY_CODE = re.compile(r"^[0-9]{4}$")


class PlanFileError(Exception):
    """The file was refused; ``problems`` says what is wrong, entry by entry."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class TargetData:
    year: int
    kind: str
    comparator: str = ""
    value: Number | None = None
    uhm_level: str = ""
    municipality_code: str | None = None
    note: str = ""


@dataclass
class BaselineData:
    year: int
    value: Number | None = None
    is_approximate: bool = False
    text: str = ""
    municipality_code: str | None = None
    note: str = ""


@dataclass
class IndicatorData:
    code: str
    order: int
    name: str
    specification: str
    unit: str
    direction: str
    frequency: str
    source: str
    reported_in_quarter: int | None = None
    goal_code: str | None = None
    key_figure_area: str = ""
    description: str = ""
    per_municipality: bool = False
    baseline_note: str = ""
    targets: list[TargetData] = field(default_factory=list)
    baselines: list[BaselineData] = field(default_factory=list)


@dataclass
class GoalData:
    code: str
    order: int
    title: str
    description: str
    presupposes: str


@dataclass
class AssignmentData:
    code: str
    order: int
    year: int
    title: str
    purpose: str
    expected_result: str
    presupposes: str


@dataclass
class MunicipalityData:
    code: str
    name: str
    order: int
    is_host: bool


@dataclass
class PlanData:
    code: str
    name: str
    first_year: int
    last_year: int
    decided_on: datetime.date
    decided_by: str
    registry_number: str
    minute_paragraph: str
    vision: str
    municipalities: list[MunicipalityData]
    goals: list[GoalData]
    indicators: list[IndicatorData]
    assignments: list[AssignmentData]


def read_plan_file(path: Path) -> PlanData:
    """The checked contents of a plan file, or ``PlanFileError`` naming every problem."""
    return read_plan(parse_plan_file(path))


def read_plan(raw: dict) -> PlanData:
    """The checked plan of a parsed plan file, or ``PlanFileError`` naming every problem."""
    reader = _PlanReader()
    data = reader.read(raw)
    if reader.problems:
        raise PlanFileError(reader.problems)
    return data


# The YAML layer ------------------------------------------------------------------------------


class _PlanYamlLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written and notes a key given twice in one mapping.

    PyYAML would silently keep the last of two ``targets:`` keys, and turns an
    impossible date such as 2022-13-45 into a crash instead of an error.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.repeated_keys: list[tuple[Any, int]] = []

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, Hashable):
                    if key in seen:
                        self.repeated_keys.append((key, key_node.start_mark.line + 1))
                    seen.add(key)
        return super().construct_mapping(node, deep=deep)


_PlanYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def parse_plan_file(path: Path) -> dict:
    """The file's top-level mapping, for the plan and for the sections other apps read.

    Refuses what is not one YAML mapping, and a field given twice in a mapping.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PlanFileError(
            [_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}]
        ) from error
    except UnicodeDecodeError as error:
        raise PlanFileError(
            [_("%(path)s is not UTF-8 text: %(error)s") % {"path": path, "error": error}]
        ) from error
    loader = _PlanYamlLoader(text)
    loader.name = str(path)  # for the places PyYAML's own messages point at
    try:
        raw = loader.get_single_data()
    except yaml.YAMLError as error:
        raise PlanFileError(
            [_("%(path)s is not valid YAML: %(error)s") % {"path": path, "error": error}]
        ) from error
    finally:
        loader.dispose()
    if loader.repeated_keys:
        raise PlanFileError(
            [
                _("%(path)s, line %(line)s: the field “%(field)s” is given twice")
                % {"path": path, "line": line, "field": key}
                for key, line in loader.repeated_keys
            ]
        )
    if raw is None:
        raise PlanFileError([_("%(path)s is empty") % {"path": path}])
    if not isinstance(raw, dict):
        raise PlanFileError(
            [
                _(
                    "%(path)s must be a mapping of fields (plan, municipalities, goals, "
                    "key_figures, assignments), not %(what)s"
                )
                % {"path": path, "what": _kind_of_value(raw)}
            ]
        )
    return raw


def _kind_of_value(value: Any) -> str:
    """What a YAML value is, in words a person editing the file knows."""
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool | int | float):
        return _("a number or a yes/no")
    return _("a single text")


# The plan, entry by entry --------------------------------------------------------------------


class _PlanReader:
    """Reads a whole plan file, collecting every problem rather than stopping at the first."""

    def __init__(self):
        self.problems: list[str] = []
        self.first_use: dict[tuple[str, str], str] = {}
        self.municipality_codes: list[str] = []
        self.plan_years: range = range(0)

    def read(self, raw: dict) -> PlanData:
        root = Entry("", raw, self.problems)
        plan = root.mapping("plan")
        data = PlanData(
            code=plan.code(Plan),
            name=plan.text("name", Plan),
            first_year=plan.year("first_year"),
            last_year=plan.year("last_year"),
            decided_on=plan.date("decided_on"),
            decided_by=plan.text("decided_by", Plan),
            registry_number=plan.text("registry_number", Plan),
            minute_paragraph=plan.text("minute_paragraph", Plan),
            vision=plan.text("vision", Plan),
            municipalities=[],
            goals=[],
            indicators=[],
            assignments=[],
        )
        if data.first_year and data.last_year:
            if data.last_year < data.first_year:
                plan.fail("last_year", _("must not be before first_year"))
            else:
                self.plan_years = range(data.first_year, data.last_year + 1)
        plan.refuse_unknown_fields()

        for i, raw_item in enumerate(root.items("municipalities", required=True)):
            data.municipalities.append(
                self._municipality(root.child(f"municipalities[{i}]", raw_item), i)
            )
        for i, raw_item in enumerate(root.items("goals", required=True)):
            goal_entry = root.child(f"goals[{i}]", raw_item)
            goal = self._goal(goal_entry, i)
            data.goals.append(goal)
            for j, raw_indicator in enumerate(goal_entry.items("indicators")):
                entry = goal_entry.child(f"indicators[{j}]", raw_indicator)
                data.indicators.append(self._indicator(entry, goal.code, "key_figure_area"))
            goal_entry.refuse_unknown_fields()
        for i, raw_item in enumerate(root.items("key_figures")):
            entry = root.child(f"key_figures[{i}]", raw_item)
            data.indicators.append(self._indicator(entry, None, "area"))
        for order, indicator in enumerate(data.indicators, start=1):
            indicator.order = order
        for i, raw_item in enumerate(root.items("assignments")):
            data.assignments.append(self._assignment(root.child(f"assignments[{i}]", raw_item), i))
        for section in SECTIONS_READ_ELSEWHERE:
            root.get(section)
        root.refuse_unknown_fields()
        return data

    def _unique(self, entry: Entry, kind: str, name: str, value: str) -> None:
        """Refuse a code (or name) used by an earlier entry of the same kind."""
        if not value:
            return
        first = self.first_use.setdefault((kind, value), entry.where)
        if first != entry.where:
            entry.fail(
                name,
                _("“%(value)s” is already used by %(entry)s") % {"value": value, "entry": first},
            )

    def _municipality(self, entry: Entry, index: int) -> MunicipalityData:
        code = entry.text("code", Municipality)
        if code and not _MUNICIPALITY_CODE.match(code):
            entry.fail(
                "code",
                _("must be the four-digit municipality code, not “%(value)s”") % {"value": code},
            )
        entry.call_by(code)
        municipality = MunicipalityData(
            code=code,
            name=entry.text("name", Municipality),
            order=index + 1,
            is_host=entry.boolean("is_host"),
        )
        self._unique(entry, "municipality", "code", code)
        self._unique(entry, "municipality name", "name", municipality.name)
        if municipality.is_host:
            first_host = self.first_use.setdefault(("host", ""), entry.where)
            if first_host != entry.where:
                entry.fail(
                    "is_host",
                    _("only one municipality can be the host, and %(entry)s already is")
                    % {"entry": first_host},
                )
        self.municipality_codes.append(code)
        entry.refuse_unknown_fields()
        return municipality

    def _goal(self, entry: Entry, index: int) -> GoalData:
        code = entry.code(Goal)
        entry.call_by(code)
        self._unique(entry, "goal", "code", code)
        return GoalData(
            code=code,
            order=index + 1,
            title=entry.text("title", Goal),
            description=entry.text("description"),
            presupposes=entry.text("presupposes", required=False),
        )

    def _indicator(self, entry: Entry, goal_code: str | None, area_field: str) -> IndicatorData:
        """An indicator of a goal (``key_figure_area`` optional) or a key figure (``area``)."""
        code = entry.code(Indicator)
        entry.call_by(code)
        self._unique(entry, "indicator", "code", code)
        indicator = IndicatorData(
            code=code,
            order=0,
            name=entry.text("name", Indicator),
            specification=entry.text("specification"),
            description=entry.text("description", required=False),
            unit=entry.choice("unit", Indicator.Unit.values),
            direction=entry.choice("direction", Indicator.Direction.values),
            frequency=entry.choice("frequency", Indicator.Frequency.values),
            source=entry.choice("source", Indicator.Source.values),
            goal_code=goal_code,
            key_figure_area=entry.choice(
                area_field, Indicator.KeyFigureArea.values, required=goal_code is None
            ),
            per_municipality=entry.boolean("per_municipality"),
            baseline_note=entry.text("baseline_note", Indicator, required=False),
        )
        indicator.reported_in_quarter = self._reported_in_quarter(entry, indicator)
        targets = [
            entry.child(f"targets[{i}]", raw) for i, raw in enumerate(entry.items("targets"))
        ]
        indicator.targets = [self._target(child, indicator) for child in targets]
        self._refuse_repeated_years(targets, indicator.targets)
        baselines = [
            entry.child(f"baselines[{i}]", raw) for i, raw in enumerate(entry.items("baselines"))
        ]
        indicator.baselines = [self._baseline(child, indicator) for child in baselines]
        self._refuse_repeated_years(baselines, indicator.baselines)
        entry.refuse_unknown_fields()
        return indicator

    def _reported_in_quarter(self, entry: Entry, indicator: IndicatorData) -> int | None:
        """The quarter a yearly hand-entered figure is reported in; None: every quarter."""
        name = "reported_in_quarter"
        value = entry.get(name)
        yearly_entered = (
            indicator.frequency == Indicator.Frequency.YEARLY
            and indicator.source == Indicator.Source.MANUAL
        )
        if value is None:
            if yearly_entered:
                entry.fail(
                    name,
                    _(
                        "is missing: a yearly indicator entered by hand says in which quarter's "
                        "follow-up it is reported (1, 2, 3 or 4)"
                    ),
                )
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value not in QUARTERS:
            entry.fail(
                name, _("must be a quarter: 1, 2, 3 or 4, not “%(value)s”") % {"value": value}
            )
            return None
        if indicator.source and indicator.source != Indicator.Source.MANUAL:
            entry.fail(
                name,
                _(
                    "is only for an indicator entered by hand (source: manual); a computed "
                    "indicator is computed every quarter"
                ),
            )
        elif indicator.frequency and indicator.frequency != Indicator.Frequency.YEARLY:
            entry.fail(
                name,
                _(
                    "is only for a yearly indicator (frequency: yearly); a quarterly one is "
                    "reported every quarter"
                ),
            )
        return value if yearly_entered else None

    def _target(self, entry: Entry, indicator: IndicatorData) -> TargetData:
        target = TargetData(
            year=entry.year(),
            kind=Target.Kind.COMPARISON,
            uhm_level=entry.choice("uhm_level", Target.UhmLevel.values, required=False),
            municipality_code=self._municipality_reference(entry, indicator),
            note=entry.text("note", Target, required=False),
        )
        self._refuse_year_outside_plan(entry, target.year)
        if entry.get("kind") is not None:
            kind = entry.choice("kind", TARGET_KINDS)
            target.kind = TARGET_KINDS.get(kind, Target.Kind.COMPARISON)
            for name in ("comparator", "value"):
                if entry.get(name) is not None:
                    entry.fail(name, _("does not go with kind “%(kind)s”") % {"kind": kind})
        else:
            symbol = entry.choice("comparator", COMPARATORS)
            target.comparator = COMPARATORS.get(symbol, "")
            target.value = entry.number("value", Target)
        entry.refuse_unknown_fields()
        return target

    def _baseline(self, entry: Entry, indicator: IndicatorData) -> BaselineData:
        baseline = BaselineData(
            year=entry.year(),
            value=entry.number("value", Baseline, required=False),
            is_approximate=entry.boolean("approximate"),
            text=entry.text("text", Baseline, required=False),
            municipality_code=self._municipality_reference(entry, indicator),
            note=entry.text("note", Baseline, required=False),
        )
        if baseline.value is None and not baseline.text and entry.raw.get("value") is None:
            entry.fail("value", _("is missing; give a value or a text"))
        entry.refuse_unknown_fields()
        return baseline

    def _municipality_reference(self, entry: Entry, indicator: IndicatorData) -> str | None:
        code = entry.text("municipality", required=False)
        if not code:
            return None
        if code not in self.municipality_codes:
            entry.fail(
                "municipality",
                _("“%(value)s” is not the code of a municipality of this file (%(known)s)")
                % {"value": code, "known": ", ".join(self.municipality_codes)},
            )
        elif not indicator.per_municipality:
            entry.fail(
                "municipality",
                _(
                    "is given, but the indicator is not followed per municipality "
                    "(per_municipality: true)"
                ),
            )
        return code

    def _refuse_repeated_years(
        self, entries: list[Entry], rows: list[TargetData] | list[BaselineData]
    ) -> None:
        """An indicator has one target (one baseline) per year and municipality."""
        first_label: dict[tuple[int, str | None], str] = {}
        for entry, row in zip(entries, rows, strict=True):
            if not row.year:
                continue
            key = (row.year, row.municipality_code)
            first = first_label.setdefault(key, entry.label)
            if first == entry.label:
                continue
            values = {"year": row.year, "municipality": row.municipality_code, "first": first}
            if isinstance(row, TargetData) and row.municipality_code:
                message = _("%(first)s already gives the target for %(year)s and %(municipality)s")
            elif isinstance(row, TargetData):
                message = _("%(first)s already gives the target for %(year)s")
            elif row.municipality_code:
                message = _(
                    "%(first)s already gives the baseline for %(year)s and %(municipality)s"
                )
            else:
                message = _("%(first)s already gives the baseline for %(year)s")
            entry.fail("year", message % values)

    def _assignment(self, entry: Entry, index: int) -> AssignmentData:
        code = entry.code(Assignment)
        entry.call_by(code)
        self._unique(entry, "assignment", "code", code)
        assignment = AssignmentData(
            code=code,
            order=index + 1,
            year=entry.year(),
            title=entry.text("title", Assignment),
            purpose=entry.text("purpose"),
            expected_result=entry.text("expected_result", required=False),
            presupposes=entry.text("presupposes", required=False),
        )
        self._refuse_year_outside_plan(entry, assignment.year)
        entry.refuse_unknown_fields()
        return assignment

    def _refuse_year_outside_plan(self, entry: Entry, year: int) -> None:
        if year and self.plan_years and year not in self.plan_years:
            entry.fail(
                "year",
                _("%(year)s is outside the plan's years %(first)s–%(last)s")
                % {"year": year, "first": self.plan_years[0], "last": self.plan_years[-1]},
            )
