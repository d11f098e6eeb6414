"""Signals the register sends where Django sends none.

Writes in bulk (``QuerySet.update``, ``bulk_create``, ``bulk_update``, raw
inserts and deletes of the import and of demo data) bypass ``save()`` and
``delete()`` and so send no model signals. They send ``register_changed``
instead, inside their transaction, so that whatever follows the register (the
cached figures in ``reports``) learns that it changed without this app knowing
who listens.
"""

from django.db import models
from django.dispatch import Signal

register_changed = Signal()
"""Rows of the register were written in bulk; ``sender`` is the model written."""


class RegisterQuerySet(models.QuerySet):
    """A register model's rows: every write in bulk sends ``register_changed``."""

    def update(self, **values):
        rows = super().update(**values)
        register_changed.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        register_changed.send(sender=self.model)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        register_changed.send(sender=self.model)
        return rows
