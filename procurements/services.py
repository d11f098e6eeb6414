"""Changing the procurement register.

Every write to a procurement, its tenders or its appeals raises the
procurement's version under a row lock, so that an edit begun from an older
version is refused (``StaleVersion``) instead of silently overwriting. The
procurement's own history record of a save comes after its tenders' and
appeals' records, so that what changed after a version is whatever the history
holds after the last record of that version.
"""

import datetime as dt

from django.db import transaction

from procurements.forms import ProcurementForm
from procurements.models import Procurement
from procurements.selectors import HistoryEntry, procurement_history


class StaleVersion(Exception):
    """Someone else saved the procurement after this edit began."""


def forms_are_valid(form, *formsets) -> bool:
    """Validate everything, so that every error is shown at once."""
    results = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
    return all(results)


def version_saved_at(procurement: Procurement, version: int):
    """When ``version`` was saved: the date of its last history record (None if unknown)."""
    return (
        procurement.history.filter(version__lte=version)
        .order_by("-history_date", "-history_id")
        .values_list("history_date", flat=True)
        .first()
    )


def changes_since(
    procurement: Procurement, version: int, *, since: dt.datetime | None = None
) -> tuple[list[str], list[HistoryEntry]]:
    """Who changed the procurement, its tenders or appeals after ``version``, and what.

    ``since``, when the edit's forms were read, marks the changes more exactly than
    the version's own history records, where it is known.
    """
    since = since or version_saved_at(procurement, version)
    changes = procurement_history(procurement, since)
    return sorted({entry.who for entry in changes}), changes


@transaction.atomic
def next_version(procurement_id: int, expected_version: int | None) -> int:
    """Lock the procurement until the transaction ends; the version its save is to have.

    With ``expected_version``, the version the change was based on, refuses a
    procurement saved since then.
    """
    current = Procurement.objects.select_for_update().get(pk=procurement_id)
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion
    return current.version + 1


@transaction.atomic
def raise_version(procurement_id: int) -> None:
    """A tender or appeal of the procurement was changed on its own (in the admin): raise
    the procurement's version, recorded in its history with who did it."""
    procurement = Procurement.objects.select_for_update().get(pk=procurement_id)
    procurement.version += 1
    procurement.save(update_fields=["version"])


@transaction.atomic
def save_procurement(
    form: ProcurementForm, *formsets, expected_version: int | None = None
) -> Procurement:
    """Save a validated procurement and its inline formsets: all of it or nothing.

    Editing, ``expected_version`` is the version the form was opened at: a
    procurement saved by someone else since then is refused (``StaleVersion``)
    and nothing is written.
    """
    procurement = form.save(commit=False)
    procurement.is_demo = False  # a person's figures are real, even where they edit demo rows
    if procurement.pk is None:
        procurement.save()
        form.save_m2m()
        _save_formsets(procurement, formsets)
    else:
        procurement.version = next_version(procurement.pk, expected_version)
        _save_formsets(procurement, formsets)
        procurement.save()
        form.save_m2m()
    return procurement


def _save_formsets(procurement: Procurement, formsets) -> None:
    for formset in formsets:
        formset.instance = procurement
        formset.save()
