import datetime as dt

import pytest
from django.utils import translation

from indicators.models import Municipality
from procurements.models import ReviewAppeal, Tender
from procurements.selectors import (
    procurement_history,
    procurement_page,
    procurement_years,
)
from tests.procurement_helpers import category, make_procurement

pytestmark = pytest.mark.django_db


def test_years_come_from_advertised_and_completed_dates_newest_first():
    make_procurement(advertised_on=dt.date(2022, 5, 1), completed_on=dt.date(2023, 1, 1))
    make_procurement(advertised_on=None)
    make_procurement(advertised_on=dt.date(2024, 5, 1))
    assert procurement_years() == [2024, 2023, 2022]


def test_history_lists_field_changes_with_readable_values(chef):
    procurement = make_procurement(title="Före", uhm_chemicals="none")
    procurement.title = "Efter"
    procurement.uhm_chemicals = "spjutspets"
    procurement.tenderers_contacted = True
    procurement.category = category("Fordon")
    procurement._history_user = chef
    procurement.save()
    with translation.override("en"):
        newest = procurement_history(procurement)[0]
        changes = {change.field: (change.old, change.new) for change in newest.changes}
    assert newest.who == "Cecilia"
    assert changes["Title"] == ("Före", "Efter")
    assert changes["UHM level: chemicals"] == ("No UHM requirement", "Cutting-edge")
    assert changes["Tenderers contacted to go through the award decision"] == ("No", "Yes")
    assert changes["Category"] == ("Livsmedel", "Fordon")


def test_history_folds_the_municipalities_into_the_edit_that_set_them():
    procurement = make_procurement(municipality_names=("Falun", "Säter"))
    with translation.override("en"):
        history = procurement_history(procurement)
    assert len(history) == 1
    assert history[0].action == "created"
    assert [(c.field, c.new) for c in history[0].changes] == [("Municipalities", "Falun, Säter")]


def test_history_shows_a_later_change_of_municipalities_separately(chef):
    procurement = make_procurement(municipality_names=("Falun",))
    entry_time = procurement.history.latest("history_date").history_date
    procurement.history.update(history_date=entry_time - dt.timedelta(days=1))
    procurement.municipalities.add(Municipality.objects.get(name="Avesta"))
    with translation.override("en"):
        history = procurement_history(procurement)
    assert history[0].action == "changed"
    assert (history[0].changes[0].old, history[0].changes[0].new) == ("Falun", "Avesta, Falun")


def test_history_includes_tenders_and_appeals_even_after_deletion():
    procurement = make_procurement(tenders=1)
    ReviewAppeal.objects.create(
        procurement=procurement, filed_on=dt.date(2024, 5, 1), court="Förvaltningsrätten i Falun"
    )
    tender = Tender.objects.get()
    tender.is_awarded = False
    tender.save()
    tender.delete()
    with translation.override("en"):
        subjects = [(e.subject, e.action) for e in procurement_history(procurement)]
    assert ("Tender from Leverantör 1 AB", "deleted") in subjects
    assert ("Tender from Leverantör 1 AB", "changed") in subjects
    assert ("Review appeal at Förvaltningsrätten i Falun", "created") in subjects


def test_page_lists_awarded_tenders_first_and_counts_them():
    procurement = make_procurement(tenders=3)
    page = procurement_page(procurement.pk)
    assert page.tenders[0].is_awarded
    assert page.awarded_count == 1
    assert page.status == "advertised"


def test_food_details_are_shown_only_for_food_procurements():
    assert len(procurement_page(make_procurement().pk).food) == 1
    food = make_procurement(is_food_procurement=True, food_local=True)
    assert len(procurement_page(food.pk).food) == 4


def test_history_leaves_out_saves_that_changed_nothing():
    procurement = make_procurement(tenders=1)
    procurement.save()
    Tender.objects.get().save()
    actions = [entry.action for entry in procurement_history(procurement)]
    assert len(actions) == 2  # the procurement and its tender, each created once
