"""Changing the procurement plan."""

from django.db import transaction

from procurements.models import ProcurementPlanItem
from procurements.plan_forms import ProcurementPlanItemForm


class ChangedMeanwhile(Exception):
    """Someone else saved or deleted the item after the form was opened."""


def _check_unchanged(item: ProcurementPlanItem, version: str) -> None:
    current = (
        ProcurementPlanItem.objects.select_for_update()
        .filter(pk=item.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None or current.isoformat() != version:
        raise ChangedMeanwhile


@transaction.atomic
def save_plan_item(form: ProcurementPlanItemForm) -> ProcurementPlanItem:
    """Save a validated item, unless it changed since the form was opened."""
    item = form.save(commit=False)
    if item.pk:
        _check_unchanged(item, form.cleaned_data["version"])
    item.is_demo = False  # a person's plan is real, even where they edit demo rows
    item.save()
    form.save_m2m()
    return item


@transaction.atomic
def delete_plan_item(item: ProcurementPlanItem, *, version: str) -> None:
    """Delete an item, unless it changed since the page asking to delete it was opened."""
    _check_unchanged(item, version)
    item.delete()
