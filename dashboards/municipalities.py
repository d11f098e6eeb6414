"""A municipality's page, assembled into plain dataclasses.

The indicators the plan follows per municipality come from the period's
follow-up (the municipality's value and status, judged against its own target
where the plan gives one, and in an adopted period against the target as it
was adopted); the register's figures for procurements made for
the municipality come from ``procurements.municipality_figures`` in one
aggregate query. The number of queries does not depend on the register's size,
and the whole page's data is cached under the data version.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.periods import PeriodChoice, period_choice, plan_for
from dashboards.selectors import MunicipalityLink
from indicators.formatting import format_number
from indicators.fulfilment import Status
from indicators.models import Municipality
from procurements.municipality_figures import MunicipalityFigures, municipality_figures
from reports.follow_up import describe_value, period_follow_up
from reports.models import Period
from reports.version_cache import cached

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class MunicipalityIndicator:
    code: str
    name: str
    goal_number: int | None
    text: str
    status: Status
    target_text: str
    target_is_uhc_wide: bool
    total_text: str
    target_change_note: str = ""


@dataclass(frozen=True)
class RegisterFigure:
    """A count of procurements, and its share of the figure it belongs to where there is one."""

    label: str
    count: str
    share: str = ""
    is_part: bool = False


@dataclass
class MunicipalityPage:
    code: str
    name: str
    period: PeriodChoice
    is_adopted: bool
    start: datetime.date
    end: datetime.date
    indicators: list[MunicipalityIndicator]
    register: list[RegisterFigure]
    municipalities: list[MunicipalityLink]
    municipality_id: int


def municipality_page(
    *, code: str, year: int | None = None, quarter: int | None = None, today: datetime.date
) -> MunicipalityPage | None:
    """The page of the municipality with the official code; None for an unknown code or period.

    Cached under the data version, per day (which period is the default) and language.
    """
    return cached(
        f"municipality:{code}:{year}:{quarter}:{today.isoformat()}:{get_language()}",
        lambda: _municipality_page(code, year, quarter, today),
    )


def _municipality_page(
    code: str, year: int | None, quarter: int | None, today: datetime.date
) -> MunicipalityPage | None:
    municipalities = list(Municipality.objects.all())
    municipality = next((m for m in municipalities if m.code == code), None)
    plan = plan_for(year, quarter)
    if municipality is None or plan is None:
        return None
    choice = period_choice(
        plan,
        year,
        quarter,
        today=today,
        url_for=lambda y, q: reverse("dashboards:municipality_period", args=[y, q, code]),
    )
    follow_up = period_follow_up(choice.year, choice.quarter)
    start = datetime.date(choice.year, 1, 1)
    end = Period(year=choice.year, quarter=choice.quarter).end
    return MunicipalityPage(
        code=municipality.code,
        name=municipality.name,
        period=choice,
        is_adopted=follow_up.is_adopted,
        start=start,
        end=end,
        indicators=_indicators(follow_up, municipality),
        register=_register(
            municipality_figures(municipality_id=municipality.pk, start=start, end=end)
        ),
        municipalities=[MunicipalityLink(m.code, m.name) for m in municipalities],
        municipality_id=municipality.pk,
    )


def _indicators(follow_up, municipality: Municipality) -> list[MunicipalityIndicator]:
    followed = [i for i in follow_up.indicators if i.per_municipality]
    goal_of = {i.code: goal.number for goal in follow_up.goals for i in goal.indicators}
    result = []
    for indicator in followed:
        value = next(m for m in indicator.municipalities if m.municipality_id == municipality.pk)
        result.append(
            MunicipalityIndicator(
                code=indicator.code,
                name=indicator.name,
                goal_number=goal_of.get(indicator.code),
                text=value.text,
                status=value.status,
                target_text=value.target_text,
                target_is_uhc_wide=value.target_is_uhc_wide,
                total_text=indicator.text,
                target_change_note=value.target_change_note,
            )
        )
    return result


def _share(part: int, whole: int) -> str:
    return describe_value(Decimal(part) * HUNDRED / whole if whole else None, "percent")


def _register(figures: MunicipalityFigures) -> list[RegisterFigure]:
    def part(label: str, count: int, whole: int) -> RegisterFigure:
        return RegisterFigure(label, format_number(count), _share(count, whole), is_part=True)

    food = figures.food_advertised
    return [
        RegisterFigure(_("Advertised procurements"), format_number(figures.advertised)),
        part(
            _("of which with environmental or climate requirements"),
            figures.advertised_with_environmental_requirement,
            figures.advertised,
        ),
        RegisterFigure(_("Completed procurements"), format_number(figures.completed)),
        part(
            _("of which coordinated (made for at least two municipalities)"),
            figures.completed_coordinated,
            figures.completed,
        ),
        RegisterFigure(_("Cancelled procurements"), format_number(figures.cancelled)),
        RegisterFigure(_("Advertised food procurements"), format_number(food)),
        part(_("of which with requirements on organic food"), figures.food_organic, food),
        part(_("of which with requirements on locally produced food"), figures.food_local, food),
        part(_("of which with requirements on plant-based food"), figures.food_plant_based, food),
    ]
