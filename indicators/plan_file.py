"""Reading and checking a plan data file, without touching the database.

``read_plan_file`` turns the YAML a person edits into plain dataclasses, or
raises ``PlanFileError`` listing every problem with the entry and field it is
in, so that a malformed file can be refused before anything is written.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from indicators.models import Indicator, Target

COMPARATORS = {
    "≥": Target.Comparator.AT_LEAST,
    ">": Target.Comparator.MORE_THAN,
    "≤": Target.Comparator.AT_MOST,
    "<": Target.Comparator.LESS_THAN,
}
TARGET_KINDS = {"decrease": Target.Kind.DECREASE, "zero": Target.Kind.ZERO_MEASUREMENT}


class PlanFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Number:
    """A number as the plan writes it: 3.0 keeps one decimal when shown."""

    value: Decimal
    decimals: int


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


class _Entry:
    """One mapping of the file, remembering where it is for error messages."""

    def __init__(self, where: str, raw: Any, problems: list[str]):
        self.where = where
        self.problems = problems
        if not isinstance(raw, dict):
            self.fail(None, _("must be a mapping of fields"))
            raw = {}
        self.raw = raw

    def fail(self, name: str | None, message: str) -> None:
        place = f"{self.where}, {_('field')} “{name}”" if name else self.where
        self.problems.append(f"{place}: {message}")

    def text(self, name: str, required: bool = True) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.fail(name, _("is missing"))
            return ""
        if not isinstance(value, str | int):
            self.fail(name, _("must be text"))
            return ""
        return str(value).strip()

    def integer(self, name: str, required: bool = True) -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, _("must be a whole number, not “%(value)s”") % {"value": value})
            return None
        return value

    def year(self, name: str = "year") -> int:
        value = self.integer(name)
        if value is not None and not 2000 <= value <= 2100:
            self.fail(
                name, _("must be a year between 2000 and 2100, not %(value)s") % {"value": value}
            )
        return value or 0

    def boolean(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            self.fail(name, _("must be true or false"))
            return False
        return value

    def number(self, name: str, required: bool = True) -> Number | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return None
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            decimal = Decimal(str(value))
            if not decimal.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.fail(name, _("must be a number, not “%(value)s”") % {"value": value})
            return None
        return Number(decimal, max(0, -decimal.as_tuple().exponent))

    def choice(self, name: str, choices, required: bool = True) -> str:
        value = self.text(name, required)
        allowed = [str(choice) for choice in choices]
        if value and value not in allowed:
            self.fail(
                name,
                _("“%(value)s” is not one of %(allowed)s")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
            return ""
        return value

    def items(self, name: str, required: bool = False) -> list[Any]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, _("is missing"))
            return []
        if not isinstance(value, list):
            self.fail(name, _("must be a list"))
            return []
        return value

    def date(self, name: str) -> datetime.date:
        value = self.raw.get(name)
        if isinstance(value, datetime.date):
            return value
        self.fail(name, _("must be a date written as YYYY-MM-DD"))
        return datetime.date.min


def read_plan_file(path: Path) -> PlanData:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise PlanFileError(
            [_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}]
        ) from error
    except yaml.YAMLError as error:
        raise PlanFileError(
            [_("%(path)s is not valid YAML: %(error)s") % {"path": path, "error": error}]
        ) from error
    problems: list[str] = []
    data = _read_plan(_Entry(_("the file"), raw, problems))
    if problems:
        raise PlanFileError(problems)
    return data


def _read_plan(root: _Entry) -> PlanData:
    plan = _Entry("plan", root.raw.get("plan"), root.problems)
    first_year, last_year = plan.year("first_year"), plan.year("last_year")
    if first_year and last_year and last_year < first_year:
        plan.fail("last_year", _("must not be before first_year"))
    municipalities = [
        _read_municipality(_Entry(f"municipalities[{i}]", raw, root.problems), i)
        for i, raw in enumerate(root.items("municipalities", required=True))
    ]
    goals, indicators = [], []
    for i, raw in enumerate(root.items("goals", required=True)):
        entry = _Entry(f"goals[{i}]", raw, root.problems)
        goal = _read_goal(entry, i)
        goals.append(goal)
        for j, raw_indicator in enumerate(entry.items("indicators")):
            where = f"{entry.where} ({goal.code}), indicators[{j}]"
            indicator = _read_indicator(_Entry(where, raw_indicator, root.problems))
            indicator.goal_code = goal.code
            indicators.append(indicator)
    for i, raw in enumerate(root.items("key_figures")):
        entry = _Entry(f"key_figures[{i}]", raw, root.problems)
        indicator = _read_indicator(entry)
        indicator.key_figure_area = entry.choice("area", Indicator.KeyFigureArea.values)
        indicators.append(indicator)
    for order, indicator in enumerate(indicators, start=1):
        indicator.order = order
    assignments = [
        _read_assignment(_Entry(f"assignments[{i}]", raw, root.problems), i)
        for i, raw in enumerate(root.items("assignments"))
    ]
    _check_references(root, municipalities, goals, indicators, assignments)
    return PlanData(
        code=plan.text("code"),
        name=plan.text("name"),
        first_year=first_year,
        last_year=last_year,
        decided_on=plan.date("decided_on"),
        decided_by=plan.text("decided_by"),
        registry_number=plan.text("registry_number"),
        minute_paragraph=plan.text("minute_paragraph"),
        vision=plan.text("vision"),
        municipalities=municipalities,
        goals=goals,
        indicators=indicators,
        assignments=assignments,
    )


def _read_municipality(entry: _Entry, index: int) -> MunicipalityData:
    code = entry.text("code")
    if code and not (len(code) == 4 and code.isdigit()):
        entry.fail(
            "code", _("must be the four-digit municipality code, not “%(value)s”") % {"value": code}
        )
    return MunicipalityData(
        code=code, name=entry.text("name"), order=index + 1, is_host=entry.boolean("is_host")
    )


def _read_goal(entry: _Entry, index: int) -> GoalData:
    return GoalData(
        code=entry.text("code"),
        order=index + 1,
        title=entry.text("title"),
        description=entry.text("description"),
        presupposes=entry.text("presupposes", required=False),
    )


def _read_indicator(entry: _Entry) -> IndicatorData:
    code = entry.text("code")
    if code:
        entry.where = f"{entry.where} ({code})"
    return IndicatorData(
        code=code,
        order=0,
        name=entry.text("name"),
        specification=entry.text("specification"),
        description=entry.text("description", required=False),
        unit=entry.choice("unit", Indicator.Unit.values),
        direction=entry.choice("direction", Indicator.Direction.values),
        frequency=entry.choice("frequency", Indicator.Frequency.values),
        source=entry.choice("source", Indicator.Source.values),
        key_figure_area=entry.choice(
            "key_figure_area", Indicator.KeyFigureArea.values, required=False
        ),
        per_municipality=entry.boolean("per_municipality"),
        baseline_note=entry.text("baseline_note", required=False),
        targets=[
            _read_target(_Entry(f"{entry.where}, targets[{i}]", raw, entry.problems))
            for i, raw in enumerate(entry.items("targets"))
        ],
        baselines=[
            _read_baseline(_Entry(f"{entry.where}, baselines[{i}]", raw, entry.problems))
            for i, raw in enumerate(entry.items("baselines"))
        ],
    )


def _read_target(entry: _Entry) -> TargetData:
    target = TargetData(
        year=entry.year(),
        kind=Target.Kind.COMPARISON,
        uhm_level=entry.choice("uhm_level", Target.UhmLevel.values, required=False),
        municipality_code=entry.text("municipality", required=False) or None,
        note=entry.text("note", required=False),
    )
    if "kind" in entry.raw:
        kind = entry.choice("kind", TARGET_KINDS)
        target.kind = TARGET_KINDS.get(kind, Target.Kind.COMPARISON)
        for name in ("comparator", "value"):
            if name in entry.raw:
                entry.fail(name, _("does not go with kind “%(kind)s”") % {"kind": kind})
    else:
        symbol = entry.choice("comparator", COMPARATORS)
        target.comparator = COMPARATORS.get(symbol, "")
        target.value = entry.number("value")
    return target


def _read_baseline(entry: _Entry) -> BaselineData:
    baseline = BaselineData(
        year=entry.year(),
        value=entry.number("value", required=False),
        is_approximate=entry.boolean("approximate"),
        text=entry.text("text", required=False),
        municipality_code=entry.text("municipality", required=False) or None,
        note=entry.text("note", required=False),
    )
    if baseline.value is None and not baseline.text:
        entry.fail("value", _("is missing; give a value or a text"))
    return baseline


def _read_assignment(entry: _Entry, index: int) -> AssignmentData:
    return AssignmentData(
        code=entry.text("code"),
        order=index + 1,
        year=entry.year(),
        title=entry.text("title"),
        purpose=entry.text("purpose"),
        expected_result=entry.text("expected_result", required=False),
        presupposes=entry.text("presupposes", required=False),
    )


def _check_references(root, municipalities, goals, indicators, assignments) -> None:
    """Codes are unique and every municipality a target names exists."""
    for label, items in (
        ("municipalities", municipalities),
        ("goals", goals),
        ("indicators", indicators),
        ("assignments", assignments),
    ):
        seen = set()
        for item in items:
            if item.code and item.code in seen:
                root.fail(label, _("the code “%(code)s” is used twice") % {"code": item.code})
            seen.add(item.code)
    if sum(m.is_host for m in municipalities) > 1:
        root.fail("municipalities", _("only one municipality can be the host"))
    known = {m.code for m in municipalities}
    for indicator in indicators:
        for row in [*indicator.targets, *indicator.baselines]:
            if row.municipality_code and row.municipality_code not in known:
                root.fail(
                    "municipality",
                    _("%(indicator)s names the unknown municipality “%(code)s”")
                    % {"indicator": indicator.code, "code": row.municipality_code},
                )
