"""Forms for a procurement with its tenders and review appeals inline.

The database refuses impossible rows (see the model's constraints); these forms
say what is wrong, on the field concerned, before anything is saved.
"""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from procurements.models import Procurement, ReviewAppeal, Tender
from procurements.validators import normalise_organisation_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


DATE_FIELDS = (
    "advertised_on",
    "tender_deadline",
    "award_decision_on",
    "completed_on",
    "cancelled_on",
)


class ProcurementForm(forms.ModelForm):
    # The forms as they were opened (see procurements.conflicts.snapshot).
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Procurement
        fields = [
            "registry_number",
            "title",
            "category",
            "scope",
            "municipalities",
            "in_procurement_plan",
            "procedure",
            *DATE_FIELDS,
            "cancellation_reason",
            "questions_received",
            "tenderers_contacted",
            *Procurement.REQUIREMENT_FIELDS,
            *Procurement.UHM_FIELDS,
            "is_food_procurement",
            *Procurement.FOOD_FIELDS,
            "substantially_different_solution",
        ]
        widgets = {
            **{name: DateInput() for name in DATE_FIELDS},
            "municipalities": forms.CheckboxSelectMultiple,
            "scope": forms.RadioSelect,
            "cancellation_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "registry_number": {
                "unique": _("Another procurement already has this registry number."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].error_messages["required"] = _(
            "Choose at least one municipality the procurement is made for."
        )
        self.fields["questions_received"].widget.attrs["min"] = 0
        reload = _("Reload the page and make your changes again.")
        # The version the procurement had when the form was opened (see services).
        self.fields["version"] = forms.IntegerField(
            min_value=0,
            required=self.instance.pk is not None,
            initial=self.instance.version,
            widget=forms.HiddenInput,
            error_messages={"required": reload, "invalid": reload, "min_value": reload},
        )

    @property
    def fieldsets(self) -> list[tuple[str, list]]:
        """The fields in groups, each shown as a fieldset with a legend."""
        groups = [
            (
                _("The procurement"),
                [
                    "registry_number",
                    "title",
                    "category",
                    "scope",
                    "municipalities",
                    "in_procurement_plan",
                    "procedure",
                ],
            ),
            (
                _("Dates and progress"),
                [*DATE_FIELDS, "cancellation_reason", "questions_received", "tenderers_contacted"],
            ),
            (
                _("Requirements"),
                [*Procurement.REQUIREMENT_FIELDS, "substantially_different_solution"],
            ),
            (_("UHM levels per priority area"), list(Procurement.UHM_FIELDS)),
            (_("Food"), ["is_food_procurement", *Procurement.FOOD_FIELDS]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def clean(self):
        data = super().clean()
        advertised = data.get("advertised_on")
        deadline = data.get("tender_deadline")
        award = data.get("award_decision_on")
        completed = data.get("completed_on")
        cancelled = data.get("cancelled_on")

        if completed and cancelled:
            self.add_error(
                "cancelled_on",
                _("A procurement cannot be both completed and cancelled: clear one of the dates."),
            )
        if advertised and deadline and deadline < advertised:
            self.add_error(
                "tender_deadline",
                _("The tender deadline cannot be before the procurement was advertised."),
            )
        if deadline and award and award < deadline:
            self.add_error(
                "award_decision_on", _("The award decision cannot be before the tender deadline.")
            )
        if advertised and completed and completed < advertised:
            self.add_error(
                "completed_on", _("A procurement cannot be completed before it was advertised.")
            )
        if not data.get("is_food_procurement") and any(
            data.get(name) for name in Procurement.FOOD_FIELDS
        ):
            self.add_error(
                "is_food_procurement",
                _(
                    "Organic, local and plant-based requirements apply only to food "
                    "procurements: tick “food procurement” or clear them."
                ),
            )
        return data


class TenderForm(forms.ModelForm):
    class Meta:
        model = Tender
        fields = ["supplier_name", "organisation_number", "has_regional_presence", "is_awarded"]

    def clean_organisation_number(self):
        return normalise_organisation_number(self.cleaned_data["organisation_number"])


class ReviewAppealForm(forms.ModelForm):
    class Meta:
        model = ReviewAppeal
        fields = ["filed_on", "court", "outcome", "decided_on"]
        widgets = {"filed_on": DateInput(), "decided_on": DateInput()}

    def clean(self):
        data = super().clean()
        filed, decided = data.get("filed_on"), data.get("decided_on")
        if filed and decided and decided < filed:
            self.add_error("decided_on", _("An appeal cannot be decided before it was filed."))
        if decided and data.get("outcome") == ReviewAppeal.Outcome.PENDING:
            self.add_error("outcome", _("A decided appeal cannot be pending: choose its outcome."))
        return data


def tender_formset_class(extra: int):
    return inlineformset_factory(Procurement, Tender, form=TenderForm, extra=extra, can_delete=True)


def appeal_formset_class(extra: int):
    return inlineformset_factory(
        Procurement, ReviewAppeal, form=ReviewAppealForm, extra=extra, can_delete=True
    )


def procurement_forms(data=None, instance: Procurement | None = None):
    """The procurement form and its two inline formsets, bound to ``data`` if given."""
    creating = instance is None or instance.pk is None
    instance = instance or Procurement()
    form = ProcurementForm(data, instance=instance)
    tenders = tender_formset_class(extra=3 if creating else 2)(
        data, instance=instance, prefix="tenders"
    )
    appeals = appeal_formset_class(extra=1)(data, instance=instance, prefix="appeals")
    return form, tenders, appeals
