"""Who may do what, read once per data version instead of on every request.

Every page checks permissions (its view and its menu), and Django's
``ModelBackend`` reads a user's own permissions and their groups' in two
queries a request: the largest share of what a cached page costs to serve.
This backend reads both in one query and keeps the result in the cache under
the data version, which every change of a person's groups, permissions,
status or rights replaces (``reports.data_version``): an administrator's
change holds from the next request on, in every process. Such changes must
go through Django's models (the admin, a model's ``save``, a many-to-many
manager), whose signals replace the version; an ``update()`` on users or SQL
written around them is not seen until the next write.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from reports.version_cache import cached


class CachedPermissionsBackend(ModelBackend):
    """``ModelBackend`` with the permissions read in one query and cached under the data version.

    Logging in, ``is_active``, the check on each call and the per-request cache
    on the user are ``ModelBackend``'s.
    """

    def get_all_permissions(self, user_obj, obj=None) -> frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return frozenset()
        if not hasattr(user_obj, "_perm_cache"):
            # The superuser flag is in the key: a person demoted while the request that
            # loaded them was under way must not leave a superuser's set under the new version.
            key = f"permissions:{user_obj.pk}:{int(user_obj.is_superuser)}"
            user_obj._perm_cache = cached(key, lambda: read_permissions(user_obj))
        return user_obj._perm_cache


def read_permissions(user) -> frozenset[str]:
    """The user's own permissions and their groups', as ``app_label.codename``: one query."""
    names = Permission.objects.order_by().values_list("content_type__app_label", "codename")
    if user.is_superuser:
        granted = names
    else:
        granted = names.filter(user=user).union(names.filter(group__user=user))
    return frozenset(f"{app_label}.{codename}" for app_label, codename in granted)
