"""The data version: when figures computed from the register and the budget may change.

Every write to a row the computed indicators are computed from replaces the
token of the one ``DataVersion`` row, in the same transaction and after the
write: a procurement, its municipalities, a tender, a review appeal, a budget
line or a quarterly figure, saved or deleted one by one (Django's model
signals) or in bulk (``procurements.signals.register_changed`` and
``budget.signals.budget_changed``, sent by the paths that bypass the model
signals). Other readers see the new token exactly when they see the new rows,
so a figure cached under a token (``reports.computation``) always is the
figure of the data as it stands under that token.

``manage.py migrate`` replaces the token too: a deploy that changes how a
figure is computed runs it, and no figure computed by the earlier code is
served afterwards.
"""

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from budget.models import BudgetLine, QuarterlyFigure
from budget.signals import budget_changed
from procurements.models import Procurement, ReviewAppeal, Tender
from procurements.signals import register_changed
from reports.models import DataVersion

ROW = 1
"""The primary key of the one row."""

COMPUTED_FROM = (Procurement, Tender, ReviewAppeal, BudgetLine, QuarterlyFigure)
"""The models whose rows computed figures are computed from."""


def current_version() -> str | None:
    """The token figures are cached under, in one query; None before the first write."""
    token = DataVersion.objects.filter(pk=ROW).values_list("token", flat=True).first()
    return None if token is None else token.hex


def raise_version(*, model=DataVersion) -> None:
    """Give the data a new token (after a write, in the writing transaction).

    ``model`` is the historical model while migrating.
    """
    token = uuid.uuid4()
    if not model.objects.filter(pk=ROW).update(token=token):
        model.objects.create(pk=ROW, token=token)


def _on_write(**_signal):
    raise_version()


def _on_municipalities_changed(*, action: str, **_signal):
    if action.startswith("post_"):
        raise_version()


def _on_migrate(*, apps=None, **_signal):
    """After migrate (``apps``: the migrated state) and flush (no ``apps``)."""
    if apps is None:
        raise_version()
        return
    try:
        model = apps.get_model("reports", "DataVersion")
    except LookupError:  # migrated back to before the data version existed
        return
    raise_version(model=model)


def connect(app_config) -> None:
    """Listen to every write computed figures depend on; called once, when the app is ready."""
    for model in COMPUTED_FROM:
        post_save.connect(_on_write, sender=model, dispatch_uid=f"data_version_save_{model}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"data_version_delete_{model}")
    m2m_changed.connect(
        _on_municipalities_changed,
        sender=Procurement.municipalities.through,
        dispatch_uid="data_version_municipalities",
    )
    register_changed.connect(_on_write, dispatch_uid="data_version_register")
    budget_changed.connect(_on_write, dispatch_uid="data_version_budget")
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="data_version_migrate")
