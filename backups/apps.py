from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """``manage.py backup`` and ``manage.py restore``: the database and the report archive.

    It imports no other app; after a restore it runs ``verify_reports`` by name,
    so it stands above the reports it checks.
    """

    name = "backups"
    verbose_name = _("Backups")
