"""How each computed indicator is computed: one declaration per indicator.

This table is the single truth: an indicator the plan file computes (source
``register`` or ``budget``) is computed by the declaration under its code, and
``manage.py check`` fails while the plan file and this table disagree
(``reports.checks``). A measure names which rows count (its *population*,
within the year to date, evaluated by that population's own evaluator in
``reports.populations``), what is counted among them (its *condition*), and
how the two make a value: a share (numerator ÷ denominator × 100), a mean or a
count. ``reports.computation`` evaluates all of them for a period with a fixed
handful of aggregate queries.

Populations, following Bilaga 3 where the plan's sections differ:

- *completed*: completed between 1 January and the end of the quarter; outcome
  indicators (coordinated, tenders, questions, contacts, innovation) count these.
- *advertised*: advertised in the same window; requirement indicators count
  these, since requirements are set when a procurement is advertised.
- *food advertised*: advertised food procurements. Bilaga 3 counts shares of
  food procurements: the total counts each procurement once, however many
  municipalities it is made for, and each municipality's share is of its own
  food procurements, judged against its own target.
- *procurement plan*: not procurements but the items of the year's procurement
  plan due by the end of the quarter; completed-as-planned counts those whose
  procurement was completed by then.
- *tenders of completed*, *review appeals*: tenders and appeals, not procurements.
- *budget result*: the forecast result's deviation from budget.
"""

from dataclasses import dataclass

from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _

from procurements.models import made_for_several_municipalities
from reports.populations import (
    BudgetResult,
    Condition,
    Kind,
    Population,
    ProcurementPlan,
    Procurements,
    ReviewAppeals,
    TendersOfCompleted,
    advertised_between,
    cancelled_between,
    completed_between,
)

ADVANCED_OR_BETTER = ("avancerad", "spjutspets")

COMPLETED = Procurements("completed", completed_between)
ADVERTISED = Procurements("advertised", advertised_between)
CANCELLED = Procurements("cancelled", cancelled_between)
FOOD_ADVERTISED = Procurements(
    "food_advertised",
    lambda start, end: advertised_between(start, end) & Q(is_food_procurement=True),
    per_municipality=True,
)
PROCUREMENT_PLAN = ProcurementPlan()
TENDERS_OF_COMPLETED = TendersOfCompleted()
REVIEW_APPEALS = ReviewAppeals()
BUDGET_RESULT = BudgetResult()


@dataclass(frozen=True)
class Sign:
    """A value whose sign means something, such as a deviation from budget.

    Its text carries the sign and a word for it ("−8,8 % (deficit)"), and its
    target is judged on its size: "< 3,0 %" is missed by a deficit of −8,8 %
    as much as by a surplus of 8,8 %.
    """

    negative: str
    positive: str


@dataclass(frozen=True)
class Measure:
    population: Population
    kind: Kind
    condition: Condition | None = None
    among: Q | None = None
    """For a share: the part of the population it is a share of (all of it when None)."""
    mean_of: str | None = None
    sign: Sign | None = None
    explanation: str = ""

    def condition_between(self, start, end) -> Q | Exists | None:
        """The condition, for conditions that depend on the window themselves."""
        if callable(self.condition):
            return self.condition(start, end)
        return self.condition


def _advanced(field: str) -> Q:
    return Q(**{f"{field}__in": ADVANCED_OR_BETTER})


MEASURES: dict[str, Measure] = {
    "coordinated-share": Measure(
        COMPLETED,
        Kind.SHARE,
        lambda start, end: made_for_several_municipalities(),
        explanation=_(
            "Completed procurements made for at least two municipalities, of all completed."
        ),
    ),
    "tenders-per-procurement": Measure(
        TENDERS_OF_COMPLETED,
        Kind.MEAN,
        explanation=_(
            "Tenders received in completed procurements, per completed procurement with its "
            "tenders recorded."
        ),
    ),
    "questions-per-procurement": Measure(
        COMPLETED,
        Kind.MEAN,
        mean_of="questions_received",
        explanation=_(
            "Questions received while advertised, per completed procurement where they were recorded."
        ),
    ),
    "tenderers-contacted": Measure(
        COMPLETED,
        Kind.COUNT,
        Q(tenderers_contacted=True),
        explanation=_(
            "Completed procurements whose tenderers were contacted about the award decision."
        ),
    ),
    "employment-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        Q(advanced_employment_requirement=True),
        explanation=_(
            "Advertised procurements with advanced employment requirements, of all advertised."
        ),
    ),
    "labour-law-conditions": Measure(
        ADVERTISED,
        Kind.COUNT,
        Q(labour_law_conditions=True),
        explanation=_("Advertised procurements with labour-law conditions."),
    ),
    "reserved-procurements": Measure(
        ADVERTISED,
        Kind.COUNT,
        Q(reserved_for_social_enterprises=True),
        explanation=_("Advertised procurements reserved for social enterprises."),
    ),
    "accessibility-requirements": Measure(
        ADVERTISED,
        Kind.COUNT,
        Q(accessibility_requirement=True),
        explanation=_("Advertised procurements with accessibility requirements."),
    ),
    "gender-equality-requirements": Measure(
        ADVERTISED,
        Kind.COUNT,
        Q(gender_equality_requirement=True),
        explanation=_("Advertised procurements with gender equality requirements."),
    ),
    "environmental-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        Q(environmental_requirement=True),
        explanation=_("Advertised procurements with any environmental or climate requirement."),
    ),
    "environmental-management": Measure(
        ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_environmental_management"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "reuse-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_reuse"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "climate-transport-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_climate_transport"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "climate-other-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_climate_other"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "chemicals-requirements": Measure(
        ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_chemicals"),
        explanation=_("Advertised procurements at advanced UHM level or above, of all advertised."),
    ),
    "organic-food-requirements": Measure(
        FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_organic=True),
        explanation=_(
            "Advertised food procurements with organic requirements, of all advertised food "
            "procurements; per municipality, of those made for the municipality."
        ),
    ),
    "local-food-requirements": Measure(
        FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_local=True),
        explanation=_(
            "Advertised food procurements with local production requirements, of all advertised "
            "food procurements; per municipality, of those made for the municipality."
        ),
    ),
    "plant-based-food-requirements": Measure(
        FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_plant_based=True),
        explanation=_(
            "Advertised food procurements with plant-based requirements, of all advertised food "
            "procurements; per municipality, of those made for the municipality."
        ),
    ),
    "regional-tenders-share": Measure(
        TENDERS_OF_COMPLETED,
        Kind.SHARE,
        Q(has_regional_presence=True),
        explanation=_(
            "Tenders from companies with regional presence, of all tenders in completed procurements."
        ),
    ),
    "regional-awards-share": Measure(
        TENDERS_OF_COMPLETED,
        Kind.SHARE,
        Q(has_regional_presence=True),
        among=Q(is_awarded=True),
        explanation=_(
            "Awarded tenders from companies with regional presence, of all awarded tenders."
        ),
    ),
    "substantially-different-solutions": Measure(
        COMPLETED,
        Kind.COUNT,
        Q(substantially_different_solution=True),
        explanation=_(
            "Completed procurements whose solution is substantially different from the previous one."
        ),
    ),
    "completed-as-planned": Measure(
        PROCUREMENT_PLAN,
        Kind.SHARE,
        explanation=_(
            "Items of the year's procurement plan completed by the end of the quarter, of all "
            "items planned to be completed by then (at the fourth quarter, the whole year's plan)."
        ),
    ),
    "review-appeals": Measure(
        REVIEW_APPEALS,
        Kind.COUNT,
        explanation=_("Review appeals filed in the year to date."),
    ),
    "cancelled-procurements": Measure(
        CANCELLED,
        Kind.COUNT,
        explanation=_("Procurements cancelled in the year to date."),
    ),
    "economy-in-balance": Measure(
        BUDGET_RESULT,
        Kind.SHARE,
        sign=Sign(negative=_("deficit"), positive=_("surplus")),
        explanation=_(
            "The full-year forecast result's deviation from budget, in per cent of budgeted costs: "
            "positive is a surplus, negative a deficit. The target is judged on its size."
        ),
    ),
}
