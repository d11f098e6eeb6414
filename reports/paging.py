"""Long lists of a page shown ``PER_PAGE`` rows at a time, each list with its own page number.

A drill-down can list tens of thousands of rows; a page of them renders in a
fixed time. Several lists on one page each take their page number from their
own parameter of the address, and their links keep the others' and lead back
to the list (``anchor``). A page number that is not one gives the first page,
one past the end the last: an address never fails.

A page of a queryset is read by its keys first, then its rows by key: a deep
page of rows annotated with subqueries (tenders, municipalities) does not
compute them for every row before it. Three queries a list: its count, the
page's keys and the page's rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

PER_PAGE = 100


class KeyedPaginator(Paginator):
    """Pages of an ordered queryset, each read as its keys, then its rows by key."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_key = self.object_list.in_bulk(keys)
        return self._get_page([by_key[key] for key in keys if key in by_key], number, self)


@dataclass(frozen=True)
class PageLink:
    """A numbered link in the page list; ``url`` None for the gap ("…") between numbers."""

    number: int | str
    url: str | None
    current: bool = False


@dataclass(frozen=True)
class Paged:
    """One page of a list, the number of rows in the whole list, and links to the others."""

    page: Page
    links: list[PageLink]
    previous_url: str | None
    next_url: str | None

    @property
    def count(self) -> int:
        return self.page.paginator.count

    def __iter__(self):
        return iter(self.page)


def paged(
    rows: QuerySet | Sequence, query: QueryDict, *, parameter: str = "page", anchor: str = ""
) -> Paged:
    """The page of ``rows`` the address's ``parameter`` asks for; a queryset must be ordered."""
    paginator_class = KeyedPaginator if isinstance(rows, QuerySet) else Paginator
    page = paginator_class(rows, PER_PAGE).get_page(query.get(parameter))

    def url(number: int) -> str:
        other = query.copy()
        other[parameter] = str(number)
        return f"?{other.urlencode()}" + (f"#{anchor}" if anchor else "")

    links = [
        PageLink(number, url(number), current=number == page.number)
        if isinstance(number, int)
        else PageLink(str(number), None)
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Paged(
        page=page,
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else None,
        next_url=url(page.next_page_number()) if page.has_next() else None,
    )
