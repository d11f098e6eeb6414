"""The quarterly follow-up: what UhC's head reports to the committee each period.

A ``Period`` is one year and quarter. Values are year to date: Q4 is the year.
Entered values, analysis texts and assignment statuses belong to a period; the
computed values are not stored while a period is open (they follow the register
and the budget), but are frozen into ``AdoptedValue`` rows when the committee
adopts the period, so that a later correction never changes what was adopted.

Periods, entered values, analyses and assignment statuses made by the demo
(the ``demo`` app) are marked ``is_demo``; a person's save makes what it writes
real (``services.save_quarter``). A demo period's adopted values are demo data
with it.

``DataVersion`` tells when the computed values may have changed.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from indicators.models import Assignment, Goal, Indicator, Municipality, unique_per_municipality
from indicators.quarters import Quarter
from indicators.signals import SignallingQuerySet


class Period(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        ADOPTED = "adopted", _("adopted")

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    overall_analysis = models.TextField(_("overall analysis of the quarter"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Raised by every save, so that concurrent edits are detected."),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("follow-up period")
        verbose_name_plural = _("follow-up periods")
        permissions = [("adopt_period", _("Can adopt and reopen a follow-up period"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_period_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(state="open") | Q(adopted_at__isnull=False),
                name="adopted_period_has_adoption_time",
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"

    @property
    def is_adopted(self) -> bool:
        return self.state == self.State.ADOPTED

    @property
    def as_quarter(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def start(self) -> datetime.date:
        """The first day of the period's year to date: 1 January."""
        return self.as_quarter.year_start

    @property
    def end(self) -> datetime.date:
        return self.as_quarter.end


class EnteredValue(models.Model):
    """A figure UhC's head enters for an indicator that is not computed.

    One row per municipality where the indicator is followed per municipality;
    the total is then derived (a sum for counts, a mean for ranks), never typed.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="entered_values", verbose_name=_("period")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entered value")
        verbose_name_plural = _("entered values")
        constraints = [
            *unique_per_municipality(
                "period", "indicator", name="one_entered_value_per_period_indicator"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="entered_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.period} {self.indicator.code}"


class Analysis(models.Model):
    """The head's written analysis of a goal or an indicator in a period."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("period")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    text = models.TextField(_("analysis"))
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("analysis")
        verbose_name_plural = _("analyses")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=True) ^ Q(indicator__isnull=True),
                name="analysis_of_a_goal_or_an_indicator",
            ),
            models.UniqueConstraint(
                fields=["period", "goal"],
                condition=Q(goal__isnull=False),
                name="one_analysis_per_goal",
            ),
            models.UniqueConstraint(
                fields=["period", "indicator"],
                condition=Q(indicator__isnull=False),
                name="one_analysis_per_indicator",
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.goal or self.indicator}"


class AssignmentProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("assignment status", "not started")
        STARTED = "started", pgettext_lazy("assignment status", "started")
        DONE = "done", pgettext_lazy("assignment status", "done")
        DELAYED = "delayed", pgettext_lazy("assignment status", "delayed")
        CANCELLED = "cancelled", pgettext_lazy("assignment status", "cancelled")

    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        related_name="assignment_progress",
        verbose_name=_("period"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="+", verbose_name=_("assignment")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    comment = models.TextField(_("comment"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment progress")
        verbose_name_plural = _("assignment progress")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "assignment"], name="one_progress_per_assignment"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.assignment}"


class AdoptedValue(models.Model):
    """An indicator's value and status as they stood when the period was adopted."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="adopted_values", verbose_name=_("period")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=4, null=True)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=4, null=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True)
    status = models.CharField(_("status"), max_length=12)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adopted value")
        verbose_name_plural = _("adopted values")
        constraints = [
            *unique_per_municipality(
                "period", "indicator", name="one_adopted_value_per_period_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.indicator.code}"


class DataVersion(models.Model):
    """A token that changes with every write to what computed figures are computed from.

    One row. ``reports.data_version`` replaces the token after every write to
    the register and the budget, in the writing transaction, so figures cached
    under a token are never served once the data they came from has changed.
    A random token rather than a counter: a rolled-back write leaves nothing
    that a later write could repeat.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return self.token.hex
