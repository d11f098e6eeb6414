"""The committee's adoption as the head records it: the meeting's date, § and dnr."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.form_messages import name_fields_in_messages, named
from reports.archive import Meeting, normalize_paragraph
from reports.models import ArchivedReport

MEETING_DAYS_AHEAD = 7
"""How far ahead a meeting date may lie: an adoption is recorded at or just after the meeting."""

REGISTRY_NUMBER_MAX_LENGTH = ArchivedReport._meta.get_field("registry_number").max_length


class AdoptionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    meeting_date = forms.DateField(
        label=_("Date of the committee meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    minute_paragraph = forms.CharField(
        label=_("Minute paragraph (§)"),
        max_length=20,
        help_text=_("The paragraph of the minutes, e.g. § 12."),
    )
    registry_number = forms.CharField(
        label=_("Registry number (dnr)"),
        max_length=REGISTRY_NUMBER_MAX_LENGTH,
        help_text=_("The decision's registry number, e.g. GNU 2024/15."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_fields_in_messages(self)

    def _refuse(self, name: str, problem: str) -> forms.ValidationError:
        return forms.ValidationError(named(self.fields[name].label, problem))

    def clean_meeting_date(self) -> datetime.date:
        date = self.cleaned_data["meeting_date"]
        latest = timezone.localdate() + datetime.timedelta(days=MEETING_DAYS_AHEAD)
        if date > latest:
            raise self._refuse(
                "meeting_date",
                gettext(
                    "the date lies more than a week ahead; record the adoption at the meeting."
                ),
            )
        if date.year < 2000:
            raise self._refuse("meeting_date", gettext("give the date of the meeting."))
        return date

    def clean_minute_paragraph(self) -> str:
        paragraph = normalize_paragraph(self.cleaned_data["minute_paragraph"])
        if paragraph is None:
            raise self._refuse(
                "minute_paragraph", gettext("give the paragraph as a number, e.g. 12 or § 12.")
            )
        return paragraph

    def clean_registry_number(self) -> str:
        return " ".join(self.cleaned_data["registry_number"].split())

    def meeting(self) -> Meeting:
        data = self.cleaned_data
        return Meeting(data["meeting_date"], data["minute_paragraph"], data["registry_number"])
