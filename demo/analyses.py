"""Demo analysis texts: what the head writes about a quarter, in Swedish, from its figures.

``generate_analyses`` reads a quarter's follow-up (``reports.follow_up``, plain
dataclasses) and writes an analysis per goal, a few per indicator and one of
the whole quarter, from sentence templates filled with the quarter's own
values, targets and statuses, so that the texts agree with the figures beside
them. Which of several phrasings is used is drawn from a ``random.Random``
seeded with the year, quarter and seed: the same data gives the same texts.

The texts are the head's own words and stay Swedish whatever the reader's
language, like the plan's texts. Numbers in them are the follow-up's own
formatted values ("78,4 %"), so the active language must be Swedish.
"""

import random
from dataclasses import dataclass, field

from indicators.fulfilment import Status
from reports.follow_up import GoalFollowUp, IndicatorFollowUp, PeriodFollowUp
from reports.report_data import ECONOMY_IN_BALANCE

NUMBER_WORDS = ("inget", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio")

GOAL_STATUS_SENTENCES = {
    Status.MET: (
        "Målet bedöms som uppfyllt för perioden.",
        "Målet är uppfyllt hittills under året.",
        "Bedömningen är att målet uppfylls.",
    ),
    Status.PARTLY_MET: (
        "Målet bedöms som delvis uppfyllt.",
        "Målet är delvis uppfyllt hittills under året.",
        "Bedömningen är att målet delvis uppfylls.",
    ),
    Status.NOT_MET: (
        "Målet bedöms inte som uppfyllt för perioden.",
        "Målet är inte uppfyllt hittills under året.",
    ),
    Status.NO_TARGET: (
        "Målets indikatorer har inga målvärden för året; de följs och jämförs med tidigare år.",
        "Målet har inga målvärden för året och bedöms därför inte; indikatorerna följs över tid.",
    ),
    Status.NO_DATA: ("Underlag saknas ännu för att bedöma målet.",),
}

# What UhC does for each goal of the plan, by goal code; one is added to each goal's analysis.
GOAL_WORK = {
    "strategic-tool": (
        "Dialogen med kommunernas strategiska beslutsfattare fortsätter i ägarsamråd och "
        "verksamhetsråd.",
        "Fler upphandlingar kan samordnas när kommunernas behov fångas tidigt i "
        "upphandlingsplaneringen.",
        "Upphandlingsplanen stäms av med kommunerna varje kvartal för att öka andelen "
        "samordnade upphandlingar.",
    ),
    "save-money": (
        "Avtalsuppföljningen prioriterar A- och B-klassade avtal.",
        "Stickprovskontroller av fakturor görs tillsammans med kommunernas ekonomienheter för "
        "att minska vilda inköp.",
        "Fler anbud eftersträvas genom tidig dialog och tydligare annonsering.",
    ),
    "high-quality": (
        "Upphandlingsdokumenten ses över löpande för att bli enklare och tydligare.",
        "Anbudsgivare som inte tilldelats avtal erbjuds en genomgång av tilldelningsbeslutet.",
        "Mallar och utvärderingsmodeller uppdateras utifrån de frågor som kommit in i årets "
        "upphandlingar.",
    ),
    "social-sustainability": (
        "Sysselsättningskrav ställs där det är lämpligt, i samråd med kommunernas "
        "arbetsmarknadsenheter.",
        "Arbetsrättsliga villkor ställs främst i upphandlingar av städ, bygg och transporter.",
        "Möjligheten att reservera upphandlingar för sociala företag prövas i varje "
        "upphandlingsplan.",
    ),
    "environmental-sustainability": (
        "Miljöstrategen stöttar upphandlarna i att ställa krav på avancerad nivå enligt "
        "Upphandlingsmyndighetens kriterier.",
        "Livsmedelsupphandlingarna följer varje kommuns egna mål för ekologiska och "
        "lokalproducerade livsmedel.",
        "Klimatkrav på transporter ställs i fler upphandlingar i takt med att utbudet av "
        "fossilfria fordon ökar.",
    ),
    "regional-growth": (
        "Informationsaktiviteter och tidig dialog riktas särskilt till små och lokala företag.",
        "UhC deltar i näringslivsträffar i samtliga samverkande kommuner.",
        "Kommunernas näringslivsenheter bjuds in till dialog inför större upphandlingar.",
    ),
    "new-solutions": (
        "Funktionsupphandling och innovationsvänliga krav prövas där marknaden är mogen.",
        "Tidig dialog med marknaden används för att fånga upp nya lösningar.",
    ),
}
GENERIC_WORK = (
    "Arbetet fortsätter enligt nämndplanen.",
    "Arbetet följs upp löpande tillsammans med de samverkande kommunerna.",
)

_NKI_NOTE = (
    "Ägarna ger höga betyg för bemötande men efterfrågar tätare återkoppling under pågående "
    "upphandlingar."
)
# Why a hand-entered indicator is behind, where the head would say so (by indicator code):
# during the year, and at its end.
BEHIND_NOTES = {
    "training-hours": (
        "Planerade utbildningar har skjutits upp på grund av hög arbetsbelastning i "
        "upphandlingarna. En plan för att ta igen tiden tas fram med varje medarbetare.",
        "Planerade utbildningar sköts upp under hösten på grund av hög arbetsbelastning i "
        "upphandlingarna. Tid för kompetensutveckling läggs in i varje medarbetares plan för "
        "nästa år.",
    ),
    "contract-follow-ups": (
        "A- och B-klassade avtal är prioriterade; fler C- och D-klassade avtal följs upp via "
        "e-post och telefon under resten av året.",
        "A- och B-klassade avtal har prioriterats; uppföljningen av C- och D-klassade avtal "
        "hann inte fullt ut med under året.",
    ),
    "nki": (_NKI_NOTE, _NKI_NOTE),
}
# When a yearly hand-entered indicator gets its value, where the reason is worth saying.
PENDING_NOTES = {
    "business-climate-rank": "Svenskt Näringslivs enkätresultat om kommunernas företagsklimat "
    "publiceras i maj och redovisas i uppföljningen för kvartal {quarter}.",
}
GENERIC_PENDING = (
    "Följs upp per år; årets första värde redovisas i uppföljningen för kvartal {quarter}."
)

OPENINGS = {
    1: (
        "Första kvartalet har präglats av uppstarten av årets upphandlingsplan och de särskilda "
        "uppdragen.",
        "Året har börjat med hög aktivitet i upphandlingarna.",
    ),
    2: (
        "Under andra kvartalet har flera stora samordnade upphandlingar avslutats.",
        "Halvåret har präglats av hög arbetsbelastning inför sommaren.",
    ),
    3: (
        "Tredje kvartalet har som vanligt påverkats av semesterperioden.",
        "Efter sommaren har arbetet i upphandlingarna tagit ny fart.",
    ),
    4: (
        "Året har präglats av hög aktivitet och ett fortsatt fokus på samordning.",
        "Helåret sammanfattas här med årets utfall för nämndplanens indikatorer.",
    ),
}
OUTLOOKS = {
    1: (
        "Fokus under nästa kvartal är att hålla takten i upphandlingsplanen och följa upp de "
        "nya avtalen.",
        "Under våren prioriteras de upphandlingar som ska vara klara före sommaren.",
    ),
    2: (
        "Inför hösten prioriteras avtalsuppföljning och de särskilda uppdrag som ännu inte är "
        "klara.",
        "Efter sommaren läggs fokus på de upphandlingar som återstår i årets plan.",
    ),
    3: (
        "Under årets sista kvartal läggs fokus på att slutföra upphandlingsplanen och de "
        "särskilda uppdragen.",
        "Resten av året ägnas åt att avsluta planerade upphandlingar och förbereda nästa års plan.",
    ),
    4: (
        "Inför nästa år tar UhC med sig erfarenheterna från årets uppföljning in i arbetet med "
        "upphandlingsplanen.",
        "Årets resultat är underlag för dialogen med kommunerna om nästa års prioriteringar.",
    ),
}
# The head's comment on the economy: the forecast's deviation, as in the overall analysis, and why.
ECONOMY_FACT = "Helårsprognosen avviker med {text} från budget{against}."
ECONOMY_NOTES = {
    "within": "Personalkostnaderna och intäkterna från kommunerna följer budget.",
    "surplus": "Överskottet beror främst på vakanser under året, som ger lägre "
    "personalkostnader än budgeterat.",
    "deficit": "Underskottet beror främst på högre kostnader för konsultstöd och licenser än "
    "budgeterat; åtgärder för att minska dem pågår.",
    "no data": "Kvartalets utfall och helårsprognos redovisas på budgetsidan.",
}

# Key facts of the overall analysis, by indicator code: a sentence with {text} (the value)
# and, where it has one, {target}.
FACTS = (
    (ECONOMY_IN_BALANCE, ECONOMY_FACT),
    ("completed-as-planned", "Av årets planerade upphandlingar är {text} avslutade{against}."),
    ("coordinated-share", "Andelen samordnade upphandlingar är {text}{against}."),
    ("review-appeals", "Antalet överprövningar hittills i år är {text}."),
)
STAFF_FACTS = (
    ("sick-leave", "Sjukfrånvaron är {text}{compared}."),
    ("staff-turnover", "Personalomsättningen är {text}{compared}."),
)


@dataclass
class DemoAnalyses:
    overall: str
    goals: dict[int, str] = field(default_factory=dict)
    indicators: dict[int, str] = field(default_factory=dict)


def number_word(count: int) -> str:
    """A count of goals (neuter, "mål") in words up to ten, as Swedish prose writes them."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def indicator_sentence(indicator: IndicatorFollowUp) -> str:
    """The indicator's value as a sentence, against its target or an earlier value."""
    name, text = indicator.name, indicator.text
    if indicator.value is None:
        return ""
    if indicator.status.is_judged and indicator.expected_text:
        return (
            f"{name}: {text} hittills i år, mot förväntade {indicator.expected_text} vid denna "
            f"tid av årsmålet {indicator.target_text}."
        )
    if indicator.status.is_judged:
        return f"{name}: {text} mot målet {indicator.target_text}."
    if indicator.previous_year_text:
        return f"{name}: {text}, jämfört med {indicator.previous_year_text}."
    if indicator.baselines:
        baseline = indicator.baselines[0]
        return f"{name}: {text}, jämfört med {baseline.text} ({baseline.year})."
    return f"{name}: {text}."


_ATTENTION = {Status.NOT_MET: 0, Status.PARTLY_MET: 1, Status.MET: 2}


def goal_analysis(goal: GoalFollowUp, code: str, rng: random.Random) -> str:
    """A status sentence, the one or two indicators most worth naming, and what UhC does."""
    with_values = [i for i in goal.indicators if i.value is not None]
    judged = sorted(
        (i for i in with_values if i.status.is_judged), key=lambda i: _ATTENTION[i.status]
    )
    named = judged[:2] or rng.sample(with_values, min(2, len(with_values)))
    sentences = [
        rng.choice(GOAL_STATUS_SENTENCES[goal.status]),
        *(indicator_sentence(i) for i in named),
        rng.choice(GOAL_WORK.get(code, GENERIC_WORK)),
    ]
    return " ".join(sentences)


def goal_summary(follow_up: PeriodFollowUp) -> str:
    """How many goals are met, partly met and not met, in words; or that none is judged."""
    counts = {status: 0 for status in Status}
    for goal in follow_up.goals:
        counts[goal.status] += 1
    judged = counts[Status.MET] + counts[Status.PARTLY_MET] + counts[Status.NOT_MET]
    if not judged:
        return (
            f"Nämndplanen anger inga målvärden för {follow_up.year}. Indikatorerna följs därför "
            "utan bedömning mot mål och jämförs med föregående år."
        )
    parts = []
    for status, singular, plural in (
        (Status.MET, "uppfyllt", "uppfyllda"),
        (Status.PARTLY_MET, "delvis uppfyllt", "delvis uppfyllda"),
        (Status.NOT_MET, "inte uppfyllt", "inte uppfyllda"),
    ):
        count = counts[status]
        if count:
            parts.append(f"{number_word(count)} som {singular if count == 1 else plural}")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} och {parts[-1]}"
    sentence = (
        f"Av nämndplanens {number_word(len(follow_up.goals))} inriktningsmål bedöms {listed}."
    )
    for status, predicate in (
        (Status.NO_DATA, "kan ännu inte bedömas"),
        (Status.NO_TARGET, "har inga målvärden för året"),
    ):
        if counts[status]:
            sentence += f" {number_word(counts[status]).capitalize()} av målen {predicate}."
    return sentence


def economy_comment(indicator: IndicatorFollowUp) -> str:
    """The head's comment on the economy: the forecast's deviation, and why."""
    if indicator.value is None:
        return ECONOMY_NOTES["no data"]
    if indicator.status == Status.MET or indicator.value == 0:
        why = "within"
    else:
        why = "surplus" if indicator.value > 0 else "deficit"
    return f"{_fact(indicator, ECONOMY_FACT)} {ECONOMY_NOTES[why]}"


def _fact(indicator: IndicatorFollowUp | None, template: str) -> str:
    if indicator is None or indicator.value is None:
        return ""
    against = f" mot målet {indicator.target_text}" if indicator.status.is_judged else ""
    compared = (
        f", jämfört med {indicator.previous_year_text}" if indicator.previous_year_text else ""
    )
    return template.format(text=indicator.text, against=against, compared=compared)


def overall_analysis(follow_up: PeriodFollowUp, rng: random.Random) -> str:
    """Three paragraphs: the quarter and its goals, economy and register, staff and outlook."""
    by_code = {i.code: i for i in follow_up.indicators}
    quarter = follow_up.quarter
    paragraphs = [
        [rng.choice(OPENINGS[quarter]), goal_summary(follow_up)],
        [_fact(by_code.get(code), template) for code, template in FACTS],
        [
            *(_fact(by_code.get(code), template) for code, template in STAFF_FACTS),
            rng.choice(OUTLOOKS[quarter]),
        ],
    ]
    return "\n\n".join(
        " ".join(s for s in sentences if s) for sentences in paragraphs if any(sentences)
    )


def generate_analyses(
    follow_up: PeriodFollowUp, *, goal_codes: dict[int, str], pending: dict[str, int], seed: int
) -> DemoAnalyses:
    """The quarter's analyses: overall, per goal (by goal id) and per indicator (by id).

    ``pending`` maps the codes of yearly hand-entered indicators that have no
    value yet to the quarter they are entered in; they get a note saying so.
    Hand-entered indicators behind their target get the head's explanation, and
    the economy in balance the head's comment on the economy.
    """
    rng = random.Random(f"gnu-plan demo analyses {follow_up.year} {follow_up.quarter} {seed}")
    analyses = DemoAnalyses(overall=overall_analysis(follow_up, rng))
    for goal in follow_up.goals:
        analyses.goals[goal.goal_id] = goal_analysis(goal, goal_codes.get(goal.goal_id, ""), rng)
    for indicator in follow_up.indicators:
        if indicator.code == ECONOMY_IN_BALANCE:
            analyses.indicators[indicator.indicator_id] = economy_comment(indicator)
        elif indicator.value is None and indicator.code in pending:
            note = PENDING_NOTES.get(indicator.code, GENERIC_PENDING)
            analyses.indicators[indicator.indicator_id] = note.format(
                quarter=pending[indicator.code]
            )
        elif indicator.status in (Status.NOT_MET, Status.PARTLY_MET) and (
            indicator.code in BEHIND_NOTES
        ):
            during, at_year_end = BEHIND_NOTES[indicator.code]
            analyses.indicators[indicator.indicator_id] = (
                at_year_end if follow_up.quarter == 4 else during
            )
    return analyses
