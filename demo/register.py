"""Demo procurements: a realistic year of the register, generated from a seed.

Everything here is pure and deterministic: no database, no clock, no global
random state. ``generate_procurements(year=2023, count=250, seed=42, ...)``
returns the same list of plain dataclasses every time, on every machine, so the
rows written from it are the same on SQLite and PostgreSQL. The only input
that comes from the database is the list of municipalities, passed in.

The shares the year aims at are the plan's own figures (Nämndplan 2023–2025,
Bilaga 3), collected in ``DemoProfile``. Demo procurements get registry numbers
``DEMO-<year>-<n>``, which never collide with real ones ("UhC 2023/123"), and
are stored with ``is_demo=True`` (see ``demo.register_loading``).
"""

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import accumulate

from procurements.models import AppealOutcome, Procedure, Scope, UhmLevel
from procurements.validators import luhn_check_digit

REGISTRY_PREFIX = "DEMO"


def registry_prefix(year: int) -> str:
    """The start of every demo registry number of a year, e.g. "DEMO-2023-"."""
    return f"{REGISTRY_PREFIX}-{year}-"


def registry_number(year: int, number: int, count: int) -> str:
    """ "DEMO-2023-0001": zero-padded so that they sort in order (five digits from 10 000)."""
    width = max(4, len(str(count)))
    return f"{registry_prefix(year)}{number:0{width}d}"


@dataclass(frozen=True)
class DemoProfile:
    """The shares a demo year aims at; the plan's figures (Bilaga 3) unless marked as assumed.

    Shares are of all demo procurements unless said otherwise.
    """

    # "Minst 80 % ... samordnade dvs vara på uppdrag av minst 2 kommuner" (79 %, 2020).
    coordinated_share: float = 0.80
    # Assumed: of the coordinated procurements, the share made for all seven municipalities.
    all_municipalities_share: float = 0.45
    # "Antal anbud i avslutade upphandlingar i snitt" 4,0 (2021): 1 + Bin(9, 1/3) has mean 4,0.
    extra_tender_trials: int = 9
    extra_tender_probability: float = 1 / 3
    # "Antal frågor ... i snitt" 4,3 (2021): Bin(12, 4,3/12) has mean 4,3.
    question_trials: int = 12
    question_probability: float = 4.3 / 12
    # "Andel företag med regional verksamhet som lämnat anbud" 57,5 % (2021).
    regional_tender_share: float = 0.575
    # "... som tilldelats avtal" 80,0 % (2021): how often an award goes to a regional
    # tenderer when both kinds have tendered (tuned so that about 80 % of awards are regional).
    regional_award_preference: float = 0.89
    # "Kontakta anbudsgivarna i minst 50 genomförda upphandlingar": of completed procurements.
    tenderers_contacted_share: float = 0.27
    # "Avancerade krav ... i minst 50 %" (56, 2021).
    advanced_employment_share: float = 0.56
    # "Arbetsrättsliga villkor" 15 (2021), in the trades that need them: see the categories.
    # "Antal reserverade upphandlingar" 3 (2021): 3 of about 250, and at least one a year
    # (exactly this share, rounded, of the year's procurements).
    reserved_share: float = 0.012
    # New indicators in 2021 without a baseline; assumed.
    accessibility_share: float = 0.12
    gender_equality_share: float = 0.08
    # "Någon form av miljö- och/eller klimatkrav" 95 % (2020): procurements without any UHM
    # level get an environmental requirement this often (about 95 % overall).
    environmental_without_uhm_share: float = 0.35
    # UHM advanced or cutting-edge, near the targets 20 %, 20 %, 5 %, 5 %, 20 %.
    uhm_advanced_shares: tuple[tuple[str, float], ...] = (
        ("uhm_environmental_management", 0.21),
        ("uhm_reuse", 0.22),
        ("uhm_climate_transport", 0.06),
        ("uhm_climate_other", 0.07),
        ("uhm_chemicals", 0.19),
    )
    # Assumed: the share at the basic level, and of advanced-or-better that is cutting-edge.
    uhm_basic_share: float = 0.25
    uhm_cutting_edge_share: float = 0.2
    # "Minst 50 % ... av livsmedelsupphandlingar" (organic, local); plant-based is a zero
    # measurement.
    food_organic_share: float = 0.60
    food_local_share: float = 0.55
    food_plant_based_share: float = 0.30
    # Assumed ("Nollmätning 2022").
    substantially_different_share: float = 0.03
    # "Överprövningar" 7 (2021) and "Avbrutna upphandlingar" 12 (2021), of about 250: appeals
    # come with completed procurements, with cancellations and with open award decisions.
    appeal_share_of_completed: float = 0.02
    cancelled_share: float = 0.048
    # "Upphandlingar avslutade enligt fastställd upphandlingsplan" > 90 % (93 %, 2021): the
    # rest are still advertised or not yet started at the end of the year.
    open_share: float = 0.05
    not_started_share: float = 0.012
    # Assumed: procurements in the year's procurement plan (the rest are added during the year).
    in_plan_share: float = 0.85


PROFILE = DemoProfile()


@dataclass(frozen=True)
class DemoCategory:
    name: str
    weight: int
    titles: tuple[str, ...]
    trades: tuple[str, ...]
    is_food: bool = False
    labour_law_share: float = 0.01


# The twelve categories of the register, with typical procurements and the trade words that
# make supplier names. Labour-law conditions are set where the plan names them ("ex städ,
# bygg"): about 15 in 250 procurements.
CATEGORIES: tuple[DemoCategory, ...] = (
    DemoCategory(
        "Livsmedel och måltider",
        14,
        (
            "Livsmedel – mejeriprodukter",
            "Livsmedel – kött och chark",
            "Livsmedel – frukt och grönt",
            "Livsmedel – bröd och bageri",
            "Livsmedel – fisk och skaldjur",
            "Livsmedel – kolonialvaror",
            "Livsmedel – frysta varor",
            "Livsmedel – ägg",
            "Livsmedel – specialkost",
            "Måltidsråvaror – potatis och rotfrukter",
        ),
        ("Livs", "Mejeri", "Chark", "Grönt", "Bageri", "Fisk", "Partihandel"),
        is_food=True,
    ),
    DemoCategory(
        "Fordon och transporter",
        9,
        (
            "Fordon och transporter",
            "Leasing av personbilar",
            "Skolskjuts",
            "Färdtjänst",
            "Tunga fordon för renhållning",
            "Drivmedel och laddinfrastruktur",
            "Däck och fordonsservice",
            "Transporter av gods och internpost",
        ),
        ("Åkeri", "Buss", "Taxi", "Bil", "Transport", "Fordonsservice"),
        labour_law_share=0.10,
    ),
    DemoCategory(
        "Städ och lokalvård",
        7,
        (
            "Städtjänster",
            "Fönsterputs",
            "Städ- och rengöringsmaterial",
            "Hygienartiklar",
            "Tvätt och textilservice",
            "Entrémattor",
        ),
        ("Städ", "Lokalvård", "Rengöring", "Tvätteri", "Fönsterputs"),
        labour_law_share=0.20,
    ),
    DemoCategory(
        "IT och telekom",
        10,
        (
            "Datorer och kringutrustning",
            "Mobiltelefoni",
            "IT-konsulttjänster",
            "Licenser och programvara",
            "Skrivare och utskriftstjänster",
            "Nätverksutrustning",
            "Verksamhetssystem för skolan",
            "E-tjänsteplattform",
        ),
        ("Data", "IT", "Tele", "System", "Nätverk"),
    ),
    DemoCategory(
        "Kontor och förbrukning",
        8,
        (
            "Kontorsmaterial",
            "Papper och kuvert",
            "Kontorsmöbler",
            "Skolmöbler",
            "Kaffe- och vattenautomater",
            "Arbetskläder",
            "Profilprodukter",
        ),
        ("Kontor", "Möbel", "Papper", "Inredning", "Profil"),
    ),
    DemoCategory(
        "Vård och omsorg",
        9,
        (
            "Medicinska förbrukningsartiklar",
            "Inkontinenshjälpmedel",
            "Hjälpmedel – rullstolar och rollatorer",
            "Trygghetslarm",
            "Skyddsutrustning",
            "Läkemedelsautomater",
            "Sjukvårdsmaterial",
        ),
        ("Medicinteknik", "Vårdprodukter", "Hjälpmedel", "Omsorg", "Larm"),
    ),
    DemoCategory(
        "Skola och fritid",
        8,
        (
            "Läromedel",
            "Digitala läromedel",
            "Idrotts- och lekmaterial",
            "Musikinstrument",
            "Medier till bibliotek",
            "Lekplatsutrustning",
            "Pedagogiskt material för förskolan",
        ),
        ("Lek", "Läromedel", "Bok", "Idrott", "Pedagogik"),
    ),
    DemoCategory(
        "Konsult- och bemanningstjänster",
        10,
        (
            "Bemanning av sjuksköterskor",
            "Juridiska tjänster",
            "Rekryteringstjänster",
            "Företagshälsovård",
            "Tolktjänster",
            "Arkitekttjänster",
            "Utbildningstjänster",
            "Revisionstjänster",
        ),
        ("Konsult", "Bemanning", "Juridik", "Rekrytering", "Tolk", "Hälsa"),
    ),
    DemoCategory(
        "Energi, avfall och miljö",
        6,
        (
            "Insamling av hushållsavfall",
            "Slamtömning",
            "El – förnybar",
            "Återvinning av elavfall",
            "Solcellsanläggningar",
            "Farligt avfall",
            "Containrar och avfallskärl",
        ),
        ("Miljö", "Återvinning", "Energi", "Avfall", "Sol"),
        labour_law_share=0.05,
    ),
    DemoCategory(
        "Mark, park och gata",
        6,
        (
            "Snöröjning och halkbekämpning",
            "Parkskötsel",
            "Gatubelysning – underhåll",
            "Asfaltering",
            "Trädvård",
            "Grus och sand",
            "Vägmarkering",
        ),
        ("Mark", "Entreprenad", "Park", "Grus", "Trädvård"),
        labour_law_share=0.15,
    ),
    DemoCategory(
        "Fastighetsservice och underhåll",
        9,
        (
            "Hantverkstjänster – elarbeten",
            "Hantverkstjänster – VVS",
            "Hantverkstjänster – måleri",
            "Hissar – service och underhåll",
            "Brandskydd och brandlarm",
            "Ventilation – service",
            "Låsservice och passagesystem",
            "Skadedjursbekämpning",
        ),
        ("El", "VVS", "Måleri", "Bygg", "Hiss", "Lås", "Brandskydd"),
        labour_law_share=0.20,
    ),
    DemoCategory(
        "Tryck och kommunikation",
        4,
        (
            "Trycksaker",
            "Annonsering och platsannonser",
            "Kommunikationsbyrå",
            "Film- och fotoproduktion",
            "Översättningstjänster",
            "Skyltar",
            "Webbutveckling",
        ),
        ("Tryck", "Reklam", "Kommunikation", "Media", "Skylt", "Foto"),
    ),
)

_REGIONAL_PLACES = (
    "Dala",
    "Falu",
    "Borlänge",
    "Avesta",
    "Gagnef",
    "Hedemora",
    "Ludvika",
    "Säter",
    "Siljans",
    "Bergslagens",
    "Västerdalarnas",
    "Dalälvens",
    "Kopparbergs",
    "Runns",
    "Tunabygdens",
)
_REGIONAL_TOWNS = ("Falun", "Borlänge", "Avesta", "Gagnef", "Hedemora", "Ludvika", "Säter")
_NATIONAL_PREFIXES = (
    "Svensk",
    "Svea",
    "Nordisk",
    "Norden",
    "Skandinavisk",
    "Riks",
    "Sverige",
    "Götalands",
    "Mälardalens",
    "Norrlands",
    "Stockholms",
    "Västsvenska",
)
_FAMILY_NAMES = (
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Dahl",
    "Holm",
    "Sjöberg",
    "Hedlund",
    "Falk",
    "Wikström",
)
SUPPLIERS_PER_POOL = 24
_CANCELLATIONS = (
    # (reason, weight, stage): before the deadline, after it or after the award decision.
    ("Behovet hos de beställande kommunerna har förändrats.", 25, "before_deadline"),
    ("Brister i upphandlingsdokumenten.", 15, "before_deadline"),
    ("Inga anbud inkom.", 20, "no_tenders"),
    ("Samtliga anbud översteg de ekonomiska ramarna.", 20, "tenders"),
    ("Förvaltningsrätten biföll överprövningen; upphandlingen görs om.", 20, "appeal"),
)
COURTS = ("Förvaltningsrätten i Falun",)
_PROCEDURES = (
    (Procedure.OPEN, 45),
    (Procedure.SIMPLIFIED, 25),
    (Procedure.DIS_CALL_OFF, 10),
    (Procedure.FRAMEWORK_MINI_COMPETITION, 10),
    (Procedure.RESTRICTED, 4),
    (Procedure.NEGOTIATED, 4),
    (Procedure.OTHER, 2),
)


_CATEGORY_WEIGHTS = list(accumulate(c.weight for c in CATEGORIES))
_CANCELLATION_CHOICES = [(reason, stage) for reason, _weight, stage in _CANCELLATIONS]
_CANCELLATION_WEIGHTS = list(accumulate(weight for _reason, weight, _stage in _CANCELLATIONS))
_PROCEDURE_CHOICES = [procedure.value for procedure, _weight in _PROCEDURES]
_PROCEDURE_WEIGHTS = list(accumulate(weight for _procedure, weight in _PROCEDURES))
_COMPLETED_APPEAL_OUTCOMES = (
    AppealOutcome.REJECTED.value,
    AppealOutcome.WITHDRAWN.value,
    AppealOutcome.UPHELD.value,
)


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    organisation_number: str
    has_regional_presence: bool


@dataclass(frozen=True)
class DemoTender:
    supplier_name: str
    organisation_number: str
    has_regional_presence: bool
    is_awarded: bool


@dataclass(frozen=True)
class DemoAppeal:
    filed_on: date
    court: str
    outcome: str
    decided_on: date | None


@dataclass(frozen=True)
class DemoProcurement:
    """One demo procurement; the plain fields are named as on the ``Procurement`` model."""

    registry_number: str
    title: str
    category: str
    municipality_codes: tuple[str, ...]
    scope: str
    procedure: str
    advertised_on: date | None
    tender_deadline: date | None
    award_decision_on: date | None
    completed_on: date | None
    cancelled_on: date | None
    cancellation_reason: str
    questions_received: int | None
    tenderers_contacted: bool
    advanced_employment_requirement: bool
    labour_law_conditions: bool
    reserved_for_social_enterprises: bool
    accessibility_requirement: bool
    gender_equality_requirement: bool
    environmental_requirement: bool
    uhm_environmental_management: str
    uhm_reuse: str
    uhm_climate_transport: str
    uhm_climate_other: str
    uhm_chemicals: str
    is_food_procurement: bool
    food_organic: bool
    food_local: bool
    food_plant_based: bool
    substantially_different_solution: bool
    tenders: tuple[DemoTender, ...] = field(default=())
    appeals: tuple[DemoAppeal, ...] = field(default=())
    # Whether the year's procurement plan has it (``demo.plan`` makes the items).
    in_plan: bool = False

    # Not model fields: the category by name, the municipalities by code, the related rows.
    RELATED = ("category", "municipality_codes", "tenders", "appeals", "in_plan")

    def model_fields(self) -> dict:
        """The values of the ``Procurement`` model's own fields (without category)."""
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if name not in self.RELATED
        }


def organisation_number(rng: random.Random, prefix: str = "556") -> str:
    """A valid Swedish organisation number, NNNNNN-NNNN, with the Luhn check digit."""
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
    digits += str(luhn_check_digit(digits))
    return f"{digits[:6]}-{digits[6:]}"


def _binomial(rng: random.Random, trials: int, probability: float) -> int:
    """A binomial draw from ``rng.random()`` alone (no floating-point library functions)."""
    return sum(rng.random() < probability for _ in range(trials))


def _supplier_name(rng: random.Random, trade: str, regional: bool) -> str:
    style = rng.randrange(3)
    family = rng.choice(_FAMILY_NAMES)
    if regional:
        if style == 0:
            return f"{family}s {trade} i {rng.choice(_REGIONAL_TOWNS)} AB"
        return f"{rng.choice(_REGIONAL_PLACES)} {trade} AB"
    if style == 0:
        return f"{family} & {rng.choice(_FAMILY_NAMES)} {trade} AB"
    return f"{rng.choice(_NATIONAL_PREFIXES)} {trade} AB"


def supplier_pools(
    rng: random.Random, size: int = SUPPLIERS_PER_POOL
) -> dict[str, tuple[tuple[DemoSupplier, ...], tuple[DemoSupplier, ...]]]:
    """Per category name: (regional suppliers, other suppliers), names and numbers unique."""
    names: set[str] = set()
    numbers: set[str] = set()
    pools = {}
    for category in CATEGORIES:
        pair = []
        for regional in (True, False):
            suppliers = []
            while len(suppliers) < size:
                name = _supplier_name(rng, rng.choice(category.trades), regional)
                number = organisation_number(rng, rng.choice(("556", "559")))
                if name in names or number in numbers:
                    continue
                names.add(name)
                numbers.add(number)
                suppliers.append(DemoSupplier(name, number, regional))
            pair.append(tuple(suppliers))
        pools[category.name] = (pair[0], pair[1])
    return pools


class _YearCalendar:
    """Days of the year as offsets from 1 January (offset 0)."""

    def __init__(self, year: int):
        self.start = date(year, 1, 1)
        self.last_offset = (date(year, 12, 31) - self.start).days

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def start_for(self, rng: random.Random, duration: int) -> int:
        """A random first day (from 2 January) so that ``duration`` more days end in the year."""
        return rng.randint(1, max(1, self.last_offset - duration))


def _tenders(
    rng: random.Random,
    pools: tuple[tuple[DemoSupplier, ...], tuple[DemoSupplier, ...]],
    profile: DemoProfile,
    award: bool,
) -> tuple[DemoTender, ...]:
    count = 1 + _binomial(rng, profile.extra_tender_trials, profile.extra_tender_probability)
    regional_count = _binomial(rng, count, profile.regional_tender_share)
    regional = rng.sample(pools[0], regional_count)
    other = rng.sample(pools[1], count - regional_count)
    awarded: set[str] = set()
    if award:
        # Framework agreements are often awarded to more than one supplier, in ranking.
        slots = min(count, rng.choices((1, 2, 3), weights=(70, 20, 10))[0])
        candidates = {True: list(regional), False: list(other)}
        for _slot in range(slots):
            prefer_regional = rng.random() < profile.regional_award_preference
            kind = prefer_regional if candidates[prefer_regional] else not prefer_regional
            awarded.add(candidates[kind].pop(0).organisation_number)
    tenders = [
        DemoTender(
            s.name, s.organisation_number, s.has_regional_presence, s.organisation_number in awarded
        )
        for s in regional + other
    ]
    return tuple(sorted(tenders, key=lambda t: (t.supplier_name, t.organisation_number)))


def _municipalities(
    rng: random.Random, municipalities: Sequence[tuple[str, str]], profile: DemoProfile
) -> tuple[tuple[tuple[str, str], ...], str]:
    """The municipalities a procurement is made for (in the given order) and its scope."""
    if len(municipalities) >= 2 and rng.random() < profile.coordinated_share:
        if rng.random() < profile.all_municipalities_share:
            return tuple(municipalities), Scope.JOINT
        chosen = set(rng.sample(range(len(municipalities)), rng.randint(2, len(municipalities))))
        return tuple(m for i, m in enumerate(municipalities) if i in chosen), Scope.JOINT
    return (rng.choice(municipalities),), Scope.MUNICIPALITY_SPECIFIC


def _uhm_level(rng: random.Random, advanced_share: float, profile: DemoProfile) -> str:
    draw = rng.random()
    if draw < advanced_share:
        if rng.random() < profile.uhm_cutting_edge_share:
            return UhmLevel.CUTTING_EDGE.value
        return UhmLevel.ADVANCED.value
    if draw < advanced_share + profile.uhm_basic_share:
        return UhmLevel.BASIC.value
    return UhmLevel.NONE.value


@dataclass
class _Course:
    """How a procurement went during the year: its dates, tenders and appeals."""

    advertised_on: date | None = None
    tender_deadline: date | None = None
    award_decision_on: date | None = None
    completed_on: date | None = None
    cancelled_on: date | None = None
    cancellation_reason: str = ""
    tenderers_contacted: bool = False
    tenders: tuple[DemoTender, ...] = ()
    appeals: tuple[DemoAppeal, ...] = ()


def _cancelled(rng, calendar, pools, profile, court) -> _Course:
    reason, stage = rng.choices(_CANCELLATION_CHOICES, cum_weights=_CANCELLATION_WEIGHTS)[0]
    day = calendar.day
    advertising = rng.randint(21, 45)
    if stage == "before_deadline":
        cancel_after = rng.randint(5, advertising)
        advertised = calendar.start_for(rng, cancel_after)
        return _Course(
            advertised_on=day(advertised),
            tender_deadline=day(advertised + advertising),
            cancelled_on=day(advertised + cancel_after),
            cancellation_reason=reason,
        )
    decision = rng.randint(7, 35)
    filed = decision + rng.randint(2, 10)
    decided = filed + rng.randint(20, 60)
    if stage == "appeal":
        cancel_after = advertising + decided + rng.randint(1, 10)
    else:
        cancel_after = advertising + rng.randint(3, 30)
    advertised = calendar.start_for(rng, cancel_after)
    deadline = advertised + advertising
    course = _Course(
        advertised_on=day(advertised),
        tender_deadline=day(deadline),
        cancelled_on=day(advertised + cancel_after),
        cancellation_reason=reason,
    )
    if stage != "no_tenders":
        course.tenders = _tenders(rng, pools, profile, award=False)
    if stage == "appeal":
        course.award_decision_on = day(deadline + decision)
        course.appeals = (
            DemoAppeal(
                day(deadline + filed), court, AppealOutcome.UPHELD.value, day(deadline + decided)
            ),
        )
    return course


def _open_at_year_end(rng, calendar, pools, profile, court) -> _Course:
    """Still advertised on 31 December; the deadline may fall in the next year."""
    day, last = calendar.day, calendar.last_offset
    advertised = rng.randint(last - 80, last - 10)
    deadline = advertised + rng.randint(21, 45)
    course = _Course(advertised_on=day(advertised), tender_deadline=day(deadline))
    if deadline <= last:
        decision = deadline + rng.randint(7, 20)
        awarded = decision <= last and rng.random() < 0.5
        course.tenders = _tenders(rng, pools, profile, award=awarded)
        if awarded:
            course.award_decision_on = day(decision)
            filed = decision + rng.randint(2, 10)
            if filed <= last and rng.random() < 0.15:
                course.appeals = (DemoAppeal(day(filed), court, AppealOutcome.PENDING.value, None),)
    return course


def _completed(rng, calendar, pools, profile, court) -> _Course:
    advertising = rng.randint(21, 45)
    decision = advertising + rng.randint(7, 35)
    completion = decision + rng.randint(11, 30)
    appeal = None
    if rng.random() < profile.appeal_share_of_completed:
        # The contract waits for the court: completion comes after its decision.
        filed = decision + rng.randint(2, 10)
        decided = filed + rng.randint(20, 60)
        outcome = rng.choices(_COMPLETED_APPEAL_OUTCOMES, weights=(65, 20, 15))[0]
        completion = max(completion, decided + rng.randint(3, 14))
        appeal = (filed, outcome, decided)
    advertised = calendar.start_for(rng, completion)
    day = calendar.day
    course = _Course(
        advertised_on=day(advertised),
        tender_deadline=day(advertised + advertising),
        award_decision_on=day(advertised + decision),
        completed_on=day(advertised + completion),
    )
    if appeal is not None:
        filed, outcome, decided = appeal
        course.appeals = (
            DemoAppeal(day(advertised + filed), court, outcome, day(advertised + decided)),
        )
    course.tenders = _tenders(rng, pools, profile, award=True)
    course.tenderers_contacted = rng.random() < profile.tenderers_contacted_share
    return course


def _one_procurement(
    rng: random.Random,
    calendar: _YearCalendar,
    number: str,
    municipalities: Sequence[tuple[str, str]],
    pools: dict,
    profile: DemoProfile,
    reserved: bool,
) -> DemoProcurement:
    category = rng.choices(CATEGORIES, cum_weights=_CATEGORY_WEIGHTS)[0]
    chosen, scope = _municipalities(rng, municipalities, profile)
    title = rng.choice(category.titles)
    if scope == Scope.MUNICIPALITY_SPECIFIC:
        title = f"{title} ({chosen[0][1]})"
    court = rng.choice(COURTS)
    category_pools = pools[category.name]

    fate = rng.random()
    cancelled = profile.cancelled_share
    still_open = cancelled + profile.open_share
    not_started = still_open + profile.not_started_share
    if fate < cancelled:
        course = _cancelled(rng, calendar, category_pools, profile, court)
    elif fate < still_open:
        course = _open_at_year_end(rng, calendar, category_pools, profile, court)
    elif fate < not_started:
        course = _Course()  # In the plan, not yet advertised.
    else:
        course = _completed(rng, calendar, category_pools, profile, court)

    questions = (
        _binomial(rng, profile.question_trials, profile.question_probability)
        if course.advertised_on is not None
        else None
    )
    uhm = {name: _uhm_level(rng, share, profile) for name, share in profile.uhm_advanced_shares}
    environmental = (
        any(level != UhmLevel.NONE for level in uhm.values())
        or rng.random() < profile.environmental_without_uhm_share
    )
    food = category.is_food
    return DemoProcurement(
        registry_number=number,
        title=title,
        category=category.name,
        municipality_codes=tuple(code for code, _name in chosen),
        scope=scope.value,
        in_plan=rng.random() < profile.in_plan_share,
        procedure=rng.choices(_PROCEDURE_CHOICES, cum_weights=_PROCEDURE_WEIGHTS)[0],
        advertised_on=course.advertised_on,
        tender_deadline=course.tender_deadline,
        award_decision_on=course.award_decision_on,
        completed_on=course.completed_on,
        cancelled_on=course.cancelled_on,
        cancellation_reason=course.cancellation_reason,
        questions_received=questions,
        tenderers_contacted=course.tenderers_contacted,
        advanced_employment_requirement=rng.random() < profile.advanced_employment_share,
        labour_law_conditions=rng.random() < category.labour_law_share,
        reserved_for_social_enterprises=reserved,
        accessibility_requirement=rng.random() < profile.accessibility_share,
        gender_equality_requirement=rng.random() < profile.gender_equality_share,
        environmental_requirement=environmental,
        is_food_procurement=food,
        food_organic=food and rng.random() < profile.food_organic_share,
        food_local=food and rng.random() < profile.food_local_share,
        food_plant_based=food and rng.random() < profile.food_plant_based_share,
        substantially_different_solution=rng.random() < profile.substantially_different_share,
        tenders=course.tenders,
        appeals=course.appeals,
        **uhm,
    )


def generate_procurements(
    *,
    year: int,
    count: int,
    seed: int,
    municipalities: Sequence[tuple[str, str]],
    profile: DemoProfile = PROFILE,
) -> list[DemoProcurement]:
    """``count`` demo procurements of ``year``, the same for the same arguments.

    ``municipalities`` are (code, name) pairs in the order they are listed; the
    seed stream is ``random.Random`` seeded with the seed and year, so two years
    of the same seed differ.
    """
    if not municipalities:
        raise ValueError("demo procurements need at least one municipality")
    rng = random.Random(f"gnu-plan demo procurements {year} {seed}")
    pools = supplier_pools(rng)
    calendar = _YearCalendar(year)
    municipalities = tuple((str(code), str(name)) for code, name in municipalities)
    reserved_count = min(count, max(1, round(count * profile.reserved_share)))
    reserved = set(rng.sample(range(1, count + 1), reserved_count)) if count else set()
    return [
        _one_procurement(
            rng,
            calendar,
            registry_number(year, n, count),
            municipalities,
            pools,
            profile,
            reserved=n in reserved,
        )
        for n in range(1, count + 1)
    ]


def _appeal_as_of(appeal: DemoAppeal, day: date) -> DemoAppeal:
    if appeal.decided_on is None or appeal.decided_on <= day:
        return appeal
    return replace(appeal, outcome=AppealOutcome.PENDING.value, decided_on=None)


def _as_of(procurement: DemoProcurement, day: date) -> DemoProcurement | None:
    p = procurement
    if p.advertised_on is not None and p.advertised_on > day:
        if not p.in_plan:
            return None  # Added to the register when it came up, after the day.
        p = replace(p, advertised_on=None, questions_received=None)
    if p.advertised_on is None:
        return replace(
            p,
            tender_deadline=None,
            award_decision_on=None,
            completed_on=None,
            cancelled_on=None,
            cancellation_reason="",
            tenderers_contacted=False,
            tenders=(),
            appeals=(),
        )
    awarded = p.award_decision_on is not None and p.award_decision_on <= day
    completed = p.completed_on is not None and p.completed_on <= day
    cancelled = p.cancelled_on is not None and p.cancelled_on <= day
    tenders = p.tenders if p.tender_deadline is not None and p.tender_deadline <= day else ()
    return replace(
        p,
        award_decision_on=p.award_decision_on if awarded else None,
        completed_on=p.completed_on if completed else None,
        cancelled_on=p.cancelled_on if cancelled else None,
        cancellation_reason=p.cancellation_reason if cancelled else "",
        tenderers_contacted=p.tenderers_contacted and completed,
        tenders=tuple(t if awarded else replace(t, is_awarded=False) for t in tenders),
        appeals=tuple(_appeal_as_of(a, day) for a in p.appeals if a.filed_on <= day),
    )


def register_as_of(procurements: Iterable[DemoProcurement], day: date) -> list[DemoProcurement]:
    """The register as it stood at the end of ``day``: nothing after it has happened yet.

    Later dates are empty, tenders come in at the deadline, awards with the
    decision, and appeals decided later are pending. A procurement advertised
    later is, if it is in the year's procurement plan, planned but not yet
    advertised; if not, it is not in the register yet.
    """
    result = (_as_of(p, day) for p in procurements)
    return [p for p in result if p is not None]


def canonical_rows(procurements: Iterable[DemoProcurement]) -> list[dict]:
    """Every field of every procurement, tender and appeal as JSON-ready dicts, in order.

    Ordered by registry number; municipalities by code, tenders by organisation
    number, appeals by date. Two sources (the generator and the database) hold
    the same data exactly when their canonical rows are equal.
    """

    def plain(value):
        return value.isoformat() if isinstance(value, date) else value

    rows = []
    for procurement in sorted(procurements, key=lambda p: p.registry_number):
        row = {name: plain(value) for name, value in procurement.model_fields().items()}
        row["category"] = procurement.category
        row["municipality_codes"] = sorted(procurement.municipality_codes)
        row["tenders"] = [
            {
                "organisation_number": t.organisation_number,
                "supplier_name": t.supplier_name,
                "has_regional_presence": t.has_regional_presence,
                "is_awarded": t.is_awarded,
            }
            for t in sorted(procurement.tenders, key=lambda t: t.organisation_number)
        ]
        row["appeals"] = [
            {
                "filed_on": plain(a.filed_on),
                "court": a.court,
                "outcome": str(a.outcome),
                "decided_on": plain(a.decided_on),
            }
            for a in sorted(
                procurement.appeals,
                key=lambda a: (a.filed_on, a.court, str(a.outcome), a.decided_on or date.min),
            )
        ]
        rows.append(row)
    return rows


def canonical_dump(rows: Iterable[dict]) -> str:
    """One JSON line per row, keys sorted: demo data sets compared line by line."""
    return "\n".join(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)
