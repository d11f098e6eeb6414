from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoadersConfig(AppConfig):
    """Loading the plan data file, whose sections belong to the apps below it.

    ``load_plan`` reads and loads the plan (indicators) and its budget (budget)
    together, all or nothing; it lives here so that neither app imports the other
    back.
    """

    name = "loaders"
    verbose_name = _("Loading the plan")
