"""The page shown instead of the login form while repeated failures lock a user out."""

from axes.helpers import get_client_username, get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

TOO_MANY_REQUESTS = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE, for the login page and the admin's login.

    The lock-out lasts the cool-off time from the latest failed attempt, which is
    this one: every attempt made while locked out starts the cool-off again.
    """
    attempted_at = getattr(request, "axes_attempt_time", None) or timezone.now()
    return render(
        request,
        "registration/locked_out.html",
        {
            "username": get_client_username(request, credentials) or "",
            "try_again_at": attempted_at + get_cool_off(request),
        },
        status=TOO_MANY_REQUESTS,
    )
