from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Made-up data for trying gnu-plan: a history of the register, budget and follow-up,
    the demo users of each role, and the banner every page shows while demo rows exist.

    It may use every other app; no app uses it, so that removing it leaves the
    product whole.
    """

    name = "demo"
    verbose_name = _("Demo data")
