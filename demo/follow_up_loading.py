"""Writing the demo follow-up: periods with the head's figures, analyses and adoptions.

``seed_demo_follow_up`` makes each quarter of a history as the head would have
left it: the figures of the hand-entered indicators (``demo.follow_up``), the
assignments' progress, then, from the quarter's follow-up computed with them,
the analyses (``demo.analyses``); the quarters up to a given one are adopted
through ``reports.services.adopt_period``, so that what is adopted is exactly
what the follow-up computes, and dated at the committee meeting after the
quarter.

Every row is marked ``is_demo`` and, like the other demo rows, written without
history (``rows_written`` is sent instead); only the adoption keeps the history
``adopt_period`` writes, and ``delete_demo_follow_up`` removes it with the
periods. A quarter the head has worked on (a period that is not demo data) is
left exactly as it is.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation

from accounts.roles import CHEF
from budget.services import reopen_quarter
from demo.analyses import generate_analyses
from demo.follow_up import (
    IndicatorSpec,
    generate_entered_values,
    generate_progress,
)
from demo.users import DEMO_USERS
from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from indicators.signals import raw_delete
from reports.archive import Meeting, delete_demo_archives
from reports.follow_up import period_follow_up, plan_for_year
from reports.models import (
    AdoptedRow,
    AdoptedValue,
    Analysis,
    ArchivedReport,
    AssignmentProgress,
    EnteredValue,
    LeftOutFigure,
    Period,
)
from reports.services import adopt_period

# The committee adopts a quarter at its next meeting: (month, day), in the next year for Q4.
ADOPTION_MEETINGS = {1: (5, 16), 2: (9, 12), 3: (11, 14), 4: (2, 13)}
# The minute paragraph and the registry number's serial of each quarter's adoption.
ADOPTION_MINUTES = {1: (34, 21), 2: (52, 38), 3: (67, 45), 4: (8, 3)}


@dataclass
class DemoFollowUpSummary:
    periods: int = 0
    adopted: int = 0
    values: int = 0
    analyses: int = 0
    assignment_statuses: int = 0
    kept: list[tuple[int, int]] = field(default_factory=list)


def delete_demo_follow_up() -> int:
    """Remove every demo row of the follow-up and the demo periods with their adoptions.

    A person's save makes a period real (``reports.services.save_quarter``), so a
    demo period holds demo rows only. Returns the number of periods removed.
    """
    periods = Period.objects.filter(is_demo=True)
    ids = periods.values("pk")
    delete_demo_archives()
    for period in periods.filter(state=Period.State.ADOPTED):
        reopen_quarter(year=period.year, quarter=period.quarter, reopened_by=None)
    for model in (EnteredValue, Analysis, AssignmentProgress):
        raw_delete(model.objects.filter(is_demo=True))
    raw_delete(AdoptedRow.objects.filter(period__in=ids))
    raw_delete(LeftOutFigure.objects.filter(period__in=ids))
    raw_delete(AdoptedValue.objects.filter(period__in=ids))
    raw_delete(AdoptedValue.history.filter(period_id__in=ids))
    raw_delete(Period.history.filter(id__in=ids))
    return raw_delete(periods)


def adoption_time(year: int, quarter: int) -> datetime.datetime:
    month, day = ADOPTION_MEETINGS[quarter]
    meeting = datetime.datetime(year + 1 if quarter == 4 else year, month, day, 14)
    return timezone.make_aware(meeting)


def demo_meeting(year: int, quarter: int) -> Meeting:
    """Plausible minutes of the meeting that adopts a demo quarter: "§ 34", "GNU 2023/21"."""
    date = adoption_time(year, quarter).date()
    paragraph, serial = ADOPTION_MINUTES[quarter]
    return Meeting(date, f"§ {paragraph}", f"GNU {date.year}/{serial}")


def demo_chef():
    """The demo user of the chef role, who adopts the demo quarters; None if not made."""
    username = next(user.username for user in DEMO_USERS if user.role == CHEF)
    return get_user_model().objects.filter(username=username).first()


def indicator_specs(plan: Plan, year: int) -> dict[str, tuple[int, IndicatorSpec]]:
    """The plan's hand-entered indicators by code: (id, spec with the year's target)."""
    indicators = plan.indicators.filter(source=Indicator.Source.MANUAL).prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.filter(
                year=year, municipality__isnull=True, kind=Target.Kind.COMPARISON
            ),
            to_attr="year_targets",
        ),
        Prefetch(
            "baselines",
            queryset=Baseline.objects.filter(municipality__isnull=True, value__isnull=False),
            to_attr="known_baselines",
        ),
    )
    return {
        indicator.code: (
            indicator.pk,
            IndicatorSpec(
                code=indicator.code,
                unit=indicator.unit,
                frequency=indicator.frequency,
                per_municipality=indicator.per_municipality,
                target=next((t.value for t in indicator.year_targets), None),
                baseline=next((b.value for b in indicator.known_baselines), None),
                reported_in_quarter=indicator.reported_in_quarter,
            ),
        )
        for indicator in indicators
    }


def _pending(specs: Sequence[IndicatorSpec], quarter: int) -> dict[str, int]:
    """Yearly indicators not yet entered this year, with the quarter they are entered in."""
    return {
        spec.code: spec.reported_in_quarter
        for spec in specs
        if spec.reported_in_quarter is not None and spec.reported_in_quarter > quarter
    }


class _QuarterSeeder:
    """Makes one quarter; what all quarters share is read once."""

    def __init__(self, seed: int, summary: DemoFollowUpSummary):
        self.seed, self.summary = seed, summary
        self.municipalities = dict(Municipality.objects.values_list("code", "pk"))
        self.goal_codes = dict(Goal.objects.values_list("pk", "code"))
        self.adopter = demo_chef()

    def seed_quarter(self, plan: Plan, year: int, quarter: int, adopt: bool) -> None:
        Period.objects.bulk_create([Period(year=year, quarter=quarter, is_demo=True)])
        period = Period.objects.get(year=year, quarter=quarter)
        specs = indicator_specs(plan, year)
        values = [
            EnteredValue(
                period=period,
                indicator_id=specs[v.indicator_code][0],
                municipality_id=self.municipalities[v.municipality_code]
                if v.municipality_code
                else None,
                value=v.value,
                is_demo=True,
            )
            for v in generate_entered_values(
                year=year,
                quarter=quarter,
                seed=self.seed,
                indicators=[spec for _pk, spec in specs.values()],
                municipality_codes=list(self.municipalities),
            )
        ]
        EnteredValue.objects.bulk_create(values)
        assignments = dict(
            Assignment.objects.filter(plan=plan, year=year).values_list("code", "pk")
        )
        progress = [
            AssignmentProgress(
                period=period,
                assignment_id=assignments[p.assignment_code],
                status=p.status,
                comment=p.comment,
                is_demo=True,
            )
            for p in generate_progress(
                year=year, quarter=quarter, seed=self.seed, assignment_codes=assignments
            )
        ]
        AssignmentProgress.objects.bulk_create(progress)
        analyses = self._write_analyses(period, [spec for _pk, spec in specs.values()])
        self.summary.periods += 1
        self.summary.values += len(values)
        self.summary.assignment_statuses += len(progress)
        self.summary.analyses += analyses
        if adopt:
            self._adopt(period)

    def _write_analyses(self, period: Period, specs: list[IndicatorSpec]) -> int:
        follow_up = period_follow_up(period.year, period.quarter)
        with translation.override("sv"):
            analyses = generate_analyses(
                follow_up,
                goal_codes=self.goal_codes,
                pending=_pending(specs, period.quarter),
                seed=self.seed,
            )
        rows = [
            Analysis(period=period, goal_id=goal_id, text=text, is_demo=True)
            for goal_id, text in analyses.goals.items()
        ] + [
            Analysis(period=period, indicator_id=indicator_id, text=text, is_demo=True)
            for indicator_id, text in analyses.indicators.items()
        ]
        Analysis.objects.bulk_create(rows)
        Period.objects.filter(pk=period.pk).update(overall_analysis=analyses.overall)
        return len(rows) + 1

    def _adopt(self, period: Period) -> None:
        # Charts are printed as tables here: exporting them takes a browser session
        # per report, too slow for the demo's install (see the README).
        meeting = demo_meeting(period.year, period.quarter)
        adopt_period(period, self.adopter, meeting=meeting, with_charts=False)
        when = adoption_time(period.year, period.quarter)
        Period.objects.filter(pk=period.pk).update(adopted_at=when)
        ArchivedReport.objects.filter(period=period).update(adopted_at=when)
        Period.history.filter(id=period.pk).update(adopted_at=when, history_date=when)
        AdoptedValue.history.filter(period_id=period.pk).update(history_date=when)
        self.summary.adopted += 1


@transaction.atomic
def seed_demo_follow_up(
    *, quarters: Sequence[tuple[int, int]], adopted_until: tuple[int, int] | None, seed: int
) -> DemoFollowUpSummary:
    """Replace the demo follow-up by one of ``quarters`` (year, quarter), in order.

    Quarters up to ``adopted_until`` are adopted. A quarter with a real period,
    or of a year no plan covers, is left alone (listed in ``kept``).
    """
    delete_demo_follow_up()
    summary = DemoFollowUpSummary()
    seeder = _QuarterSeeder(seed, summary)
    real = set(Period.objects.values_list("year", "quarter"))
    for year, quarter in sorted(quarters):
        plan = plan_for_year(year)
        if plan is None or (year, quarter) in real:
            summary.kept.append((year, quarter))
            continue
        adopt = adopted_until is not None and (year, quarter) <= adopted_until
        seeder.seed_quarter(plan, year, quarter, adopt)
    return summary


def read_demo_entered_values() -> list[tuple[int, int, str, str | None, Decimal]]:
    """The demo figures as stored: (year, quarter, indicator code, municipality code, value)."""
    return sorted(
        EnteredValue.objects.filter(is_demo=True).values_list(
            "period__year", "period__quarter", "indicator__code", "municipality__code", "value"
        ),
        key=lambda row: (row[0], row[1], row[2], row[3] or ""),
    )
