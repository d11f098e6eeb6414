from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, BudgetQuarter, QuarterlyFigure
from budget.services import QuarterAdopted, check_quarter_open, record_figure_change


def _adopted_quarter(figure: QuarterlyFigure) -> bool:
    return BudgetQuarter.objects.filter(
        year=figure.line.year, quarter=figure.quarter, is_adopted=True
    ).exists()


class QuarterlyFigureAdminForm(forms.ModelForm):
    """Refuses to write a figure of an adopted quarter, with the message naming it."""

    # Inline on its line's page, a figure is posted unchanged along with the line.
    refuses_unchanged = True

    class Meta:
        model = QuarterlyFigure
        fields = ["line", "quarter", "actual_to_date_tkr", "forecast_tkr", "comment", "is_demo"]

    def quarters_touched(self) -> set[tuple[int, int]]:
        """The quarters this save writes to: the figure's quarter now, and before."""
        touched = set()
        if self.instance.pk is not None:
            original = QuarterlyFigure.objects.select_related("line").get(pk=self.instance.pk)
            touched.add((original.line.year, original.quarter))
        line = self.cleaned_data.get("line") or getattr(self.instance, "line", None)
        quarter = self.cleaned_data.get("quarter")
        if line is not None and quarter is not None:
            touched.add((line.year, quarter))
        return touched

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and not self.refuses_unchanged and not self.has_changed():
            return data
        for year, quarter in sorted(self.quarters_touched()):
            try:
                check_quarter_open(year, quarter)
            except QuarterAdopted as adopted:
                raise ValidationError(str(adopted)) from None
        return data


class InlineQuarterlyFigureForm(QuarterlyFigureAdminForm):
    refuses_unchanged = False


class QuarterlyFigureFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                try:
                    check_quarter_open(form.instance.line.year, form.instance.quarter)
                except QuarterAdopted as adopted:
                    raise ValidationError(str(adopted)) from None


class QuarterlyFigureInline(admin.TabularInline):
    model = QuarterlyFigure
    form = InlineQuarterlyFigureForm
    formset = QuarterlyFigureFormSet
    extra = 0
    fields = ["quarter", "actual_to_date_tkr", "forecast_tkr", "is_demo", "updated_by"]
    readonly_fields = ["updated_by"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "amount_tkr", "order", "code", "is_demo"]
    list_display_links = ["name"]
    list_filter = ["year", "kind", "is_demo"]
    search_fields = ["name", "code"]
    inlines = [QuarterlyFigureInline]

    def save_formset(self, request, form, formset, change):
        touched = set()
        for figure_form in formset.forms:
            if figure_form in formset.deleted_forms or figure_form.has_changed():
                touched |= figure_form.quarters_touched()
        for year, quarter in sorted(touched):
            record_figure_change(year=year, quarter=quarter, changed_by=request.user)
        for figure in formset.save(commit=False):
            figure.updated_by = request.user
            figure.save()
        for figure in formset.deleted_objects:
            figure.delete()
        formset.save_m2m()


@admin.register(QuarterlyFigure)
class QuarterlyFigureAdmin(SimpleHistoryAdmin):
    form = QuarterlyFigureAdminForm
    list_display = [
        "line",
        "quarter",
        "actual_to_date_tkr",
        "forecast_tkr",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["line__year", "quarter", "is_demo"]
    list_select_related = ["line", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]

    def get_actions(self, request):
        # Deleting in bulk would pass by the refusal of adopted quarters.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _adopted_quarter(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        for year, quarter in sorted(form.quarters_touched()):
            record_figure_change(year=year, quarter=quarter, changed_by=request.user)
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
