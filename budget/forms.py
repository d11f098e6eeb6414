from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _

from budget.models import MAX_AMOUNT_TKR, MAX_COMMENT_LENGTH, BudgetLine
from budget.services import FigureInput
from indicators.form_messages import name_fields_in_messages
from indicators.formatting import format_quantity


def _amount_field(label: str) -> forms.IntegerField:
    """Whole tkr, written the Swedish way: "20 814" is accepted as well as "20814".

    The value shown when the page was opened travels along, so that after a
    refused save the editor's own changes can be laid on what someone else saved.
    """
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_AMOUNT_TKR,
        localize=True,
        show_hidden_initial=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10}),
    )


class CommentField(forms.CharField):
    """A comment typed in a textarea: line breaks as stored, whichever way a browser sends them.

    Browsers send a textarea's (and a hidden field's) line breaks as CRLF; stored and
    compared as LF, an unchanged comment is not taken for a changed one.
    """

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")


def _comment_field(label: str) -> CommentField:
    """The head's comment on a line; its value when the page was opened travels along too."""
    return CommentField(
        label=label,
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


def in_page_order(lines: list[BudgetLine]) -> list[BudgetLine]:
    """Revenue, then costs, each kind's lines in their order: as the page shows them.

    The fields follow, so that the error summary lists the errors in the page's order.
    """
    kinds = [kind for kind, _label in BudgetLine.Kind.choices]
    return sorted(lines, key=lambda line: kinds.index(line.kind))


@dataclass(frozen=True)
class LineFields:
    line: BudgetLine
    actual: BoundField
    forecast: BoundField
    comment: BoundField

    @property
    def budget(self) -> str:
        return format_quantity(self.line.amount_tkr, "tkr")


class QuarterFiguresForm(forms.Form):
    """The actual to date, full-year forecast and comment of every line of a year, for one quarter.

    One form for all lines, so that the quarter is saved whole or not at all. The
    hidden ``version`` is the quarter's version when the page was opened.
    """

    def __init__(
        self,
        *args,
        lines: list[BudgetLine],
        saved: dict | None = None,
        version: int = 0,
        read_only: bool = False,
        **kwargs,
    ):
        """``saved`` maps a line id to the quarter's saved figure, shown as initial values."""
        super().__init__(*args, **kwargs)
        self.lines = in_page_order(lines)
        saved = saved or {}
        self.fields["version"] = forms.IntegerField(
            min_value=0,
            initial=version,
            widget=forms.HiddenInput,
            error_messages={
                "required": _("Reload the page and enter the figures again."),
                "invalid": _("Reload the page and enter the figures again."),
                "min_value": _("Reload the page and enter the figures again."),
            },
        )
        names, units = {}, {}
        for line in self.lines:
            figure = saved.get(line.pk)
            actual = _amount_field(_("%(line)s: actual to date (tkr)") % {"line": line.name})
            forecast = _amount_field(_("%(line)s: full-year forecast (tkr)") % {"line": line.name})
            comment = _comment_field(_("Comment on %(line)s") % {"line": line.name})
            if figure is not None:
                actual.initial = figure.actual_to_date_tkr
                forecast.initial = figure.forecast_tkr
                comment.initial = figure.comment
            self.fields[self._name("actual", line)] = actual
            self.fields[self._name("forecast", line)] = forecast
            self.fields[self._name("comment", line)] = comment
            names[self._name("actual", line)] = _("Actual to date for %(line)s") % {
                "line": line.name
            }
            names[self._name("forecast", line)] = _("Full-year forecast for %(line)s") % {
                "line": line.name
            }
            units[self._name("actual", line)] = units[self._name("forecast", line)] = "tkr"
        name_fields_in_messages(self, names=names, units=units)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def _name(column: str, line: BudgetLine) -> str:
        return f"{column}-{line.code}"

    def rows_of(self, kind: str) -> list[LineFields]:
        return [
            LineFields(
                line,
                self[self._name("actual", line)],
                self[self._name("forecast", line)],
                self[self._name("comment", line)],
            )
            for line in self.lines
            if line.kind == kind
        ]

    def figures(self) -> dict[int, FigureInput]:
        """The entered figures by line id; only after ``is_valid()``."""
        return {
            line.pk: FigureInput(
                actual_to_date_tkr=self.cleaned_data[self._name("actual", line)],
                forecast_tkr=self.cleaned_data[self._name("forecast", line)],
                comment=self.cleaned_data[self._name("comment", line)],
            )
            for line in self.lines
        }

    def browser_data(self) -> dict[str, str]:
        """What a browser submits for this form when nothing is changed."""
        data = {}
        for bound in self:
            text = bound.field.widget.format_value(bound.value())
            data[bound.html_name] = "" if text is None else str(text)
            if bound.field.show_hidden_initial:
                data[bound.html_initial_name] = data[bound.html_name]
        return data

    def on_top_of(self, fresh: "QuarterFiguresForm") -> tuple["QuarterFiguresForm", list[str]]:
        """This form's changes laid on the quarter as it now stands, after a refused save.

        ``fresh`` is an unbound form of the quarter as saved now. Returns a bound
        form with the current values and version and the editor's own changes
        kept, and the labels of the figures that the editor and someone else both
        changed (where saving again replaces the other's figure).
        """
        data = fresh.browser_data()
        both_changed = []
        for name in self.changed_data:
            if name == "version" or name not in fresh.fields:
                continue
            data[name] = self.data.get(name, "")
            loaded = self.data.get(self[name].html_initial_name)
            if fresh.fields[name].has_changed(fresh[name].initial, loaded):
                both_changed.append(str(fresh[name].label))
        return (
            QuarterFiguresForm(data, lines=fresh.lines, version=fresh["version"].initial),
            both_changed,
        )
