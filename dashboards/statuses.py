"""Statuses counted and compared: pure functions over the follow-up's statuses.

A goal card says how many of its indicators are met, partly met, not met or
without data, and how its status and its indicators' statuses moved since the
previous quarter. Met is better than partly met, which is better than not met;
a move to or from "no data" or "no target" is a change without a direction.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import ngettext, pgettext_lazy

from indicators.fulfilment import Status

RANK = {Status.NOT_MET: 0, Status.PARTLY_MET: 1, Status.MET: 2}
ORDER = (Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.NO_DATA, Status.NO_TARGET)


class Change(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]

    @property
    def symbol(self) -> str:
        """Shown beside the label: a change is never told by an arrow or a colour alone."""
        return _CHANGE_SYMBOLS[self]


_CHANGE_LABELS = {
    Change.BETTER: pgettext_lazy("status change", "better"),
    Change.WORSE: pgettext_lazy("status change", "worse"),
    Change.CHANGED: pgettext_lazy("status change", "changed"),
    Change.UNCHANGED: pgettext_lazy("status change", "unchanged"),
}
_CHANGE_SYMBOLS = {
    Change.BETTER: "↑",
    Change.WORSE: "↓",
    Change.CHANGED: "↔",
    Change.UNCHANGED: "=",
}


def status_change(previous: Status, current: Status) -> Change:
    if previous == current:
        return Change.UNCHANGED
    if previous in RANK and current in RANK:
        return Change.BETTER if RANK[current] > RANK[previous] else Change.WORSE
    return Change.CHANGED


@dataclass(frozen=True)
class StatusCount:
    status: Status
    count: int

    @property
    def text(self) -> str:
        """ "3 uppfyllda", "1 delvis", "2 ej uppfyllda", "1 utan uppgift"."""
        count = self.count
        texts = {
            Status.MET: ngettext("%(count)s met", "%(count)s met", count),
            Status.PARTLY_MET: ngettext("%(count)s partly met", "%(count)s partly met", count),
            Status.NOT_MET: ngettext("%(count)s not met", "%(count)s not met", count),
            Status.NO_DATA: ngettext("%(count)s without data", "%(count)s without data", count),
            Status.NO_TARGET: ngettext(
                "%(count)s without a target", "%(count)s without a target", count
            ),
        }
        return texts[self.status] % {"count": count}


def count_statuses(statuses: Iterable[Status]) -> list[StatusCount]:
    """How many have each status, met first; statuses that none has are left out."""
    counts = Counter(statuses)
    return [StatusCount(status, counts[status]) for status in ORDER if counts[status]]
