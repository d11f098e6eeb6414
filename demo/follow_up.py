"""Demo follow-up: the head's figures and the assignments' progress, generated from a seed.

Pure and deterministic, like the register's generator (``demo.register``):
plain data in, plain dataclasses out, a ``random.Random`` seeded per year,
indicator and municipality, and ``Decimal`` arithmetic only. A quarter's
figures are the same however long the history is and whatever other
indicators the plan has.

Each hand-entered indicator of the plan has a ``FigureProfile``: where it
lands in 2023 and how it moves in later years; a yearly one is entered in the
quarter the plan reports it in. The levels are set near the plan's targets and baselines so that
the follow-up shows a realistic mix: some targets met, some partly, some not.
An indicator the profiles do not know (a later plan's) gets one from its
target or baseline.

Values are year to date, as the follow-up reads them: counts and hours add up
over the year (Q4 is the year's total), shares, indexes and ranks are the
value as it stands.
"""

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indicators import reporting_schedule

QUARTERS = (1, 2, 3, 4)
BASE_YEAR = 2023
ACCUMULATING_UNITS = frozenset({"count", "hours"})
# Per mille of the year's total reached by the end of each quarter: the summer is slow.
YEAR_SHARES = {1: 240, 2: 500, 3: 690, 4: 1000}
# A level for an indicator that has neither a target nor a baseline, by unit.
UNIT_LEVELS = {
    "percent": Decimal(50),
    "count": Decimal(12),
    "mean": Decimal(4),
    "index": Decimal(70),
    "rank": Decimal(150),
    "hours": Decimal(40),
    "tkr": Decimal(1000),
}


@dataclass(frozen=True)
class FigureProfile:
    """How a hand-entered indicator goes in the demo, in its own unit.

    ``level`` is its 2023 value: the year's total for counts and hours, else
    the value each quarter lands near. Per municipality, ``municipality_levels``
    gives each municipality's level by code (others get ``level``). Every later
    year moves by ``yearly_change`` per mille; each quarter strays up to
    ``spread`` per mille. A yearly indicator is entered in the quarter the plan
    reports it in (``IndicatorSpec.reported_in_quarter``).
    """

    level: Decimal
    decimals: int = 0
    yearly_change: int = 0
    spread: int = 30
    maximum: Decimal | None = None
    municipality_levels: tuple[tuple[str, Decimal], ...] = ()


def _levels(by_code: dict[str, int]) -> tuple[tuple[str, Decimal], ...]:
    """Levels by municipality code.

    Falun 2080, Borlänge 2081, Avesta 2084, Gagnef 2026, Hedemora 2083, Ludvika 2085, Säter 2082.
    """
    return tuple((code, Decimal(level)) for code, level in by_code.items())


# The plan's hand-entered indicators (Nämndplan 2023–2025, Bilaga 3), by code.
PROFILES: dict[str, FigureProfile] = {
    # "Mål NKI-mätning >90 % (88,1 %, 2021 och 89,5 %, 2020)": 2023 lands just under the
    # target, 2024 just over.
    "nki": FigureProfile(Decimal("89.4"), decimals=1, yearly_change=13, spread=3),
    # "minst 250 avtalsuppföljningar" (218, 2021): close, partly met.
    "contract-follow-ups": FigureProfile(Decimal(242), yearly_change=60, spread=20),
    # "kompetenshöjande insatser hos samtliga samverkande kommuner": all seven by year end.
    "compliance-training": FigureProfile(Decimal(7), spread=0, maximum=Decimal(7)),
    # Spot checks of invoices with each municipality's finance unit, in the year.
    "compliance-spot-checks": FigureProfile(
        Decimal(5),
        spread=150,
        municipality_levels=_levels(
            {"2080": 8, "2081": 8, "2084": 6, "2026": 4, "2083": 5, "2085": 6, "2082": 4}
        ),
    ),
    # NAI, "Nollmätning 2023": an index of about 70.
    "nai": FigureProfile(Decimal("71.0"), decimals=1, yearly_change=25, spread=20),
    # Work placements from employment requirements (7 in 2021 in the pandemic, 32 in 2020).
    "work-placements": FigureProfile(
        Decimal(3),
        yearly_change=100,
        spread=150,
        municipality_levels=_levels(
            {"2080": 9, "2081": 8, "2084": 4, "2026": 2, "2083": 3, "2085": 5, "2082": 2}
        ),
    ),
    # Outreach activities (118 in 2021, about 100 in 2020).
    "outreach-activities": FigureProfile(Decimal(126), yearly_change=50, spread=40),
    # Svenskt Näringsliv's rank of each municipality's procurement (of 290; mean 220 in 2021).
    "business-climate-rank": FigureProfile(
        Decimal(200),
        yearly_change=-40,
        spread=40,
        maximum=Decimal(290),
        municipality_levels=_levels(
            {
                "2080": 164,
                "2081": 148,
                "2084": 231,
                "2026": 117,
                "2083": 262,
                "2085": 205,
                "2082": 226,
            }
        ),
    ),
    # Staff turnover of the year (7,6 % in 2021, 12 % in 2020).
    "staff-turnover": FigureProfile(Decimal("7.9"), decimals=1, yearly_change=-100, spread=80),
    # Sick leave (5,5 % in 2021, 7,3 % in 2020).
    "sick-leave": FigureProfile(Decimal("5.3"), decimals=1, yearly_change=-30, spread=90),
    # "80 timmar/anställd" in 2023: the autumn's courses were postponed, not met.
    "training-hours": FigureProfile(Decimal(66), yearly_change=150, spread=30),
    # Deviations from governing documents ("Inga väsentliga avvikelser 2021"): one in 2023.
    "governance-deviations": FigureProfile(Decimal(1), yearly_change=-1000, spread=0),
    # Terminated contracts (0 in 2021).
    "terminated-contracts": FigureProfile(Decimal(0), spread=0),
}


@dataclass(frozen=True)
class IndicatorSpec:
    """What the generator needs of a hand-entered indicator, read from the plan."""

    code: str
    unit: str
    frequency: str
    per_municipality: bool
    target: Decimal | None = None
    baseline: Decimal | None = None
    reported_in_quarter: int | None = None


@dataclass(frozen=True)
class DemoEnteredValue:
    indicator_code: str
    municipality_code: str | None
    value: Decimal


def profile_for(spec: IndicatorSpec) -> FigureProfile:
    """The indicator's profile; for one the demo does not know, one from its target or baseline."""
    if spec.code in PROFILES:
        return PROFILES[spec.code]
    level = spec.target if spec.target is not None else spec.baseline
    if level is None:
        level = UNIT_LEVELS.get(spec.unit, Decimal(10))
    decimals = 0 if spec.unit in ACCUMULATING_UNITS | {"rank", "tkr"} else 1
    return FigureProfile(level, decimals=decimals)


def is_due(spec: IndicatorSpec, quarter: int) -> bool:
    """Whether the head enters the indicator in the quarter: every quarter, or a yearly one's."""
    return reporting_schedule.is_due(reported_in_quarter=spec.reported_in_quarter, quarter=quarter)


def _per_mille(rng: random.Random, spread: int) -> Decimal:
    return Decimal(1000 + rng.randint(-spread, spread)) / 1000


def _year_level(level: Decimal, profile: FigureProfile, year: int) -> Decimal:
    for _year in range(BASE_YEAR, year):
        level = level * (1000 + profile.yearly_change) / 1000
    return level


def _year_path(
    rng: random.Random, level: Decimal, profile: FigureProfile, accumulates: bool
) -> dict[int, Decimal]:
    """The four quarters' values to date of one year, rounded as entered.

    All four are drawn whatever quarters are wanted, so that a quarter's value
    does not depend on the length of the history.
    """
    step = Decimal(1).scaleb(-profile.decimals)
    total = level * _per_mille(rng, profile.spread) if accumulates else None
    path, previous = {}, Decimal(0)
    for quarter in QUARTERS:
        if total is None:
            raw = level * _per_mille(rng, profile.spread)
        elif quarter == QUARTERS[-1]:
            raw = max(total, previous)
        else:
            share = Decimal(YEAR_SHARES[quarter]) / 1000
            raw = max(total * share * _per_mille(rng, 100), previous)
        if profile.maximum is not None:
            raw = min(raw, profile.maximum)
        value = max(Decimal(0), raw).quantize(step, rounding=ROUND_HALF_UP)
        path[quarter] = previous = value
    return path


def generate_entered_values(
    *,
    year: int,
    quarter: int,
    seed: int,
    indicators: Iterable[IndicatorSpec],
    municipality_codes: Sequence[str],
) -> list[DemoEnteredValue]:
    """The head's figures for a quarter: one per indicator due, per municipality where followed so.

    Ordered by indicator code and municipality code (the total, ``None``, first).
    """
    values = []
    for spec in sorted(indicators, key=lambda s: s.code):
        if not is_due(spec, quarter):
            continue
        profile = profile_for(spec)
        accumulates = spec.unit in ACCUMULATING_UNITS
        if spec.per_municipality:
            levels = dict(profile.municipality_levels)
            places = [
                (code, levels.get(code, profile.level)) for code in sorted(municipality_codes)
            ]
        else:
            places = [(None, profile.level)]
        for municipality_code, level in places:
            rng = random.Random(
                f"gnu-plan demo follow-up {year} {seed} {spec.code} {municipality_code or ''}"
            )
            path = _year_path(rng, _year_level(level, profile, year), profile, accumulates)
            values.append(DemoEnteredValue(spec.code, municipality_code, path[quarter]))
    return values


# Assignments -------------------------------------------------------------------------------

NOT_STARTED, STARTED, DONE, DELAYED = "not_started", "started", "done", "delayed"


@dataclass(frozen=True)
class DemoProgress:
    assignment_code: str
    status: str
    comment: str


# The plan's special assignments for 2023, quarter by quarter: (status, comment).
ASSIGNMENT_COURSES: dict[str, tuple[tuple[str, str], ...]] = {
    "supply-preparedness-2023": (
        (
            STARTED,
            "Arbetet har startat med en inventering av avtal som rör samhällsviktig "
            "verksamhet. En arbetsgrupp med kommunernas säkerhetssamordnare har bildats.",
        ),
        (
            STARTED,
            "Inventeringen är klar: avtal inom livsmedel, drivmedel, vård- och omsorgsmaterial "
            "samt IT har klassats som kritiska. Dialog med leverantörerna om kontinuitetsplaner "
            "pågår.",
        ),
        (
            STARTED,
            "Kontinuitetsplaner finns för ungefär hälften av de kritiska avtalen. Två "
            "medarbetare har gått utbildning i upphandling vid kris och höjd beredskap.",
        ),
        (
            DONE,
            "Uppdraget är slutfört. De kritiska avtalen har kontinuitetsplaner och en rutin för "
            "upphandling i kris är beslutad. Arbetet förs vidare i den löpande "
            "avtalsförvaltningen.",
        ),
    ),
    "environmental-spend-analysis-2023": (
        (NOT_STARTED, "Uppdraget startar när den nya miljöstrategen är på plats i april."),
        (
            STARTED,
            "Miljöstrategen har börjat och fakturadata för 2022 har samlats in från samtliga "
            "kommuner. Metoden för att räkna om inköpsvolym till klimatpåverkan är vald.",
        ),
        (
            DELAYED,
            "Arbetet är försenat: fakturadata från två kommuner saknade kontering på "
            "varugruppsnivå och kompletterande uttag har beställts.",
        ),
        (
            DELAYED,
            "En första analys visar att livsmedel, fordon och transporter samt byggnära tjänster "
            "står för störst klimatpåverkan. Slutrapporten redovisas för Nämnden under första "
            "kvartalet nästa år.",
        ),
    ),
    "new-lou-opportunities-2023": (
        (
            STARTED,
            "En genomgång pågår av vad ändringarna i LOU innebär, med fokus på det icke "
            "direktivstyrda området och reserverade upphandlingar.",
        ),
        (
            STARTED,
            "Ett förslag till ett eget, förenklat förfarande under EU:s tröskelvärden har tagits "
            "fram och prövas i två upphandlingar.",
        ),
        (
            DONE,
            "Uppdraget är slutfört. Mallar för egna förfaranden och för reserverade "
            "upphandlingar är införda i UhC:s upphandlingsprocess.",
        ),
        (
            DONE,
            "Slutfört under tredje kvartalet. De nya mallarna används nu i upphandlingar under "
            "tröskelvärdena.",
        ),
    ),
}
# For an assignment the demo does not know: one of these courses, with a comment per status.
GENERIC_COURSES = (
    (STARTED, STARTED, STARTED, DONE),
    (NOT_STARTED, STARTED, STARTED, DONE),
    (STARTED, STARTED, DELAYED, DELAYED),
)
GENERIC_COMMENTS = {
    NOT_STARTED: "Uppdraget är planerat att starta senare under året.",
    STARTED: "Arbetet pågår enligt plan tillsammans med berörda i kommunerna.",
    DELAYED: "Arbetet är försenat på grund av hög arbetsbelastning; bedömningen är att "
    "uppdraget slutförs under nästa år.",
    DONE: "Uppdraget är slutfört och resultatet har redovisats för Nämnden.",
}


def generate_progress(
    *, year: int, quarter: int, seed: int, assignment_codes: Iterable[str]
) -> list[DemoProgress]:
    """Each assignment's status and comment at the end of the quarter, ordered by code."""
    result = []
    for code in sorted(assignment_codes):
        if code in ASSIGNMENT_COURSES:
            status, comment = ASSIGNMENT_COURSES[code][quarter - 1]
        else:
            rng = random.Random(f"gnu-plan demo assignment {year} {seed} {code}")
            status = rng.choice(GENERIC_COURSES)[quarter - 1]
            comment = GENERIC_COMMENTS[status]
        result.append(DemoProgress(code, status, comment))
    return result
