"""The plan in the admin, where it is edited: every change kept and shown with who and when.

``ReadableHistoryAdmin`` is django-simple-history's admin with values shown as
people read them (labels of choices, Yes/No, Swedish numbers and dates) and,
on the history page of a row, the changes of the rows edited inline on its
page (an indicator's targets and baselines, a plan's assignments).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target


def readable(field: models.Field, value) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal | int | float):
        return formats.localize(value)
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class ReadableRecordContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        model_field = self.model._meta.get_field(change.field)
        if isinstance(model_field, models.ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        return readable(model_field, value)


@dataclass(frozen=True)
class RowChange:
    """One change of a row edited inline: when, who (or why), which row, what."""

    when: dt.datetime
    who: str
    subject: str
    action: str
    changes: list[dict]


def _who(record) -> str:
    if record.history_user is not None:
        return record.history_user.get_full_name() or record.history_user.get_username()
    if record.history_change_reason:
        return _(record.history_change_reason)
    return _("not recorded")


def _subject(record) -> str:
    try:
        return str(record.instance)
    except ObjectDoesNotExist:  # a row it names has been deleted since
        return f"#{record.id}"


def _action(history_type: str) -> str:
    return {
        "+": pgettext("history of a row", "created"),
        "~": pgettext("history of a row", "changed"),
        "-": pgettext("history of a row", "deleted"),
    }[history_type]


def row_changes(model: type[models.Model], records) -> list[RowChange]:
    """Each record compared with the previous record of its row; newest first.

    Records that change nothing are left out.
    """
    by_row: dict[int, list] = {}
    for record in records.select_related("history_user").order_by("history_date", "history_id"):
        by_row.setdefault(record.id, []).append(record)
    changes = []
    for versions in by_row.values():
        previous = None
        for record in versions:
            fields = []
            if previous is not None and record.history_type == "~":
                delta = record.diff_against(previous, foreign_keys_are_objs=True)
                fields = ReadableRecordContextHelper(model, record).context_for_delta_changes(delta)
            if record.history_type != "~" or fields:
                changes.append(
                    RowChange(
                        record.history_date,
                        _who(record),
                        _subject(record),
                        _action(record.history_type),
                        fields,
                    )
                )
            previous = record
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/indicators/object_history.html"
    # (title, model, the field that links a row to the object) of the rows edited inline.
    inline_histories: tuple[tuple[str, type[models.Model], str], ...] = ()

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableRecordContextHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        sections = [
            (title, row_changes(model, model.history.filter(**{link: object_id})))
            for title, model, link in self.inline_histories
        ]
        context = {**(extra_context or {}), "inline_histories": sections}
        return super().history_view(request, object_id, extra_context=context)


@admin.register(Municipality)
class MunicipalityAdmin(ReadableHistoryAdmin):
    list_display = ["name", "code", "is_host", "order"]
    list_editable = ["order"]


class AssignmentInline(admin.StackedInline):
    model = Assignment
    extra = 0


@admin.register(Plan)
class PlanAdmin(ReadableHistoryAdmin):
    list_display = ["name", "first_year", "last_year", "decided_on", "registry_number"]
    filter_horizontal = ["goals", "indicators"]
    inlines = [AssignmentInline]
    inline_histories = ((gettext_lazy("Changes to its assignments"), Assignment, "plan_id"),)


@admin.register(Goal)
class GoalAdmin(ReadableHistoryAdmin):
    list_display = ["order", "title", "code"]
    list_display_links = ["title"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class BaselineInline(admin.TabularInline):
    model = Baseline
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadableHistoryAdmin):
    list_display = ["order", "name", "goal", "key_figure_area", "unit", "direction", "source"]
    list_display_links = ["name"]
    list_filter = ["goal", "key_figure_area", "source", "unit", "per_municipality"]
    search_fields = ["name", "code", "specification"]
    inlines = [TargetInline, BaselineInline]
    inline_histories = (
        (gettext_lazy("Changes to its targets"), Target, "indicator_id"),
        (gettext_lazy("Changes to its baselines"), Baseline, "indicator_id"),
    )


@admin.register(Assignment)
class AssignmentAdmin(ReadableHistoryAdmin):
    list_display = ["title", "year", "plan"]
    list_filter = ["year"]
