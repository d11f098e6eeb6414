"""Signals the budget sends where Django sends none.

Writes in bulk (``QuerySet.update``, ``bulk_create``, ``bulk_update``, the raw
deletes of demo figures) bypass ``save()`` and ``delete()`` and so send no
model signals. They send ``budget_changed`` instead, inside their transaction,
so that whatever follows the budget (the cached figures in ``reports``) learns
that it changed.
"""

from django.db import models
from django.dispatch import Signal

budget_changed = Signal()
"""Budget rows were written in bulk; ``sender`` is the model written."""


class BudgetQuerySet(models.QuerySet):
    """A budget model's rows: every write in bulk sends ``budget_changed``."""

    def update(self, **values):
        rows = super().update(**values)
        budget_changed.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        budget_changed.send(sender=self.model)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        budget_changed.send(sender=self.model)
        return rows
