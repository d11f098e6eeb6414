"""Demo users, one per role, for trying gnu-plan on a developer's machine."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from accounts.roles import CHEF, COMMITTEE_MEMBER, PROCUREMENT_OFFICER


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str | None
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("chef", "chef-demo", "Cecilia", "Chef", CHEF, is_staff=True),
    DemoUser("upphandlare", "upphandlare-demo", "Ulf", "Upphandlare", PROCUREMENT_OFFICER),
    DemoUser("ledamot", "ledamot-demo", "Lena", "Ledamot", COMMITTEE_MEMBER),
    DemoUser("admin", "admin-demo", "Adam", "Admin", None, is_staff=True, is_superuser=True),
)


def create_demo_users() -> list[DemoUser]:
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = demo.first_name, demo.last_name
        user.is_staff, user.is_superuser = demo.is_staff, demo.is_superuser
        user.set_password(demo.password)
        user.save()
        user.groups.set([Group.objects.get(name=demo.role)] if demo.role else [])
    return list(DEMO_USERS)
