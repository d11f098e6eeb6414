"""The load balancer's health check: ``/healthz`` answers "ok" while the database does.

It is answered by the first middleware, before anything else looks at the request:
a load balancer calls the server directly by its address over plain HTTP, without a
session, so host validation, the HTTPS redirect, the login requirement and the
lock-out must not stand in its way.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_error() -> DatabaseError | None:
    """None while the database answers a query, else what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return error
    return None


def health_response(request: HttpRequest) -> HttpResponse:
    error = database_error()
    if error is None:
        response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(
            "database unavailable", content_type="text/plain; charset=utf-8", status=503
        )
        # Logged here with the reason, and so only once (Django logs a 503 too otherwise).
        log_response(
            "Health check failed: the database did not answer (%s)",
            str(error).strip(),
            response=response,
            request=request,
            logger=logger,
        )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return health_response(request)
        return self.get_response(request)
