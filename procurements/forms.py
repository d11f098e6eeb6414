"""Forms for a procurement with its tenders and review appeals inline.

The database refuses impossible rows (see the model's constraints); these forms
say what is wrong, on the field concerned, before anything is saved.
"""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from indicators.whole_numbers import whole_number_formfield
from procurements.models import Procurement, ReviewAppeal, Tender
from procurements.validators import normalise_organisation_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


RELOAD = _("Reload the page and make your changes again.")

DATE_FIELDS = (
    "advertised_on",
    "tender_deadline",
    "award_decision_on",
    "completed_on",
    "cancelled_on",
)


class ProcurementForm(forms.ModelForm):
    questions_received = whole_number_formfield(Procurement._meta.get_field("questions_received"))
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
        # The version the procurement had when the form was opened (see services).
        self.fields["version"] = forms.IntegerField(
            min_value=0,
            required=self.instance.pk is not None,
            initial=self.instance.version,
            widget=forms.HiddenInput,
            error_messages={"required": RELOAD, "invalid": RELOAD, "min_value": RELOAD},
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


class RowFormSet(BaseInlineFormSet):
    """Rows of the procurement's page, whose messages never name a field as the code does.

    The hidden fields (the management form's counts, a row's id and its
    procurement) are wrong only in a page that was changed or is out of date:
    the person is asked to reload it.
    """

    default_error_messages = {
        **BaseInlineFormSet.default_error_messages,
        "missing_management_form": RELOAD,
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in (self._pk_field.name, self.fk.name):
            form.fields[name].error_messages["invalid_choice"] = RELOAD


class TenderFormSet(RowFormSet):
    def clean(self):
        """A supplier's second tender is refused on its organisation number, naming the first."""
        first_of: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if self._should_delete_form(form) or not form.has_changed():
                continue
            organisation_number = getattr(form, "cleaned_data", {}).get("organisation_number")
            if not organisation_number:
                continue
            if organisation_number in first_of:
                form.add_error(
                    "organisation_number",
                    _(
                        "Tender %(number)s has the same organisation number: a supplier has "
                        "one tender in a procurement."
                    )
                    % {"number": first_of[organisation_number]},
                )
            else:
                first_of[organisation_number] = number
        super().clean()


def tender_formset_class(extra: int, existing: int = 0):
    return inlineformset_factory(
        Procurement,
        Tender,
        form=TenderForm,
        formset=TenderFormSet,
        **_rows(extra, existing),
        can_delete=True,
    )


def appeal_formset_class(extra: int, existing: int = 0):
    return inlineformset_factory(
        Procurement,
        ReviewAppeal,
        form=ReviewAppealForm,
        formset=RowFormSet,
        **_rows(extra, existing),
        can_delete=True,
    )


# Rows a conflict page shows besides the existing and empty ones: the editor's new
# rows and those someone else deleted (see ``procurements.conflicts.on_top_of``).
CONFLICT_ROWS = 20


def _rows(extra: int, existing: int) -> dict[str, int]:
    """The page shows the existing rows and ``extra`` empty ones, a conflict page a few more.

    A larger form count was tampered with: it is refused before that many forms
    are built (Django's default limit, 2 000 forms, takes seconds to render).
    """
    most = existing + extra
    return {"extra": extra, "max_num": most, "absolute_max": most + CONFLICT_ROWS}


def procurement_forms(data=None, instance: Procurement | None = None):
    """The procurement form and its two inline formsets, bound to ``data`` if given."""
    creating = instance is None or instance.pk is None
    instance = instance or Procurement()
    form = ProcurementForm(data, instance=instance)
    tenders = tender_formset_class(
        extra=3 if creating else 2, existing=0 if creating else instance.tenders.count()
    )(data, instance=instance, prefix="tenders")
    appeals = appeal_formset_class(
        extra=1, existing=0 if creating else instance.review_appeals.count()
    )(data, instance=instance, prefix="appeals")
    return form, tenders, appeals
