"""Results built from the plan, the register, the budget and the follow-up, cached.

A result built from the data stays right as long as the data does, so it is
kept in Django's cache under a key that includes the data version
(``reports.data_version``): after a write the version is new, the key differs,
and the result is built again. Reading costs one query for the version (and,
with the database cache, one for the entries), whatever the size of the
register.

``cached_html`` keeps the part of a page every reader sees alike (no user's
name, no form, no CSRF token) as rendered HTML, so that a page read again
renders little more than its frame.

A read of a page (``one_version``, around every read-only request: see
``reports.middleware``) reads the version once, at its first cached read, and
uses it for all the others: the page's data, its body and the demo banner
cost one query for the version together.

Results cached on the way while another is computed (a page's data needs the
quarter's follow-up, which needs the figures) are cached under the version the
outer computation read: the version is read once per computation. Whatever
they read is at least as new as that version, so nothing older than a version
is ever cached under it.
"""

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from reports.data_version import current_version

Item = TypeVar("Item", bound=Hashable)
Result = TypeVar("Result")

TIMEOUT = 24 * 60 * 60
"""Seconds an entry stays cached; a new data version makes it unused sooner."""

_computing_under: ContextVar[str | None] = ContextVar("computing_under", default=None)
"""The version the computation under way read, for what it caches on its way."""

_read_once: ContextVar[list[str | None] | None] = ContextVar("read_once", default=None)
"""Inside ``one_version``: empty, then the version read first."""


@contextmanager
def one_version() -> Iterator[None]:
    """Every cached read inside uses the data version the first of them read.

    Only for what writes nothing the data version watches (a read-only request):
    a write inside would not be seen by the reads after it.
    """
    scope = _read_once.set([])
    try:
        yield
    finally:
        _read_once.reset(scope)


def _version() -> str | None:
    computing = _computing_under.get()
    if computing is not None:
        return computing
    read = _read_once.get()
    if read is None:
        return current_version()
    if not read:
        read.append(current_version())
    return read[0]


def cached_for_each(
    items: Sequence[Item],
    *,
    key: Callable[[Item], str],
    compute: Callable[[list[Item]], list[Result]],
) -> list[Result]:
    """``compute(items)``, with the items already computed under this version read from the cache.

    ``key`` names an item's result (the version is added to it); ``compute``
    is called at most once, with the items missing, each once, in order.
    """
    version = _version()
    if version is None:  # nothing has been written yet
        return compute(list(items))
    keys = {item: f"{version}:{key(item)}" for item in items}
    found = cache.get_many(list(keys.values()))
    missing = [item for item, name in keys.items() if name not in found]
    if missing:
        computing = _computing_under.set(version)
        try:
            results = compute(missing)
        finally:
            _computing_under.reset(computing)
        computed = dict(zip((keys[item] for item in missing), results, strict=True))
        cache.set_many(computed, timeout=TIMEOUT)
        found |= computed
    return [found[keys[item]] for item in items]


def cached(key: str, compute: Callable[[], Result]) -> Result:
    """``compute()``, cached under ``key`` and the data version."""
    return cached_for_each([key], key=str, compute=lambda _keys: [compute()])[0]


def cached_html(key: str, template: str, context: Callable[[], dict]) -> str:
    """``template`` rendered with ``context()``, cached under ``key``, the language and the
    data version.

    ``context`` is called only to render, under the version the HTML is cached
    under: the data must be read inside it, not before.
    """
    return cached(f"html:{key}:{get_language()}", lambda: render_to_string(template, context()))
