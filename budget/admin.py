from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budget.models import BudgetLine, QuarterlyFigure


class QuarterlyFigureInline(admin.TabularInline):
    model = QuarterlyFigure
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
        for figure in formset.save(commit=False):
            figure.updated_by = request.user
            figure.save()
        for figure in formset.deleted_objects:
            figure.delete()
        formset.save_m2m()


@admin.register(QuarterlyFigure)
class QuarterlyFigureAdmin(SimpleHistoryAdmin):
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

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
