"""The fulfilment engine: how far an indicator, and a goal, meets its target.

Pure functions on ``Decimal`` values; nothing here touches the database, so the
rules can be read and tested on their own. Values during a year are *year to
date*: the value given for Q2 covers January–June, and Q4 is the year end.

Indicator status (``judge``)
    * **No target** – the indicator is followed only, has no target for the
      year, or the year is a zero measurement (nollmätning).
    * **No data** – there is a target but no value yet. Missing data is never
      read as 0.
    * **Met / partly met / not met** – the value compared with the target.

    The comparator (≥ > ≤ <) decides which side of the target value meets it;
    the indicator's direction only tells whether it is judged at all (follow
    only is not) and is used for trend and progress.

Pro rata (``TargetRule.cumulative``)
    An annual count or hours target, such as "at least 250 contract follow-ups
    in 2023", accumulates over the year. A year-to-date value is judged against
    the quarter's share of the year: Q1 expects a quarter, Q2 half, Q3 three
    quarters and Q4 all of it (``expected_by_quarter``). Shares, means, indexes
    and ranks are not cumulative: their year-to-date value is judged against the
    target as it stands. ``is_cumulative`` gives the default from an indicator's
    unit and frequency.

Partly met (``DEFAULT_PARTLY_BAND``)
    A value that misses the (pro rata) target value by at most 10 % of that
    target value is *partly met*: for "≥ 80 %" that is 72 ≤ value < 80, for
    "< 3,0 %" it is 3,0 ≤ value ≤ 3,3. The band is a share of the target value,
    adjustable per indicator with ``TargetRule.partly_band``. A band of 0, or a
    target value of 0 (such as "at most 0 deviations"), leaves no room for
    partly met: such a target is either met or not.

Size (``TargetRule.on_size``)
    A value whose sign means something of its own, such as a deviation from
    budget (negative is a deficit), is judged on its size: "< 3,0 %" is met by
    a surplus of 2,1 % and by a deficit of −2,1 %, and a deficit of −8,8 %
    misses it as much as a surplus of 8,8 %. Trend and progress then compare
    sizes as well.

Decrease (``Kind.DECREASE``, "ska minska")
    Met when the value is lower than the previous year's value (pro rata when
    cumulative), otherwise not met: an unchanged value has not decreased, and
    the band does not apply because the target is a direction, not a level.
    When the previous year's value is missing the status is *no data*: the data
    needed for the judgement is missing. The caller may pass the most recent
    earlier value it has (e.g. the 2021 baseline) and say so on the page.

Goal status (``goal_status``)
    1. Indicators with no target are left out: they are followed, not judged.
    2. Indicators without data yet are left out as well, so that a yearly
       indicator does not hold a goal back during the year. If nothing is left,
       the goal has *no data* when some indicator lacks data, otherwise *no
       target*.
    3. Of the judged indicators: all met ⇒ met; all not met ⇒ not met; any
       other mix ⇒ partly met.

Trend and progress (``trend``, ``progress``)
    Both respect the direction (for lower-is-better, lower is better) and are
    undefined for follow-only indicators. For cumulative indicators a
    year-to-date value is compared on a full-year basis, so that half a year of
    follow-ups is not called worse than a whole earlier year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from indicators.units import unit_of

QUARTERS_PER_YEAR = 4
DEFAULT_PARTLY_BAND = Decimal("0.10")

Number = Decimal | int
"""Values may be Decimals or ints (counts from the register); never floats."""


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def symbol(self) -> str:
        """A sign to show next to the label, so status is never shown by colour alone."""
        return _STATUS_SYMBOLS[self]

    @property
    def is_judged(self) -> bool:
        """Whether a value was compared with a target (met, partly met or not met)."""
        return self in (Status.MET, Status.PARTLY_MET, Status.NOT_MET)


_STATUS_LABELS = {
    Status.MET: _("Met"),
    Status.PARTLY_MET: _("Partly met"),
    Status.NOT_MET: _("Not met"),
    Status.NO_TARGET: _("No target"),
    Status.NO_DATA: _("No data"),
}
_STATUS_SYMBOLS = {
    Status.MET: "✓",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✗",
    Status.NO_TARGET: "–",
    Status.NO_DATA: "?",
}


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _TREND_LABELS[self]


_TREND_LABELS = {
    Trend.BETTER: _("Better"),
    Trend.WORSE: _("Worse"),
    Trend.UNCHANGED: _("Unchanged"),
    Trend.UNKNOWN: _("Unknown"),
}


class Direction(StrEnum):
    """Same values as ``Indicator.Direction``."""

    HIGHER = "higher"
    LOWER = "lower"
    FOLLOW = "follow"


class Kind(StrEnum):
    """Same values as ``Target.Kind``."""

    COMPARISON = "comparison"
    DECREASE = "decrease"
    ZERO_MEASUREMENT = "zero"


class Comparator(StrEnum):
    """Same values as ``Target.Comparator``."""

    AT_LEAST = "gte"
    MORE_THAN = "gt"
    AT_MOST = "lte"
    LESS_THAN = "lt"


@dataclass(frozen=True)
class TargetRule:
    """A target as the engine needs it.

    Built straight from a ``Target`` row: ``comparator`` may be the model's
    empty string for targets that are not comparisons.
    """

    kind: Kind = Kind.COMPARISON
    comparator: Comparator | None = None
    value: Number | None = None
    cumulative: bool = False
    partly_band: Decimal = DEFAULT_PARTLY_BAND
    on_size: bool = False

    def __post_init__(self):
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(
            self, "comparator", Comparator(self.comparator) if self.comparator else None
        )
        object.__setattr__(self, "value", _decimal(self.value, "value"))
        object.__setattr__(self, "partly_band", _decimal(self.partly_band, "partly_band"))
        if self.partly_band is None or self.partly_band < 0:
            raise ValueError("partly_band must be a number of 0 or more")
        if self.kind == Kind.COMPARISON and (self.comparator is None or self.value is None):
            raise ValueError("a comparison target needs a comparator and a value")


def is_cumulative(unit: str, frequency: str) -> bool:
    """Whether an indicator's year-to-date values add up over the year (counts, hours)."""
    return unit_of(unit).cumulative and frequency == "quarterly"


def expected_by_quarter(annual_value: Number, quarter: int) -> Decimal:
    """The share of an annual amount expected by the end of a quarter: Q2 expects half."""
    _check_quarter(quarter)
    return _decimal(annual_value, "annual_value") * quarter / QUARTERS_PER_YEAR


def full_year_forecast(value_to_date: Number | None, quarter: int) -> Decimal | None:
    """The year-end value if the pace so far holds: value to date × 4 ÷ quarter.

    A straight-line extrapolation of a cumulative amount; it knows nothing of
    seasons (few procurements finish in July). For shares and means the
    year-to-date value is itself the best forecast, so call this for cumulative
    indicators only. No value gives no forecast.
    """
    _check_quarter(quarter)
    value_to_date = _decimal(value_to_date, "value_to_date")
    if value_to_date is None:
        return None
    return value_to_date * QUARTERS_PER_YEAR / quarter


def judge(
    value: Number | None,
    rule: TargetRule | None,
    direction: Direction | str,
    quarter: int,
    previous_year_value: Number | None = None,
) -> Status:
    """An indicator's status for a year-to-date value; the rules are in the module docstring."""
    _check_quarter(quarter)
    value = _decimal(value, "value")
    previous_year_value = _decimal(previous_year_value, "previous_year_value")
    if (
        Direction(direction) == Direction.FOLLOW
        or rule is None
        or rule.kind == Kind.ZERO_MEASUREMENT
    ):
        return Status.NO_TARGET
    if value is None:
        return Status.NO_DATA
    if rule.on_size:
        value, previous_year_value = _size(value), _size(previous_year_value)
    if rule.kind == Kind.DECREASE:
        if previous_year_value is None:
            return Status.NO_DATA
        reference = _pro_rata(previous_year_value, quarter, rule.cumulative)
        return Status.MET if value < reference else Status.NOT_MET
    return _compare(value, rule, quarter)


def _compare(value: Decimal, rule: TargetRule, quarter: int) -> Status:
    expected = _pro_rata(rule.value, quarter, rule.cumulative)
    margin = abs(expected) * rule.partly_band
    if rule.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        met = value >= expected if rule.comparator == Comparator.AT_LEAST else value > expected
        shortfall = expected - value
    else:
        met = value <= expected if rule.comparator == Comparator.AT_MOST else value < expected
        shortfall = value - expected
    if met:
        return Status.MET
    if margin > 0 and shortfall <= margin:
        return Status.PARTLY_MET
    return Status.NOT_MET


def goal_status(statuses: Iterable[Status]) -> Status:
    """A goal's status from its indicators' statuses; the rule is in the module docstring."""
    statuses = [Status(status) for status in statuses]
    judged = {status for status in statuses if status.is_judged}
    if not judged:
        return Status.NO_DATA if Status.NO_DATA in statuses else Status.NO_TARGET
    if judged == {Status.MET}:
        return Status.MET
    if judged == {Status.NOT_MET}:
        return Status.NOT_MET
    return Status.PARTLY_MET


def trend(
    value: Number | None,
    reference: Number | None,
    direction: Direction | str,
    *,
    quarter: int = QUARTERS_PER_YEAR,
    cumulative: bool = False,
    on_size: bool = False,
) -> Trend:
    """Whether a value is better than a reference: the previous year or a baseline.

    The reference is a full-year value; for a cumulative indicator the
    year-to-date value is compared with the reference's pro rata share. Equal
    values are unchanged whatever the direction; a follow-only indicator has no
    better or worse, so any change is unknown. With ``on_size`` the sizes are
    compared, whatever the signs.
    """
    _check_quarter(quarter)
    value = _decimal(value, "value")
    reference = _decimal(reference, "reference")
    if value is None or reference is None:
        return Trend.UNKNOWN
    if on_size:
        value, reference = abs(value), abs(reference)
    reference = _pro_rata(reference, quarter, cumulative)
    if value == reference:
        return Trend.UNCHANGED
    direction = Direction(direction)
    if direction == Direction.FOLLOW:
        return Trend.UNKNOWN
    if (value > reference) == (direction == Direction.HIGHER):
        return Trend.BETTER
    return Trend.WORSE


def progress(
    value: Number | None,
    baseline: Number | None,
    target: Number | None,
    direction: Direction | str,
    *,
    quarter: int = QUARTERS_PER_YEAR,
    cumulative: bool = False,
    on_size: bool = False,
) -> Decimal | None:
    """The share of the way from the baseline to the target: 0 at the baseline, 1 at the target.

    Higher is better: (value − baseline) ÷ (target − baseline); lower is
    better: (baseline − value) ÷ (baseline − target). Not clamped: below 0 the
    value has moved away from the target, above 1 it has passed it. A
    cumulative year-to-date value is first made a full-year forecast. With
    ``on_size`` the sizes of the value and the baseline are compared.

    None where the share is undefined: a missing number, a follow-only
    indicator, or a baseline that already is at or beyond the target (there is
    no way left to go, and the status says enough).
    """
    _check_quarter(quarter)
    value = _decimal(value, "value")
    baseline = _decimal(baseline, "baseline")
    target = _decimal(target, "target")
    direction = Direction(direction)
    if value is None or baseline is None or target is None or direction == Direction.FOLLOW:
        return None
    if on_size:
        value, baseline = abs(value), abs(baseline)
    if cumulative:
        value = full_year_forecast(value, quarter)
    way = target - baseline if direction == Direction.HIGHER else baseline - target
    if way <= 0:
        return None
    gone = value - baseline if direction == Direction.HIGHER else baseline - value
    return gone / way


def _size(number: Decimal | None) -> Decimal | None:
    return None if number is None else abs(number)


def _pro_rata(annual_value: Decimal, quarter: int, cumulative: bool) -> Decimal:
    return expected_by_quarter(annual_value, quarter) if cumulative else annual_value


def _check_quarter(quarter: int) -> None:
    if quarter not in range(1, QUARTERS_PER_YEAR + 1):
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")


def _decimal(number: Number | None, name: str) -> Decimal | None:
    """A finite Decimal, or None. Ints (counts from the register) are welcome; floats are
    refused, because 0.1 + 0.2 is not 0.3 and targets are exact."""
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, not {type(number).__name__}")
    number = Decimal(number)
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number, not {number}")
    return number
