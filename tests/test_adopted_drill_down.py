"""The drill-down of an adopted value lists the rows counted at adoption, and today's differences.

What the page lists is compared with the independent computation of
``tests.test_computation`` over the demo register: at adoption, and again
after corrections of the register, where the page's added, removed and
changed rows must be exactly the differences of the two computations.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from procurements.models import Procurement, ProcurementPlanItem
from reports import paging
from reports.measures import MEASURES
from reports.models import AdoptedRow, AdoptedValue, Period
from reports.services import adopt_period, get_or_create_period, reopen_period
from tests.procurement_helpers import make_procurement
from tests.test_computation import _independent

pytestmark = pytest.mark.django_db

QUARTER = 3
END = datetime.date(2023, 9, 30)
# What a drill-down says when today's rows are the adopted ones, by the kind of row.
UNCHANGED = {
    "procurement": "Dagens register ger samma upphandlingar, räknade på samma sätt.",
    "plan_item": "Dagens upphandlingsplan och register ger samma poster, räknade på samma sätt.",
}


@pytest.fixture
def demo_register(db):
    call_command("seed_demo", year=2023, count=250, seed=7, stdout=io.StringIO())


def _url(code: str, quarter: int = QUARTER) -> str:
    return reverse("reports:procurements_behind", args=[2023, quarter, code])


def _key(row) -> tuple[str, int]:
    """A row of the independent computation as a row behind names it: its kind and id."""
    return ("plan_item" if isinstance(row, ProcurementPlanItem) else "procurement", row.pk)


def _listed(behind) -> dict[tuple[str, int], bool | None]:
    """An independent list as kind and id to whether it counts in the numerator."""
    counted = None if behind.counted is None else {_key(row) for row in behind.counted}
    return {_key(row): None if counted is None else _key(row) in counted for row in behind.rows}


def _page_rows(rows) -> dict[tuple[str, int], bool | None]:
    return {(row.kind, row.object_id): row.counts_in_numerator for row in rows}


def _correct_the_register() -> dict[str, Procurement]:
    """A date moved out of the window, a requirement set, a procurement added."""
    in_window = Procurement.objects.filter(
        advertised_on__gte=datetime.date(2023, 1, 1), advertised_on__lte=END
    )
    after_the_window = END + datetime.timedelta(days=1)
    moved = (
        in_window.exclude(completed_on__lt=after_the_window)
        .exclude(cancelled_on__lt=after_the_window)
        .first()
    )
    moved.advertised_on = after_the_window
    moved.tender_deadline = moved.award_decision_on = None
    moved.save()
    flagged = in_window.exclude(pk=moved.pk).filter(environmental_requirement=False).first()
    flagged.environmental_requirement = True
    flagged.save()
    added = make_procurement(
        advertised_on=datetime.date(2023, 9, 1), environmental_requirement=True
    )
    return {"moved": moved, "flagged": flagged, "added": added}


def test_an_adopted_value_lists_exactly_the_procurements_counted_at_adoption(
    demo_register, chef, committee_member, client_for
):
    adopt_period(get_or_create_period(2023, QUARTER), chef)
    _totals, _per_municipality, behind = _independent(QUARTER)
    client = client_for(committee_member)
    for code, expected in behind.items():
        response = client.get(_url(code))
        adopted = response.context["adopted"]
        assert adopted.kept, code
        assert _page_rows(adopted.rows) == _listed(expected), code
        assert len(adopted.rows) == len(expected.rows), code
        assert not adopted.changes, code
        assert UNCHANGED[MEASURES[code].population.row_kind] in response.text, code


def test_the_rows_kept_add_up_to_the_adopted_value(demo_register, chef):
    period = adopt_period(get_or_create_period(2023, QUARTER), chef)
    totals, _per_municipality, behind = _independent(QUARTER)
    rows = list(AdoptedRow.objects.filter(period=period))
    for code, expected in behind.items():
        if expected.counted is None:
            continue
        value = AdoptedValue.objects.get(period=period, indicator__code=code, municipality=None)
        counted = [row for row in rows if row.behind.get(code)]
        listed = [row for row in rows if code in row.behind]
        assert (value.numerator, value.denominator) == (len(counted), len(listed)), code
        assert (len(counted), len(listed)) == (totals[code].numerator, totals[code].denominator)


def test_after_register_corrections_the_page_keeps_the_adopted_list_and_says_what_differs(
    demo_register, chef, committee_member, client_for
):
    adopt_period(get_or_create_period(2023, QUARTER), chef)
    _totals, _per_municipality, at_adoption = _independent(QUARTER)

    corrected = _correct_the_register()

    _totals, _per_municipality, today = _independent(QUARTER)
    client = client_for(committee_member)
    for code, expected in at_adoption.items():
        then, now = _listed(expected), _listed(today[code])
        adopted = client.get(_url(code)).context["adopted"]
        assert _page_rows(adopted.rows) == then, code
        changes = adopted.changes
        assert set(_page_rows(changes.added)) == now.keys() - then.keys(), code
        assert set(_page_rows(changes.removed)) == then.keys() - now.keys(), code
        assert set(_page_rows(change.today for change in changes.changed)) == {
            key for key in then.keys() & now.keys() if then[key] != now[key]
        }, code

    response = client.get(_url("environmental-requirements"))
    changes = response.context["adopted"].changes
    assert [row.reference for row in changes.added] == [corrected["added"].registry_number]
    assert [row.reference for row in changes.removed] == [corrected["moved"].registry_number]
    [changed] = changes.changed
    assert changed.today.reference == corrected["flagged"].registry_number
    assert [(p.label, p.adopted, p.today) for p in changed.parts] == [
        ("Räknas in i värdet", "Nej", "Ja")
    ]
    text = response.text
    assert "1 upphandling har tillkommit" in text
    assert "1 upphandling ligger inte längre bakom värdet" in text
    assert "1 upphandling räknas annorlunda" in text
    assert corrected["flagged"].registry_number in text.split('id="changed"')[1]


def test_a_procurement_deleted_after_adoption_is_still_listed_as_adopted_without_a_link(
    demo_register, chef, committee_member, client_for
):
    period = adopt_period(get_or_create_period(2023, QUARTER), chef)
    deleted = Procurement.objects.filter(
        advertised_on__year=2023,
        advertised_on__lte=END,
        tenders__isnull=True,
        review_appeals__isnull=True,
    ).first()
    number, title = deleted.registry_number, deleted.title
    detail = reverse("procurements:detail", args=[deleted.pk])
    deleted.delete()

    response = client_for(committee_member).get(_url("employment-requirements"))

    adopted = response.context["adopted"]
    [row] = [row for row in adopted.rows if row.reference == number]
    assert row.title == title
    assert [row.reference for row in adopted.changes.removed] == [number]
    assert detail not in response.text
    assert "borttagen ur registret" in response.text
    assert AdoptedRow.objects.filter(period=period, reference=number).exists()


def test_a_period_adopted_before_rows_were_kept_shows_todays_list_and_says_so(
    demo_register, chef, committee_member, client_for
):
    period = adopt_period(get_or_create_period(2023, QUARTER), chef)
    AdoptedRow.objects.filter(period=period).delete()
    AdoptedValue.objects.filter(period=period).update(rows_kept=False)

    response = client_for(committee_member).get(_url("employment-requirements"))

    assert not response.context["adopted"].kept
    assert "sparades inte när perioden fastställdes" in response.text
    _totals, _per_municipality, behind = _independent(QUARTER)
    listed = {p.registry_number for p in response.context["rows"]}
    assert listed == {p.registry_number for p in behind["employment-requirements"].rows}


def test_an_open_period_lists_todays_procurements_only(demo_register, committee_member, client_for):
    response = client_for(committee_member).get(_url("employment-requirements"))

    assert "adopted" not in response.context
    assert "fastställandet" not in response.text


def test_reopening_and_adopting_again_keeps_the_list_of_the_new_adoption(
    demo_register, chef, committee_member, client_for
):
    period = adopt_period(get_or_create_period(2023, QUARTER), chef)
    corrected = _correct_the_register()
    reopen_period(period, chef, "Rättelser i registret")

    adopt_period(period, chef)

    _totals, _per_municipality, behind = _independent(QUARTER)
    adopted = (
        client_for(committee_member).get(_url("environmental-requirements")).context["adopted"]
    )
    assert _page_rows(adopted.rows) == _listed(behind["environmental-requirements"])
    assert _key(corrected["added"]) in _page_rows(adopted.rows)
    assert not adopted.changes
    assert AdoptedRow.objects.filter(period=period).count() == len(
        {_key(row) for expected in behind.values() for row in expected.rows}
    )


@pytest.mark.parametrize(
    "code", ["environmental-requirements", "tenders-per-procurement", "completed-as-planned"]
)
def test_the_adopted_drill_down_makes_a_fixed_number_of_queries(
    code, chef, committee_member, client_for, django_assert_num_queries
):
    client = client_for(committee_member)

    def adopted_with(count: int, seed: int):
        call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())
        period = get_or_create_period(2023, QUARTER)
        if period.is_adopted:
            reopen_period(period, chef, "Större register")
        adopt_period(Period.objects.get(pk=period.pk), chef)
        _correct_the_register()

    adopted_with(60, seed=1)
    with django_assert_num_queries(12) as small:  # the data version among them
        assert client.get(_url(code)).status_code == 200
    adopted_with(400, seed=2)
    with django_assert_num_queries(len(small)):
        response = client.get(_url(code))
    assert len(response.context["adopted"].rows) > 60


def test_adoption_makes_the_same_queries_however_large_the_register_but_for_inserts(
    chef, django_assert_max_num_queries
):
    def queries_of_an_adoption(count: int, seed: int) -> list[str]:
        call_command("seed_demo", year=2023, count=count, seed=seed, stdout=io.StringIO())
        period = adopt_period(get_or_create_period(2023, QUARTER), chef)
        reopen_period(period, chef, "Adopted again")
        with django_assert_max_num_queries(1000) as adoption:
            adopt_period(period, chef)
        reopen_period(period, chef, "Another register")
        return [
            query["sql"]
            for query in adoption.captured_queries
            if not query["sql"].startswith('INSERT INTO "reports_adoptedrow"')
        ]

    assert len(queries_of_an_adoption(60, seed=1)) == len(queries_of_an_adoption(400, seed=2))


def test_the_adopted_list_is_shown_a_page_at_a_time_and_its_pages_hold_every_row(
    demo_register, chef, committee_member, client_for, monkeypatch
):
    monkeypatch.setattr(paging, "PER_PAGE", 5)
    adopt_period(get_or_create_period(2023, QUARTER), chef)
    _correct_the_register()
    client = client_for(committee_member)
    pages = [client.get(_url("environmental-requirements"))]
    while (following := pages[-1].context["adopted_list"].next_url) is not None:
        assert following.endswith("#adopted-list")
        pages.append(client.get(_url("environmental-requirements") + following.split("#")[0]))

    adopted = pages[0].context["adopted"]
    assert len(adopted.rows) > 10
    assert [row for page in pages for row in page.context["adopted_list"]] == adopted.rows
    assert len(pages) == -(-len(adopted.rows) // 5)
    assert f"Rader 6–10 av {len(adopted.rows)}." in pages[1].text
    assert "1 upphandling har tillkommit" in pages[1].text  # the changes on every page
