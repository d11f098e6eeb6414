"""A read-only request reads the data version once."""

from reports.version_cache import one_version

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


class OneDataVersionPerRead:
    """Around a GET, HEAD or OPTIONS request, every cached read uses the data version read first.

    A page reads several things cached under the version (its data, its body,
    the demo banner); one query for the version serves them all. Requests that
    may write (POST) read it afresh each time, so that what they show after a
    write includes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_ONLY:
            return self.get_response(request)
        with one_version():
            return self.get_response(request)
