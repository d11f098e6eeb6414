from django.contrib.admin.apps import AdminConfig


class GnuPlanAdminConfig(AdminConfig):
    default_site = "gnu_plan.admin.GnuPlanAdminSite"
