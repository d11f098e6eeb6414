"""The head's quarterly page: /uppfoljning/<year>/<quarter>/redigera/ (reports:edit_quarter)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from accounts.roles import CHEF
from indicators.models import Assignment, Goal, Indicator, Municipality
from procurements.models import Category, Procurement, ProcurementPlanItem, Tender
from reports.models import Analysis, AssignmentProgress, EnteredValue, Period
from reports.services import (
    QuarterEdit,
    adopt_period,
    get_or_create_period,
    reopen_period,
    save_quarter,
)

pytestmark = pytest.mark.django_db

URL = "/uppfoljning/2023/2/redigera/"
PAGE_QUERIES = 70


def _value(code: str, municipality: str | None = None, year=2023, quarter=2):
    row = EnteredValue.objects.filter(
        period__year=year,
        period__quarter=quarter,
        indicator__code=code,
        municipality__name=municipality,
    ).first()
    return None if row is None else row.value


def _page_data(client, url=URL) -> dict[str, str]:
    """What the browser would submit for the page as loaded, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["form"].browser_data()


def _municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def _second_chef() -> User:
    user = User.objects.create_user("kalle", password="test-password", first_name="Kalle")
    user.groups.add(Group.objects.get(name=CHEF))
    return user


def _entered_indicators():
    return Indicator.objects.filter(
        plans__code="namndplan-2023-2025", source=Indicator.Source.MANUAL
    ).order_by("order")


# Who may use the page


def test_the_page_is_named_reports_edit_quarter():
    assert reverse("reports:edit_quarter", args=[2023, 2]) == URL


@pytest.mark.parametrize("role", ["chef", "admin_user"])
def test_chef_and_an_administrator_can_open_the_page(request, client_for, role):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 200


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_users_without_the_chefs_permission_cannot_open_the_page(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_users_without_the_chefs_permission_cannot_save_and_nothing_changes(
    request, client_for, role
):
    client = client_for(request.getfixturevalue(role))
    response = client.post(URL, {"version": "0", "value-contract-follow-ups": "12"})
    assert response.status_code == 403
    assert not Period.objects.exists()
    assert not EnteredValue.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.parametrize(
    "url",
    [
        "/uppfoljning/2022/4/redigera/",
        "/uppfoljning/2026/1/redigera/",
        "/uppfoljning/2023/0/redigera/",
        "/uppfoljning/2023/5/redigera/",
    ],
)
def test_a_year_outside_the_plan_or_a_quarter_outside_1_to_4_is_not_found(client_for, chef, url):
    assert client_for(chef).get(url).status_code == 404


# What the page shows


def test_the_page_has_a_field_for_every_entered_indicator_and_municipality(client_for, chef):
    content = client_for(chef).get(URL).content.decode()
    municipalities = list(Municipality.objects.all())
    indicators = list(_entered_indicators())
    assert len(indicators) >= 10
    for indicator in indicators:
        if indicator.per_municipality:
            for municipality in municipalities:
                assert f'name="value-{indicator.code}-{municipality.pk}"' in content
        else:
            assert f'name="value-{indicator.code}"' in content
        assert f'name="analysis-{indicator.code}"' in content


def test_each_field_shows_the_target_and_last_periods_value(client_for, chef):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    save_quarter(
        get_or_create_period(2023, 1),
        QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(60)}),
        chef,
    )

    response = client_for(chef).get(URL)

    help_text = response.context["form"]["value-contract-follow-ups"].help_text
    assert "Förra perioden (kvartal 1 2023): 60." in help_text
    assert "Mål 2023: ≥\xa0250." in help_text
    content = response.content.decode()
    assert 'id="id_value-contract-follow-ups_helptext"' in content
    assert 'aria-describedby="id_value-contract-follow-ups_helptext"' in content


def test_last_periods_value_of_a_first_quarter_is_the_previous_years_fourth(client_for, chef):
    sick_leave = Indicator.objects.get(code="sick-leave")
    save_quarter(
        get_or_create_period(2023, 4),
        QuarterEdit(version=0, values={(sick_leave.pk, None): Decimal("4.2")}),
        chef,
    )

    response = client_for(chef).get("/uppfoljning/2024/1/redigera/")

    help_text = response.context["form"]["value-sick-leave"].help_text
    assert "Förra perioden (kvartal 4 2023): 4,2\xa0%." in help_text


def test_a_municipalitys_field_shows_that_municipalitys_last_value(client_for, chef):
    placements = Indicator.objects.get(code="work-placements")
    falun = _municipality("Falun")
    save_quarter(
        get_or_create_period(2023, 1),
        QuarterEdit(version=0, values={(placements.pk, falun.pk): Decimal(4)}),
        chef,
    )

    form = client_for(chef).get(URL).context["form"]

    assert form[f"value-work-placements-{falun.pk}"].label == f"{placements.name} – Falun"
    assert (
        "Förra perioden (kvartal 1 2023): 4." in form[f"value-work-placements-{falun.pk}"].help_text
    )
    borlange = form[f"value-work-placements-{_municipality('Borlänge').pk}"].help_text
    assert "Förra perioden (kvartal 1 2023): " in borlange
    assert "(kvartal 1 2023): 4." not in borlange


def test_every_input_is_labelled_with_its_indicators_name(client_for, chef):
    content = client_for(chef).get(URL).content.decode()
    name = Indicator.objects.get(code="contract-follow-ups").name
    assert (
        '<label for="id_value-contract-follow-ups">Värde för kvartal 2 2023'
        f'<span class="visually-hidden"> – {name}</span></label>'
    ) in content


def test_computed_values_are_read_only_with_status_and_a_link_to_what_they_are_computed_from(
    client_for, chef
):
    content = client_for(chef).get(URL).content.decode()
    assert 'name="value-coordinated-share"' not in content
    assert 'name="analysis-coordinated-share"' in content
    assert 'href="/uppfoljning/2023/2/underlag/coordinated-share/"' in content
    assert 'href="/budget/2023/q2/"' in content
    assert "Underlaget för värdet" in content
    assert "Beräknas, fylls inte i." in content


def test_status_is_shown_with_a_symbol_and_text(client_for, chef):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    save_quarter(
        get_or_create_period(2023, 2),
        QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(130)}),
        chef,
    )

    response = client_for(chef).get(URL)

    row = next(
        row
        for section in response.context["sections"]
        for row in section.rows
        if row.indicator.code == "contract-follow-ups"
    )
    assert row.status == "met"
    content = response.content.decode()
    assert (
        '<span class="indicator-status indicator-status--met"><span aria-hidden="true">✓</span> '
        f"{row.status.label}</span>"
    ) in content


def test_an_indicator_of_a_goal_and_a_key_figure_area_has_one_field(client_for, chef):
    content = client_for(chef).get(URL).content.decode()
    assert content.count('name="value-nki"') == 1
    assert 'href="#indicator-nki"' in content


def test_the_page_groups_fields_by_goal_then_key_figure_area(client_for, chef):
    response = client_for(chef).get(URL)
    titles = [section.title for section in response.context["sections"]]
    goals = Goal.objects.filter(plans__code="namndplan-2023-2025").order_by("order")
    assert titles[: goals.count()] == [
        f"Inriktningsmål {number}: {goal.title}" for number, goal in enumerate(goals, start=1)
    ]
    assert all(title.startswith("Nyckeltal: ") for title in titles[goals.count() :])
    content = response.content.decode()
    assert content.count('<fieldset class="form-section quarter-section"') == len(titles)


# Saving


def test_a_valid_save_stores_figures_analyses_and_assignment_status(client_for, chef):
    client = client_for(chef)
    goal = Goal.objects.get(code="save-money")
    assignment = Assignment.objects.filter(year=2023).first()
    falun = _municipality("Falun")
    data = _page_data(client)
    data["value-contract-follow-ups"] = "130"
    data["value-sick-leave"] = "4,5"
    data["value-training-hours"] = "1\xa0250,5"
    data[f"value-work-placements-{falun.pk}"] = "3"
    data["analysis-contract-follow-ups"] = "Fler möten än väntat."
    data["analysis-coordinated-share"] = "Samordningen ökar."
    data[f"goal-analysis-{goal.pk}"] = "Målet nås."
    data["overall_analysis"] = "Ett bra kvartal."
    data[f"assignment-{assignment.pk}-status"] = "started"
    data[f"assignment-{assignment.pk}-comment"] = "Arbetet har börjat."

    response = client.post(URL, data, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Utkastet för kvartal 2 2023 sparades." in response.content.decode()
    assert _value("contract-follow-ups") == 130
    assert _value("sick-leave") == Decimal("4.5")
    assert _value("training-hours") == Decimal("1250.5")
    assert _value("work-placements", "Falun") == 3
    period = Period.objects.get(year=2023, quarter=2)
    assert period.overall_analysis == "Ett bra kvartal."
    assert period.version == 1
    assert Analysis.objects.get(period=period, goal=goal).text == "Målet nås."
    assert Analysis.objects.get(period=period, indicator__code="coordinated-share").text == (
        "Samordningen ökar."
    )
    progress = AssignmentProgress.objects.get(period=period, assignment=assignment)
    assert (progress.status, progress.comment) == ("started", "Arbetet har börjat.")


def test_a_save_touches_only_what_was_changed(client_for, chef):
    client = client_for(chef)
    data = _page_data(client)
    data["value-contract-follow-ups"] = "130"

    client.post(URL, data)

    assert EnteredValue.objects.count() == 1
    assert not Analysis.objects.exists()
    assert not AssignmentProgress.objects.exists()
    assert EnteredValue.history.count() == 1


def test_the_saved_page_shows_the_saved_values(client_for, chef):
    client = client_for(chef)
    data = _page_data(client)
    data["value-sick-leave"] = "4,5"
    data["analysis-sick-leave"] = "Sjukfrånvaron minskar."
    client.post(URL, data)

    content = client.get(URL).content.decode()

    assert 'name="value-sick-leave" value="4,5"' in content
    assert "Sjukfrånvaron minskar.</textarea>" in content
    assert '<input type="hidden" name="version" value="1"' in content


def test_zero_is_a_value_and_a_blank_field_means_no_data(client_for, chef):
    client = client_for(chef)
    data = _page_data(client)
    data["value-governance-deviations"] = "0"
    client.post(URL, data)
    assert _value("governance-deviations") == 0

    data = _page_data(client)
    assert data["value-governance-deviations"] == "0"
    data["value-governance-deviations"] = ""
    response = client.post(URL, data)

    assert response.status_code == 302
    assert _value("governance-deviations") is None
    assert not EnteredValue.objects.filter(indicator__code="governance-deviations").exists()


def test_a_partly_bad_save_saves_nothing_and_explains_in_swedish(client_for, chef):
    client = client_for(chef)
    falun = _municipality("Falun")
    data = _page_data(client)
    data["value-governance-deviations"] = "2"
    data["value-sick-leave"] = "120"
    data["value-contract-follow-ups"] = "-3"
    data[f"value-business-climate-rank-{falun.pk}"] = "0"
    data["value-outreach-activities"] = "abc"
    data["overall_analysis"] = "Ska inte sparas."

    response = client.post(URL, data)

    assert response.status_code == 400
    assert not Period.objects.exists()
    assert not EnteredValue.objects.exists()
    content = response.content.decode()
    assert "Ingenting sparades" in content
    assert "En andel måste vara mellan 0 och 100 %." in content
    assert "Ett antal måste vara ett heltal, 0 eller mer." in content
    assert "En placering måste vara ett heltal, 1 eller mer." in content
    assert "Fyll i ett tal." in content
    assert 'href="#id_value-sick-leave"' in content
    assert 'name="value-sick-leave" value="120"' in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_value-sick-leave_helptext id_value-sick-leave_error"' in content
    assert set(response.context["form"].errors) == {
        "value-sick-leave",
        "value-contract-follow-ups",
        f"value-business-climate-rank-{falun.pk}",
        "value-outreach-activities",
    }


def test_a_bad_value_on_a_saved_period_changes_nothing(client_for, chef):
    client = client_for(chef)
    data = _page_data(client)
    data["value-contract-follow-ups"] = "100"
    client.post(URL, data)

    data = _page_data(client)
    data["value-contract-follow-ups"] = "110"
    data["value-nai"] = "101"
    response = client.post(URL, data)

    assert response.status_code == 400
    assert "Ett index måste vara mellan 0 och 100." in response.content.decode()
    assert _value("contract-follow-ups") == 100
    assert Period.objects.get(year=2023, quarter=2).version == 1


def test_a_count_with_decimals_is_refused(client_for, chef):
    client = client_for(chef)
    data = _page_data(client)
    data["value-contract-follow-ups"] = "12,5"
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Ett antal måste vara ett heltal, 0 eller mer." in response.content.decode()
    assert not EnteredValue.objects.exists()


@pytest.mark.parametrize("tampered", ["sNaN", "NaN", "-Infinity", "tolv"])
def test_a_tampered_hidden_initial_figure_is_refused_and_nothing_is_saved(
    tampered, client_for, chef
):
    client = client_for(chef)
    data = _page_data(client)
    data["value-contract-follow-ups"] = "5"
    data["initial-value-contract-follow-ups"] = tampered

    response = client.post(URL, data)

    assert response.status_code == 400
    assert "Ladda om sidan" in response.content.decode()
    assert not Period.objects.exists()
    assert not EnteredValue.objects.exists()


# An adopted period


@pytest.fixture
def adopted_period(chef):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    period = save_quarter(
        get_or_create_period(2023, 2),
        QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(100)}),
        chef,
    )
    return adopt_period(period, chef)


def test_an_adopted_period_is_shown_read_only_with_a_notice(client_for, chef, adopted_period):
    response = client_for(chef).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Perioden fastställdes" in content
    assert "Spara utkastet" not in content
    assert response.context["form"]["value-contract-follow-ups"].field.disabled
    assert 'name="value-contract-follow-ups" value="100"' in content


def test_an_adopted_period_refuses_a_direct_post_and_keeps_its_values(
    client_for, chef, adopted_period
):
    response = client_for(chef).post(
        URL,
        {"version": str(adopted_period.version), "value-contract-follow-ups": "99"},
    )

    assert response.status_code == 409
    assert (
        "Perioden är fastställd; öppna den igen innan du ändrar den." in response.content.decode()
    )
    assert _value("contract-follow-ups") == 100
    period = Period.objects.get(pk=adopted_period.pk)
    assert period.is_adopted
    assert period.version == adopted_period.version


def test_after_reopening_the_same_post_succeeds_and_both_are_in_the_history(
    client_for, chef, adopted_period
):
    client = client_for(chef)
    refused = client.post(
        URL, {"version": str(adopted_period.version), "value-contract-follow-ups": "99"}
    )
    assert refused.status_code == 409

    reopened = reopen_period(adopted_period, chef, "Fel antal rapporterades")
    response = client.post(
        URL, {"version": str(reopened.version), "value-contract-follow-ups": "99"}
    )

    assert response.status_code == 302
    assert _value("contract-follow-ups") == 99
    history = list(reopened.history.order_by("history_date"))
    assert [record.state for record in history[-3:]] == ["adopted", "open", "open"]
    assert history[-2].reopen_reason == "Fel antal rapporterades"
    assert history[-1].history_user == chef
    values = EnteredValue.history.filter(indicator__code="contract-follow-ups")
    assert [v.value for v in values.order_by("history_date")] == [100, 99]


# Two people editing the same quarter


def test_the_second_of_two_concurrent_saves_is_refused_naming_what_changed(client_for, chef):
    first = client_for(chef)
    second = Client()
    second.force_login(_second_chef())
    first_data = _page_data(first)
    second_data = _page_data(second)

    first_data["value-contract-follow-ups"] = "10"
    assert first.post(URL, first_data).status_code == 302
    second_data["value-contract-follow-ups"] = "20"
    second_data["analysis-nai"] = "Kalles analys."
    response = second.post(URL, second_data)

    assert response.status_code == 409
    content = response.content.decode()
    name = Indicator.objects.get(code="contract-follow-ups").name
    assert "Ingenting sparades: någon annan sparade kvartalet efter att du öppnade det" in content
    assert "Perioden sparades av Cecilia efter att du öppnade den." in content
    assert f"värde: {name}" in content
    assert response.context["conflict"]["both_changed"] == [name]
    assert _value("contract-follow-ups") == 10
    assert not Analysis.objects.exists()
    assert Period.objects.get(year=2023, quarter=2).version == 1


def test_a_refused_save_keeps_the_input_and_saving_again_keeps_the_others_changes(client_for, chef):
    first = client_for(chef)
    second = Client()
    second.force_login(_second_chef())
    first_data = _page_data(first)
    second_data = _page_data(second)
    first_data["value-contract-follow-ups"] = "10"
    first_data["overall_analysis"] = "Cecilias analys."
    first.post(URL, first_data)

    second_data["analysis-nai"] = "Kalles analys."
    refused = second.post(URL, second_data)
    assert refused.status_code == 409
    form = refused.context["form"]
    assert form["analysis-nai"].value() == "Kalles analys."
    assert form["value-contract-follow-ups"].value() == "10"
    assert refused.context["conflict"]["both_changed"] == []

    again = second.post(URL, form.data)

    assert again.status_code == 302
    assert _value("contract-follow-ups") == 10
    period = Period.objects.get(year=2023, quarter=2)
    assert period.overall_analysis == "Cecilias analys."
    assert Analysis.objects.get(period=period, indicator__code="nai").text == "Kalles analys."


# A fixed number of queries


def _register(count: int) -> None:
    food = Category.objects.get_or_create(name="Livsmedel")[0]
    procurements = Procurement.objects.bulk_create(
        Procurement(
            registry_number=f"UhC 2023/{number}",
            title=f"Upphandling {number}",
            category=food,
            advertised_on=datetime.date(2023, 1, 1) + datetime.timedelta(days=number % 150),
            completed_on=datetime.date(2023, 6, 1) if number % 2 else None,
            is_food_procurement=not number % 4,
            food_organic=not number % 8,
            environmental_requirement=bool(number % 5),
            questions_received=number % 7,
        )
        for number in range(count)
    )
    municipalities = list(Municipality.objects.all())
    through = Procurement.municipalities.through
    through.objects.bulk_create(
        through(procurement=procurement, municipality=municipalities[index % len(municipalities)])
        for index, procurement in enumerate(procurements)
    )
    ProcurementPlanItem.objects.bulk_create(
        ProcurementPlanItem(
            plan_year=2023,
            number=index + 1,
            title=procurement.title,
            category=food,
            planned_year=2023,
            planned_quarter=index % 4 + 1,
            procurement=procurement,
        )
        for index, procurement in enumerate(procurements)
        if index % 3
    )
    Tender.objects.bulk_create(
        Tender(
            procurement=procurement,
            supplier_name="Leverantör AB",
            organisation_number="556036-0793",
            has_regional_presence=bool(index % 2),
            is_awarded=True,
        )
        for index, procurement in enumerate(procurements)
    )


def test_the_page_makes_a_fixed_number_of_queries_however_large_the_register(
    client_for, chef, page_queries
):
    follow_ups = Indicator.objects.get(code="contract-follow-ups")
    for quarter in (1, 2):
        save_quarter(
            get_or_create_period(2023, quarter),
            QuarterEdit(version=0, values={(follow_ups.pk, None): Decimal(quarter * 60)}),
            chef,
        )
    response = page_queries(client_for(chef), URL, most=PAGE_QUERIES, grow=lambda: _register(300))
    row = next(
        row
        for section in response.context["sections"]
        for row in section.rows
        if row.indicator.code == "environmental-requirements"
    )
    assert row.indicator.value is not None
