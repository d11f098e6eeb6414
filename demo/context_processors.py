"""The demo banner: every page says so while any made-up demo rows exist.

Every model with demo rows is watched by the data version, so whether any
exist is asked once per version (``reports.version_cache``), not per page.
"""

import functools

from django.apps import apps
from django.db import models
from django.utils.functional import SimpleLazyObject
from simple_history.models import HistoricalChanges

from reports.version_cache import cached


def demo_data(request):
    """``demo_data_present``: whether any made-up rows exist, asked when a page shows the banner."""
    return {"demo_data_present": SimpleLazyObject(lambda: cached("demo-data", demo_data_present))}


@functools.cache
def _models_with_demo_rows() -> tuple[type[models.Model], ...]:
    return tuple(
        model
        for model in apps.get_models()
        if not issubclass(model, HistoricalChanges)
        and any(
            f.name == "is_demo" and isinstance(f, models.BooleanField) for f in model._meta.fields
        )
    )


def demo_data_present() -> bool:
    """Whether any made-up demo rows exist, in any app: one EXISTS query.

    Every installed model with a boolean ``is_demo`` field counts, so the budget's
    demo rows join in without changing this function.
    """
    querysets = [
        model._default_manager.filter(is_demo=True).values_list("is_demo")
        for model in _models_with_demo_rows()
    ]
    if not querysets:
        return False
    first, *rest = querysets
    return (first.union(*rest, all=True) if rest else first).exists()
