from django.contrib import admin

from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_host", "order"]
    list_editable = ["order"]


class AssignmentInline(admin.StackedInline):
    model = Assignment
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "first_year", "last_year", "decided_on", "registry_number"]
    filter_horizontal = ["goals", "indicators"]
    inlines = [AssignmentInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "code"]
    list_display_links = ["title"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class BaselineInline(admin.TabularInline):
    model = Baseline
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "goal", "key_figure_area", "unit", "direction", "source"]
    list_display_links = ["name"]
    list_filter = ["goal", "key_figure_area", "source", "unit", "per_municipality"]
    search_fields = ["name", "code", "specification"]
    inlines = [TargetInline, BaselineInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "plan"]
    list_filter = ["year"]
