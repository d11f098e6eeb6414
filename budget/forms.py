from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _

from budget.models import MAX_AMOUNT_TKR, BudgetLine
from budget.services import FigureInput
from indicators.formatting import format_quantity


def _amount_field(label: str) -> forms.IntegerField:
    """Whole tkr, written the Swedish way: "20 814" is accepted as well as "20814"."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_AMOUNT_TKR,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10}),
    )


@dataclass(frozen=True)
class LineFields:
    line: BudgetLine
    actual: BoundField
    forecast: BoundField

    @property
    def budget(self) -> str:
        return format_quantity(self.line.amount_tkr, "tkr")


class QuarterFiguresForm(forms.Form):
    """The actual to date and full-year forecast of every line of a year, for one quarter.

    One form for all lines, so that the quarter is saved whole or not at all.
    """

    def __init__(self, *args, lines: list[BudgetLine], saved: dict | None = None, **kwargs):
        """``saved`` maps a line id to the quarter's saved figure, shown as initial values."""
        super().__init__(*args, **kwargs)
        self.lines = lines
        saved = saved or {}
        for line in lines:
            figure = saved.get(line.pk)
            actual = _amount_field(_("%(line)s: actual to date (tkr)") % {"line": line.name})
            forecast = _amount_field(_("%(line)s: full-year forecast (tkr)") % {"line": line.name})
            if figure is not None:
                actual.initial = figure.actual_to_date_tkr
                forecast.initial = figure.forecast_tkr
            self.fields[self._name("actual", line)] = actual
            self.fields[self._name("forecast", line)] = forecast

    @staticmethod
    def _name(column: str, line: BudgetLine) -> str:
        return f"{column}-{line.code}"

    def rows_of(self, kind: str) -> list[LineFields]:
        return [
            LineFields(line, self[self._name("actual", line)], self[self._name("forecast", line)])
            for line in self.lines
            if line.kind == kind
        ]

    def figures(self) -> dict[int, FigureInput]:
        """The entered figures by line id; only after ``is_valid()``."""
        return {
            line.pk: FigureInput(
                actual_to_date_tkr=self.cleaned_data[self._name("actual", line)],
                forecast_tkr=self.cleaned_data[self._name("forecast", line)],
            )
            for line in self.lines
        }
