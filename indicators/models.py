"""The plan and its measures: what the committee has decided to follow.

Goals and indicators are stable across the yearly revisions of the plan and
are identified by a ``code``; a new plan reuses them and gives them targets
for its years. Past actual values (the 2020 and 2021 baselines) belong to the
indicator, not to a plan.

Every change to the plan's rows is kept with who and when (django-simple-history),
as the register's are; the plan loader records its changes with a reason
instead of a user.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.reporting_schedule import is_due
from indicators.signals import SignallingQuerySet


def unique_per_municipality(*fields: str, name: str) -> list[models.UniqueConstraint]:
    """One row per ``fields`` for UhC as a whole, and one per municipality.

    Two conditional constraints, because a plain unique constraint treats every
    empty municipality as distinct and would allow two "whole UhC" rows.
    """
    return [
        models.UniqueConstraint(
            fields=list(fields), condition=Q(municipality__isnull=True), name=f"{name}_overall"
        ),
        models.UniqueConstraint(
            fields=[*fields, "municipality"],
            condition=Q(municipality__isnull=False),
            name=f"{name}_municipality",
        ),
    ]


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        help_text=_("The official four-digit code used by SCB and Kolada, e.g. 2080."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_host = models.BooleanField(_("host municipality"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="municipality_code_four_digits"
            ),
            models.UniqueConstraint(
                fields=["is_host"], condition=Q(is_host=True), name="only_one_host_municipality"
            ),
        ]

    def __str__(self):
        return self.name


class Goal(models.Model):
    """An inriktningsmål: a direction goal of the committee."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    presupposes = models.TextField(_("presupposes"), blank=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class Plan(models.Model):
    """A decided Nämndplan, e.g. Nämndplan 2023–2025, revised yearly."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(_("deciding body"), max_length=200)
    registry_number = models.CharField(_("registry number"), max_length=50)
    minute_paragraph = models.CharField(_("minute paragraph"), max_length=20)
    vision = models.CharField(_("vision"), max_length=300)
    goals = models.ManyToManyField(Goal, related_name="plans", verbose_name=_("goals"))
    indicators = models.ManyToManyField(
        "Indicator", related_name="plans", verbose_name=_("indicators")
    )

    history = HistoricalRecords(m2m_fields=["goals", "indicators"])

    objects = SignallingQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plan_years_in_order"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def decision_reference(self) -> str:
        """The registry number and paragraph as the minutes cite them: "2022/147, §31"."""
        return f"{self.registry_number}, {self.minute_paragraph}"

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class Indicator(models.Model):
    """A measure the committee follows: an indicator of a goal or a key figure.

    Key figures of the operational follow-up (section 3.4) are indicators with a
    ``key_figure_area``; an indicator may belong to a goal, an area or both (NKI).
    """

    class Unit(models.TextChoices):
        PERCENT = "percent", _("share (%)")
        COUNT = "count", _("count")
        MEAN = "mean", _("mean")
        INDEX = "index", _("index")
        RANK = "rank", _("rank")
        HOURS = "hours", _("hours")
        TKR = "tkr", _("thousand SEK")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("higher is better")
        LOWER_IS_BETTER = "lower", _("lower is better")
        FOLLOW_ONLY = "follow", _("follow only")

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", _("quarterly")
        YEARLY = "yearly", _("yearly")

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        REGISTER = "register", _("computed from the procurement register")
        BUDGET = "budget", _("computed from the budget")

    class KeyFigureArea(models.TextChoices):
        ECONOMY_AND_QUALITY = "economy", _("Economy and quality")
        STAFFING = "staffing", _("Staffing")
        RENEWAL_AND_LEARNING = "learning", _("Renewal and learning")
        DEVIATIONS = "deviations", _("Deviations")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal"),
    )
    key_figure_area = models.CharField(
        _("key figure area"), max_length=20, choices=KeyFigureArea, blank=True
    )
    specification = models.TextField(
        _("specification"), help_text=_("The text of Bilaga 3, as the plan states it.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("How gnu-plan reads the specification, where the plan leaves room."),
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency)
    reported_in_quarter = models.PositiveSmallIntegerField(
        _("reported in quarter"),
        null=True,
        blank=True,
        help_text=_(
            "For a hand-entered figure reported once a year: the quarter whose follow-up "
            "reports it. Empty: reported every quarter."
        ),
    )
    per_municipality = models.BooleanField(_("followed per municipality"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source)
    partly_met_band = models.DecimalField(
        _("partly met band"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "How far from the target, as a share of it, still counts as partly met "
            "(0.10 = 10 %). Empty: the default of 10 %."
        ),
    )
    baseline_note = models.CharField(
        _("baseline note"),
        max_length=200,
        blank=True,
        help_text=_('What the plan says instead of a baseline, e.g. "Nollmätning 2023".'),
    )

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False) | ~Q(key_figure_area=""),
                name="indicator_has_goal_or_key_figure_area",
            ),
            models.CheckConstraint(
                condition=Q(partly_met_band__isnull=True)
                | Q(partly_met_band__gte=0, partly_met_band__lte=1),
                name="indicator_partly_met_band_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(reported_in_quarter__isnull=True)
                | Q(
                    frequency="yearly",
                    source="manual",
                    reported_in_quarter__gte=1,
                    reported_in_quarter__lte=4,
                ),
                name="indicator_reported_in_quarter_of_a_yearly_entered_figure",
            ),
        ]

    def __str__(self):
        return self.name

    def is_due_in(self, quarter: int) -> bool:
        """Whether the head reports the indicator's figure in the quarter's follow-up."""
        return is_due(reported_in_quarter=self.reported_in_quarter, quarter=quarter)


class Target(models.Model):
    """What an indicator should reach in a year, as a plan decides it."""

    class Kind(models.TextChoices):
        COMPARISON = "comparison", _("comparison")
        DECREASE = "decrease", _("decrease")
        ZERO_MEASUREMENT = "zero", _("zero measurement")

    class Comparator(models.TextChoices):
        AT_LEAST = "gte", "≥"
        MORE_THAN = "gt", ">"
        AT_MOST = "lte", "≤"
        LESS_THAN = "lt", "<"

    class UhmLevel(models.TextChoices):
        BASIC = "bas", _("basic")
        ADVANCED = "avancerad", _("advanced")
        CUTTING_EDGE = "spjutspets", _("cutting-edge")
        ADVANCED_OR_CUTTING_EDGE = "avancerad_spjutspets", _("advanced or cutting-edge")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
        help_text=_("Empty for the target of UhC as a whole."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.COMPARISON)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=0, help_text=_("Decimals shown, as the plan writes the value.")
    )
    uhm_level = models.CharField(_("UHM level"), max_length=25, choices=UhmLevel, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order", "year", "municipality__order"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            *unique_per_municipality("indicator", "year", name="one_target_per_indicator_year"),
            models.CheckConstraint(
                condition=(
                    Q(kind="comparison", value__isnull=False) & ~Q(comparator="")
                    | ~Q(kind="comparison") & Q(value__isnull=True, comparator="")
                ),
                name="target_comparison_has_comparator_and_value",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"


class Baseline(models.Model):
    """An actual value of a past year as the plan gives it (utgångsvärde)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="baselines", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    is_approximate = models.BooleanField(_("approximate"), default=False)
    text = models.CharField(
        _("text"),
        max_length=200,
        blank=True,
        help_text=_("What the plan says where it gives no number of the indicator's unit."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order", "-year"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            *unique_per_municipality("indicator", "year", name="one_baseline_per_indicator_year"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(text=""), name="baseline_has_value_or_text"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"


class Assignment(models.Model):
    """A särskilt uppdrag: a special task the committee gives UhC for a year."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("plan")
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    expected_result = models.TextField(_("expected result"), blank=True)
    presupposes = models.TextField(_("presupposes"), blank=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "order"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return self.title
