"""The form for one item of the procurement plan."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.form_messages import name_fields_in_messages, named
from indicators.whole_numbers import integer_bounds
from procurements.models import PLAN_YEARS, Procurement, ProcurementPlanItem


class RegistryNumberField(forms.ModelChoiceField):
    """A procurement of the register, given by its registry number in a text box."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Procurement.objects.all(),
            to_field_name="registry_number",
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(" ".join(str(value or "").split()))

    def prepare_value(self, value):
        if isinstance(value, int):  # an instance's initial value is the procurement's key
            return (
                Procurement.objects.filter(pk=value)
                .values_list("registry_number", flat=True)
                .first()
            )
        return super().prepare_value(value)


def _bounded(name: str) -> forms.IntegerField:
    """The item's integer field as a form field, bounded as the model and the database are."""
    field = ProcurementPlanItem._meta.get_field(name)
    minimum, maximum = integer_bounds(field)
    return field.formfield(min_value=minimum, max_value=maximum)


class ProcurementPlanItemForm(forms.ModelForm):
    """An item of the plan; ``version`` is the item's ``updated_at`` when the form was opened."""

    plan_year = _bounded("plan_year")
    number = _bounded("number")
    planned_year = ProcurementPlanItem._meta.get_field("planned_year").formfield(
        label=_("Year"), min_value=PLAN_YEARS[0], max_value=PLAN_YEARS[-1] + 1
    )
    procurement = RegistryNumberField(
        required=False,
        label=_("Registry number of the procurement"),
        help_text=_("Leave empty until the procurement is in the register."),
    )
    planned_quarter = forms.TypedChoiceField(coerce=int, label=_("Quarter"))
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProcurementPlanItem
        fields = [
            "plan_year",
            "number",
            "title",
            "category",
            "municipalities",
            "planned_year",
            "planned_quarter",
            "procurement",
        ]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_quarter"].choices = [
            (quarter, gettext("Quarter %(quarter)s") % {"quarter": quarter})
            for quarter in (1, 2, 3, 4)
        ]
        name_fields_in_messages(self, names=self._names(), years=["plan_year", "planned_year"])
        fields = self.fields
        fields["municipalities"].error_messages["required"] = named(
            fields["municipalities"].label,
            gettext("choose at least one municipality the procurement is planned for."),
        )
        fields["procurement"].error_messages["invalid_choice"] = named(
            fields["procurement"].label,
            gettext("there is no procurement with this registry number in the register."),
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()

    @staticmethod
    def _names() -> dict[str, str]:
        """Fields whose label names them only under their legend, named in full."""
        model = ProcurementPlanItem._meta
        return {
            name: capfirst(model.get_field(name).verbose_name)
            for name in ("planned_year", "planned_quarter")
        }

    @property
    def fieldsets(self) -> list[tuple[str, list]]:
        groups = [
            (_("The item"), ["plan_year", "number", "title", "category", "municipalities"]),
            (_("Planned to be completed"), ["planned_year", "planned_quarter"]),
            (_("In the register"), ["procurement"]),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]

    def clean(self):
        data = super().clean()
        plan_year, planned_year = data.get("plan_year"), data.get("planned_year")
        if plan_year and planned_year and not plan_year <= planned_year <= plan_year + 1:
            self.add_error(
                "planned_year",
                named(
                    self._names()["planned_year"],
                    gettext(
                        "the %(year)s plan covers %(year)s and %(next)s, "
                        "so plan the item for one of them."
                    )
                    % {"year": plan_year, "next": plan_year + 1},
                ),
            )
        return data
