"""The procurement register: procurements, their tenders and review appeals; and
the committee's procurement plan, whose items link to the register's procurements.

A procurement's status is never stored: it follows from its dates (cancelled,
completed, advertised or else planned), both on an instance (``status``) and
in the database (``Procurement.objects.with_status()``), so that lists can be
filtered and counted by status without loading every row. A plan item's
delivery is never stored either: it follows from its planned quarter and its
procurement's completion date (``ProcurementPlanItem.objects.with_delivery()``).
"""

import contextlib
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.quarters import Quarter
from indicators.signals import SignallingQuerySet
from procurements.validators import normalise_organisation_number, validate_organisation_number


class Category(models.Model):
    """One of the plan's (about twelve) procurement categories; data, edited in the admin."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Scope(models.TextChoices):
    JOINT = "joint", _("joint")
    MUNICIPALITY_SPECIFIC = "municipality", _("municipality-specific")


class Procedure(models.TextChoices):
    OPEN = "open", _("open procedure")
    SIMPLIFIED = "simplified", _("simplified procedure")
    RESTRICTED = "restricted", _("restricted procedure")
    NEGOTIATED = "negotiated", _("negotiated procedure")
    DIS_CALL_OFF = "dis_call_off", _("call-off in a dynamic purchasing system")
    FRAMEWORK_MINI_COMPETITION = (
        "framework_mini_competition",
        _("mini-competition under a framework agreement"),
    )
    OTHER = "other", _("other procedure")


class UhmLevel(models.TextChoices):
    NONE = "none", _("no UHM requirement")
    BASIC = "bas", _("basic")
    ADVANCED = "avancerad", _("advanced")
    CUTTING_EDGE = "spjutspets", _("cutting-edge")


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    ADVERTISED = "advertised", _("advertised")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


def _not_before(later: str, earlier: str, name: str, message) -> models.CheckConstraint:
    """A date that, when both are set, is not before another one."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
        violation_error_message=message,
    )


def made_for_several_municipalities() -> Exists:
    """Coordinated (samordnad): a second municipality link exists.

    Cheaper than counting every procurement's links; usable in ``filter`` and as
    an aggregate's ``filter``.
    """
    links = Procurement.municipalities.through.objects.filter(procurement=OuterRef("pk"))
    return Exists(links.order_by()[1:2])


class ProcurementQuerySet(SignallingQuerySet):
    def with_status(self):
        """Annotate ``status_code``: the same rule as ``Procurement.status``, in SQL."""
        return self.annotate(
            status_code=Case(
                When(cancelled_on__isnull=False, then=Value(Status.CANCELLED.value)),
                When(completed_on__isnull=False, then=Value(Status.COMPLETED.value)),
                When(advertised_on__isnull=False, then=Value(Status.ADVERTISED.value)),
                default=Value(Status.PLANNED.value),
                output_field=models.CharField(),
            )
        )

    def with_tender_count(self):
        """Annotate ``tender_count`` and ``awarded_tender_count`` without multiplying rows."""
        tenders = Tender.objects.filter(procurement=OuterRef("pk")).order_by().values("procurement")
        return self.annotate(
            tender_count=Coalesce(Subquery(tenders.annotate(n=Count("pk")).values("n")), Value(0)),
            awarded_tender_count=Coalesce(
                Subquery(tenders.filter(is_awarded=True).annotate(n=Count("pk")).values("n")),
                Value(0),
            ),
        )

    def with_municipality_count(self):
        """Annotate ``municipality_count`` (coordinated means at least two)."""
        through = Procurement.municipalities.through
        rows = (
            through.objects.filter(procurement=OuterRef("pk"))
            .order_by()
            .values("procurement")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(municipality_count=Coalesce(Subquery(rows), Value(0)))

    def coordinated(self):
        return self.filter(made_for_several_municipalities())

    def in_year(self, year: int):
        """Procurements advertised or completed in the given year."""
        return self.filter(Q(advertised_on__year=year) | Q(completed_on__year=year))

    def demo(self):
        return self.filter(is_demo=True)

    def real(self):
        return self.filter(is_demo=False)


class Procurement(models.Model):
    Scope = Scope
    Procedure = Procedure
    UhmLevel = UhmLevel
    Status = Status

    registry_number = models.CharField(
        _("registry number"),
        max_length=50,
        unique=True,
        help_text=_("The procurement's registry number (diarienummer), e.g. UhC 2024/123."),
    )
    title = models.CharField(_("title"), max_length=300)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="procurements",
        verbose_name=_("category"),
    )
    scope = models.CharField(
        _("joint or municipality-specific"),
        max_length=20,
        choices=Scope.choices,
        default=Scope.JOINT,
        help_text=_(
            "Bilaga 1: UhC decides and awards joint procurements; the municipality decides "
            "municipality-specific ones, and UhC awards them."
        ),
    )
    municipalities = models.ManyToManyField(
        "indicators.Municipality",
        related_name="procurements",
        verbose_name=_("municipalities"),
        help_text=_(
            "The municipalities the procurement is made for; coordinated means at least two."
        ),
    )
    procedure = models.CharField(
        _("procedure"), max_length=40, choices=Procedure.choices, default=Procedure.OPEN
    )

    advertised_on = models.DateField(_("advertised on"), null=True, blank=True)
    tender_deadline = models.DateField(_("tender deadline"), null=True, blank=True)
    award_decision_on = models.DateField(_("award decision on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)

    questions_received = models.PositiveIntegerField(
        _("questions received while advertised"),
        null=True,
        blank=True,
        help_text=_("Leave empty if not recorded."),
    )
    tenderers_contacted = models.BooleanField(
        _("tenderers contacted to go through the award decision"), default=False
    )

    advanced_employment_requirement = models.BooleanField(
        _("advanced employment requirement"), default=False
    )
    labour_law_conditions = models.BooleanField(_("labour-law conditions"), default=False)
    reserved_for_social_enterprises = models.BooleanField(
        _("reserved for social enterprises"), default=False
    )
    accessibility_requirement = models.BooleanField(_("accessibility requirement"), default=False)
    gender_equality_requirement = models.BooleanField(
        _("gender equality requirement"), default=False
    )
    environmental_requirement = models.BooleanField(
        _("environmental or climate requirement"), default=False
    )

    uhm_environmental_management = models.CharField(
        _("UHM level: environmental management"),
        max_length=20,
        choices=UhmLevel.choices,
        default=UhmLevel.NONE,
    )
    uhm_reuse = models.CharField(
        _("UHM level: reuse and waste prevention"),
        max_length=20,
        choices=UhmLevel.choices,
        default=UhmLevel.NONE,
    )
    uhm_climate_transport = models.CharField(
        _("UHM level: climate – fossil-free transport"),
        max_length=20,
        choices=UhmLevel.choices,
        default=UhmLevel.NONE,
    )
    uhm_climate_other = models.CharField(
        _("UHM level: climate – other than transport"),
        max_length=20,
        choices=UhmLevel.choices,
        default=UhmLevel.NONE,
    )
    uhm_chemicals = models.CharField(
        _("UHM level: chemicals"),
        max_length=20,
        choices=UhmLevel.choices,
        default=UhmLevel.NONE,
    )

    is_food_procurement = models.BooleanField(_("food procurement"), default=False)
    food_organic = models.BooleanField(_("organic requirement"), default=False)
    food_local = models.BooleanField(_("local production requirement"), default=False)
    food_plant_based = models.BooleanField(_("plant-based requirement"), default=False)

    substantially_different_solution = models.BooleanField(
        _("substantially different solution (innovation)"), default=False
    )

    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # db_default: the demo loader inserts rows in bulk, by SQL that names its columns.
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        db_default=0,
        editable=False,
        help_text=_("Raised by every save, so that concurrent edits are detected."),
    )

    history = HistoricalRecords(m2m_fields=["municipalities"])

    objects = ProcurementQuerySet.as_manager()

    UHM_FIELDS = (
        "uhm_environmental_management",
        "uhm_reuse",
        "uhm_climate_transport",
        "uhm_climate_other",
        "uhm_chemicals",
    )
    REQUIREMENT_FIELDS = (
        "advanced_employment_requirement",
        "labour_law_conditions",
        "reserved_for_social_enterprises",
        "accessibility_requirement",
        "gender_equality_requirement",
        "environmental_requirement",
    )
    FOOD_FIELDS = ("food_organic", "food_local", "food_plant_based")

    class Meta:
        ordering = ["-advertised_on", "-pk"]
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")
        # The follow-up counts procurements advertised, completed or cancelled in a window.
        indexes = [
            models.Index(fields=["advertised_on"], name="procurement_advertised_on"),
            models.Index(fields=["completed_on"], name="procurement_completed_on"),
            models.Index(fields=["cancelled_on"], name="procurement_cancelled_on"),
            models.Index(
                fields=["advertised_on"],
                condition=Q(is_food_procurement=True),
                name="procurement_food_advertised_on",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(cancelled_on__isnull=True),
                name="procurement_not_both_completed_and_cancelled",
                violation_error_message=_("A procurement cannot be both completed and cancelled."),
            ),
            _not_before(
                "tender_deadline",
                "advertised_on",
                "procurement_deadline_not_before_advertised",
                _("The tender deadline cannot be before the procurement was advertised."),
            ),
            _not_before(
                "award_decision_on",
                "tender_deadline",
                "procurement_award_not_before_deadline",
                _("The award decision cannot be before the tender deadline."),
            ),
            _not_before(
                "completed_on",
                "advertised_on",
                "procurement_completed_not_before_advertised",
                _("A procurement cannot be completed before it was advertised."),
            ),
            models.CheckConstraint(
                condition=Q(is_food_procurement=True)
                | Q(food_organic=False, food_local=False, food_plant_based=False),
                name="procurement_food_requirements_only_for_food",
                violation_error_message=_(
                    "Organic, local and plant-based requirements apply only to food procurements."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    uhm_environmental_management__in=UhmLevel.values,
                    uhm_reuse__in=UhmLevel.values,
                    uhm_climate_transport__in=UhmLevel.values,
                    uhm_climate_other__in=UhmLevel.values,
                    uhm_chemicals__in=UhmLevel.values,
                ),
                name="procurement_uhm_levels_known",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=Scope.values), name="procurement_scope_known"
            ),
            models.CheckConstraint(
                condition=Q(procedure__in=Procedure.values), name="procurement_procedure_known"
            ),
        ]

    def __str__(self):
        return f"{self.registry_number} {self.title}"

    def get_absolute_url(self):
        return reverse("procurements:detail", args=[self.pk])

    def clean(self):
        """A cancellation has both a date and a reason; the form and the import both rely on this."""
        reason = (self.cancellation_reason or "").strip()
        errors = {}
        if self.cancelled_on and not reason:
            errors["cancellation_reason"] = _("Give the reason the procurement was cancelled.")
        if reason and not self.cancelled_on:
            errors["cancelled_on"] = _(
                "Enter the date the procurement was cancelled, or clear the reason."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        """Planned, advertised, completed or cancelled, from the dates (a ``Status`` value)."""
        if self.cancelled_on is not None:
            return self.Status.CANCELLED
        if self.completed_on is not None:
            return self.Status.COMPLETED
        if self.advertised_on is not None:
            return self.Status.ADVERTISED
        return self.Status.PLANNED

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def is_coordinated(self) -> bool:
        """Made for at least two municipalities (uses prefetched municipalities if present)."""
        if self.pk is None:
            return False
        return len(self.municipalities.all()) >= 2


class Tender(models.Model):
    """A tender (anbud) received in a procurement, and whether it was awarded."""

    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.CASCADE,
        related_name="tenders",
        verbose_name=_("procurement"),
    )
    supplier_name = models.CharField(_("supplier"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
    has_regional_presence = models.BooleanField(_("regional presence"), default=False)
    is_awarded = models.BooleanField(_("awarded"), default=False)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "supplier_name", "pk"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "organisation_number"],
                name="tender_one_per_supplier_and_procurement",
                violation_error_message=_(
                    "This supplier already has a tender in this procurement."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="tender_organisation_number_normalised",
            ),
        ]

    def __str__(self):
        return f"{self.supplier_name} ({self.organisation_number})"

    def save(self, *args, **kwargs):
        """Store the organisation number as NNNNNN-NNNN (raises ValidationError if invalid)."""
        self.organisation_number = normalise_organisation_number(self.organisation_number)
        super().save(*args, **kwargs)

    def clean(self):
        # Normalise before the uniqueness check, so 5560360793 and 556036-0793 are one supplier.
        with contextlib.suppress(ValidationError):  # clean_fields has reported it already
            self.organisation_number = normalise_organisation_number(self.organisation_number)


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    REJECTED = "rejected", _("rejected")
    UPHELD = "upheld", _("upheld – the procurement must be corrected or redone")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ReviewAppeal(models.Model):
    """An överprövning: a supplier's court challenge of the procurement."""

    Outcome = AppealOutcome

    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.CASCADE,
        related_name="review_appeals",
        verbose_name=_("procurement"),
    )
    filed_on = models.DateField(_("filed on"))
    court = models.CharField(
        _("court"), max_length=200, help_text=_("E.g. Förvaltningsrätten i Falun.")
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = SignallingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "filed_on", "pk"]
        verbose_name = _("review appeal")
        verbose_name_plural = _("review appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="review_appeal_decided_not_before_filed",
                violation_error_message=_("An appeal cannot be decided before it was filed."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AppealOutcome.values), name="review_appeal_outcome_known"
            ),
        ]

    def __str__(self):
        return f"{self.court} {self.filed_on:%Y-%m-%d}"


def quarter_index(year: int, quarter: int) -> int:
    """Quarters numbered on from year 0, so that comparing two quarters compares two numbers."""
    return year * 4 + quarter - 1


def last_quarter_ended(day: datetime.date) -> int:
    """The ``quarter_index`` of the last quarter that has ended by the end of ``day``."""
    following = Quarter.containing(day + datetime.timedelta(days=1))
    return quarter_index(following.year, following.quarter) - 1


PLAN_YEARS = range(2000, 2101)


class Delivery(models.TextChoices):
    """Where a plan item stands on a given day."""

    ON_TIME = "on_time", _("completed as planned")
    LATE = "late", _("completed late")
    MISSING = "missing", _("not completed")
    NOT_DUE = "not_due", _("planned for later")


class ProcurementPlanItemQuerySet(SignallingQuerySet):
    def with_delivery(self, as_of: datetime.date):
        """Annotate ``delivery`` (a ``Delivery`` value) as it stood at the end of ``as_of``.

        Completed by then: on time if completed in or before the planned quarter,
        else late. Not completed by then: missing once the planned quarter has
        ended, else planned for later. No procurement is not completed.
        """
        completed = Q(procurement__completed_on__lte=as_of)
        return self.alias(  # quarter_index in SQL
            planned_index=F("planned_year") * 4 + F("planned_quarter") - 1,
            completed_index=ExtractYear("procurement__completed_on") * 4
            + ExtractQuarter("procurement__completed_on")
            - 1,
        ).annotate(
            delivery=Case(
                When(
                    completed & Q(completed_index__lte=F("planned_index")),
                    then=Value(Delivery.ON_TIME.value),
                ),
                When(completed, then=Value(Delivery.LATE.value)),
                When(
                    planned_index__lte=last_quarter_ended(as_of),
                    then=Value(Delivery.MISSING.value),
                ),
                default=Value(Delivery.NOT_DUE.value),
                output_field=models.CharField(),
            )
        )

    def due_in_year_by(self, year: int, quarter: int):
        """Plan ``year``'s items planned to be completed in that year, by the end of ``quarter``."""
        return self.filter(plan_year=year, planned_year=year, planned_quarter__lte=quarter)

    def demo(self):
        return self.filter(is_demo=True)

    def real(self):
        return self.filter(is_demo=False)


class ProcurementPlanItem(models.Model):
    """One procurement in the procurement plan (upphandlingsplan) the committee adopts each year.

    The plan covers two years: an item is planned to be completed in a quarter of
    the plan's year or of the next. It links to its procurement once the register
    has it; the key figure "Upphandlingar avslutade enligt fastställd
    upphandlingsplan" counts the items whose procurement was completed by the
    end of a quarter among those planned to be completed by then
    (``reports.plan_delivery``).
    """

    Delivery = Delivery

    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        validators=[MinValueValidator(PLAN_YEARS[0]), MaxValueValidator(PLAN_YEARS[-1])],
        help_text=_(
            "The year of the plan the committee adopted; it covers that year and the next."
        ),
    )
    number = models.PositiveIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The item's number in the plan."),
    )
    title = models.CharField(_("title"), max_length=300)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("category"),
    )
    municipalities = models.ManyToManyField(
        "indicators.Municipality",
        related_name="plan_items",
        verbose_name=_("municipalities"),
        help_text=_("The municipalities the procurement is planned for."),
    )
    planned_year = models.PositiveSmallIntegerField(
        _("year planned to be completed"),
        help_text=_("The plan year or the next."),
    )
    planned_quarter = models.PositiveSmallIntegerField(
        _("quarter planned to be completed"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("procurement"),
        help_text=_("The procurement in the register, once it has been registered."),
    )

    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=["municipalities"])

    objects = ProcurementPlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan_year", "number"]
        verbose_name = _("procurement plan item")
        verbose_name_plural = _("procurement plan items")
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "number"],
                name="plan_item_number_once_per_plan",
                violation_error_message=_("The plan already has an item with this number."),
            ),
            models.UniqueConstraint(
                fields=["plan_year", "procurement"],
                condition=Q(procurement__isnull=False),
                name="plan_item_procurement_once_per_plan",
                violation_error_message=_(
                    "This procurement is already linked to another item of the plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_quarter__gte=1, planned_quarter__lte=4),
                name="plan_item_quarter_known",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(planned_year__gte=F("plan_year"))
                & Q(planned_year__lte=F("plan_year") + 1),
                name="plan_item_planned_within_the_plan",
                violation_error_message=_(
                    "The plan covers its own year and the next: plan the item for one of them."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.plan_year}:{self.number} {self.title}"

    @property
    def planned_label(self) -> str:
        """ "kvartal 2 2023" in Swedish."""
        return Quarter(self.planned_year, self.planned_quarter).long_label

    @property
    def delivery_label(self) -> str:
        """The annotated ``delivery`` in words (needs ``with_delivery``)."""
        return Delivery(self.delivery).label
