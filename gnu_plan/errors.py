"""The page shown when a form fails Django's CSRF check (settings.CSRF_FAILURE_VIEW)."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """Django's own page is in English and speaks of CSRF; this one says what to do.

    Rendering the page issues a fresh CSRF token, so reloading the form and sending
    it again works.
    """
    return render(
        request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403
    )
