"""How each computed indicator is computed: one declaration per indicator.

A measure names which procurements count (its *population*, within the year
to date), what is counted among them (its *condition*), and how the two make a
value: a share (numerator ÷ denominator × 100), a mean (sum ÷ count) or a
count. ``reports.computation`` evaluates all of them for a period with a fixed
handful of aggregate queries.

Populations, following Bilaga 3 where the plan's sections differ:

- *completed*: completed between 1 January and the end of the quarter; outcome
  indicators (coordinated, tenders, questions, contacts, innovation) count these.
- *advertised*: advertised in the same window; requirement indicators count
  these, since requirements are set when a procurement is advertised.
- *food advertised*: advertised food procurements, once per municipality they
  are made for, so that shares per municipality sum to the total.
- *procurement plan*: not procurements but the items of the year's procurement
  plan due by the end of the quarter; ``reports.plan_delivery`` evaluates it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, Q
from django.utils.translation import gettext_lazy as _

from procurements.models import made_for_several_municipalities

ADVANCED_OR_BETTER = ("avancerad", "spjutspets")


class Population(StrEnum):
    COMPLETED = "completed"
    ADVERTISED = "advertised"
    CANCELLED = "cancelled"
    PROCUREMENT_PLAN = "procurement_plan"
    FOOD_ADVERTISED = "food_advertised"
    TENDERS_OF_COMPLETED = "tenders"
    AWARDED_TENDERS_OF_COMPLETED = "awarded_tenders"
    REVIEW_APPEALS = "appeals"
    BUDGET = "budget"


class Kind(StrEnum):
    SHARE = "share"
    MEAN = "mean"
    COUNT = "count"


Condition = Q | Callable[[datetime.date, datetime.date], Q | Exists]


@dataclass(frozen=True)
class Measure:
    population: Population
    kind: Kind
    condition: Condition | None = None
    mean_of: str | None = None
    explanation: str = ""

    def condition_between(self, start: datetime.date, end: datetime.date) -> Q | Exists | None:
        """The condition, for conditions that depend on the window themselves."""
        if callable(self.condition):
            return self.condition(start, end)
        return self.condition


def window(population: Population, start: datetime.date, end: datetime.date) -> Q:
    """Which procurements belong to a population between two dates (inclusive)."""
    completed = Q(completed_on__gte=start, completed_on__lte=end)
    advertised = Q(advertised_on__gte=start, advertised_on__lte=end)
    cancelled = Q(cancelled_on__gte=start, cancelled_on__lte=end)
    if population == Population.COMPLETED:
        return completed
    if population == Population.ADVERTISED:
        return advertised
    if population == Population.CANCELLED:
        return cancelled
    if population == Population.FOOD_ADVERTISED:
        return advertised & Q(is_food_procurement=True)
    raise ValueError(f"{population} is not a population of procurements")


def _advanced(field: str) -> Q:
    return Q(**{f"{field}__in": ADVANCED_OR_BETTER})


MEASURES: dict[str, Measure] = {
    "coordinated-share": Measure(
        Population.COMPLETED,
        Kind.SHARE,
        lambda start, end: made_for_several_municipalities(),
        explanation=_(
            "Completed procurements made for at least two municipalities, of all completed."
        ),
    ),
    "tenders-per-procurement": Measure(
        Population.COMPLETED,
        Kind.MEAN,
        mean_of="tender_count",
        explanation=_(
            "Tenders received in completed procurements, per completed procurement with its "
            "tenders recorded."
        ),
    ),
    "questions-per-procurement": Measure(
        Population.COMPLETED,
        Kind.MEAN,
        mean_of="questions_received",
        explanation=_(
            "Questions received while advertised, per completed procurement where they were recorded."
        ),
    ),
    "tenderers-contacted": Measure(
        Population.COMPLETED,
        Kind.COUNT,
        Q(tenderers_contacted=True),
        explanation=_(
            "Completed procurements whose tenderers were contacted about the award decision."
        ),
    ),
    "employment-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        Q(advanced_employment_requirement=True),
        explanation=_(
            "Advertised procurements with advanced employment requirements, of all advertised."
        ),
    ),
    "labour-law-conditions": Measure(
        Population.ADVERTISED,
        Kind.COUNT,
        Q(labour_law_conditions=True),
        explanation=_("Advertised procurements with labour-law conditions."),
    ),
    "reserved-procurements": Measure(
        Population.ADVERTISED,
        Kind.COUNT,
        Q(reserved_for_social_enterprises=True),
        explanation=_("Advertised procurements reserved for social enterprises."),
    ),
    "accessibility-requirements": Measure(
        Population.ADVERTISED,
        Kind.COUNT,
        Q(accessibility_requirement=True),
        explanation=_("Advertised procurements with accessibility requirements."),
    ),
    "gender-equality-requirements": Measure(
        Population.ADVERTISED,
        Kind.COUNT,
        Q(gender_equality_requirement=True),
        explanation=_("Advertised procurements with gender equality requirements."),
    ),
    "environmental-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        Q(environmental_requirement=True),
        explanation=_("Advertised procurements with any environmental or climate requirement."),
    ),
    "environmental-management": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_environmental_management"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "reuse-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_reuse"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "climate-transport-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_climate_transport"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "climate-other-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_climate_other"),
        explanation=_(
            "Advertised procurements at advanced or cutting-edge UHM level, of all advertised."
        ),
    ),
    "chemicals-requirements": Measure(
        Population.ADVERTISED,
        Kind.SHARE,
        _advanced("uhm_chemicals"),
        explanation=_("Advertised procurements at advanced UHM level or above, of all advertised."),
    ),
    "organic-food-requirements": Measure(
        Population.FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_organic=True),
        explanation=_("Advertised food procurements with organic requirements, per municipality."),
    ),
    "local-food-requirements": Measure(
        Population.FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_local=True),
        explanation=_(
            "Advertised food procurements with local production requirements, per municipality."
        ),
    ),
    "plant-based-food-requirements": Measure(
        Population.FOOD_ADVERTISED,
        Kind.SHARE,
        Q(food_plant_based=True),
        explanation=_(
            "Advertised food procurements with plant-based requirements, per municipality."
        ),
    ),
    "regional-tenders-share": Measure(
        Population.TENDERS_OF_COMPLETED,
        Kind.SHARE,
        Q(has_regional_presence=True),
        explanation=_(
            "Tenders from companies with regional presence, of all tenders in completed procurements."
        ),
    ),
    "regional-awards-share": Measure(
        Population.AWARDED_TENDERS_OF_COMPLETED,
        Kind.SHARE,
        Q(has_regional_presence=True),
        explanation=_(
            "Awarded tenders from companies with regional presence, of all awarded tenders."
        ),
    ),
    "substantially-different-solutions": Measure(
        Population.COMPLETED,
        Kind.COUNT,
        Q(substantially_different_solution=True),
        explanation=_(
            "Completed procurements whose solution is substantially different from the previous one."
        ),
    ),
    "completed-as-planned": Measure(
        Population.PROCUREMENT_PLAN,
        Kind.SHARE,
        explanation=_(
            "Items of the year's procurement plan completed by the end of the quarter, of all "
            "items planned to be completed by then (at the fourth quarter, the whole year's plan)."
        ),
    ),
    "review-appeals": Measure(
        Population.REVIEW_APPEALS,
        Kind.COUNT,
        explanation=_("Review appeals filed in the year to date."),
    ),
    "cancelled-procurements": Measure(
        Population.CANCELLED,
        Kind.COUNT,
        explanation=_("Procurements cancelled in the year to date."),
    ),
    "economy-in-balance": Measure(
        Population.BUDGET,
        Kind.SHARE,
        explanation=_(
            "The full-year forecast result's deviation from budget, in per cent of budgeted costs, "
            "whichever its sign."
        ),
    ),
}
