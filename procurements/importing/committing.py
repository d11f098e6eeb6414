"""Applying a checked import plan in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.signals import rows_written
from procurements.importing.columns import ImportRefused
from procurements.importing.planning import Action, ImportPlan, ProcurementChange, plan_import
from procurements.importing.reading import Table, read_table
from procurements.models import Procurement, Tender
from procurements.services import StaleVersion, next_version

logger = logging.getLogger(__name__)

REGISTER_CHANGED = gettext_noop(
    "The register changed while the file was being imported, so nothing was "
    "imported. Upload the file again."
)


@dataclass(frozen=True)
class ImportResult:
    procurements_created: int
    procurements_updated: int
    procurements_unchanged: int
    tenders_created: int
    tenders_updated: int


def history_reason(file_name: str) -> str:
    """What the history records as the reason for an imported change."""
    return (_("Imported from %(file)s") % {"file": file_name})[:100]


def for_history(instance: models.Model, user, reason: str) -> models.Model:
    if user is not None:
        instance._history_user = user
    instance._change_reason = reason
    return instance


def _m2m_history_model(history_model: type[models.Model], through: type[models.Model]):
    """The model django-simple-history keeps an m2m field's snapshots in."""
    for relation in history_model._meta.related_objects:
        if getattr(relation.related_model, "instance_type", None) is through:
            return relation.related_model
    raise LookupError(f"No m2m history for {through._meta.label}")


def _bulk_create_procurements(changes: list[ProcurementChange], user, reason: str) -> None:
    """New procurements, their municipalities and their "created" history in a few queries.

    The history is what saving one by one records (one "+" record per procurement,
    with its municipalities as of then), without ~ten queries per procurement.
    """
    if not changes:
        return
    procurements = [for_history(change.instance, user, reason) for change in changes]
    Procurement.objects.bulk_create(procurements)
    if any(p.pk is None for p in procurements):  # a database that cannot return new keys
        keys = dict(
            Procurement.objects.filter(
                registry_number__in=[p.registry_number for p in procurements]
            ).values_list("registry_number", "pk")
        )
        for procurement in procurements:
            procurement.pk = keys[procurement.registry_number]
    through = Procurement.municipalities.through
    through.objects.bulk_create(
        through(procurement_id=change.instance.pk, municipality_id=municipality_id)
        for change in changes
        for municipality_id in sorted(change.municipality_ids)
    )
    links = through.objects.filter(procurement_id__in=[p.pk for p in procurements])
    Procurement.history.bulk_history_create(
        procurements, default_user=user, default_change_reason=reason
    )
    history_model = Procurement.history.model
    records = {
        record.id: record
        for record in history_model.objects.filter(
            id__in=[p.pk for p in procurements], history_type="+"
        ).order_by("history_id")
    }
    snapshot_model = _m2m_history_model(history_model, through)
    snapshot_model.objects.bulk_create(
        snapshot_model(
            history=records[link.procurement_id],
            **{f.attname: getattr(link, f.attname) for f in through._meta.fields},
        )
        for link in links
    )


def _bulk_create_tenders(tenders: list[Tender], user, reason: str) -> None:
    if not tenders:
        return
    tenders = [for_history(tender, user, reason) for tender in tenders]
    Tender.objects.bulk_create(tenders)
    if any(t.pk is None for t in tenders):
        keys = {
            (t.procurement_id, t.organisation_number): t.pk
            for t in Tender.objects.filter(procurement_id__in={t.procurement_id for t in tenders})
        }
        for tender in tenders:
            tender.pk = keys[(tender.procurement_id, tender.organisation_number)]
    Tender.history.bulk_history_create(tenders, default_user=user, default_change_reason=reason)


def _changes_anything(change: ProcurementChange) -> bool:
    return (
        change.fields_changed
        or change.municipalities_changed
        or any(tender.action != Action.UNCHANGED for tender in change.tenders)
    )


def _next_version(procurement: Procurement) -> int:
    """The version after the one the plan read; refused if someone saved it since."""
    try:
        return next_version(procurement.pk, procurement.version)
    except StaleVersion:
        raise ImportRefused(_(REGISTER_CHANGED)) from None


def commit_import(plan: ImportPlan, *, user=None) -> ImportResult:
    """Apply a plan without errors: all of it or nothing, saving only what changed.

    Changed procurements and tenders are saved one by one, through the models'
    ``save``; new ones are created in bulk, with the same history records, and
    ``rows_written`` is sent for them.
    """
    if plan.has_errors:
        raise ValueError("An import plan with errors cannot be committed.")
    reason = history_reason(plan.file_name)
    with transaction.atomic():
        _bulk_create_procurements(
            [c for c in plan.procurements if c.action == Action.CREATE], user, reason
        )
        new_tenders = []
        for change in plan.procurements:
            procurement = change.instance
            if change.action == Action.UPDATE:
                for_history(procurement, user, reason)
                if _changes_anything(change):
                    # Raised, so that a form opened before the import is refused.
                    procurement.version = _next_version(procurement)
                if change.fields_changed:
                    procurement.is_demo = (
                        False  # a person's figures are real, whatever they replace
                    )
                    procurement.save()
                elif _changes_anything(change):
                    # An unchanged procurement gets no history record, only its new version.
                    Procurement.objects.filter(pk=procurement.pk).update(
                        version=procurement.version
                    )
                if change.municipalities_changed:
                    procurement.municipalities.set(change.municipality_ids)
            for tender_change in change.tenders:
                tender = tender_change.instance
                tender.procurement = procurement
                if tender_change.action == Action.CREATE:
                    new_tenders.append(tender)
                elif tender_change.action == Action.UPDATE:
                    for_history(tender, user, reason).save()
        _bulk_create_tenders(new_tenders, user, reason)
        rows_written.send(sender=Procurement)
    return ImportResult(
        procurements_created=plan.procurements_created,
        procurements_updated=plan.procurements_updated,
        procurements_unchanged=plan.procurements_unchanged,
        tenders_created=plan.tenders_created,
        tenders_updated=plan.tenders_updated,
    )


@dataclass(frozen=True)
class ImportOutcome:
    plan: ImportPlan  # or the plan items' ``PlanItemImport``: what the file would do
    result: ImportResult | None  # None: the plan has errors (or nothing to change)


def import_table(table: Table, *, check: Callable, commit: Callable, user=None) -> ImportOutcome:
    """Check ``table`` against the database as it is now and commit it: all or nothing.

    ``check`` works out what the file would do (an object with ``can_commit``);
    ``commit`` does it. Both run in one transaction.
    """
    try:
        with transaction.atomic():
            plan = check(table)
            if not plan.can_commit:
                return ImportOutcome(plan, None)
            return ImportOutcome(plan, commit(plan, user=user))
    except IntegrityError:
        logger.warning("Import hit an integrity error", exc_info=True)
        raise ImportRefused(_(REGISTER_CHANGED)) from None


def import_file(data: bytes, file_name: str, *, user=None) -> ImportOutcome:
    """Read, validate against the register as it is now, and commit: all or nothing."""
    return import_table(
        read_table(data, file_name), check=plan_import, commit=commit_import, user=user
    )
