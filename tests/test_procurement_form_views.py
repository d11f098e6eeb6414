import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from indicators.models import Municipality
from procurements.forms import CONFLICT_ROWS
from procurements.models import Procurement, ReviewAppeal, Tender
from tests.procurement_helpers import category, make_procurement, valid_organisation_number

pytestmark = pytest.mark.django_db

UHM_FIELDS = Procurement.UHM_FIELDS


def form_data(**overrides) -> dict:
    """A complete, valid POST for the create form, with three tenders."""
    data = {
        "registry_number": "UhC 2024/500",
        "title": "Kontorsmaterial",
        "category": category().pk,
        "scope": "joint",
        "municipalities": list(
            Municipality.objects.filter(name__in=["Falun", "Ludvika"]).values_list("pk", flat=True)
        ),
        "procedure": "open",
        "advertised_on": "2024-03-01",
        "tender_deadline": "2024-04-01",
        "award_decision_on": "2024-04-20",
        "questions_received": "",
        **{name: "none" for name in UHM_FIELDS},
        "tenders-TOTAL_FORMS": "3",
        "tenders-INITIAL_FORMS": "0",
        "appeals-TOTAL_FORMS": "1",
        "appeals-INITIAL_FORMS": "0",
        "appeals-0-outcome": "pending",
    }
    for index, number in enumerate(["5560360793", "212000-2064", valid_organisation_number(7)]):
        data[f"tenders-{index}-supplier_name"] = f"Leverantör {index} AB"
        data[f"tenders-{index}-organisation_number"] = number
    data["tenders-0-is_awarded"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_create(client, **overrides):
    return client.post(reverse("procurements:create"), form_data(**overrides))


def test_procurement_officer_creates_a_procurement_with_three_tenders(
    procurement_officer, client_for
):
    response = post_create(client_for(procurement_officer))
    procurement = Procurement.objects.get(registry_number="UhC 2024/500")
    assert response.status_code == 302
    assert response.url == reverse("procurements:detail", args=[procurement.pk])
    assert procurement.tenders.count() == 3
    assert procurement.tenders.filter(is_awarded=True).count() == 1
    assert set(procurement.tenders.values_list("organisation_number", flat=True)) == {
        "556036-0793",
        "212000-2064",
        valid_organisation_number(7),
    }
    assert procurement.questions_received is None
    assert procurement.is_coordinated
    assert not ReviewAppeal.objects.exists()  # the untouched appeal row is ignored


def test_the_creation_is_recorded_with_its_author(procurement_officer, client_for):
    post_create(client_for(procurement_officer))
    procurement = Procurement.objects.get()
    assert procurement.history.earliest("history_date").history_user == procurement_officer
    assert Tender.history.filter(history_user=procurement_officer).count() == 3


def test_chef_creates_a_procurement_with_an_appeal(chef, client_for):
    response = post_create(
        client_for(chef),
        **{
            "appeals-0-filed_on": "2024-05-01",
            "appeals-0-court": "Förvaltningsrätten i Falun",
            "appeals-0-outcome": "upheld",
            "appeals-0-decided_on": "2024-06-01",
        },
    )
    assert response.status_code == 302
    assert Procurement.objects.get().review_appeals.get().outcome == "upheld"


def assert_refused(response, field_errors: dict[str, str] | None = None, form="form"):
    assert response.status_code == 200
    assert not Procurement.objects.exists()
    assert not Tender.objects.exists()
    assert 'role="alert"' in response.text
    for field, fragment in (field_errors or {}).items():
        errors = " ".join(response.context[form].errors.get(field, []))
        assert fragment in errors, (field, response.context[form].errors)


@pytest.fixture
def english_client(procurement_officer, client_for):
    client = client_for(procurement_officer)
    client.cookies["django_language"] = "en"
    return client


def test_dates_out_of_order_are_refused_with_messages(english_client):
    response = post_create(
        english_client, tender_deadline="2024-02-01", award_decision_on="2024-01-01"
    )
    assert_refused(
        response,
        {
            "tender_deadline": "before the procurement was advertised",
            "award_decision_on": "before the tender deadline",
        },
    )


def test_completed_and_cancelled_together_is_refused(english_client):
    response = post_create(
        english_client,
        completed_on="2024-06-01",
        cancelled_on="2024-06-02",
        cancellation_reason="Inga anbud",
    )
    assert_refused(response, {"cancelled_on": "both completed and cancelled"})


def test_cancellation_needs_a_reason(english_client):
    response = post_create(english_client, cancelled_on="2024-06-02")
    assert_refused(response, {"cancellation_reason": "reason"})


def test_food_requirements_without_food_procurement_are_refused(english_client):
    response = post_create(english_client, food_local="on")
    assert_refused(response, {"is_food_procurement": "only to food procurements"})


def test_a_negative_question_count_is_refused(english_client):
    response = post_create(english_client, questions_received="-3")
    assert_refused(response)
    assert response.context["form"].errors["questions_received"]


@pytest.mark.parametrize("count", ["2147483648", "99999999999999999999"])
def test_a_question_count_postgresql_cannot_store_is_refused_with_the_range(
    count, procurement_officer, client_for
):
    response = post_create(client_for(procurement_officer), questions_received=count)
    assert_refused(
        response, {"questions_received": "Fyll i ett heltal mellan 0 och 2\xa0147\xa0483\xa0647."}
    )


@pytest.mark.parametrize("municipality_id", [str(2**63), str(2**64 + 1), "-" + "9" * 30])
def test_a_municipality_id_no_database_can_hold_is_an_invalid_choice(
    municipality_id, english_client
):
    response = post_create(english_client, municipalities=[municipality_id])
    assert_refused(response, {"municipalities": "Select a valid choice"})


def test_no_municipality_is_refused(english_client):
    response = post_create(english_client, municipalities=[])
    assert_refused(response, {"municipalities": "at least one municipality"})


def test_a_duplicate_registry_number_is_refused(english_client):
    existing = make_procurement(registry_number="UhC 2024/500")
    response = english_client.post(reverse("procurements:create"), form_data())
    assert response.status_code == 200
    assert "already has this registry number" in " ".join(
        response.context["form"].errors["registry_number"]
    )
    assert list(Procurement.objects.all()) == [existing]
    assert not Tender.objects.exists()


def test_an_invalid_organisation_number_is_refused_and_nothing_is_saved(english_client):
    response = post_create(english_client, **{"tenders-1-organisation_number": "556036-0794"})
    assert_refused(response)
    errors = response.context["tenders"].forms[1].errors["organisation_number"]
    assert "check digit" in errors[0]


@pytest.mark.parametrize("written", ["556036-0793", "5560360793"])
def test_the_same_supplier_twice_is_refused_on_the_second_tenders_organisation_number(
    written, procurement_officer, client_for
):
    response = post_create(
        client_for(procurement_officer), **{"tenders-1-organisation_number": written}
    )
    assert_refused(response)
    message = (
        "Anbud 1 har samma organisationsnummer: en anbudsgivare har ett anbud i en upphandling."
    )
    tenders = response.context["tenders"]
    assert tenders.forms[1].errors == {"organisation_number": [message]}
    assert not tenders.non_form_errors()
    second = response.text.split("Anbud 2</legend>")[1].split("</fieldset>")[0]
    assert message in second
    assert "organisation_number" not in _messages_in(response.text)
    assert "duplikat" not in response.text


def _messages_in(page: str) -> str:
    """The error messages of the page as text."""
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S))


def test_a_page_without_its_hidden_counts_asks_to_be_reloaded(procurement_officer, client_for):
    response = post_create(
        client_for(procurement_officer),
        **{"tenders-TOTAL_FORMS": None, "tenders-INITIAL_FORMS": None},
    )
    assert_refused(response)
    assert _messages_in(response.text).count("Ladda om sidan och gör dina ändringar igen.") == 1
    assert "TOTAL_FORMS" not in _messages_in(response.text)
    assert "ManagementForm" not in response.text


@pytest.mark.parametrize(
    "tampered",
    [
        {"tenders-INITIAL_FORMS": "1", "tenders-0-id": "99999"},
        {"tenders-0-procurement": "abc"},
        {"appeals-INITIAL_FORMS": "1", "appeals-0-id": "99999"},
    ],
)
def test_a_row_of_a_changed_or_outdated_page_asks_to_be_reloaded(
    tampered, procurement_officer, client_for
):
    response = post_create(client_for(procurement_officer), **tampered)
    assert_refused(response)
    messages = _messages_in(response.text)
    assert "Ladda om sidan och gör dina ändringar igen." in messages
    assert "InlineForeignKeyField" not in messages and "Välj ett giltigt alternativ" not in messages


def test_an_appeal_decided_before_it_was_filed_is_refused(english_client):
    response = post_create(
        english_client,
        **{
            "appeals-0-filed_on": "2024-05-01",
            "appeals-0-court": "Förvaltningsrätten i Falun",
            "appeals-0-outcome": "rejected",
            "appeals-0-decided_on": "2024-04-01",
        },
    )
    assert_refused(response)
    assert "before it was filed" in response.context["appeals"].forms[0].errors["decided_on"][0]


def test_a_tampered_formset_is_refused_without_a_crash(english_client):
    response = english_client.post(reverse("procurements:create"), {"title": "x"})
    assert response.status_code == 200
    assert not Procurement.objects.exists()


@pytest.mark.parametrize("count", [str(3 + CONFLICT_ROWS + 1), "2000", "2147483648"])
def test_a_tampered_form_count_is_refused_without_building_that_many_forms(count, english_client):
    """The page's three rows, and room for those a conflict page adds (see conflicts)."""
    response = post_create(english_client, **{"tenders-TOTAL_FORMS": count})
    assert_refused(response)
    assert "Please submit at most 3 forms." in response.context["tenders"].non_form_errors()
    assert len(response.context["tenders"].forms) == 3 + CONFLICT_ROWS


def test_an_edit_form_accepts_every_existing_tender_and_two_more(procurement_officer, client_for):
    procurement = make_procurement(tenders=4, registry_number="UhC 2024/9")
    client = client_for(procurement_officer)
    page = client.get(reverse("procurements:update", args=[procurement.pk]))
    assert len(page.context["tenders"].forms) == 6
    count = 6 + CONFLICT_ROWS + 1
    data = {**form_data(registry_number="UhC 2024/9"), "tenders-TOTAL_FORMS": str(count)}
    response = client.post(reverse("procurements:update", args=[procurement.pk]), data)
    assert response.status_code == 200
    assert "Skicka som mest 6 formulär." in response.context["tenders"].non_form_errors()
    assert procurement.tenders.count() == 4


def test_error_messages_are_in_swedish_by_default(procurement_officer, client_for):
    response = post_create(client_for(procurement_officer), municipalities=[])
    with translation.override("sv"):
        expected = gettext("Choose at least one municipality the procurement is made for.")
    assert expected in response.context["form"].errors["municipalities"]


def test_editing_changes_fields_adds_and_deletes_tenders(procurement_officer, client_for):
    procurement = make_procurement(tenders=2, registry_number="UhC 2024/9")
    first, second = procurement.tenders.order_by("pk")
    data = form_data(
        registry_number="UhC 2024/9",
        title="Nytt namn",
        version=procurement.version,
        **{
            "tenders-TOTAL_FORMS": "3",
            "tenders-INITIAL_FORMS": "2",
            "tenders-0-id": first.pk,
            "tenders-0-supplier_name": first.supplier_name,
            "tenders-0-organisation_number": first.organisation_number,
            "tenders-1-id": second.pk,
            "tenders-1-supplier_name": second.supplier_name,
            "tenders-1-organisation_number": second.organisation_number,
            "tenders-1-DELETE": "on",
            "tenders-2-supplier_name": "Ny AB",
            "tenders-2-organisation_number": "212000-2064",
        },
    )
    response = client_for(procurement_officer).post(
        reverse("procurements:update", args=[procurement.pk]), data
    )
    assert response.status_code == 302
    procurement.refresh_from_db()
    assert procurement.title == "Nytt namn"
    assert set(procurement.tenders.values_list("supplier_name", flat=True)) == {
        first.supplier_name,
        "Ny AB",
    }


def test_the_edit_form_shows_the_current_values(procurement_officer, client_for):
    procurement = make_procurement(tenders=1, title="Befintlig")
    page = (
        client_for(procurement_officer)
        .get(reverse("procurements:update", args=[procurement.pk]))
        .text
    )
    assert 'value="Befintlig"' in page
    assert valid_organisation_number(0) in page
