"""One section of the head's quarterly entry as a form, built from the quarter's follow-up.

A section (``reports.entry_sections``) holds the figures, analyses or
assignment statuses of one part of the report and is saved on its own through
``save_quarter``, with the period's version, so that a save made by someone
else since the page was opened is refused (409) and never silently replaced.
Every field carries the value it was loaded with as a hidden initial value, so
that only what the head actually changed is sent; that keeps the history free
of rows nobody touched and lets a refused save be laid on top of someone
else's newer save without undoing it.

A hand-entered figure gets a field in the quarters it is due
(``Indicator.reported_in_quarter``); in the others the section shows the last
value entered, read-only, with its quarter.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext as _

from indicators.fulfilment import Status
from indicators.models import Indicator
from indicators.units import unit_of
from reports.entry_sections import (
    ECONOMY_IN_BALANCE,
    EntrySection,
    Kind,
    entry_sections,
    home_sections,
)
from reports.follow_up import AssignmentFollowUp, IndicatorFollowUp
from reports.models import AssignmentProgress
from reports.quarter_page import QuarterPage, ValueKey
from reports.services import QuarterEdit
from reports.validation import check_value

MAX_DIGITS = 12
DECIMAL_PLACES = 2
OVERALL_ANALYSIS = "overall_analysis"


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored figure as the head would type it: 12 rather than 12,00."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _unit_validator(unit: str):
    def validate(value: Decimal) -> None:
        message = check_value(unit, value)
        if message:
            raise ValidationError(message, code="out_of_range")

    return validate


def unit_suffix(unit: str) -> str:
    """What the page writes after a figure's field: "%", "tkr", or the unit's name ("antal")."""
    suffix = unit_of(unit).suffix
    if suffix in ("%", "tkr"):
        return suffix
    return str(Indicator.Unit(unit).label)


class FigureField(forms.DecimalField):
    """A figure: blank or only spaces means no data; "NaN" or "Infinity" is not a number.

    Not even in a hidden initial value.
    """

    def to_python(self, value):
        if isinstance(value, str) and not value.strip():
            return None
        number = super().to_python(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def _value_field(label: str, unit: str, help_text: str, initial: Decimal | None):
    """A figure, written the Swedish way ("12,5"); blank means no data, which is not 0."""
    return FigureField(
        label=label,
        required=False,
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        localize=True,
        help_text=help_text,
        initial=_plain(initial),
        show_hidden_initial=True,
        validators=[_unit_validator(unit)],
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 10}),
    )


def _text_field(label: str, initial: str, rows: int = 3):
    return forms.CharField(
        label=label,
        required=False,
        initial=initial,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 60}),
    )


@dataclass(frozen=True)
class Input:
    """A field as the page shows it: a short visible label, and the rest of its name hidden.

    The accessible name (visible + hidden) always names the indicator, goal or
    assignment; ``field.label`` is the same name, used in the error summary.
    ``unit`` is written after a figure's field (the help text names it too).
    """

    field: BoundField
    label: str
    hidden_label: str = ""
    unit: str = ""


@dataclass(frozen=True)
class LastValue:
    """A figure not asked for this quarter: its last value, read-only, with its quarter."""

    place: str
    text: str


@dataclass(frozen=True)
class IndicatorRow:
    indicator: IndicatorFollowUp
    anchor: str
    inputs: list[Input]
    analysis: Input | None
    facts: str = ""
    """Last period's value and the target, as sentences."""
    home: EntrySection | None = None
    """The section that holds the indicator's fields, when it is another."""
    not_due: str = ""
    """Why a hand-entered figure is not asked for this quarter."""
    last_values: tuple[LastValue, ...] = ()

    @property
    def value_text(self) -> str:
        return self.indicator.text

    @property
    def status(self) -> Status:
        return self.indicator.status

    @property
    def computed_from_url(self) -> str:
        return self.indicator.source_url if self.indicator.is_computed else ""


@dataclass(frozen=True)
class Group:
    title: str
    rows: list[IndicatorRow]


@dataclass(frozen=True)
class AssignmentRow:
    assignment: AssignmentFollowUp
    status: Input
    comment: Input


class SectionForm(forms.Form):
    """The figures, analyses or assignment statuses of one section of one quarter."""

    def __init__(
        self, data=None, *, page: QuarterPage, slug: str, read_only: bool = False, **kwargs
    ):
        super().__init__(data, **kwargs)
        self.page = page
        self.sections = entry_sections(page.follow_up)
        self.section = next(s for s in self.sections if s.slug == slug)
        self.homes = home_sections(self.sections)
        self._values: dict[str, ValueKey] = {}
        self._indicator_analyses: dict[str, int] = {}
        self._goal_analyses: dict[str, int] = {}
        self._assignments: dict[int, tuple[str, str]] = {}

        self.fields["version"] = forms.IntegerField(
            min_value=0, initial=page.follow_up.version, widget=forms.HiddenInput
        )
        kind = self.section.kind
        for indicator in self.section.indicators:
            if self.homes[indicator.code] is self.section:
                self._add_indicator(indicator)
        goal = self.section.goal
        if goal is not None:
            name = f"goal-analysis-{goal.goal_id}"
            self.fields[name] = _text_field(
                _("Analysis of goal %(number)s: %(title)s")
                % {"number": goal.number, "title": goal.title},
                goal.analysis,
                rows=5,
            )
            self._goal_analyses[name] = goal.goal_id
        if kind == Kind.ASSIGNMENTS:
            for assignment in page.follow_up.assignments:
                self._add_assignment(assignment)
        if kind == Kind.OVERALL:
            self.fields[OVERALL_ANALYSIS] = _text_field(
                _("Overall analysis of the quarter"), page.follow_up.overall_analysis, rows=12
            )
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        data = super().clean()
        if any(self._damaged_initial(bound) for bound in self if bound.field.show_hidden_initial):
            raise ValidationError(
                _(
                    "The form's hidden values had been changed, so nothing was saved. "
                    "Reload the page and make your changes again."
                ),
                code="damaged_initial",
            )
        return data

    def _damaged_initial(self, bound: BoundField) -> bool:
        """Whether the value the field was loaded with came back as something it cannot be."""
        widget = bound.field.hidden_widget()
        try:
            bound.field.to_python(
                widget.value_from_datadict(self.data, self.files, bound.html_initial_name)
            )
        except ValidationError:
            return True
        return False

    # Building the fields

    def _add_indicator(self, indicator: IndicatorFollowUp) -> None:
        if self.page.asks_for(indicator):
            if indicator.per_municipality:
                for municipality in indicator.municipalities:
                    key = (indicator.indicator_id, municipality.municipality_id)
                    self._add_value(
                        f"value-{indicator.code}-{municipality.municipality_id}",
                        f"{indicator.name} – {municipality.name}",
                        indicator,
                        key,
                    )
            else:
                key = (indicator.indicator_id, None)
                self._add_value(f"value-{indicator.code}", indicator.name, indicator, key)
        name = f"analysis-{indicator.code}"
        if indicator.code == ECONOMY_IN_BALANCE:
            label = _("Comment on the economy")
        else:
            label = _("Analysis: %(indicator)s") % {"indicator": indicator.name}
        self.fields[name] = _text_field(label, indicator.analysis, rows=5)
        self._indicator_analyses[name] = indicator.indicator_id

    def _add_value(self, name: str, label: str, indicator: IndicatorFollowUp, key: ValueKey):
        municipality_id = key[1]
        help_text = _("Unit: %(unit)s.") % {"unit": Indicator.Unit(indicator.unit).label}
        help_text += " " + self._previous_text(indicator, municipality_id)
        if municipality_id is None:
            # A municipality's field shows the target once, for all municipalities.
            help_text += " " + self._target_text(indicator)
        self.fields[name] = _value_field(
            label, indicator.unit, help_text, self.page.entered.get(key)
        )
        self._values[name] = key

    def _add_assignment(self, assignment: AssignmentFollowUp) -> None:
        """A status to choose, none chosen until one is recorded for the quarter."""
        status_name = f"assignment-{assignment.assignment_id}-status"
        comment_name = f"assignment-{assignment.assignment_id}-comment"
        recorded = assignment.assignment_id in self.page.recorded_assignments
        self.fields[status_name] = forms.ChoiceField(
            label=_("Status: %(assignment)s") % {"assignment": assignment.title},
            choices=[("", _("Choose a status")), *AssignmentProgress.Status.choices],
            required=False,
            initial=assignment.status if recorded else "",
            show_hidden_initial=True,
        )
        self.fields[comment_name] = _text_field(
            _("Comment: %(assignment)s") % {"assignment": assignment.title},
            assignment.comment,
            rows=3,
        )
        self._assignments[assignment.assignment_id] = (status_name, comment_name)

    def _previous_text(self, indicator: IndicatorFollowUp, municipality_id: int | None) -> str:
        """Last period's value; for a yearly figure the last one entered, with its quarter."""
        page = self.page
        if page.reported_in(indicator.indicator_id) is not None:
            return _("Last reported: %(value)s.") % {
                "value": page.earlier_text(indicator, municipality_id)
            }
        return _("Last period (%(period)s): %(value)s.") % {
            "period": page.previous_label,
            "value": page.previous_text(indicator.code, municipality_id),
        }

    def _target_text(self, indicator: IndicatorFollowUp) -> str:
        page = self.page
        if indicator.target_text == _("No target"):
            text = _("No target for %(year)s.") % {"year": page.year}
        else:
            text = _("Target %(year)s: %(target)s.") % {
                "year": page.year,
                "target": indicator.target_text,
            }
        if indicator.expected_text:
            text += " " + _("Expected by %(period)s: %(value)s.") % {
                "period": page.label,
                "value": indicator.expected_text,
            }
        return text

    # What the page renders

    @property
    def has_figures(self) -> bool:
        return bool(self._values)

    def groups(self) -> list[Group]:
        """The section's indicators under their headings, each with its fields."""
        return [
            Group(group.title, [self._row(indicator) for indicator in group.indicators])
            for group in self.section.groups
        ]

    def _row(self, indicator: IndicatorFollowUp) -> IndicatorRow:
        anchor = f"indicator-{indicator.code}"
        home = self.homes[indicator.code]
        if home is not self.section:
            return IndicatorRow(indicator, anchor, [], None, home=home)
        hidden = f" – {indicator.name}"
        inputs = [
            self._input(name, indicator, municipality_id, hidden)
            for name, (indicator_id, municipality_id) in self._values.items()
            if indicator_id == indicator.indicator_id
        ]
        analysis_label = (
            _("Comment on the economy") if indicator.code == ECONOMY_IN_BALANCE else _("Analysis")
        )
        row = IndicatorRow(
            indicator,
            anchor,
            inputs,
            Input(self[f"analysis-{indicator.code}"], analysis_label, hidden),
            facts=self._previous_text(indicator, None) + " " + self._target_text(indicator),
        )
        if indicator.is_computed or inputs:
            return row
        return IndicatorRow(
            indicator,
            anchor,
            [],
            row.analysis,
            facts=self._target_text(indicator),
            not_due=self._not_due_text(indicator),
            last_values=self._last_values(indicator),
        )

    def _input(
        self, name: str, indicator: IndicatorFollowUp, municipality_id: int | None, hidden: str
    ) -> Input:
        if municipality_id is None:
            label = _("Value for %(period)s") % {"period": self.page.label}
        else:
            label = next(
                m.name for m in indicator.municipalities if m.municipality_id == municipality_id
            )
        return Input(self[name], label, hidden, unit_suffix(indicator.unit))

    def _not_due_text(self, indicator: IndicatorFollowUp) -> str:
        return _(
            "Reported once a year, in the follow-up of quarter %(quarter)s; "
            "not asked for in %(period)s."
        ) % {"quarter": self.page.reported_in(indicator.indicator_id), "period": self.page.label}

    def _last_values(self, indicator: IndicatorFollowUp) -> tuple[LastValue, ...]:
        if not indicator.per_municipality:
            return (LastValue(_("UhC"), self.page.earlier_text(indicator, None)),)
        return tuple(
            LastValue(m.name, self.page.earlier_text(indicator, m.municipality_id))
            for m in indicator.municipalities
        )

    def goal_analysis(self) -> Input | None:
        goal = self.section.goal
        if goal is None:
            return None
        return Input(
            self[f"goal-analysis-{goal.goal_id}"],
            _("Analysis of goal %(number)s") % {"number": goal.number},
        )

    def overall(self) -> Input | None:
        if OVERALL_ANALYSIS not in self.fields:
            return None
        return Input(self[OVERALL_ANALYSIS], _("Overall analysis of the quarter"))

    def assignment_rows(self) -> list[AssignmentRow]:
        rows = []
        for assignment in self.page.follow_up.assignments:
            if assignment.assignment_id not in self._assignments:
                continue
            status_name, comment_name = self._assignments[assignment.assignment_id]
            hidden = f" – {assignment.title}"
            rows.append(
                AssignmentRow(
                    assignment,
                    Input(self[status_name], _("Status"), hidden),
                    Input(self[comment_name], _("Comment"), hidden),
                )
            )
        return rows

    # What the form submits

    def quarter_edit(self) -> QuarterEdit:
        """What the head changed, for ``save_quarter``; only after ``is_valid()``.

        A blank figure clears it (no data); a figure of 0 is kept as 0.
        """
        data = self.cleaned_data
        changed = set(self.changed_data)
        edit = QuarterEdit(version=data["version"])
        if OVERALL_ANALYSIS in changed:
            edit.overall_analysis = data[OVERALL_ANALYSIS]
        edit.values = {key: data[name] for name, key in self._values.items() if name in changed}
        edit.indicator_analyses = {
            object_id: data[name]
            for name, object_id in self._indicator_analyses.items()
            if name in changed
        }
        edit.goal_analyses = {
            object_id: data[name]
            for name, object_id in self._goal_analyses.items()
            if name in changed
        }
        for assignment_id, (status_name, comment_name) in self._assignments.items():
            if status_name in changed or comment_name in changed:
                status = (
                    data[status_name]
                    or self.fields[status_name].initial
                    or AssignmentProgress.Status.NOT_STARTED
                )
                comment = (
                    data[comment_name]
                    if comment_name in changed
                    else self.fields[comment_name].initial
                )
                edit.assignments[assignment_id] = (status, comment)
        return edit

    def browser_data(self) -> dict[str, str]:
        """What a browser submits for this form when nothing is changed."""
        data = {}
        for bound in self:
            value = bound.field.widget.format_value(bound.value())
            if isinstance(value, list):
                value = value[0] if value else ""
            text = "" if value is None else str(value)
            data[bound.html_name] = text
            if bound.field.show_hidden_initial:
                data[bound.html_initial_name] = text
        return data

    def on_top_of(self, page: QuarterPage) -> tuple["SectionForm", list[str]]:
        """This form's changes laid on the period as it now stands, after a refused save.

        Returns a form showing the current values and version, with the head's
        own changes kept, and the labels of the fields that both the head and
        someone else changed (where saving again would replace the other's value).
        """
        fresh = SectionForm(page=page, slug=self.section.slug)
        data = fresh.browser_data()
        both_changed = []
        for name in self.changed_data:
            if name == "version" or name not in fresh.fields:
                continue
            data[name] = self.data.get(name, "")
            loaded = self.data.get(self[name].html_initial_name)
            if fresh.fields[name].has_changed(fresh[name].initial, loaded):
                both_changed.append(str(fresh[name].label))
        return SectionForm(data, page=page, slug=self.section.slug), both_changed
