"""Changing the procurement register."""

from django.db import transaction

from procurements.forms import ProcurementForm
from procurements.models import Procurement


def forms_are_valid(form, *formsets) -> bool:
    """Validate everything, so that every error is shown at once."""
    results = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
    return all(results)


@transaction.atomic
def save_procurement(form: ProcurementForm, *formsets) -> Procurement:
    """Save a validated procurement and its inline formsets: all of it or nothing."""
    procurement = form.save(commit=False)
    procurement.is_demo = False  # a person's figures are real, even where they edit demo rows
    procurement.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = procurement
        formset.save()
    return procurement
