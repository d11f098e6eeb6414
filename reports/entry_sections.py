"""The head's quarterly entry in sections, the way the report is laid out.

One section per goal (``mal-1``…), then the key figures, the economy (the
head's comment; the budget's figures have their own page), the special
assignments and the overall analysis. Each section is its own page and form
(``reports:entry-section`` with the year, the quarter and the slug), saved on
its own. An indicator listed both under a goal and among the key figures
(NKI) has its fields in the goal's section; the key figures' economy in
balance has its comment in the economy section, as in the report.

``missing`` says what a section still lacks for the quarter: a due figure not
entered, a goal's or the quarter's analysis not written, the economy comment,
an assignment's status not recorded. A section with nothing missing is done.
The checklist before the committee's meeting (``reports.readiness``) counts the
same things missing, section by section.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from reports.follow_up import GoalFollowUp, IndicatorFollowUp, PeriodFollowUp
from reports.quarter_page import QuarterPage
from reports.report_data import ECONOMY_IN_BALANCE


class Kind(StrEnum):
    GOAL = "goal"
    KEY_FIGURES = "key_figures"
    ECONOMY = "economy"
    ASSIGNMENTS = "assignments"
    OVERALL = "overall"


KEY_FIGURES, ECONOMY, ASSIGNMENTS, OVERALL = "nyckeltal", "ekonomi", "uppdrag", "samlad-analys"


def goal_slug(number: int) -> str:
    return f"mal-{number}"


@dataclass(frozen=True)
class IndicatorGroup:
    """Indicators under one heading of a section: a goal's, or a key-figure area's."""

    title: str
    indicators: list[IndicatorFollowUp]


@dataclass(frozen=True)
class EntrySection:
    slug: str
    kind: Kind
    title: str
    groups: list[IndicatorGroup] = field(default_factory=list)
    goal: GoalFollowUp | None = None

    @property
    def indicators(self) -> list[IndicatorFollowUp]:
        return [indicator for group in self.groups for indicator in group.indicators]


def entry_sections(follow_up: PeriodFollowUp) -> list[EntrySection]:
    """The quarter's sections in the report's order."""
    sections = []
    for goal in follow_up.goals:
        title = _("Goal %(number)s: %(title)s") % {"number": goal.number, "title": goal.title}
        sections.append(
            EntrySection(
                goal_slug(goal.number),
                Kind.GOAL,
                title,
                [IndicatorGroup(title, goal.indicators)],
                goal,
            )
        )
    areas = [IndicatorGroup(str(area.name), area.indicators) for area in follow_up.key_figure_areas]
    if areas:
        sections.append(EntrySection(KEY_FIGURES, Kind.KEY_FIGURES, _("Key figures"), areas))
    balance = [i for i in follow_up.indicators if i.code == ECONOMY_IN_BALANCE]
    if balance:
        group = IndicatorGroup(_("Economy"), balance)
        sections.append(EntrySection(ECONOMY, Kind.ECONOMY, _("Economy"), [group]))
    sections.append(EntrySection(ASSIGNMENTS, Kind.ASSIGNMENTS, _("Special assignments")))
    sections.append(EntrySection(OVERALL, Kind.OVERALL, _("Overall analysis of the quarter")))
    return sections


def home_sections(sections: list[EntrySection]) -> dict[str, EntrySection]:
    """Indicator code → the section whose page holds its fields."""
    homes: dict[str, EntrySection] = {}
    for section in sections:
        if section.kind == Kind.ECONOMY:
            homes[ECONOMY_IN_BALANCE] = section
    for section in sections:
        for indicator in section.indicators:
            homes.setdefault(indicator.code, section)
    return homes


def missing(page: QuarterPage, section: EntrySection, homes: dict[str, EntrySection]) -> list[str]:
    """What the section still lacks for the quarter, in page order, as the page names it."""
    follow_up = page.follow_up
    if section.kind == Kind.OVERALL:
        return [] if follow_up.overall_analysis.strip() else [_("Overall analysis of the quarter")]
    if section.kind == Kind.ASSIGNMENTS:
        return [
            _("Status: %(assignment)s") % {"assignment": a.title}
            for a in follow_up.assignments
            if a.assignment_id not in page.recorded_assignments
        ]
    if section.kind == Kind.ECONOMY:
        written = any(i.analysis.strip() for i in section.indicators)
        return [] if written else [_("Comment on the economy")]
    lacking = []
    for indicator in section.indicators:
        if homes.get(indicator.code) is not section:
            continue
        places = page.missing_figures(indicator)
        if places == [None]:
            lacking.append(_("Value: %(indicator)s") % {"indicator": indicator.name})
        elif places:
            lacking.append(
                _("Values: %(indicator)s (%(missing)s of %(all)s municipalities)")
                % {
                    "indicator": indicator.name,
                    "missing": len(places),
                    "all": len(indicator.municipalities),
                }
            )
    if section.goal is not None and not section.goal.analysis.strip():
        lacking.append(_("Analysis of goal %(number)s") % {"number": section.goal.number})
    return lacking


@dataclass(frozen=True)
class SectionStatus:
    section: EntrySection
    missing: list[str]

    @property
    def is_done(self) -> bool:
        return not self.missing


def section_statuses(page: QuarterPage) -> list[SectionStatus]:
    """Every section of the quarter with what it still lacks."""
    sections = entry_sections(page.follow_up)
    homes = home_sections(sections)
    return [SectionStatus(section, missing(page, section, homes)) for section in sections]
