import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procurements.models import Procurement, ReviewAppeal, Status, Tender
from tests.procurement_helpers import category, make_procurement

pytestmark = pytest.mark.django_db

D = dt.date


def refused_by_database(**fields) -> bool:
    try:
        with transaction.atomic():
            Procurement.objects.create(
                registry_number="UhC 2024/999", title="x", category=category(), **fields
            )
    except IntegrityError:
        return True
    return False


def test_registry_numbers_are_unique():
    make_procurement(registry_number="UhC 2024/1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procurement(registry_number="UhC 2024/1")


def test_a_procurement_cannot_be_both_completed_and_cancelled():
    assert refused_by_database(completed_on=D(2024, 5, 1), cancelled_on=D(2024, 5, 2))


@pytest.mark.parametrize(
    "dates",
    [
        {"advertised_on": D(2024, 3, 1), "tender_deadline": D(2024, 2, 28)},
        {"tender_deadline": D(2024, 4, 1), "award_decision_on": D(2024, 3, 31)},
        {"advertised_on": D(2024, 3, 1), "completed_on": D(2024, 2, 1)},
    ],
)
def test_dates_out_of_order_are_refused_by_the_database(dates):
    assert refused_by_database(**dates)


def test_dates_in_order_or_partly_missing_are_accepted():
    assert not refused_by_database(
        advertised_on=D(2024, 3, 1),
        tender_deadline=D(2024, 3, 1),
        award_decision_on=None,
        completed_on=D(2024, 6, 1),
    )


def test_food_requirements_need_a_food_procurement():
    assert refused_by_database(food_organic=True)
    assert not refused_by_database(is_food_procurement=True, food_organic=True)


def test_unknown_uhm_level_is_refused_by_the_database():
    assert refused_by_database(uhm_chemicals="extrem")


def test_questions_received_stays_unknown_rather_than_zero():
    procurement = make_procurement()
    procurement.refresh_from_db()
    assert procurement.questions_received is None


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"advertised_on": None}, Status.PLANNED),
        ({"advertised_on": D(2024, 3, 1)}, Status.ADVERTISED),
        ({"completed_on": D(2024, 6, 1)}, Status.COMPLETED),
        ({"cancelled_on": D(2024, 4, 1)}, Status.CANCELLED),
    ],
)
def test_status_follows_from_the_dates_in_python_and_in_sql(dates, expected):
    procurement = make_procurement(**dates)
    assert procurement.status == expected
    annotated = Procurement.objects.with_status().get(pk=procurement.pk)
    assert annotated.status_code == expected
    filtered = Procurement.objects.with_status().filter(status_code=expected)
    assert list(filtered) == [procurement]


def test_coordinated_means_at_least_two_municipalities():
    single = make_procurement(municipality_names=("Falun",))
    double = make_procurement(municipality_names=("Falun", "Säter"))
    assert not single.is_coordinated
    assert double.is_coordinated
    assert list(Procurement.objects.coordinated()) == [double]


def test_tender_counts_are_annotated_without_multiplying_rows():
    procurement = make_procurement(tenders=3, municipality_names=("Falun", "Borlänge", "Säter"))
    row = (
        Procurement.objects.with_tender_count()
        .with_municipality_count()
        .filter(municipalities__name__in=["Falun", "Borlänge"])
        .distinct()
        .get(pk=procurement.pk)
    )
    assert (row.tender_count, row.awarded_tender_count, row.municipality_count) == (3, 1, 3)


def test_in_year_finds_procurements_advertised_or_completed_that_year():
    advertised = make_procurement(advertised_on=D(2023, 11, 1), completed_on=D(2024, 2, 1))
    other = make_procurement(advertised_on=D(2022, 1, 1), completed_on=D(2022, 6, 1))
    assert set(Procurement.objects.in_year(2023)) == {advertised}
    assert set(Procurement.objects.in_year(2024)) == {advertised}
    assert set(Procurement.objects.in_year(2022)) == {other}


def test_tender_organisation_number_is_stored_normalised():
    procurement = make_procurement()
    tender = Tender.objects.create(
        procurement=procurement, supplier_name="AB", organisation_number="5560360793"
    )
    tender.refresh_from_db()
    assert tender.organisation_number == "556036-0793"


def test_a_tender_with_an_invalid_organisation_number_is_not_saved():
    procurement = make_procurement()
    with pytest.raises(ValidationError):
        Tender.objects.create(
            procurement=procurement, supplier_name="AB", organisation_number="5560360794"
        )
    assert not Tender.objects.exists()


def test_a_supplier_tenders_once_per_procurement():
    procurement = make_procurement()
    Tender.objects.create(
        procurement=procurement, supplier_name="A", organisation_number="556036-0793"
    )
    duplicate = Tender(procurement=procurement, supplier_name="A", organisation_number="5560360793")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_an_appeal_cannot_be_decided_before_it_was_filed():
    procurement = make_procurement()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewAppeal.objects.create(
            procurement=procurement,
            filed_on=D(2024, 5, 1),
            decided_on=D(2024, 4, 1),
            court="Förvaltningsrätten i Falun",
        )


def test_changes_are_kept_in_the_history():
    procurement = make_procurement(title="Före")
    procurement.title = "Efter"
    procurement.save()
    titles = list(procurement.history.order_by("history_date").values_list("title", flat=True))
    assert titles[0] == "Före"
    assert titles[-1] == "Efter"
