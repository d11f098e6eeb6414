"""ProcurementPlanItem: its constraints, and where an item stands on a day (``with_delivery``)."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from procurements.models import ProcurementPlanItem, last_quarter_ended
from tests.plan_helpers import make_item
from tests.procurement_helpers import category, make_procurement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def item(**fields) -> ProcurementPlanItem:
    fields = {
        "plan_year": 2023,
        "number": 1,
        "title": "Städtjänster",
        "planned_year": 2023,
        "planned_quarter": 2,
        **fields,
    }
    return ProcurementPlanItem(category=category(), **fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_quarter": 5}, "The quarter is 1, 2, 3 or 4."),
        ({"planned_quarter": 0}, "The quarter is 1, 2, 3 or 4."),
        ({"planned_year": 2025}, "The plan covers its own year and the next"),
        ({"planned_year": 2022}, "The plan covers its own year and the next"),
    ],
)
def test_the_database_refuses_an_impossible_planned_quarter(fields, message):
    with pytest.raises(ValidationError, match=message):
        item(**fields).validate_constraints()
    with transaction.atomic(), pytest.raises(IntegrityError):
        item(**fields).save()


def test_an_item_may_be_planned_for_the_plans_year_or_the_next():
    for planned_year in (2023, 2024):
        candidate = item(number=planned_year, planned_year=planned_year)
        candidate.full_clean(exclude=["municipalities"])
        candidate.save()
    assert ProcurementPlanItem.objects.count() == 2


def test_a_number_is_once_per_plan_year_and_a_procurement_once_per_plan():
    procurement = make_procurement()
    item(procurement=procurement).save()
    with pytest.raises(ValidationError, match="already has an item with this number"):
        item(title="Annan").validate_constraints()
    with pytest.raises(ValidationError, match="already linked to another item"):
        item(number=2, procurement=procurement).validate_constraints()
    item(plan_year=2024, planned_year=2024, procurement=procurement).save()  # next year's plan
    item(number=3).save()  # two items without a procurement
    assert ProcurementPlanItem.objects.filter(procurement=procurement).count() == 2


def test_the_plan_year_is_a_year_the_app_knows():
    with pytest.raises(ValidationError, match="plan_year"):
        item(plan_year=1999, planned_year=1999).full_clean(exclude=["municipalities"])


def test_edits_are_kept_in_the_history(chef):
    saved = make_item(number=1)
    saved.planned_quarter = 3
    saved._history_user = chef
    saved.save()
    newest = saved.history.first()
    assert (newest.planned_quarter, newest.history_user, newest.history_type) == (3, chef, "~")


def test_last_quarter_ended_counts_the_quarter_ending_that_day():
    assert last_quarter_ended(dt.date(2023, 6, 30)) == 2023 * 4 + 1
    assert last_quarter_ended(dt.date(2023, 6, 29)) == 2023 * 4
    assert last_quarter_ended(dt.date(2023, 12, 31)) == 2023 * 4 + 3
    assert last_quarter_ended(dt.date(2024, 1, 1)) == 2023 * 4 + 3


def test_the_planned_quarter_is_named_the_swedish_way():
    item = ProcurementPlanItem(plan_year=2023, number=1, planned_year=2024, planned_quarter=2)
    with translation.override("sv"):
        assert item.planned_label == "kvartal 2 2024"


def expected_delivery(planned: tuple[int, int], completed_on, as_of: dt.date) -> str:
    """The rule in words: completed by ``as_of`` on time or late; else missing once due."""
    planned_end = dt.date(
        planned[0], *{1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[planned[1]]
    )
    if completed_on is not None and completed_on <= as_of:
        return "on_time" if completed_on <= planned_end else "late"
    return "missing" if planned_end <= as_of else "not_due"


COMPLETIONS = [None, dt.date(2023, 3, 31), dt.date(2023, 4, 1), dt.date(2023, 9, 30)]
COMPLETIONS += [dt.date(2024, 1, 2)]
DAYS = [dt.date(2023, 3, 30), dt.date(2023, 3, 31), dt.date(2023, 6, 30), dt.date(2024, 6, 1)]


def test_delivery_in_the_database_follows_the_rule_on_every_day():
    cases = list(itertools.product([(2023, 1), (2023, 2), (2024, 1)], COMPLETIONS))
    for number, (planned, completed_on) in enumerate(cases, start=1):
        make_item(
            number=number,
            planned_year=planned[0],
            planned_quarter=planned[1],
            completed_on=completed_on,
        )
    for day in DAYS:
        found = {
            i.number: i.delivery
            for i in ProcurementPlanItem.objects.with_delivery(day).select_related("procurement")
        }
        expected = {
            number: expected_delivery(planned, completed_on, day)
            for number, (planned, completed_on) in enumerate(cases, start=1)
        }
        assert found == expected, day
