from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """What the committee reads: the start page, goals, indicators and municipalities."""

    name = "dashboards"
    verbose_name = _("Dashboards")
