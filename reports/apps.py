from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Quarterly follow-up")

    def ready(self):
        from reports import (
            checks,  # noqa: F401  (registers the system checks)
            data_version,
        )

        data_version.connect(self)
