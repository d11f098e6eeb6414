"""A signal for writes that send no model signal.

Django sends ``post_save`` and ``post_delete`` for rows saved and deleted one
by one, but nothing for ``QuerySet.update``, ``bulk_create``, ``bulk_update``
or raw deletes. The models the follow-up is built from (the plan, the
register, the budget, the follow-up's own rows) use ``SignallingQuerySet``,
which sends ``rows_written`` after each of those; ``raw_delete`` sends it, and
so does code that inserts rows with SQL of its own. Whoever must know that the
data changed (the cached figures and follow-ups in ``reports``) listens,
without the writing app knowing who.
"""

from django.db import models
from django.dispatch import Signal

rows_written = Signal()
"""Rows were written without model signals; ``sender`` is the model written."""


class SignallingQuerySet(models.QuerySet):
    """Rows whose writes in bulk send ``rows_written``."""

    def update(self, **values):
        rows = super().update(**values)
        rows_written.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        rows_written.send(sender=self.model)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        rows_written.send(sender=self.model)
        return rows


def raw_delete(queryset: models.QuerySet) -> int:
    """Delete without loading rows or sending model signals (so no history rows are written),
    then send ``rows_written``."""
    deleted = queryset._raw_delete(queryset.db)
    rows_written.send(sender=queryset.model)
    return deleted
