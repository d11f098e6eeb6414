"""The committee's budget (Bilaga 2) and its quarterly follow-up.

Amounts are whole tkr (thousand SEK), stored as integers: the plan and the
municipal accounts report in whole tkr, so an integer carries no false
precision, and the database itself refuses negative amounts. The budget
arithmetic (totals, result, deviation) lives in ``budget.calculations`` and
works on ``Decimal``.

A quarterly figure belongs to a budget line and so to the line's year. It holds
the actual to date (utfall) at the end of the quarter, the full-year forecast
(helårsprognos) made then and the head's comment on them, which the committee
report prints beside the line. A ``BudgetQuarter`` is a year's quarter as
one thing that is edited and adopted: its version detects concurrent edits, and
while the follow-up period of the quarter is adopted its figures are frozen.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget import calculations
from indicators.quarters import QUARTERS
from indicators.signals import SignallingQuerySet

# 1 000 000 tkr is a billion kronor: far above any line of the committee's
# budget (22 576 tkr in 2023), low enough to catch a typing mistake.
MAX_AMOUNT_TKR = 1_000_000
# A comment on a line's quarter is a few sentences in the committee report, not an essay.
MAX_COMMENT_LENGTH = 2000


class BudgetLineQuerySet(SignallingQuerySet):
    def in_year(self, year: int):
        return self.filter(year=year)

    def demo(self):
        return self.filter(is_demo=True)

    def real(self):
        return self.filter(is_demo=False)


class BudgetLine(models.Model):
    """One revenue or cost line of a year's budget, e.g. "Personalkostnader" 18 993 tkr."""

    class Kind(models.TextChoices):
        REVENUE = calculations.REVENUE, _("Revenue")
        COST = calculations.COST, _("Costs")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("Identifies the line within its year in the plan data file."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount_tkr = models.PositiveIntegerField(
        _("budget (tkr)"), validators=[MaxValueValidator(MAX_AMOUNT_TKR)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)

    history = HistoricalRecords()

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["year", "kind", "order", "name"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"], name="budget_line_code_unique_in_year"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[calculations.REVENUE, calculations.COST]),
                name="budget_line_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def is_revenue(self) -> bool:
        return self.kind == self.Kind.REVENUE

    def deviation(self, forecast_tkr: int) -> calculations.Deviation:
        return calculations.deviation(self.amount_tkr, forecast_tkr, self.kind)


class QuarterlyFigure(models.Model):
    """A budget line's actual to date, full-year forecast and comment at the end of a quarter."""

    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="quarterly_figures",
        verbose_name=_("budget line"),
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in QUARTERS]
    )
    actual_to_date_tkr = models.PositiveIntegerField(
        _("actual to date (tkr)"), validators=[MaxValueValidator(MAX_AMOUNT_TKR)]
    )
    forecast_tkr = models.PositiveIntegerField(
        _("full-year forecast (tkr)"), validators=[MaxValueValidator(MAX_AMOUNT_TKR)]
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        max_length=MAX_COMMENT_LENGTH,
        # A TextField's max_length reaches its form field only; the validator holds it on save.
        validators=[MaxLengthValidator(MAX_COMMENT_LENGTH)],
        help_text=_("The head's comment on the line's figures, printed in the committee report."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "quarter"]
        verbose_name = _("quarterly figure")
        verbose_name_plural = _("quarterly figures")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "quarter"], name="quarterly_figure_one_per_line_and_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_figure_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.line} Q{self.quarter}"

    @property
    def year(self) -> int:
        return self.line.year

    @property
    def deviation(self) -> calculations.Deviation:
        return self.line.deviation(self.forecast_tkr)


class BudgetQuarter(models.Model):
    """A quarter of a year's budget follow-up: its version, and whether it is adopted.

    The follow-up (``reports``) adopts and reopens the quarter through
    ``budget.services``; while it is adopted, every way of writing its figures
    refuses. A quarter without a row has version 0 and is open.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in QUARTERS]
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Raised by every save, so that concurrent edits are detected."),
    )
    is_adopted = models.BooleanField(_("adopted"), default=False)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("budget quarter")
        verbose_name_plural = _("budget quarters")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"], name="budget_quarter_one_per_year_and_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="budget_quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter}"
