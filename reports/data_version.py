"""The data version: when what the follow-up is built from may have changed.

Every write to a row of the apps the follow-up is built from (the plan in
``indicators``, the register in ``procurements``, the ``budget`` and the
follow-up's own rows in ``reports``) replaces the token of the one
``DataVersion`` row, in the same transaction and after the write: rows saved
or deleted one by one (Django's model signals, many-to-many changes included)
and rows written in bulk (``indicators.signals.rows_written``, sent by every
model's ``SignallingQuerySet`` and by the raw deletes). Other readers see the
new token exactly when they see the new rows, so what is cached under a token
(``reports.version_cache``) is always what the data under that token gives.

A change of the name of a person who adopted a period replaces it too, since
the follow-up names them, and so does removing a person (whose name the
budget's figures then lose); a login, which only writes the time of the last
login, does not. Every change of who may do what replaces it as well (a
person's status, groups and permissions, a group's permissions, a group or a
permission removed), since permissions are cached under the version too
(``reports.permissions``). ``manage.py migrate``, which every deploy runs,
replaces it too: nothing computed by earlier code is served afterwards.
"""

import uuid

from django.apps import apps as installed_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from indicators.signals import rows_written
from reports.models import DataVersion

ROW = 1
"""The primary key of the one row."""

FOLLOWED_APPS = ("indicators", "procurements", "budget", "reports")
"""The apps whose rows the follow-up is built from: every model of theirs is watched ..."""

UNWATCHED = frozenset({"reports.AdoptedRow", "reports.CommitteeMeeting", "reports.DataVersion"})
"""... but these: the rows kept behind adopted values are read only by the adopted
drill-down, which is not cached, and are deleted by the thousand in one statement
(a watched model's rows are deleted one by one, to signal each); the meeting
calendar, read by the pages' frames and the entry, never by what is cached (and
written daily by the reminders); the version itself."""

PERMISSION_MODELS = (Group, Permission)
"""Besides the users, the models that say who may do what: a write to them replaces the
token, as to a person's groups and permissions, since permissions are cached under it."""


def watched_models() -> list:
    """The models whose writes replace the token: those of ``FOLLOWED_APPS``, not their history."""
    return [
        model
        for label in FOLLOWED_APPS
        for model in installed_apps.get_app_config(label).get_models()
        if model._meta.label not in UNWATCHED and not hasattr(model, "instance_type")  # history
    ]


def current_version() -> str | None:
    """The token results are cached under, in one query; None before the first write."""
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


def _on_many_to_many(*, action: str, **_signal):
    if action.startswith("post_"):
        raise_version()


def _on_user_saved(*, update_fields=None, **_signal):
    if update_fields is None or set(update_fields) - {"last_login"}:
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
    """Listen to every write the follow-up depends on; called once, when the app is ready."""
    for model in [*watched_models(), *PERMISSION_MODELS]:
        label = model._meta.label
        post_save.connect(_on_write, sender=model, dispatch_uid=f"data_version_save_{label}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"data_version_delete_{label}")
        _connect_many_to_many(model)
    user = get_user_model()
    post_save.connect(_on_user_saved, sender=user, dispatch_uid="data_version_user")
    post_delete.connect(_on_write, sender=user, dispatch_uid="data_version_user_deleted")
    _connect_many_to_many(user)  # a person's groups and permissions
    rows_written.connect(_on_write, dispatch_uid="data_version_rows_written")
    post_migrate.connect(_on_migrate, sender=app_config, dispatch_uid="data_version_migrate")


def _connect_many_to_many(model) -> None:
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _on_many_to_many,
            sender=field.remote_field.through,
            dispatch_uid=f"data_version_m2m_{model._meta.label}_{field.name}",
        )
