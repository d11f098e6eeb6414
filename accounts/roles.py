"""The three roles of gnu-plan as Django groups, and what each may do.

Views check model permissions, never group names, so that an administrator
can give a person a narrower or wider set of rights in the admin. The groups
are brought in line with this table after every ``migrate``.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CHEF = "chef"
PROCUREMENT_OFFICER = "upphandlare"
COMMITTEE_MEMBER = "nämndledamot"

READ = ("view",)
EDIT = ("view", "add", "change", "delete")

# Apps whose data is part of the follow-up; apps not installed yet are skipped.
FOLLOW_UP_APPS = ("indicators", "procurements", "budget", "followup", "reports")

ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    CHEF: {app: EDIT for app in FOLLOW_UP_APPS},
    PROCUREMENT_OFFICER: {
        **{app: READ for app in FOLLOW_UP_APPS},
        "procurements": EDIT,
    },
    COMMITTEE_MEMBER: {app: READ for app in FOLLOW_UP_APPS},
}

# Extra permissions by codename, beyond the model defaults (e.g. adopting a period).
ROLE_EXTRA_PERMISSIONS: dict[str, tuple[str, ...]] = {CHEF: ("reports.adopt_period",)}


def permissions_for(role: str):
    condition = Q(pk__in=[])
    for app_label, actions in ROLE_PERMISSIONS[role].items():
        for action in actions:
            condition |= Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    for codename in ROLE_EXTRA_PERMISSIONS.get(role, ()):
        app_label, _, name = codename.partition(".")
        condition |= Q(content_type__app_label=app_label, codename=name)
    return Permission.objects.filter(condition)


def sync_roles(**kwargs) -> None:
    for role in ROLE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role))
