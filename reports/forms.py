"""The head's quarterly page as one form, built from the quarter's follow-up.

One form holds every entered figure, every analysis text and every
assignment's status, so that a quarter is saved whole or not at all. Every
field carries the value it was loaded with as a hidden initial value, so that
only what the head actually changed is sent to ``save_quarter``; that keeps
the history free of rows nobody touched and lets a refused save be laid on
top of someone else's newer save without undoing it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils.translation import gettext as _

from indicators.fulfilment import Status
from reports.follow_up import AssignmentFollowUp, IndicatorFollowUp
from reports.models import AssignmentProgress
from reports.quarter_page import QuarterPage, ValueKey, quarter_label
from reports.services import QuarterEdit
from reports.validation import check_value

MAX_DIGITS = 12
DECIMAL_PLACES = 2


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


class FigureField(forms.DecimalField):
    """A figure; "NaN" or "Infinity" is not a number, not even in a hidden initial value."""

    def to_python(self, value):
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
    """

    field: BoundField
    label: str
    hidden_label: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    indicator: IndicatorFollowUp
    anchor: str
    inputs: list[Input]
    analysis: Input | None
    facts: str = ""
    """Last period's value and the target, as sentences."""
    shown_under: str = ""
    """Where the indicator is shown in full, when it belongs to a goal and an area."""

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
class Section:
    anchor: str
    title: str
    number: int | None
    status: Status | None
    rows: list[IndicatorRow]
    analysis: Input | None


@dataclass(frozen=True)
class AssignmentRow:
    assignment: AssignmentFollowUp
    status: Input
    comment: Input


class QuarterForm(forms.Form):
    """Every figure, analysis and assignment status of one quarter."""

    def __init__(self, data=None, *, page: QuarterPage, read_only: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.page = page
        follow_up = page.follow_up
        self._values: dict[str, ValueKey] = {}
        self._indicator_analyses: dict[str, int] = {}
        self._goal_analyses: dict[str, int] = {}
        self._assignments: dict[int, tuple[str, str]] = {}

        self.fields["version"] = forms.IntegerField(
            min_value=0, initial=follow_up.version, widget=forms.HiddenInput
        )
        seen: set[str] = set()
        for goal in follow_up.goals:
            for indicator in goal.indicators:
                self._add_indicator(indicator, seen)
            name = f"goal-analysis-{goal.goal_id}"
            self.fields[name] = _text_field(
                _("Analysis of goal %(number)s: %(title)s")
                % {"number": goal.number, "title": goal.title},
                goal.analysis,
                rows=5,
            )
            self._goal_analyses[name] = goal.goal_id
        for area in follow_up.key_figure_areas:
            for indicator in area.indicators:
                self._add_indicator(indicator, seen)
        self.fields["overall_analysis"] = _text_field(
            _("Overall analysis of the quarter"), follow_up.overall_analysis, rows=8
        )
        for assignment in follow_up.assignments:
            status_name = f"assignment-{assignment.assignment_id}-status"
            comment_name = f"assignment-{assignment.assignment_id}-comment"
            self.fields[status_name] = forms.ChoiceField(
                label=_("Status: %(assignment)s") % {"assignment": assignment.title},
                choices=AssignmentProgress.Status.choices,
                required=False,
                initial=assignment.status,
                show_hidden_initial=True,
            )
            self.fields[comment_name] = _text_field(
                _("Comment: %(assignment)s") % {"assignment": assignment.title},
                assignment.comment,
                rows=2,
            )
            self._assignments[assignment.assignment_id] = (status_name, comment_name)
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

    def _add_indicator(self, indicator: IndicatorFollowUp, seen: set[str]) -> None:
        if indicator.code in seen:
            return
        seen.add(indicator.code)
        if not indicator.is_computed:
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
        self.fields[name] = _text_field(
            _("Analysis: %(indicator)s") % {"indicator": indicator.name}, indicator.analysis
        )
        self._indicator_analyses[name] = indicator.indicator_id

    def _add_value(self, name: str, label: str, indicator: IndicatorFollowUp, key: ValueKey):
        municipality_id = key[1]
        help_text = self._last_period_text(indicator, municipality_id)
        if municipality_id is None:
            # A municipality's field shows the target once, for all municipalities.
            help_text += " " + self._target_text(indicator)
        self.fields[name] = _value_field(
            label, indicator.unit, help_text, self.page.entered.get(key)
        )
        self._values[name] = key

    def _last_period_text(self, indicator: IndicatorFollowUp, municipality_id: int | None) -> str:
        page = self.page
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
                "period": quarter_label(page.year, page.quarter),
                "value": indicator.expected_text,
            }
        return text

    # What the page renders

    def sections(self) -> list[Section]:
        """Goals, then key-figure areas, each with its indicators' fields."""
        follow_up = self.page.follow_up
        first_shown: dict[str, str] = {}
        result = []
        for goal in follow_up.goals:
            title = _("Goal %(number)s: %(title)s") % {"number": goal.number, "title": goal.title}
            rows = [self._row(i, title, first_shown) for i in goal.indicators]
            analysis_name = f"goal-analysis-{goal.goal_id}"
            result.append(
                Section(
                    anchor=f"goal-{goal.number}",
                    title=title,
                    number=goal.number,
                    status=goal.status,
                    rows=rows,
                    analysis=Input(
                        self[analysis_name],
                        _("Analysis of goal %(number)s") % {"number": goal.number},
                    ),
                )
            )
        for index, area in enumerate(follow_up.key_figure_areas, start=1):
            title = _("Key figures: %(area)s") % {"area": area.name}
            rows = [self._row(i, title, first_shown) for i in area.indicators]
            result.append(Section(f"key-figures-{index}", title, None, None, rows, None))
        return result

    def _row(self, indicator: IndicatorFollowUp, title: str, first_shown: dict) -> IndicatorRow:
        anchor = f"indicator-{indicator.code}"
        if indicator.code in first_shown:
            return IndicatorRow(
                indicator, anchor, [], None, shown_under=first_shown[indicator.code]
            )
        first_shown[indicator.code] = title
        inputs = []
        hidden = f" – {indicator.name}"
        for name, (indicator_id, municipality_id) in self._values.items():
            if indicator_id != indicator.indicator_id:
                continue
            if municipality_id is None:
                period = quarter_label(self.page.year, self.page.quarter)
                label = _("Value for %(period)s") % {"period": period}
            else:
                label = next(
                    m.name for m in indicator.municipalities if m.municipality_id == municipality_id
                )
            inputs.append(Input(self[name], label, hidden))
        return IndicatorRow(
            indicator,
            anchor,
            inputs,
            Input(self[f"analysis-{indicator.code}"], _("Analysis"), hidden),
            facts=self._last_period_text(indicator, None) + " " + self._target_text(indicator),
        )

    def overall(self) -> Input:
        return Input(self["overall_analysis"], _("Overall analysis of the quarter"))

    def assignment_rows(self) -> list[AssignmentRow]:
        rows = []
        for assignment in self.page.follow_up.assignments:
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
        follow_up = self.page.follow_up
        edit = QuarterEdit(
            version=data["version"],
            overall_analysis=data["overall_analysis"]
            if "overall_analysis" in changed
            else follow_up.overall_analysis,
        )
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
                status = data[status_name] or self.fields[status_name].initial
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

    def on_top_of(self, page: QuarterPage) -> tuple["QuarterForm", list[str]]:
        """This form's changes laid on the period as it now stands, after a refused save.

        Returns a form showing the current values and version, with the head's
        own changes kept, and the labels of the fields that both the head and
        someone else changed (where saving again would replace the other's value).
        """
        fresh = QuarterForm(page=page)
        data = fresh.browser_data()
        both_changed = []
        for name in self.changed_data:
            if name == "version" or name not in fresh.fields:
                continue
            data[name] = self.data.get(name, "")
            loaded = self.data.get(self[name].html_initial_name)
            if fresh.fields[name].has_changed(fresh[name].initial, loaded):
                both_changed.append(str(fresh[name].label))
        return QuarterForm(data, page=page), both_changed
