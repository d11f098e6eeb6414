"""Saving, adopting and reopening a quarter through reports.services, without HTTP."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from indicators.models import Assignment, Goal, Indicator, Municipality
from reports.models import AdoptedValue, Analysis, AssignmentProgress, EnteredValue, Period
from reports.services import (
    PeriodLocked,
    QuarterEdit,
    StaleVersion,
    adopt_period,
    get_or_create_period,
    reopen_period,
    save_quarter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return get_or_create_period(2023, 2)


@pytest.fixture
def follow_ups():
    return Indicator.objects.get(code="contract-follow-ups")


def test_get_or_create_period_returns_the_same_period_twice():
    assert get_or_create_period(2023, 2).pk == get_or_create_period(2023, 2).pk
    assert Period.objects.filter(year=2023, quarter=2).count() == 1


def test_save_quarter_saves_figures_analyses_and_assignments_with_the_user(
    period, follow_ups, chef
):
    goal = Goal.objects.get(code="save-money")
    assignment = Assignment.objects.filter(year=2023).first()
    falun = Municipality.objects.get(name="Falun")
    placements = Indicator.objects.get(code="work-placements")
    edit = QuarterEdit(
        version=0,
        overall_analysis="  Ett bra kvartal.  ",
        values={(follow_ups.pk, None): Decimal("120"), (placements.pk, falun.pk): Decimal(3)},
        goal_analyses={goal.pk: "Målet nås."},
        indicator_analyses={follow_ups.pk: "Fler möten än väntat."},
        assignments={assignment.pk: ("started", "Arbetet har börjat.")},
    )

    saved = save_quarter(period, edit, changed_by=chef)

    assert saved.version == 1
    assert saved.overall_analysis == "Ett bra kvartal."
    assert EnteredValue.objects.get(period=period, indicator=follow_ups).value == 120
    assert (
        EnteredValue.objects.get(period=period, indicator=placements, municipality=falun).value == 3
    )
    assert Analysis.objects.get(period=period, goal=goal).text == "Målet nås."
    assert Analysis.objects.get(period=period, indicator=follow_ups).text == "Fler möten än väntat."
    progress = AssignmentProgress.objects.get(period=period, assignment=assignment)
    assert (progress.status, progress.comment) == ("started", "Arbetet har börjat.")
    assert EnteredValue.history.filter(indicator_id=follow_ups.pk).get().history_user == chef
    assert period.history.latest().history_user == chef


def test_a_blank_figure_clears_it_and_zero_is_kept_as_zero(period, follow_ups, chef):
    deviations = Indicator.objects.get(code="governance-deviations")
    save_quarter(
        period,
        QuarterEdit(
            version=0, values={(follow_ups.pk, None): Decimal(5), (deviations.pk, None): 0}
        ),
        chef,
    )
    save_quarter(period, QuarterEdit(version=1, values={(follow_ups.pk, None): None}), chef)

    assert not EnteredValue.objects.filter(period=period, indicator=follow_ups).exists()
    assert EnteredValue.objects.get(period=period, indicator=deviations).value == 0


def test_a_save_from_an_outdated_version_is_refused_and_names_who_and_what(
    period, follow_ups, chef
):
    save_quarter(period, QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(10)}), chef)
    other = User.objects.create_user("olle")

    with pytest.raises(StaleVersion) as refused:
        save_quarter(
            period, QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(20)}), other
        )

    text = " ".join(refused.value.changes)
    assert "Cecilia" in text
    assert follow_ups.name in text
    assert EnteredValue.objects.get(period=period, indicator=follow_ups).value == 10
    assert Period.objects.get(pk=period.pk).version == 1


def test_a_save_without_the_overall_analysis_leaves_it_as_it_was(period, follow_ups, chef):
    save_quarter(period, QuarterEdit(version=0, overall_analysis="Första."), chef)

    saved = save_quarter(
        period, QuarterEdit(version=1, values={(follow_ups.pk, None): Decimal(7)}), chef
    )

    assert saved.overall_analysis == "Första."
    saved = save_quarter(period, QuarterEdit(version=2, overall_analysis=""), chef)
    assert saved.overall_analysis == ""


def test_a_refused_save_changes_nothing_at_all(period, follow_ups, chef):
    save_quarter(period, QuarterEdit(version=0, overall_analysis="Första."), chef)
    goal = Goal.objects.get(code="save-money")

    with pytest.raises(StaleVersion):
        save_quarter(
            period,
            QuarterEdit(
                version=0,
                overall_analysis="Andra.",
                values={(follow_ups.pk, None): Decimal(7)},
                goal_analyses={goal.pk: "Ny text."},
            ),
            chef,
        )

    assert Period.objects.get(pk=period.pk).overall_analysis == "Första."
    assert not EnteredValue.objects.filter(period=period).exists()
    assert not Analysis.objects.filter(period=period).exists()


def test_an_adopted_period_refuses_to_be_saved(period, follow_ups, chef):
    save_quarter(period, QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(10)}), chef)
    adopted = adopt_period(period, chef)

    with pytest.raises(PeriodLocked):
        save_quarter(
            adopted,
            QuarterEdit(version=adopted.version, values={(follow_ups.pk, None): Decimal(99)}),
            chef,
        )

    assert EnteredValue.objects.get(period=period, indicator=follow_ups).value == 10


def test_adopting_freezes_every_indicator_and_records_who(period, follow_ups, chef):
    save_quarter(period, QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(130)}), chef)

    adopted = adopt_period(period, chef)

    assert adopted.is_adopted
    assert adopted.adopted_by == chef
    assert adopted.adopted_at is not None
    frozen = AdoptedValue.objects.get(period=period, indicator=follow_ups, municipality=None)
    assert frozen.value == 130
    assert AdoptedValue.objects.filter(period=period, municipality=None).count() == (
        Indicator.objects.filter(plans__first_year__lte=2023, plans__last_year__gte=2023).count()
    )


def test_a_period_cannot_be_adopted_twice(period, chef):
    adopt_period(period, chef)
    with pytest.raises(PeriodLocked):
        adopt_period(period, chef)


def test_reopening_needs_a_reason(period, chef):
    adopt_period(period, chef)
    with pytest.raises(ValueError):
        reopen_period(period, chef, "   ")
    assert Period.objects.get(pk=period.pk).is_adopted


def test_an_open_period_cannot_be_reopened(period, chef):
    with pytest.raises(PeriodLocked):
        reopen_period(period, chef, "Rättelse")


def test_reopening_keeps_the_reason_and_the_user_in_the_history_and_allows_saving(
    period, follow_ups, chef
):
    save_quarter(period, QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(10)}), chef)
    adopt_period(period, chef)

    reopened = reopen_period(period, chef, "Fel antal möten rapporterades")
    save_quarter(
        reopened,
        QuarterEdit(version=reopened.version, values={(follow_ups.pk, None): Decimal(12)}),
        chef,
    )

    assert reopened.reopen_reason == "Fel antal möten rapporterades"
    reopening = period.history.get(
        state="open", reopen_reason="Fel antal möten rapporterades", version=3
    )
    assert reopening.history_user == chef
    assert "Fel antal möten rapporterades" in reopening.history_change_reason
    assert period.history.filter(state="adopted").exists()
    values = EnteredValue.history.filter(indicator_id=follow_ups.pk).order_by("history_date")
    assert [v.value for v in values] == [10, 12]
