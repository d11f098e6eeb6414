from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.admin import ReadableHistoryAdmin
from procurements import services
from procurements.models import Category, Procurement, ReviewAppeal, Tender


@admin.register(Category)
class CategoryAdmin(ReadableHistoryAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class TenderInline(admin.TabularInline):
    model = Tender
    extra = 0


class ReviewAppealInline(admin.TabularInline):
    model = ReviewAppeal
    extra = 0


class ProcurementAdminForm(forms.ModelForm):
    """Refuses a save based on an older version of the procurement than the saved one."""

    # The version when the page was opened ("version" itself is not editable).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The version saved now, also when a historical version is shown to revert to.
            self.fields["loaded_version"].initial = (
                Procurement.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        data = super().clean()
        if (
            self.instance.pk is not None
            and Procurement.objects.filter(pk=self.instance.pk)
            .exclude(version=data.get("loaded_version"))
            .exists()
        ):
            raise ValidationError(
                _(
                    "Someone else saved this procurement after you opened it, so nothing was "
                    "saved. Open it again to see their changes."
                )
            )
        return data


@admin.register(Procurement)
class ProcurementAdmin(SimpleHistoryAdmin):
    form = ProcurementAdminForm
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
    list_filter = ["category", "scope", "procedure", "in_procurement_plan", "is_demo"]
    search_fields = ["registry_number", "title"]
    filter_horizontal = ["municipalities"]
    date_hierarchy = "advertised_on"
    inlines = [TenderInline, ReviewAppealInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = services.next_version(obj.pk, form.cleaned_data.get("loaded_version"))
        super().save_model(request, obj, form, change)


class ProcurementPartAdmin(SimpleHistoryAdmin):
    """A tender or appeal edited on its own: each change raises its procurement's version,
    after the change (see ``procurements.services``)."""

    def save_model(self, request, obj, form, change):
        procurements = {obj.procurement_id}
        if change:
            procurements.add(type(obj).objects.get(pk=obj.pk).procurement_id)
        super().save_model(request, obj, form, change)
        for procurement_id in sorted(procurements):
            services.raise_version(procurement_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.raise_version(obj.procurement_id)

    def delete_queryset(self, request, queryset):
        procurements = sorted(set(queryset.values_list("procurement_id", flat=True)))
        super().delete_queryset(request, queryset)
        for procurement_id in procurements:
            services.raise_version(procurement_id)


@admin.register(Tender)
class TenderAdmin(ProcurementPartAdmin):
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
class ReviewAppealAdmin(ProcurementPartAdmin):
    list_display = ["procurement", "filed_on", "court", "outcome", "decided_on"]
    list_filter = ["outcome", "court"]
    list_select_related = ["procurement"]
