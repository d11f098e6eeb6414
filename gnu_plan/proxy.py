"""The client's address, as seen through the TLS reverse proxy when there is one."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address the login lock-out counts failures for.

    Behind the proxy every request comes from the proxy's own address; the client's
    is the last one in X-Forwarded-For, the one the proxy itself added (earlier
    entries come from the client and can be made up).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")
