import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from accounts.roles import CHEF, COMMITTEE_MEMBER, PROCUREMENT_OFFICER
from demo.users import DEMO_USERS

pytestmark = pytest.mark.django_db


def _codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_the_three_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        CHEF,
        PROCUREMENT_OFFICER,
        COMMITTEE_MEMBER,
    }


def test_committee_member_may_only_read():
    codenames = _codenames(COMMITTEE_MEMBER)
    assert "view_indicator" in codenames
    assert all(codename.startswith("view_") for codename in codenames)


def test_chef_may_change_the_plan():
    assert {"change_indicator", "change_target", "add_baseline"} <= _codenames(CHEF)


def test_procurement_officer_reads_the_plan_but_cannot_change_it():
    codenames = _codenames(PROCUREMENT_OFFICER)
    assert "view_indicator" in codenames
    assert "change_indicator" not in codenames


def test_demo_users_get_one_role_each_and_their_printed_passwords_work(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert user.check_password(demo.password)
        assert demo.password in out.getvalue()
        assert list(user.groups.values_list("name", flat=True)) == (
            [demo.role] if demo.role else []
        )
    assert User.objects.get(username="admin").is_superuser


def test_demo_users_are_refused_when_debug_is_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_demo_users", stdout=io.StringIO())
