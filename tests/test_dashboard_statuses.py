"""Counting and comparing statuses for the goal cards."""

import pytest
from django.utils import translation

from dashboards.statuses import Change, StatusCount, count_statuses, status_change
from indicators.fulfilment import Status


@pytest.mark.parametrize(
    "previous, current, change",
    [
        (Status.NOT_MET, Status.PARTLY_MET, Change.BETTER),
        (Status.PARTLY_MET, Status.MET, Change.BETTER),
        (Status.NOT_MET, Status.MET, Change.BETTER),
        (Status.MET, Status.PARTLY_MET, Change.WORSE),
        (Status.MET, Status.NOT_MET, Change.WORSE),
        (Status.NO_DATA, Status.MET, Change.CHANGED),
        (Status.NOT_MET, Status.NO_DATA, Change.CHANGED),
        (Status.NO_TARGET, Status.NO_DATA, Change.CHANGED),
        (Status.MET, Status.MET, Change.UNCHANGED),
        (Status.NO_DATA, Status.NO_DATA, Change.UNCHANGED),
    ],
)
def test_a_status_change_has_a_direction_only_between_judged_statuses(previous, current, change):
    assert status_change(previous, current) == change


def test_statuses_are_counted_met_first_and_statuses_none_has_are_left_out():
    counts = count_statuses(
        [Status.NO_DATA, Status.MET, Status.NOT_MET, Status.MET, Status.MET, Status.NOT_MET]
    )
    assert [(c.status, c.count) for c in counts] == [
        (Status.MET, 3),
        (Status.NOT_MET, 2),
        (Status.NO_DATA, 1),
    ]


@pytest.mark.parametrize(
    "status, count, text",
    [
        (Status.MET, 3, "3 uppfyllda"),
        (Status.MET, 1, "1 uppfylld"),
        (Status.PARTLY_MET, 1, "1 delvis"),
        (Status.NOT_MET, 2, "2 ej uppfyllda"),
        (Status.NO_DATA, 1, "1 utan uppgift"),
        (Status.NO_TARGET, 2, "2 utan mål"),
    ],
)
def test_counts_read_as_the_committee_writes_them(status, count, text):
    with translation.override("sv"):
        assert StatusCount(status, count).text == text


def test_a_change_is_told_in_words_beside_its_arrow():
    with translation.override("sv"):
        assert (Change.BETTER.symbol, str(Change.BETTER.label)) == ("↑", "bättre")
        assert (Change.WORSE.symbol, str(Change.WORSE.label)) == ("↓", "sämre")
