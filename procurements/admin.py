from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from procurements.models import Category, Procurement, ProcurementPlanItem, ReviewAppeal, Tender


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class TenderInline(admin.TabularInline):
    model = Tender
    extra = 0


class ReviewAppealInline(admin.TabularInline):
    model = ReviewAppeal
    extra = 0


@admin.register(Procurement)
class ProcurementAdmin(SimpleHistoryAdmin):
    list_display = [
        "registry_number",
        "title",
        "category",
        "scope",
        "advertised_on",
        "completed_on",
        "cancelled_on",
        "is_demo",
    ]
    list_filter = ["category", "scope", "procedure", "is_demo"]
    search_fields = ["registry_number", "title"]
    filter_horizontal = ["municipalities"]
    date_hierarchy = "advertised_on"
    inlines = [TenderInline, ReviewAppealInline]


@admin.register(Tender)
class TenderAdmin(SimpleHistoryAdmin):
    list_display = [
        "supplier_name",
        "organisation_number",
        "procurement",
        "has_regional_presence",
        "is_awarded",
    ]
    list_filter = ["has_regional_presence", "is_awarded"]
    search_fields = ["supplier_name", "organisation_number", "procurement__registry_number"]
    list_select_related = ["procurement"]


@admin.register(ReviewAppeal)
class ReviewAppealAdmin(SimpleHistoryAdmin):
    list_display = ["procurement", "filed_on", "court", "outcome", "decided_on"]
    list_filter = ["outcome", "court"]
    list_select_related = ["procurement"]


@admin.register(ProcurementPlanItem)
class ProcurementPlanItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "plan_year",
        "number",
        "title",
        "category",
        "planned_year",
        "planned_quarter",
        "procurement",
        "is_demo",
    ]
    list_filter = ["plan_year", "planned_quarter", "category", "is_demo"]
    search_fields = ["title", "procurement__registry_number"]
    filter_horizontal = ["municipalities"]
    list_select_related = ["category", "procurement"]
    raw_id_fields = ["procurement"]
