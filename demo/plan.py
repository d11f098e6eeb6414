"""A demo procurement plan for a demo year, made from the year's demo procurements.

Pure and deterministic like ``demo.register``: ``generate_plan(year=2023,
seed=42, procurements=...)`` gives the same items for the same arguments. The
procurements the generator put in the plan (``in_plan``) become its items, each
planned for the quarter it was completed in, or:

- *late*: some completed procurements were planned for the quarter before;
- procurements still open at the end of the year are planned for its last
  quarter, or for the first quarter of the next (the plan covers two years);
- cancelled ones for the quarter they were cancelled in, not yet advertised ones
  for a quarter of the year;
- *never started*: a few items have no procurement in the register at all.

A plan is made before its year, so it is made from the whole year's
procurements, also where the register is cut at a day of the year
(``register_as_of``): the items due later are simply not completed yet.
``demo.plan_loading`` writes it.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from demo.register import CATEGORIES, DemoProcurement
from indicators.quarters import Quarter


@dataclass(frozen=True)
class DemoPlanProfile:
    # Assumed: of the completed procurements not in the first quarter, those planned for the
    # quarter before.
    late_share: float = 0.06
    # Assumed: of the procurements still open at the end of the year, those planned for it.
    open_planned_this_year_share: float = 0.3
    # Assumed: items never started, per item of the plan (at least one).
    never_started_share: float = 0.015


PLAN_PROFILE = DemoPlanProfile()


@dataclass(frozen=True)
class DemoPlanItem:
    """One item of a demo plan; plain fields named as on ``ProcurementPlanItem``."""

    plan_year: int
    number: int
    title: str
    category: str
    municipality_codes: tuple[str, ...]
    planned_year: int
    planned_quarter: int
    registry_number: str | None  # the procurement's, or None: never started


def _planned(
    rng: random.Random, year: int, procurement: DemoProcurement, profile: DemoPlanProfile
) -> tuple[int, int]:
    if procurement.completed_on is not None:
        quarter = Quarter.containing(procurement.completed_on).quarter
        if quarter > 1 and rng.random() < profile.late_share:
            quarter -= 1
        return year, quarter
    if procurement.cancelled_on is not None:
        return year, Quarter.containing(procurement.cancelled_on).quarter
    if procurement.advertised_on is not None:
        return (year, 4) if rng.random() < profile.open_planned_this_year_share else (year + 1, 1)
    return year, rng.randint(2, 4)


def generate_plan(
    *,
    year: int,
    seed: int,
    procurements: Sequence[DemoProcurement],
    municipalities: Sequence[tuple[str, str]],
    profile: DemoPlanProfile = PLAN_PROFILE,
) -> list[DemoPlanItem]:
    """The demo plan of ``year``, numbered in the order of planned quarter and registry number.

    ``procurements`` are the year's demo procurements; ``municipalities`` the
    (code, name) pairs the never-started items are planned for.
    """
    rng = random.Random(f"gnu-plan demo procurement plan {year} {seed}")
    items = []
    for procurement in sorted(procurements, key=lambda p: p.registry_number):
        if procurement.in_plan:
            planned_year, planned_quarter = _planned(rng, year, procurement, profile)
            items.append(
                DemoPlanItem(
                    plan_year=year,
                    number=0,
                    title=procurement.title,
                    category=procurement.category,
                    municipality_codes=tuple(sorted(procurement.municipality_codes)),
                    planned_year=planned_year,
                    planned_quarter=planned_quarter,
                    registry_number=procurement.registry_number,
                )
            )
    codes = sorted(str(code) for code, _name in municipalities)
    never_started = max(1, round(len(items) * profile.never_started_share)) if codes else 0
    for _ in range(never_started):
        category = rng.choice(CATEGORIES)
        items.append(
            DemoPlanItem(
                plan_year=year,
                number=0,
                title=rng.choice(category.titles),
                category=category.name,
                municipality_codes=tuple(sorted(rng.sample(codes, rng.randint(1, len(codes))))),
                planned_year=year,
                planned_quarter=rng.randint(1, 4),
                registry_number=None,
            )
        )
    items.sort(
        key=lambda i: (
            i.planned_year,
            i.planned_quarter,
            i.registry_number is None,
            i.registry_number or "",
            i.title,
        )
    )
    return [replace(item, number=number) for number, item in enumerate(items, start=1)]


def canonical_plan_rows(items: Sequence[DemoPlanItem]) -> list[dict]:
    """Every field of every item as JSON-ready dicts, by plan year and number."""
    return [
        {
            "plan_year": item.plan_year,
            "number": item.number,
            "title": item.title,
            "category": item.category,
            "municipality_codes": sorted(item.municipality_codes),
            "planned_year": item.planned_year,
            "planned_quarter": item.planned_quarter,
            "registry_number": item.registry_number,
        }
        for item in sorted(items, key=lambda item: (item.plan_year, item.number))
    ]
