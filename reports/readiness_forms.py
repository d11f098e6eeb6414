"""The head's form for leaving a due figure deliberately out of a quarter's report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from reports.left_out import REASON_MAX_LENGTH

CODE_MAX_LENGTH = Indicator._meta.get_field("code").max_length


class LeaveOutForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=CODE_MAX_LENGTH)
    reason = forms.CharField(
        label=_("Reason for leaving the figure out"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("The report shows the reason in the figure's place."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={
            "required": _("Give the reason for leaving the figure out."),
            "max_length": _("Keep the reason to at most 1 000 characters."),
        },
    )

    def __init__(self, *args, code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # One form per missing figure on the page: each with ids of its own.
        self.auto_id = f"id_leave-out-{code}_%s" if code else "id_%s"
        self.fields["code"].initial = code
