"""Permissions are read in one query and cached under the data version.

Every change of who may do what must hold from the next request on, so each
way of changing it is tried here: a person's groups, own permissions, status
and superuser flag, a group's permissions, a group or a permission removed.
"""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User

from accounts.roles import COMMITTEE_MEMBER
from reports.permissions import CachedPermissionsBackend
from tests.admin_helpers import admin_form_data

pytestmark = pytest.mark.django_db

VIEW_PERIOD = "reports.view_period"


def _permissions(user: User) -> frozenset[str]:
    """What the backend gives the user as a new request loads them."""
    return CachedPermissionsBackend().get_all_permissions(User.objects.get(pk=user.pk))


def _djangos(user: User) -> set[str]:
    return ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))


def test_a_role_member_has_the_same_permissions_as_with_djangos_backend(committee_member):
    committee_member.user_permissions.add(Permission.objects.get(codename="add_procurement"))

    permissions = _permissions(committee_member)

    assert permissions == _djangos(committee_member)
    assert "procurements.add_procurement" in permissions  # the user's own
    assert VIEW_PERIOD in permissions  # the group's


@pytest.mark.parametrize("role", ["chef", "procurement_officer", "user_without_role"])
def test_each_role_has_the_same_permissions_as_with_djangos_backend(request, role):
    user = request.getfixturevalue(role)

    assert _permissions(user) == _djangos(user)


def test_a_superuser_has_every_permission(admin_user):
    permissions = _permissions(admin_user)

    assert len(permissions) == Permission.objects.count()
    assert "reports.adopt_period" in permissions


def test_permissions_on_an_object_are_not_given(chef):
    some_permission = Permission.objects.first()

    assert CachedPermissionsBackend().get_all_permissions(chef, obj=some_permission) == set()


def test_permissions_are_read_in_one_query_and_then_from_the_cache(
    committee_member, django_assert_num_queries
):
    backend = CachedPermissionsBackend()
    first_request = User.objects.get(pk=committee_member.pk)
    second_request = User.objects.get(pk=committee_member.pk)

    with django_assert_num_queries(2):  # the data version, the permissions
        assert backend.has_perm(first_request, VIEW_PERIOD)
    with django_assert_num_queries(1):  # the data version
        assert backend.has_perm(second_request, VIEW_PERIOD)
        assert not backend.has_perm(second_request, "reports.adopt_period")


def test_leaving_a_group_takes_its_permissions_at_once(committee_member):
    assert VIEW_PERIOD in _permissions(committee_member)

    committee_member.groups.clear()

    assert _permissions(committee_member) == frozenset()


def test_joining_a_group_gives_its_permissions_at_once(user_without_role):
    assert _permissions(user_without_role) == frozenset()

    Group.objects.get(name=COMMITTEE_MEMBER).user_set.add(user_without_role)

    assert VIEW_PERIOD in _permissions(user_without_role)


def test_a_group_losing_a_permission_takes_it_from_its_members_at_once(committee_member):
    assert VIEW_PERIOD in _permissions(committee_member)

    Group.objects.get(name=COMMITTEE_MEMBER).permissions.remove(
        Permission.objects.get(codename="view_period")
    )

    assert VIEW_PERIOD not in _permissions(committee_member)


def test_removing_a_group_takes_its_permissions_at_once(committee_member):
    assert VIEW_PERIOD in _permissions(committee_member)

    Group.objects.get(name=COMMITTEE_MEMBER).delete()

    assert _permissions(committee_member) == frozenset()


def test_removing_a_permission_takes_it_from_everyone_at_once(committee_member):
    assert VIEW_PERIOD in _permissions(committee_member)

    Permission.objects.get(codename="view_period").delete()

    assert VIEW_PERIOD not in _permissions(committee_member)


def test_a_users_own_permission_taken_away_goes_at_once(user_without_role):
    add_procurement = Permission.objects.get(codename="add_procurement")
    user_without_role.user_permissions.add(add_procurement)
    assert _permissions(user_without_role) == {"procurements.add_procurement"}

    user_without_role.user_permissions.remove(add_procurement)

    assert _permissions(user_without_role) == frozenset()


def test_a_superuser_made_an_ordinary_user_loses_every_permission_at_once(admin_user):
    assert "reports.adopt_period" in _permissions(admin_user)

    admin_user.is_superuser = False
    admin_user.save()

    assert _permissions(admin_user) == frozenset()


def test_a_deactivated_user_has_no_permissions_whatever_is_cached(chef):
    assert VIEW_PERIOD in _permissions(chef)

    User.objects.filter(pk=chef.pk).update(is_active=False)  # no signal: the version stays

    assert _permissions(chef) == frozenset()


def test_a_demoted_superuser_is_never_given_the_superusers_cached_permissions(admin_user):
    """As if the demotion came between the request's loading the user and its reading the
    version: the version is the same, the set cached for the superuser is not used."""
    assert "reports.adopt_period" in _permissions(admin_user)

    User.objects.filter(pk=admin_user.pk).update(is_superuser=False)  # no signal

    assert _permissions(admin_user) == frozenset()


def test_a_member_removed_from_the_committee_in_the_admin_gets_403_on_the_next_page(
    committee_member, admin_user, client
):
    client.force_login(committee_member)
    assert client.get("/").status_code == 200
    client.force_login(admin_user)
    url = f"/admin/auth/user/{committee_member.pk}/change/"
    data = admin_form_data(client.get(url)) | {"groups": []}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    client.force_login(committee_member)
    assert client.get("/").status_code == 403
