"""A quarter of a year: its dates and its names, as a small value.

The follow-up, the budget and the dashboards all speak of quarters; this is
the one place that knows when a quarter begins and ends and what it is called.
Values during a year are year to date, so a quarter also gives the window from
1 January to its last day.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

QUARTERS = (1, 2, 3, 4)
_FIRST_MONTH = {1: 1, 2: 4, 3: 7, 4: 10}
_LAST_DAY = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self):
        if self.quarter not in QUARTERS:
            raise ValueError(f"quarter must be 1–4, not {self.quarter!r}")

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        """The quarter's first day."""
        return datetime.date(self.year, _FIRST_MONTH[self.quarter], 1)

    @property
    def end(self) -> datetime.date:
        """The quarter's last day, also the last day of its year to date."""
        return datetime.date(self.year, *_LAST_DAY[self.quarter])

    @property
    def year_start(self) -> datetime.date:
        """1 January: the first day of the quarter's year to date."""
        return datetime.date(self.year, 1, 1)

    @property
    def short_label(self) -> str:
        """ "Kv2" in Swedish, "Q2" in English."""
        return _("Q%(quarter)s") % {"quarter": self.quarter}

    @property
    def label(self) -> str:
        """ "Kv2 2023" in Swedish, "Q2 2023" in English."""
        return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}

    @property
    def long_label(self) -> str:
        """ "kvartal 2 2023" in Swedish, "quarter 2 2023" in English, for sentences."""
        return _("quarter %(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}

    def previous(self) -> "Quarter":
        """The quarter before this one: Q4 of last year before Q1."""
        if self.quarter > 1:
            return Quarter(self.year, self.quarter - 1)
        return Quarter(self.year - 1, QUARTERS[-1])

    def a_year_earlier(self) -> "Quarter":
        """The same quarter of the previous year, whose year to date this one is compared with."""
        return Quarter(self.year - 1, self.quarter)

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}"
