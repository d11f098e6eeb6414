"""The form for one meeting of the committee's calendar."""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.quarters import QUARTERS, Quarter
from reports.models import CommitteeMeeting

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a meeting and its report may lie in: a typo such as 20277 is refused."""

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Give the date as year-month-day, e.g. 2027-02-12.")},
    )


YEAR_RANGE = _("Give a year between 2000 and 2100.")


class MeetingForm(forms.ModelForm):
    """A meeting: its date, the quarter whose report it takes, and the report's deadline.

    ``version`` is the meeting's version when the form was opened.
    """

    date = _date_field(_("Meeting date"))
    year = forms.IntegerField(
        label=_("Year of the report"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={name: YEAR_RANGE for name in ("invalid", "min_value", "max_value")},
    )
    quarter = forms.TypedChoiceField(
        coerce=int,
        label=_("Quarter of the report"),
        error_messages={"invalid_choice": _("Choose one of the quarters 1–4.")},
    )
    report_deadline = _date_field(
        _("Deadline for the report"),
        _("The day the quarter's figures, analyses and budget lines are to be complete."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = CommitteeMeeting
        fields = ["date", "year", "quarter", "report_deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (quarter, gettext("Quarter %(quarter)s") % {"quarter": quarter}) for quarter in QUARTERS
        ]
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def _clean_date_in_range(self, name: str) -> datetime.date:
        date = self.cleaned_data[name]
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise forms.ValidationError(
                gettext("Give a date between the years %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return date

    def clean_date(self) -> datetime.date:
        return self._clean_date_in_range("date")

    def clean_report_deadline(self) -> datetime.date:
        return self._clean_date_in_range("report_deadline")

    def clean(self):
        data = super().clean()
        date, deadline = data.get("date"), data.get("report_deadline")
        year, quarter = data.get("year"), data.get("quarter")
        if date and deadline and deadline > date:
            self.add_error("report_deadline", _("It must fall on or before the meeting date."))
        if year and quarter:
            end = Quarter(year, quarter).end
            shown_end = formats.date_format(end, "DATE_FORMAT")
            for name, message in (
                ("date", _("The meeting must come after the quarter ends (%(end)s).")),
                ("report_deadline", _("It must come after the quarter ends (%(end)s).")),
            ):
                if data.get(name) and data[name] <= end and name not in self.errors:
                    self.add_error(name, message % {"end": shown_end})
        return data
