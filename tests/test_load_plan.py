"""Loading the Nämndplan: what is loaded is what the plan document says, all or nothing.

The expected values below were written by reading the decided plan itself
(Nämndplan 2023–2025, sections 3.1–3.4 and Bilaga 3), not the data file; the
file was only consulted for the codes that rows are looked up by. Numbers are
written as the document writes them, with a decimal comma.

The plan is loaded once per test session (tests/conftest.py); tests that load
changed copies run inside a transaction that is rolled back afterwards.
"""

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext

from indicators import plan_loading
from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from indicators.plan_file import read_plan_file
from indicators.plan_loading import load_plan
from loaders.management.commands.load_plan import DEFAULT_PLAN_FILE

pytestmark = pytest.mark.django_db

PLAN_CODE = "namndplan-2023-2025"
PLAN_NAME = "Nämndplan 2023–2025"
ADVANCED = Target.UhmLevel.ADVANCED
ADVANCED_OR_CUTTING_EDGE = Target.UhmLevel.ADVANCED_OR_CUTTING_EDGE


# The document, as read -------------------------------------------------------------------------


@dataclass(frozen=True)
class T:
    """The 2023 target of a row: comparator and value as written, or a kind without a value."""

    comparator: str = ""
    value: str = ""
    uhm_level: str = ""
    note: str = ""
    kind: str = Target.Kind.COMPARISON


ZERO_MEASUREMENT = T(kind=Target.Kind.ZERO_MEASUREMENT)
DECREASE = T(kind=Target.Kind.DECREASE)


@dataclass(frozen=True)
class B:
    """A baseline of a row: the year and the value as written (or a text instead)."""

    year: int
    value: str = ""
    approximate: bool = False
    text: str = ""
    note: str = ""


@dataclass(frozen=True)
class Row:
    """A row of Bilaga 3."""

    code: str  # how the data file names the row; not part of the document
    name: str  # the first column, as written
    says: str  # words of the specification that give the target or the baselines
    target: T | None = None
    baselines: tuple[B, ...] = ()
    baseline_note: str = ""  # what the plan says instead of baselines
    per_municipality: bool = False


BILAGA_3_INDICATORS = [
    Row(
        "coordinated-share",
        "Andel samordnade upphandlingar av avslutade upphandlingar",
        "Minst 80% av genomförda upphandlingar ska vara samordnade dvs vara på uppdrag av minst "
        "2 kommuner. (59%, 2021 och 79%, 2020).",
        T("≥", "80"),
        (B(2021, "59"), B(2020, "79")),
    ),
    Row(
        "tenders-per-procurement",
        "Antal anbud i avslutade upphandlingar i snitt",
        "(4,0, 2021 och 4,3, 2020).",
        None,
        (B(2021, "4,0"), B(2020, "4,3")),
    ),
    Row(
        "contract-follow-ups",
        "Avtalsuppföljningsmöten med leverantör",
        "För 2023 är målet att genomföra totalt minst 250 avtalsuppföljningar.",
        T("≥", "250"),
        (B(2021, "218"), B(2020, "193")),
    ),
    Row(
        "compliance-training",
        "Uppföljning av avtalstrohet/leverantörstrohet",
        "UhC:s målsättning är att genomföra kompetenshöjande insatser hos samtliga samverkande "
        "kommuner under 2023.",
        # "samtliga samverkande kommuner": all seven municipalities of the plan.
        T("≥", "7", note="samtliga samverkande kommuner"),
    ),
    Row(
        "compliance-spot-checks",
        "Uppföljning av avtalstrohet/leverantörstrohet",
        "ska stickprovskontroller av inköpsfakturer göras tillsammans med ekonomi/controller hos "
        "varje kommun.",
        per_municipality=True,
    ),
    Row(
        "questions-per-procurement",
        "Antal frågor som ställs i upphandlingar i snitt",
        "(4,3, 2021 och 6,6, 2020).",
        None,
        (B(2021, "4,3"), B(2020, "6,6")),
    ),
    Row(
        "tenderers-contacted",
        "Antal upphandlingar där anbudsgivarna kontaktas för genomgång av tilldelningsbeslut",
        "UhC:s ambition för 2023 är att kontakta anbudsgivarna i minst 50 genomförda "
        "upphandlingar (ny indikator 2022).",
        T("≥", "50"),
        baseline_note="Ny indikator 2022",
    ),
    Row(
        "nai",
        "Nöjd anbudsgivarindex",
        "anbudsgivare i 5-10 upphandlingar per kvartal. (Nollmätning 2023)",
        ZERO_MEASUREMENT,
        baseline_note="Nollmätning 2023",
    ),
    Row(
        "employment-requirements",
        "Andel upphandlingar med sysselsättningskrav",
        "Avancerade krav ska ställas i minst 50% av de annonserade upphandlingarna. "
        "(56, 2021 och 58, 2020)",
        T("≥", "50", uhm_level=ADVANCED),
        (B(2021, "56"), B(2020, "58")),
    ),
    Row(
        "labour-law-conditions",
        "Antal upphandlingar med arbetsrättsliga villkor",
        "(15, 2021 och 8, 2020)",
        None,
        (B(2021, "15"), B(2020, "8")),
    ),
    Row(
        "reserved-procurements",
        "Antal reserverade upphandlingar",
        "Minst 3 reserverade upphandlingar ska genomföras under 2023. (3, 2021 och 1, 2020).",
        T("≥", "3"),
        (B(2021, "3"), B(2020, "1")),
    ),
    Row(
        "work-placements",
        "Antal praktikplatser med anledning av sysselsättningskrav i upphandlingar",
        "(7, 2021 (pandemi) och 32 personer, 2020)",
        None,
        (B(2021, "7", note="pandemi"), B(2020, "32", note="personer")),
        per_municipality=True,
    ),
    Row(
        "accessibility-requirements",
        "Antal upphandlingar med krav på tillgänglighet",
        "Social hållbarhet innebär också att vi ställer krav på tillgänglighet. "
        "(ny indikator, 2021)",
        baseline_note="Ny indikator 2021",
    ),
    Row(
        "gender-equality-requirements",
        "Antal upphandlingar med krav på jämställdhet",
        "Social hållbarhet innebär också att vi ställer krav på jämställdhet. (ny indikator, 2021)",
        baseline_note="Ny indikator 2021",
    ),
    Row(
        "environmental-requirements",
        "Andel upphandlingar med någon form av miljö- och/eller klimatkrav",
        "ska ha någon form av miljökrav, minst 98 % (76%, 2021 och 95 %, 2020).",
        T("≥", "98"),
        (B(2021, "76"), B(2020, "95")),
    ),
    Row(
        "environmental-management",
        "Andel upphandlingar med krav på aktivt miljöarbete /miljöledningssystem",
        "Minst 20 % per år ska vara på avancerad eller spjutspetsnivå enligt UHM eller egen "
        "bedömningsmall. (Nollmätning 2023)",
        T("≥", "20", uhm_level=ADVANCED_OR_CUTTING_EDGE),
        baseline_note="Nollmätning 2023",
    ),
    Row(
        "reuse-requirements",
        "Andel upphandlingar med krav gällande Återbruk -återvinning- avfallsförebyggande",
        # The row says both "avancerad eller spjutspets-nivå" and "avancerad nivå"; the first,
        # fuller statement is the target.
        "Minst 20 % per år ska vara på avancerad eller spjutspets-nivå enligt UHM eller egen "
        "bedömningsmall. Minst 20 % per år på avancerad nivå (29%, 2021 och 12 %, 2020)",
        T("≥", "20", uhm_level=ADVANCED_OR_CUTTING_EDGE),
        (B(2021, "29"), B(2020, "12")),
    ),
    Row(
        "climate-transport-requirements",
        "Andel upphandlingar med krav gällande Klimat –fossilfrihet kopplat till transporter",
        "Minst 5 % per år på avancerad eller spjutspetsnivå enligt UHM eller egen "
        "bedömningsmall. (Nollmätning 2023)",
        T("≥", "5", uhm_level=ADVANCED_OR_CUTTING_EDGE),
        baseline_note="Nollmätning 2023",
    ),
    Row(
        "climate-other-requirements",
        "Andel upphandlingar med krav gällande Klimat –fossilfrihet kring annat än transporter "
        "(t.ex. tillverkning produkter, IT och elektronik, livsmedel och bygg)",
        "Minst 5 % per år på avancerad eller spjutspetsnivå enligt UHM eller egen "
        "bedömningsmall. (23,0%, 2021)",
        T("≥", "5", uhm_level=ADVANCED_OR_CUTTING_EDGE),
        (B(2021, "23,0"),),
    ),
    Row(
        "chemicals-requirements",
        "Andel upphandlingar med krav gällande Kemikalier - giftfritt",
        "Minst 20 % per år på avancerad nivå (15,0%, 2021)",
        T("≥", "20", uhm_level=ADVANCED),
        (B(2021, "15,0"),),
    ),
    Row(
        "organic-food-requirements",
        "Andel upphandlingar med krav gällande Ekologiska livsmedel",
        "Minst 50 % per år av livsmedelsupphandlingar (olika mål per samverkande kommun).",
        T("≥", "50", note="olika mål per samverkande kommun"),
        per_municipality=True,
    ),
    Row(
        "local-food-requirements",
        "Andel upphandlingar med krav gällande Lokalproducerade livsmedel",
        "Minst 50 % per år av livsmedelsupphandlingar (olika mål per samverkande kommun).",
        T("≥", "50", note="olika mål per samverkande kommun"),
        per_municipality=True,
    ),
    Row(
        "plant-based-food-requirements",
        "Andel upphandlingar med krav gällande växtbaserade livsmedel",
        "Nollmätning (olika mål per samverkande kommun).",
        T(kind=Target.Kind.ZERO_MEASUREMENT, note="olika mål per samverkande kommun"),
        # The row gives no year; section 3.2 says the indicators are followed "under 2023".
        baseline_note="Nollmätning 2023",
        per_municipality=True,
    ),
    Row(
        "outreach-activities",
        "Antal informationsaktiviteter (tidig dialog, RFI, övrigt) som genomförts av UhC "
        "och/eller av UhC tillsammans med näringslivsansvariga/sakkunniga i kommunerna",
        "(118, 2021 och ca 100, 2020)",
        None,
        (B(2021, "118"), B(2020, "100", approximate=True)),
    ),
    Row(
        "regional-tenders-share",
        "Andel företag med regional verksamhet som lämnat anbud av totalt antal lämnade anbud",
        # "the goal is to measure the share": no numeric target.
        "2023 är målsättningen att mäta andelen anbud med regional verksamhet. "
        "(57,5%, 2021 – snitt 2,3 av 4,0)",
        None,
        (B(2021, "57,5", note="snitt 2,3 av 4,0"),),
    ),
    Row(
        "regional-awards-share",
        "Andel företag med regional verksamhet som tilldelats avtal av totalt antal tilldelade "
        "avtal",
        "Nämnden vill följa utvecklingen. (80,0%, 2021 och 62%, 2020).",
        None,
        (B(2021, "80,0"), B(2020, "62")),
    ),
    Row(
        "business-climate-rank",
        "Företagsklimat – Kommunens upphandling (Svenskt Näringsliv)",
        "Snittet för UhC:s sju kommuners ranking på denna fråga ska minska dvs komma högre upp "
        "på rankingen. (snitt 220, 2021 och snitt 199, 2020)",
        DECREASE,
        (B(2021, "220", note="snitt"), B(2020, "199", note="snitt")),
        per_municipality=True,
    ),
    Row(
        "substantially-different-solutions",
        "Antal upphandlingar där ny upphandlad lösning är väsentligt annorlunda jämförd med "
        "tidigare lösning",
        "funktionskravställning eller motsvarande lösning. (Nollmätning 2022)",
        baseline_note="Nollmätning 2022",
    ),
]

BILAGA_3_KEY_FIGURES = [
    Row(
        "economy-in-balance",
        "Ekonomi i balans",
        "Utfall i enlighet med budget. Mål <3,0% (positiv avvikelse 2,4%, 2021 mot budget)",
        T("<", "3,0"),
        (B(2021, "2,4", note="positiv avvikelse mot budget"),),
    ),
    Row(
        "completed-as-planned",
        "Upphandlingar avslutade enligt fastställd upphandlingsplan",
        "Mål >90 % (93%, 2021 och 85%, 2020)",
        T(">", "90"),
        (B(2021, "93"), B(2020, "85")),
    ),
    Row(
        "nki",
        "NKI Ägarna ska känna förtroende för UhC",
        "Mål NKI-mätning >90 % (88,1 %, 2021 och 89,5 %, 2020)",
        T(">", "90"),
        (B(2021, "88,1"), B(2020, "89,5")),
    ),
    Row(
        "staff-turnover",
        "Personalomsättning",
        "Personalomsättning (7,6%, 2021 och 12 %, 2020).",
        None,
        (B(2021, "7,6"), B(2020, "12")),
    ),
    Row(
        "sick-leave",
        "Sjukfrånvaro",
        "Sjukfrånvaro (5,5%, 2021 och 7,3 %, 2020).",
        None,
        (B(2021, "5,5"), B(2020, "7,3")),
    ),
    Row(
        "training-hours",
        "Använd tid på kompetensutveckling och omvärldsbevakning",
        # "Mål 2023 80 timmar/anställd" names no comparator; a goal of hours is read as at least.
        # The 2021 value is a percentage, not hours, so it is kept as the plan's text.
        "Mål 2023 80 timmar/anställd (total för UhC ca 2000 timmar med 27 anställda "
        "medarbetare.) (85%, 2021)",
        T("≥", "80", note="timmar/anställd"),
        (B(2021, text="85 %"),),
    ),
    Row(
        "governance-deviations",
        "Avvikelser mot samarbetsavtal, nämndplan, upphandlingspolicy m.fl. styrande dokument",
        "Uppgift om ev. avvikelser. (Inga väsentliga avvikelser 2021)",
        None,
        (B(2021, text="Inga väsentliga avvikelser"),),
    ),
    Row(
        "review-appeals",
        "Överprövningar",
        "Uppgift om ev. överprövningar (7, 2021 och 18, 2020)",
        None,
        (B(2021, "7"), B(2020, "18")),
    ),
    Row(
        "cancelled-procurements",
        "Avbrutna upphandlingar",
        "Uppgift om ev. avbrutna upphandlingar (12, 2021)",
        None,
        (B(2021, "12"),),
    ),
    Row(
        "terminated-contracts",
        "Avslutade avtal med leverantör",
        "Uppgift om ev. avslutade avtal med leverantör (0, 2021)",
        None,
        (B(2021, "0"),),
    ),
]

BILAGA_3 = BILAGA_3_INDICATORS + BILAGA_3_KEY_FIGURES

# Section 3.1: the goals in order, each with the first words of its description and the
# sentence saying what it presupposes.
GOALS = [
    (
        "strategic-tool",
        "Upphandling används som ett strategiskt verktyg att nå våra samverkande kommuners mål",
        "Vi vill tillsammans med våra samverkande kommuner genomföra kostnadseffektiva",
        "Inriktningsmålet förutsätter samverkan och dialog mellan kommunernas strategiska "
        "beslutsfattare och UhC.",
    ),
    (
        "save-money",
        "Vi sparar pengar åt våra samverkande kommuner",
        "Genom en samlad kompetens inom upphandling har vi möjlighet att utforma en god affär",
        "Inriktningsmålet förutsätter samverkan och dialog mellan UhC och kommunernas ansvariga "
        "inom ekonomi, uppföljning och för verksamheterna.",
    ),
    (
        "high-quality",
        "Vi arbetar genomgående med hög kvalitet",
        "Våra upphandlingar ska kantas av enkelhet och tydlighet.",
        "Inriktningsmålet förutsätter samverkan med våra samverkande kommuner och sakkunniga.",
    ),
    (
        "social-sustainability",
        "Social hållbarhet är för oss självklart och där ligger vi i framkant",
        "Vi arbetar med social hållbarhet och skapar sysselsättning genom våra upphandlingar",
        "Inriktningsmålet förutsätter samverkan med kommunernas arbetsmarknadsenheter, "
        "ansvariga för hållbarhetsfrågor och sakkunniga i verksamheterna.",
    ),
    (
        "environmental-sustainability",
        "Miljömässig hållbarhet är för oss självklart och där är vi drivande inom "
        "resurshushållning",
        "Den övergripande ledstjärnan för våra upphandlingar är resurshushållning.",
        "Inriktningsmålet förutsätter samverkan med kommunernas strategiska beslutsfattare, "
        "ansvariga för hållbarhetsfrågor och sakkunniga i verksamheterna.",
    ),
    (
        "regional-growth",
        "Vi är bäst på regional tillväxt",
        "Vi vill att regionens företag vill och kan lämna anbud i våra upphandlingar.",
        "Ett gott företagsklimat skapar vi tillsammans med våra samverkande kommuner därför "
        "förutsätter inriktningsmålet en nära samverkan med så väl näringslivsansvariga som "
        "sakkunniga i verksamheterna.",
    ),
    (
        "new-solutions",
        "Vi arbetar ständigt för nya och bättre lösningar för våra samverkande kommuner",
        "Nytänkande och innovation är nödvändigt för att utveckla en hållbar välfärd",
        "Inriktningsmålet förutsätter samverkan och dialog mellan kommunernas strategiska "
        "beslutsfattare och UhC.",
    ),
]

# Section 3.2: the indicators of each goal, in its order (for goal 5, which names five areas,
# in the order of Bilaga 3).
GOAL_INDICATORS = {
    "strategic-tool": ["coordinated-share", "nki"],
    # "Antal leverantörer" in 3.2 is Bilaga 3's "Antal anbud i avslutade upphandlingar i snitt":
    # Bilaga 3 lists it among the rows of this goal, whose description wants "fler leverantörer
    # lämnar anbud". Section 3.2 names it again under "Vi är bäst på regional tillväxt".
    "save-money": [
        "contract-follow-ups",
        "compliance-training",
        "compliance-spot-checks",
        "tenders-per-procurement",
    ],
    "high-quality": ["questions-per-procurement", "tenderers-contacted", "nai"],
    "social-sustainability": [
        "employment-requirements",
        "labour-law-conditions",
        "reserved-procurements",
        "work-placements",
        "accessibility-requirements",
        "gender-equality-requirements",
    ],
    "environmental-sustainability": [
        "environmental-requirements",
        "environmental-management",
        "reuse-requirements",
        "climate-transport-requirements",
        "climate-other-requirements",
        "chemicals-requirements",
        "organic-food-requirements",
        "local-food-requirements",
        "plant-based-food-requirements",
    ],
    "regional-growth": [
        "outreach-activities",
        "regional-tenders-share",
        "regional-awards-share",
        "business-climate-rank",
    ],
    "new-solutions": ["substantially-different-solutions"],
}

# Section 3.4: the key figures of each area of the operational follow-up, in its order.
KEY_FIGURE_AREAS = {
    Indicator.KeyFigureArea.ECONOMY_AND_QUALITY: [
        "economy-in-balance",
        "completed-as-planned",
        "nki",
    ],
    Indicator.KeyFigureArea.STAFFING: ["staff-turnover", "sick-leave"],
    Indicator.KeyFigureArea.RENEWAL_AND_LEARNING: ["training-hours"],
    Indicator.KeyFigureArea.DEVIATIONS: [
        "governance-deviations",
        "review-appeals",
        "cancelled-procurements",
        "terminated-contracts",
    ],
}

# Section 3.3: title, how the purpose begins, and what the assignment presupposes.
ASSIGNMENTS = [
    (
        "Försörjningsberedskap",
        "Uppdraget syftar till att med olika insatser stärka UhC förmåga att bidra till "
        "kommunernas uppdrag att minska sårbarheten i viktiga samhällsfunktioner",
        "Uppdraget förutsätter samverkan och dialog mellan UhC, verksamhetsansvariga och "
        "säkerhetsansvariga i kommunerna.",
    ),
    (
        "Miljöspendanalys",
        "Uppdraget syftar till att identifiera de kategorier och avtal som står för störst "
        "klimatpåverkan.",
        "Uppdraget förutsätter samverkan och dialog mellan UhC och kommunernas ansvariga inom "
        "hållbarhet och ekonomi.",
    ),
    (
        "Tillvarata nya möjligheter inom LOU för den goda affären",
        "Uppdraget syftar till att se över vilka möjligheter ändringarna i LOU skapar för "
        "kommunerna och UhC samt hur de kan tillvaratas.",
        "",
    ),
]


def as_written(value: str) -> tuple[Decimal, int]:
    """A number as the document writes it ("4,0") as a value and its number of decimals."""
    _whole, _comma, decimals = value.partition(",")
    return Decimal(value.replace(",", ".")), len(decimals)


def words(text: str) -> str:
    return " ".join(re.sub(r"[–()]", " ", text).split())


# The loaded plan is the document ------------------------------------------------------------


def test_the_plan_record_is_the_decided_plan():
    plan = Plan.objects.get(code=PLAN_CODE)
    assert plan.name == PLAN_NAME
    assert (plan.first_year, plan.last_year) == (2023, 2025)
    assert plan.decided_on == datetime.date(2022, 12, 5)
    assert plan.decided_by == "Gemensam nämnd för upphandlingssamverkan (GNU)"
    assert plan.decision_reference == "2022/147, §31"
    assert plan.vision == "Värdeskapande samverkan för goda affärer och en hållbar framtid"


def test_the_seven_municipalities_have_their_official_codes_and_ludvika_is_the_host():
    municipalities = {m.code: m.name for m in Municipality.objects.all()}
    assert municipalities == {
        "2080": "Falun",
        "2081": "Borlänge",
        "2082": "Säter",
        "2083": "Hedemora",
        "2084": "Avesta",
        "2085": "Ludvika",
        "2026": "Gagnef",
    }
    assert [m.name for m in Municipality.objects.filter(is_host=True)] == ["Ludvika"]


def test_the_seven_goals_are_those_of_section_3_1_in_order():
    plan = Plan.objects.get(code=PLAN_CODE)
    goals = list(plan.goals.order_by("order"))
    assert [(g.code, g.title) for g in goals] == [(code, title) for code, title, *_ in GOALS]
    for goal, (_code, _title, description_begins, presupposes) in zip(goals, GOALS, strict=True):
        assert goal.description.startswith(description_begins), goal.code
        assert "förutsätter" not in goal.description, goal.code
        assert goal.presupposes == presupposes, goal.code


def test_each_goal_has_the_indicators_of_section_3_2():
    for goal_code, indicator_codes in GOAL_INDICATORS.items():
        goal = Goal.objects.get(code=goal_code)
        assert list(goal.indicators.values_list("code", flat=True)) == indicator_codes


def test_the_key_figures_of_section_3_4_are_in_their_areas():
    for area, codes in KEY_FIGURE_AREAS.items():
        loaded = Indicator.objects.filter(key_figure_area=area).values_list("code", flat=True)
        # Compared without order: NKI is also an indicator of goal 1 and sorts with it.
        assert sorted(loaded) == sorted(codes), area
    assert Indicator.objects.exclude(key_figure_area="").count() == len(BILAGA_3_KEY_FIGURES)


def test_the_plan_follows_every_row_of_bilaga_3_and_nothing_else():
    plan = Plan.objects.get(code=PLAN_CODE)
    assert sorted(plan.indicators.values_list("code", flat=True)) == sorted(
        row.code for row in BILAGA_3
    )
    assert Indicator.objects.count() == len(BILAGA_3) == 38


@pytest.mark.parametrize("row", BILAGA_3, ids=[row.code for row in BILAGA_3])
def test_each_row_of_bilaga_3_is_loaded_with_its_name_and_specification(row):
    indicator = Indicator.objects.get(code=row.code)
    assert words(indicator.name).startswith(words(row.name))
    assert row.says in indicator.specification
    assert indicator.per_municipality == row.per_municipality


@pytest.mark.parametrize("row", BILAGA_3, ids=[row.code for row in BILAGA_3])
def test_each_row_of_bilaga_3_has_the_target_the_document_gives(row):
    targets = list(Target.objects.filter(indicator__code=row.code, plan__code=PLAN_CODE))
    if row.target is None:
        assert targets == []
        return
    [target] = targets
    assert (target.year, target.municipality) == (2023, None)
    assert target.kind == row.target.kind
    assert target.get_comparator_display() == row.target.comparator
    if row.target.value:
        assert (target.value, target.decimals) == as_written(row.target.value)
    else:
        assert target.value is None
    assert target.uhm_level == row.target.uhm_level
    assert target.note == row.target.note


@pytest.mark.parametrize("row", BILAGA_3, ids=[row.code for row in BILAGA_3])
def test_each_row_of_bilaga_3_has_the_baselines_the_document_gives(row):
    indicator = Indicator.objects.get(code=row.code)
    loaded = [
        (b.year, b.municipality, b.value, b.decimals, b.is_approximate, b.text, b.note)
        for b in indicator.baselines.order_by("-year")
    ]
    expected = [
        (
            b.year,
            None,
            *(as_written(b.value) if b.value else (None, 0)),
            b.approximate,
            b.text,
            b.note,
        )
        for b in row.baselines
    ]
    assert loaded == expected
    assert indicator.baseline_note == row.baseline_note


def test_the_three_assignments_of_section_3_3_are_for_2023():
    plan = Plan.objects.get(code=PLAN_CODE)
    assignments = list(plan.assignments.order_by("order"))
    assert [a.title for a in assignments] == [title for title, *_ in ASSIGNMENTS]
    for assignment, (_title, purpose_begins, presupposes) in zip(
        assignments, ASSIGNMENTS, strict=True
    ):
        assert assignment.year == 2023
        assert assignment.purpose.startswith(purpose_begins)
        assert assignment.presupposes == presupposes


# Loading again ------------------------------------------------------------------------------


def snapshot() -> dict[str, list[dict]]:
    """Every row the loader writes, field by field."""
    models = [
        Municipality,
        Plan,
        Goal,
        Indicator,
        Target,
        Baseline,
        Assignment,
        Plan.goals.through,
        Plan.indicators.through,
    ]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def run_load_plan(*args) -> str:
    out = io.StringIO()
    call_command("load_plan", *args, stdout=out)
    return out.getvalue().strip()


def nothing_changed_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("%(plan)s is already loaded; nothing changed.") % {"plan": PLAN_NAME}


def changed_copy(tmp_path, change) -> str:
    """A copy of the plan file with ``change`` applied to its contents; returns its path."""
    raw = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "changed-plan.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def indicator_in(raw: dict, code: str) -> dict:
    goal_indicators = [i for goal in raw["goals"] for i in goal.get("indicators", [])]
    return next(i for i in [*goal_indicators, *raw["key_figures"]] if i["code"] == code)


def test_loading_the_plan_twice_changes_nothing_and_says_so():
    before = snapshot()
    assert run_load_plan() == nothing_changed_message()
    assert snapshot() == before


def test_loading_into_an_empty_database_creates_every_row_once_and_then_nothing():
    Plan.objects.all().delete()  # with its targets and assignments
    Baseline.objects.all().delete()
    Indicator.objects.all().delete()
    Goal.objects.all().delete()
    Municipality.objects.all().delete()

    summary = load_plan(read_plan_file(DEFAULT_PLAN_FILE))

    assert summary.created == Counter(
        municipality=7,
        plan=1,
        goal=7,
        indicator=38,
        target=sum(row.target is not None for row in BILAGA_3),
        baseline=sum(len(row.baselines) for row in BILAGA_3),
        assignment=3,
    )
    assert not +summary.deleted
    after_first_load = snapshot()
    second = load_plan(read_plan_file(DEFAULT_PLAN_FILE))
    assert not second.changed_anything
    assert snapshot() == after_first_load


def test_a_changed_file_updates_rows_in_place_by_code(tmp_path):
    target = Target.objects.get(indicator__code="coordinated-share", year=2023)
    goal = Goal.objects.get(code="save-money")

    def change(raw):
        indicator_in(raw, "coordinated-share")["targets"][0]["value"] = 85
        raw["goals"][1]["title"] = "Vi sparar pengar åt kommunerna"

    summary = load_plan(read_plan_file(changed_copy(tmp_path, change)))

    assert summary.updated == Counter(target=1, goal=1)
    assert not +summary.created and not +summary.deleted
    target.refresh_from_db()
    goal.refresh_from_db()
    assert target.value == Decimal(85)
    assert goal.title == "Vi sparar pengar åt kommunerna"
    assert Goal.objects.count() == 7
    assert Target.objects.count() == sum(row.target is not None for row in BILAGA_3)


def test_targets_baselines_and_assignments_dropped_from_the_file_are_removed(tmp_path):
    def change(raw):
        del indicator_in(raw, "coordinated-share")["targets"]
        indicator_in(raw, "coordinated-share")["baselines"].pop()  # the 2020 baseline
        del raw["assignments"][2]

    summary = load_plan(read_plan_file(changed_copy(tmp_path, change)))

    assert summary.deleted == Counter(target=1, baseline=1, assignment=1)
    assert not Target.objects.filter(indicator__code="coordinated-share").exists()
    assert list(
        Baseline.objects.filter(indicator__code="coordinated-share").values_list("year", flat=True)
    ) == [2021]
    assert Assignment.objects.filter(plan__code=PLAN_CODE).count() == 2


def test_an_indicator_dropped_from_the_file_leaves_the_plan_with_its_targets(tmp_path):
    def change(raw):
        social = next(goal for goal in raw["goals"] if goal["code"] == "social-sustainability")
        social["indicators"] = [
            i for i in social["indicators"] if i["code"] != "reserved-procurements"
        ]

    summary = load_plan(read_plan_file(changed_copy(tmp_path, change)))

    plan = Plan.objects.get(code=PLAN_CODE)
    assert summary.deleted == Counter(target=1)
    assert not plan.indicators.filter(code="reserved-procurements").exists()
    assert not plan.targets.filter(indicator__code="reserved-procurements").exists()
    # The indicator and its past values stay: another plan may follow it.
    assert Indicator.objects.get(code="reserved-procurements").baselines.count() == 2


def test_the_host_municipality_can_change(tmp_path):
    def change(raw):
        for municipality in raw["municipalities"]:
            municipality["is_host"] = municipality["name"] == "Falun"

    load_plan(read_plan_file(changed_copy(tmp_path, change)))

    assert [m.name for m in Municipality.objects.filter(is_host=True)] == ["Falun"]


# All or nothing -----------------------------------------------------------------------------


def test_a_malformed_file_is_refused_by_the_command_and_nothing_is_loaded(tmp_path):
    def change(raw):
        raw["goals"][0]["title"] = "Ändrad titel"  # valid, but must not be loaded either
        indicator_in(raw, "questions-per-procurement")["unit"] = "questions"

    before = snapshot()
    with pytest.raises(CommandError) as refused:
        run_load_plan(changed_copy(tmp_path, change))

    message = str(refused.value)
    assert "goals[2] (high-quality), indicators[0] (questions-per-procurement)" in message
    # Quoted as the message's language quotes: “unit” in English, ”unit” in Swedish.
    assert re.search(r"[“”]unit”", message)
    assert re.search(r"[“”]questions”", message)
    assert snapshot() == before


def test_the_surveys_and_yearly_staff_figures_are_loaded_with_their_reporting_quarter():
    quarters = dict(
        Indicator.objects.filter(source=Indicator.Source.MANUAL).values_list(
            "code", "reported_in_quarter"
        )
    )
    assert quarters.pop("nki") == 1
    assert quarters.pop("business-climate-rank") == 2
    assert quarters.pop("compliance-spot-checks") == 4
    assert quarters.pop("staff-turnover") == 4
    assert set(quarters.values()) == {None}  # every quarter


def test_a_reporting_quarter_that_is_no_quarter_is_refused_in_swedish(tmp_path):
    def change(raw):
        indicator_in(raw, "nki")["reported_in_quarter"] = 5

    before = snapshot()
    with translation.override("sv"), pytest.raises(CommandError) as refused:
        run_load_plan(changed_copy(tmp_path, change))

    assert (
        "goals[0] (strategic-tool), indicators[1] (nki), fältet ”reported_in_quarter”: "
        "måste vara ett kvartal: 1, 2, 3 eller 4, inte ”5”"
    ) in str(refused.value)
    assert snapshot() == before


def test_a_failure_in_the_middle_of_loading_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    def change(raw):
        raw["goals"][0]["title"] = "Ändrad titel"
        indicator_in(raw, "coordinated-share")["targets"][0]["value"] = 85

    data = read_plan_file(changed_copy(tmp_path, change))
    before = snapshot()
    written_before_the_failure = []
    load_baseline = plan_loading._load_baseline

    def fail_at_the_tenth_baseline(*args, **kwargs):
        if len(written_before_the_failure) == 9:
            written_before_the_failure.append(
                (
                    Goal.objects.get(code="strategic-tool").title,
                    Target.objects.get(indicator__code="coordinated-share").value,
                )
            )
            raise RuntimeError("the disk is full")
        written_before_the_failure.append(None)
        return load_baseline(*args, **kwargs)

    monkeypatch.setattr(plan_loading, "_load_baseline", fail_at_the_tenth_baseline)
    with pytest.raises(RuntimeError, match="the disk is full"):
        load_plan(data)

    assert written_before_the_failure[-1] == ("Ändrad titel", Decimal(85))
    assert snapshot() == before


def test_a_database_error_while_loading_is_reported_and_nothing_is_loaded(tmp_path):
    Municipality.objects.create(code="2021", name="Vansbro", order=8)

    def change(raw):
        raw["municipalities"][0]["name"] = "Falu kommun"
        # A new municipality code with the name of one already in the database.
        raw["municipalities"].insert(1, {"code": "2029", "name": "Vansbro"})

    before = snapshot()
    with pytest.raises(CommandError) as refused:
        run_load_plan(changed_copy(tmp_path, change))

    assert isinstance(refused.value.__cause__, IntegrityError)
    assert snapshot() == before
    assert Municipality.objects.get(code="2080").name == "Falun"
