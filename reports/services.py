"""Changing a period: saving the head's figures and texts, adopting, reopening.

Every change goes through these functions, which refuse changes to an adopted
period and changes based on an outdated version of the period, whatever the
page or request that asks for them. A person's save makes the period and every
row it writes real, even where they were demo data, so that clearing the demo
data never deletes them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from budget.services import adopt_quarter, reopen_quarter
from reports import computation
from reports.archive import Meeting, archive_adoption
from reports.computation import Window
from reports.follow_up import IndicatorFollowUp, MunicipalityValue, period_follow_up
from reports.models import (
    AdoptedRow,
    AdoptedValue,
    Analysis,
    AssignmentProgress,
    EnteredValue,
    Period,
)
from reports.readiness import NotReady, missing_items

# The whole reason is kept on the period; its history note holds what fits.
_HISTORY_NOTE_LENGTH = Period.history.model._meta.get_field("history_change_reason").max_length


class PeriodLocked(Exception):
    """The period is adopted: its figures and texts are frozen until it is reopened."""


class StaleVersion(Exception):
    """Someone else saved the period after this edit began."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        super().__init__("; ".join(changes))


@dataclass
class QuarterEdit:
    """Everything the head's quarterly page submits, keyed by database ids.

    ``values`` maps (indicator id, municipality id or None) to a figure, or to
    None to clear it; only keys present are touched, and the overall analysis
    only when it is given (a section of the page without it leaves it as it is).
    """

    version: int
    overall_analysis: str | None = None
    values: dict[tuple[int, int | None], Decimal | None] = field(default_factory=dict)
    goal_analyses: dict[int, str] = field(default_factory=dict)
    indicator_analyses: dict[int, str] = field(default_factory=dict)
    assignments: dict[int, tuple[str, str]] = field(default_factory=dict)


def get_or_create_period(year: int, quarter: int) -> Period:
    period, _created = Period.objects.get_or_create(year=year, quarter=quarter)
    return period


@transaction.atomic
def save_quarter(period: Period, edit: QuarterEdit, changed_by=None) -> Period:
    """Save all of an edit or nothing; refuse an adopted period or an outdated version."""
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.is_adopted:
        raise PeriodLocked(_("The period is adopted; reopen it before changing it."))
    if locked.version != edit.version:
        raise StaleVersion(_changes_since(locked, edit.version))

    for (indicator_id, municipality_id), value in edit.values.items():
        lookup = {
            "period": locked,
            "indicator_id": indicator_id,
            "municipality_id": municipality_id,
        }
        values = None if value is None else {"value": value, "is_demo": False}
        _put(EnteredValue, lookup, values, changed_by)

    for target, texts in (
        ("goal_id", edit.goal_analyses),
        ("indicator_id", edit.indicator_analyses),
    ):
        for object_id, text in texts.items():
            text = text.strip()
            _put(
                Analysis,
                {"period": locked, target: object_id},
                {"text": text, "is_demo": False} if text else None,
                changed_by,
            )

    for assignment_id, (status, comment) in edit.assignments.items():
        lookup = {"period": locked, "assignment_id": assignment_id}
        values = {"status": status, "comment": comment.strip(), "is_demo": False}
        _put(AssignmentProgress, lookup, values, changed_by)

    if edit.overall_analysis is not None:
        locked.overall_analysis = edit.overall_analysis.strip()
    locked.is_demo = False
    locked.version += 1
    locked._history_user = changed_by
    locked.save(update_fields=["overall_analysis", "is_demo", "version"])
    return locked


def _put(model, lookup: dict, values: dict | None, changed_by) -> None:
    """Create, update or (with no values) delete one row, saving only real changes."""
    existing = model.objects.filter(**lookup).first()
    if values is None:
        if existing:
            existing._history_user = changed_by
            existing.delete()
        return
    instance = existing or model(**lookup)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if existing and not changed:
        return
    for name, value in values.items():
        setattr(instance, name, value)
    instance._history_user = changed_by
    instance.save()


def _changes_since(period: Period, version: int) -> list[str]:
    """Who changed what since the version an edit began from, as readable lines."""
    records = period.history.filter(version__gt=version).select_related("history_user")
    editors = sorted(
        {
            (r.history_user.get_full_name() or r.history_user.username)
            for r in records
            if r.history_user
        }
    )
    lines = [
        _("The period was saved by %(who)s after you opened it.")
        % {"who": ", ".join(editors) or _("someone else")}
    ]
    # The rows of a save are written before the period itself, so changes are
    # those after the period's record of the version the edit began from.
    since = (
        period.history.filter(version__lte=version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    for model, label in (
        (EnteredValue, _("figure")),
        (Analysis, _("analysis")),
        (AssignmentProgress, _("assignment")),
    ):
        changed = model.history.filter(period_id=period.pk)
        if since is not None:
            changed = changed.filter(history_date__gt=since)
        for record in changed.order_by("history_date"):
            lines.append(f"{label}: {_describe_record(record)}")
    return list(dict.fromkeys(lines))


def _describe_record(record) -> str:
    instance = record.instance
    if hasattr(instance, "indicator_id") and instance.indicator_id:
        subject = str(instance.indicator)
    elif getattr(instance, "goal_id", None):
        subject = str(instance.goal)
    elif getattr(instance, "assignment_id", None):
        subject = str(instance.assignment)
    else:
        subject = str(instance)
    if getattr(instance, "municipality_id", None):
        subject += f" ({instance.municipality})"
    return subject


@transaction.atomic
def adopt_period(
    period: Period,
    adopted_by,
    expected_version: int | None = None,
    *,
    meeting: Meeting | None = None,
    with_charts: bool = True,
) -> Period:
    """Freeze the period: store every indicator's value and status as they stand now.

    With each value the target it was judged against, and for each value
    computed from the register the rows it is computed from. With
    ``expected_version``, the version the adopting person has read, an
    adoption of figures changed since then is refused. With ``meeting``, the
    committee's decision, the report is rendered and archived as the period's
    next version (``archive.archive_adoption``); a failure there undoes the
    adoption. The committee's adoption always has its meeting; without one the
    figures are frozen only (as the tests of the freezing itself do). The
    committee's adoption is refused while a figure due in the quarter is
    missing and not deliberately left out (``NotReady``, with the figures).
    """
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if locked.is_adopted:
        raise PeriodLocked(_("The period is already adopted."))
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(_changes_since(locked, expected_version))
    if meeting is not None:
        readiness = missing_items(year=locked.year, quarter=locked.quarter)
        if readiness is not None and not readiness.may_be_adopted:
            raise NotReady(readiness.figures)
    adopt_quarter(year=locked.year, quarter=locked.quarter, adopted_by=adopted_by)
    follow_up = period_follow_up(locked.year, locked.quarter)
    for earlier in AdoptedValue.objects.filter(period=locked):
        earlier._history_user = adopted_by
        earlier.delete()
    AdoptedRow.objects.filter(period=locked).delete()
    behind = computation.rows_behind_values(
        [indicator.code for indicator in follow_up.indicators if indicator.is_computed],
        Window.year_to_date(locked.as_quarter),
    )
    AdoptedRow.objects.bulk_create(
        AdoptedRow.of(row, codes, period_id=locked.pk) for row, codes in behind.rows
    )
    values = []
    for indicator in follow_up.indicators:
        values.append(
            _adopted_value(
                indicator,
                period=locked,
                indicator_id=indicator.indicator_id,
                rows_kept=indicator.code in behind.codes,
            )
        )
        values += [
            _adopted_value(
                municipality,
                period=locked,
                indicator_id=indicator.indicator_id,
                municipality_id=municipality.municipality_id,
                uhc_wide=municipality.target_is_uhc_wide,
            )
            for municipality in indicator.municipalities
        ]
    bulk_create_with_history(values, AdoptedValue, default_user=adopted_by)
    locked.state = Period.State.ADOPTED
    locked.adopted_at = timezone.now()
    locked.adopted_by = adopted_by
    locked.reopen_reason = ""
    locked.version += 1
    locked._history_user = adopted_by
    locked._change_reason = _("Adopted")
    locked.save()
    if meeting is not None:
        archive_adoption(locked, meeting=meeting, adopted_by=adopted_by, with_charts=with_charts)
    return locked


def _adopted_value(
    followed: IndicatorFollowUp | MunicipalityValue, *, uhc_wide: bool = False, **fields
) -> AdoptedValue:
    adopted = AdoptedValue(
        numerator=followed.numerator,
        denominator=followed.denominator,
        value=followed.value,
        status=followed.status,
        **fields,
    )
    adopted.keep_target(followed.target, uhc_wide=uhc_wide)
    return adopted


@transaction.atomic
def reopen_period(period: Period, reopened_by, reason: str) -> Period:
    """Open an adopted period for corrections; the reason is kept in the history.

    The archived versions stay as they are; the latest records the reason it was superseded.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give a reason for reopening the period."))
    if "\x00" in reason:  # PostgreSQL cannot store it in a text
        raise ValueError(_("The reason cannot contain null characters."))
    locked = Period.objects.select_for_update().get(pk=period.pk)
    if not locked.is_adopted:
        raise PeriodLocked(_("The period is not adopted."))
    reopen_quarter(year=locked.year, quarter=locked.quarter, reopened_by=reopened_by)
    locked.state = Period.State.OPEN
    locked.reopen_reason = reason
    locked.version += 1
    locked._history_user = reopened_by
    note = _("Reopened: %(reason)s") % {"reason": reason}
    locked._change_reason = Truncator(note).chars(_HISTORY_NOTE_LENGTH)
    locked.save()
    latest = locked.archived_reports.order_by("-version").first()
    if latest is not None:
        latest.reopen_reason = reason
        latest.save(update_fields=["reopen_reason"])
    return locked
