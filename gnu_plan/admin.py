import re
from functools import wraps

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, PermissionDenied
from django.utils.translation import gettext_lazy as _

# Every model's key is a (big) integer: a selection of anything else was forged.
_KEY = re.compile(r"[0-9]{1,19}")


class GnuPlanAdminSite(admin.AdminSite):
    """The admin, answering 403 to signed-in users who may not use it.

    Django's admin sends such users to its own login form, which reads as
    if they had been signed out; a refusal says what really happened. An
    action on rows whose keys are not numbers is refused with 400 (Django's
    admin would fail with a 500 turning them into keys).
    """

    site_header = _("gnu-plan administration")
    site_title = _("gnu-plan")
    index_title = _("Plan, register and users")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def refuse_signed_in_outsiders(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            if not all(map(_KEY.fullmatch, request.POST.getlist(ACTION_CHECKBOX_NAME))):
                raise BadRequest("An admin action on rows that do not exist.")
            return inner(request, *args, **kwargs)

        return refuse_signed_in_outsiders

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)
