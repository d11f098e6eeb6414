"""The quarterly follow-up: what UhC's head reports to the committee each period.

A ``Period`` is one year and quarter. Values are year to date: Q4 is the year.
Entered values, analysis texts and assignment statuses belong to a period; the
computed values are not stored while a period is open (they follow the register
and the budget), but are frozen into ``AdoptedValue`` rows when the committee
adopts the period, with the targets they were judged against and the rows
behind each computed value (``AdoptedRow``), so that a later correction of the
register or the plan never changes what was adopted.

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

from indicators.models import (
    Assignment,
    Goal,
    Indicator,
    Municipality,
    Target,
    unique_per_municipality,
)
from indicators.quarters import Quarter
from indicators.signals import SignallingQuerySet
from reports.populations import RowBehind, RowKind

TARGET_TERMS = ("kind", "comparator", "value", "decimals", "uhm_level", "note")
"""What of a target is kept with an adopted value: all that judging and describing it reads."""


def target_terms(target: Target | None) -> tuple | None:
    """A target's terms, to tell whether two targets say the same; None for no target."""
    return None if target is None else tuple(getattr(target, name) for name in TARGET_TERMS)


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


class LeftOutFigure(models.Model):
    """A due figure the head deliberately leaves out of a period's report, and why.

    A period cannot be adopted while a figure due in it is missing
    (``readiness``), unless the head leaves it out here; the report then shows
    the reason in the figure's place. Entering the figure later makes the mark moot:
    only figures still missing are shown as left out.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="left_out_figures", verbose_name=_("period")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    reason = models.TextField(_("reason for leaving the figure out"))
    left_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("left out by"),
    )
    left_out_at = models.DateTimeField(_("left out at"), auto_now_add=True)
    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure left out")
        verbose_name_plural = _("figures left out")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator"], name="one_left_out_mark_per_period_indicator"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.indicator.code}"


class AdoptedValue(models.Model):
    """An indicator's value and status as they stood when the period was adopted.

    The target the value was judged against is kept with it (``target``), so
    that the adopted follow-up shows and judges against that target however
    the plan's targets change later. ``rows_kept`` tells whether the rows
    behind a computed value were kept (``AdoptedRow``): periods adopted
    before they were have none.
    """

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
    target_kind = models.CharField(
        _("kind of target"),
        max_length=12,
        choices=Target.Kind,
        blank=True,
        help_text=_("Empty when the value had no target."),
    )
    target_comparator = models.CharField(
        _("comparator of target"), max_length=3, choices=Target.Comparator, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_decimals = models.PositiveSmallIntegerField(_("decimals of target"), default=0)
    target_uhm_level = models.CharField(
        _("UHM level of target"), max_length=25, choices=Target.UhmLevel, blank=True
    )
    target_note = models.CharField(_("note of target"), max_length=200, blank=True)
    target_is_uhc_wide = models.BooleanField(
        _("judged against UhC's target"),
        default=False,
        help_text=_("A municipality's value judged against the target of UhC as a whole."),
    )
    rows_kept = models.BooleanField(_("rows behind kept"), default=False)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adopted value")
        verbose_name_plural = _("adopted values")
        constraints = [
            *unique_per_municipality(
                "period", "indicator", name="one_adopted_value_per_period_indicator"
            ),
            models.CheckConstraint(
                condition=(
                    Q(target_kind="comparison", target_value__isnull=False)
                    & ~Q(target_comparator="")
                    | ~Q(target_kind="comparison")
                ),
                name="adopted_target_comparison_has_comparator_and_value",
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.indicator.code}"

    @property
    def target(self) -> Target | None:
        """The target as it stood at adoption: an unsaved ``Target`` to judge and describe by."""
        if not self.target_kind:
            return None
        return Target(**{name: getattr(self, f"target_{name}") for name in TARGET_TERMS})

    def keep_target(self, target: Target | None, *, uhc_wide: bool = False) -> None:
        """Keep a target's terms with the value; None for no target."""
        for name in TARGET_TERMS:
            field = self._meta.get_field(f"target_{name}")
            setattr(
                self, field.name, field.get_default() if target is None else getattr(target, name)
            )
        self.target_is_uhc_wide = uhc_wide


class AdoptedRow(models.Model):
    """A row behind the computed values of an adopted period, as their drill-downs listed it.

    One per row (a procurement) and period, however many values it is behind:
    ``behind`` maps the code of each indicator whose value it was behind to
    whether it counted in that value's numerator (null where the value picks
    no numerator among its rows). Kept by reference and title, not only by id,
    so that the adopted list can be shown and compared with today's after the
    row is corrected or deleted in the register. Rows are written and replaced
    with their adoption only, so they keep no history of their own.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="adopted_rows", verbose_name=_("period")
    )
    kind = models.CharField(
        _("kind of row"), max_length=20, choices=RowKind, default=RowKind.PROCUREMENT
    )
    object_id = models.PositiveIntegerField(_("id of the row"))
    reference = models.CharField(_("reference"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, blank=True)
    municipality_count = models.PositiveSmallIntegerField(_("municipalities"), null=True)
    tender_count = models.PositiveIntegerField(_("tenders"), null=True)
    behind = models.JSONField(_("values it is behind"), default=dict)

    class Meta:
        verbose_name = _("adopted row")
        verbose_name_plural = _("adopted rows")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "kind", "object_id"], name="one_adopted_row_per_period_row"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.reference}"

    @classmethod
    def of(cls, row: RowBehind, behind: dict[str, bool | None], **keys) -> "AdoptedRow":
        return cls(
            kind=row.kind,
            object_id=row.object_id,
            reference=row.reference,
            title=row.title,
            status=row.status,
            municipality_count=row.municipality_count,
            tender_count=row.tender_count,
            behind=behind,
            **keys,
        )

    def as_row_behind(self, code: str) -> RowBehind:
        """The row as it was behind the value of the indicator with this code."""
        return RowBehind(
            kind=self.kind,
            object_id=self.object_id,
            reference=self.reference,
            title=self.title,
            status=self.status,
            municipality_count=self.municipality_count,
            tender_count=self.tender_count,
            counts_in_numerator=self.behind[code],
        )


class ArchivedReport(models.Model):
    """One adoption's report as archived: the PDF rendered once, with its checksum.

    Each adoption of a period archives the next version; reopening keeps every
    earlier version and records why on the version it supersedes. The meeting
    data (date, minute paragraph, registry number) of an adoption live here
    only, and the report's cover cites the latest version's. The file lies
    under ``ARCHIVE_ROOT`` at ``path`` and is never rendered again or written
    over; ``manage.py verify_reports`` checks it against ``sha256``.
    """

    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="archived_reports", verbose_name=_("period")
    )
    version = models.PositiveIntegerField(_("version"))
    path = models.CharField(_("file"), max_length=255, unique=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    meeting_date = models.DateField(_("meeting date"))
    minute_paragraph = models.CharField(_("minute paragraph"), max_length=20)
    registry_number = models.CharField(_("registry number"), max_length=50)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted at"))
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["period", "version"]
        verbose_name = _("archived report")
        verbose_name_plural = _("archived reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "version"], name="one_archived_report_per_period_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="archived_report_version_from_1"
            ),
        ]

    def __str__(self):
        return f"{self.period} v{self.version}"

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]


class DataVersion(models.Model):
    """A token that changes with every write to what the follow-up is built from.

    One row. ``reports.data_version`` replaces the token after every write to
    the plan, the register, the budget and the follow-up, in the writing
    transaction, so nothing cached under a token is served once the data it
    came from has changed. A random token rather than a counter: a rolled-back
    write leaves nothing that a later write could repeat.
    """

    token = models.UUIDField(_("token"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return self.token.hex


class CommitteeMeeting(models.Model):
    """A meeting of the committee in the calendar, and the quarter whose report it takes.

    The head enters the calendar. ``report_deadline`` is the day the quarter's
    figures, analyses and budget lines are to be complete, so that the report
    can go out with the meeting's papers; ``manage.py send_reminders`` reminds
    the head before it while anything is missing, at most once a day
    (``reminded_on``, kept out of the history: it is the command's, not a change).
    ``version`` is raised by every save, so that concurrent edits are detected.
    """

    date = models.DateField(
        _("meeting date"),
        unique=True,
        error_messages={"unique": _("The calendar already has a meeting on this date.")},
    )
    year = models.PositiveSmallIntegerField(_("year of the report"))
    quarter = models.PositiveSmallIntegerField(_("quarter of the report"))
    report_deadline = models.DateField(_("deadline for the report"))
    version = models.PositiveIntegerField(_("version"), default=0)
    reminded_on = models.DateField(_("reminder last sent on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["reminded_on"])

    class Meta:
        ordering = ["date"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"],
                name="one_meeting_per_report",
                violation_error_message=_(
                    "Another meeting already takes the report of this quarter."
                ),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="meeting_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(report_deadline__lte=models.F("date")),
                name="meeting_deadline_not_after_meeting",
                violation_error_message=_("The deadline must fall on or before the meeting date."),
            ),
        ]

    def __str__(self):
        return f"{self.date} ({self.year} Q{self.quarter})"

    @property
    def as_quarter(self) -> Quarter:
        return Quarter(self.year, self.quarter)
