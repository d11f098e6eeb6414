"""One section of the head's quarterly entry, saved on its own:
/uppfoljning/<year>/<quarter>/redigera/<section>/ (reports:entry-section)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import Assignment, Goal, Indicator, Municipality
from reports.models import Analysis, AssignmentProgress, EnteredValue, Period
from reports.services import (
    QuarterEdit,
    adopt_period,
    get_or_create_period,
    reopen_period,
    save_quarter,
)
from tests.entry_helpers import entered, fill_register, page_data, second_chef

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 70


def url(slug: str, quarter: int = 2, year: int = 2023) -> str:
    return reverse("reports:entry-section", args=[year, quarter, slug])


SAVE_MONEY = url("mal-2")  # contract follow-ups, training, spot checks; tenders computed
KEY_FIGURES = url("nyckeltal")


def _municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def _enter(chef, quarter: int, values: dict, year: int = 2023) -> Period:
    period = get_or_create_period(year, quarter)
    return save_quarter(period, QuarterEdit(version=period.version, values=values), chef)


def _indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


# Who may use the page


def test_a_section_is_named_reports_entry_section_with_year_quarter_and_slug():
    assert reverse("reports:entry-section", args=[2023, 2, "mal-2"]) == (
        "/uppfoljning/2023/2/redigera/mal-2/"
    )
    assert url("nyckeltal") == "/uppfoljning/2023/2/redigera/nyckeltal/"


@pytest.mark.parametrize("role", ["chef", "admin_user"])
def test_chef_and_an_administrator_can_open_a_section(request, client_for, role):
    assert client_for(request.getfixturevalue(role)).get(SAVE_MONEY).status_code == 200


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_users_without_the_chefs_permission_cannot_open_a_section(request, client_for, role):
    assert client_for(request.getfixturevalue(role)).get(SAVE_MONEY).status_code == 403


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_users_without_the_chefs_permission_cannot_save_and_nothing_changes(
    request, client_for, role
):
    client = client_for(request.getfixturevalue(role))
    response = client.post(SAVE_MONEY, {"version": "0", "value-contract-follow-ups": "12"})
    assert response.status_code == 403
    assert not Period.objects.exists()
    assert not EnteredValue.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(SAVE_MONEY)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.parametrize(
    "path",
    [
        "/uppfoljning/2022/4/redigera/mal-1/",
        "/uppfoljning/2023/5/redigera/mal-1/",
        "/uppfoljning/2023/2/redigera/mal-8/",
        "/uppfoljning/2023/2/redigera/mal-0/",
        "/uppfoljning/2023/2/redigera/budget/",
    ],
)
def test_an_unknown_period_or_section_is_not_found(client_for, chef, path):
    assert client_for(chef).get(path).status_code == 404
    assert client_for(chef).post(path, {"version": "0"}).status_code == 404


# What a section shows


def test_a_goals_section_has_the_fields_of_its_own_indicators_only(client_for, chef):
    form = client_for(chef).get(SAVE_MONEY).context["form"]
    goal = Goal.objects.get(code="save-money")
    assert set(form.fields) == {
        "version",
        "value-contract-follow-ups",
        "value-compliance-training",
        "analysis-contract-follow-ups",
        "analysis-compliance-training",
        "analysis-compliance-spot-checks",
        "analysis-tenders-per-procurement",
        f"goal-analysis-{goal.pk}",
    }


def test_each_value_field_shows_its_unit_the_target_and_the_previous_value(client_for, chef):
    _enter(chef, 1, {(_indicator("contract-follow-ups").pk, None): Decimal(60)})

    response = client_for(chef).get(SAVE_MONEY)

    help_text = response.context["form"]["value-contract-follow-ups"].help_text
    assert help_text == (
        "Enhet: antal. Förra perioden (kvartal 1 2023): 60. Mål 2023: ≥\xa0250. "
        "Förväntat till och med kvartal 2 2023: 125."
    )
    content = response.content.decode()
    assert 'aria-describedby="id_value-contract-follow-ups_helptext"' in content
    assert '<span class="figure-input__unit" aria-hidden="true">antal</span>' in content


def test_a_share_is_written_with_its_percent_sign(client_for, chef):
    response = client_for(chef).get(KEY_FIGURES)
    assert response.context["form"]["value-sick-leave"].help_text.startswith("Enhet: andel (%).")
    assert '<span class="figure-input__unit" aria-hidden="true">%</span>' in (
        response.content.decode()
    )


def test_last_periods_value_of_a_first_quarter_is_the_previous_years_fourth(client_for, chef):
    _enter(chef, 4, {(_indicator("sick-leave").pk, None): Decimal("4.2")})

    response = client_for(chef).get(url("nyckeltal", quarter=1, year=2024))

    help_text = response.context["form"]["value-sick-leave"].help_text
    assert "Förra perioden (kvartal 4 2023): 4,2\xa0%." in help_text


def test_a_municipalitys_field_shows_that_municipalitys_last_value(client_for, chef):
    placements = _indicator("work-placements")
    falun = _municipality("Falun")
    _enter(chef, 1, {(placements.pk, falun.pk): Decimal(4)})

    form = client_for(chef).get(url("mal-4")).context["form"]

    assert form[f"value-work-placements-{falun.pk}"].label == f"{placements.name} – Falun"
    assert "Förra perioden (kvartal 1 2023): 4." in (
        form[f"value-work-placements-{falun.pk}"].help_text
    )
    borlange = form[f"value-work-placements-{_municipality('Borlänge').pk}"].help_text
    assert "Förra perioden (kvartal 1 2023): " in borlange
    assert "(kvartal 1 2023): 4." not in borlange


def test_every_input_is_labelled_with_its_indicators_name(client_for, chef):
    content = client_for(chef).get(SAVE_MONEY).content.decode()
    name = _indicator("contract-follow-ups").name
    assert (
        '<label for="id_value-contract-follow-ups">Värde för kvartal 2 2023'
        f'<span class="visually-hidden"> – {name}</span></label>'
    ) in content


def test_computed_values_are_read_only_with_a_link_to_what_they_are_computed_from(client_for, chef):
    content = client_for(chef).get(url("mal-1")).content.decode()
    assert 'name="value-coordinated-share"' not in content
    assert 'name="analysis-coordinated-share"' in content
    assert 'href="/uppfoljning/2023/2/underlag/coordinated-share/"' in content
    assert "Underlaget för värdet" in content
    assert "Beräknas, fylls inte i." in content


def test_status_is_shown_with_a_symbol_and_text(client_for, chef):
    _enter(chef, 2, {(_indicator("contract-follow-ups").pk, None): Decimal(130)})

    response = client_for(chef).get(SAVE_MONEY)

    row = next(
        row
        for group in response.context["groups"]
        for row in group.rows
        if row.indicator.code == "contract-follow-ups"
    )
    assert row.status == "met"
    assert (
        '<span class="indicator-status indicator-status--met"><span aria-hidden="true">✓</span> '
        f"{row.status.label}</span>"
    ) in response.content.decode()


def test_the_key_figures_are_grouped_by_area_and_link_to_where_nki_and_the_economy_are_entered(
    client_for, chef
):
    response = client_for(chef).get(KEY_FIGURES)

    titles = [group.title for group in response.context["groups"]]
    assert titles == [
        "Ekonomi och kvalitet",
        "Kompetensförsörjning",
        "Förnyelse/lärande",
        "Avvikelser",
    ]
    content = response.content.decode()
    assert 'name="value-nki"' not in content
    assert 'name="analysis-economy-in-balance"' not in content
    assert f'href="{url("mal-1")}#indicator-nki"' in content
    assert f'href="{url("ekonomi")}#indicator-economy-in-balance"' in content


def test_the_section_list_beside_the_form_marks_the_current_section(client_for, chef):
    content = client_for(chef).get(SAVE_MONEY).content.decode()
    assert f'<a href="{SAVE_MONEY}" aria-current="page">' in content
    assert f'href="{url("samlad-analys")}"' in content
    assert f'href="{url("mal-3")}">Nästa: Inriktningsmål 3' in content


def test_the_save_button_is_in_the_bar_that_stays_at_the_bottom_of_the_window(client_for, chef):
    content = client_for(chef).get(SAVE_MONEY).content.decode()
    assert '<div class="save-bar">\n    <button type="submit" class="button">Spara avsnittet' in (
        content
    )
    assert "style=" not in content


# Each figure when it is due


def test_nki_is_asked_for_only_in_the_first_quarter(client_for, chef):
    client = client_for(chef)
    asked = [
        q for q in (1, 2, 3, 4) if "value-nki" in client.get(url("mal-1", q)).context["form"].fields
    ]
    assert asked == [1]


def test_in_the_other_quarters_nki_shows_its_last_value_with_its_quarter(client_for, chef):
    _enter(chef, 1, {(_indicator("nki").pk, None): Decimal("89.3")})

    response = client_for(chef).get(url("mal-1", 3))

    content = response.content.decode()
    assert 'name="value-nki"' not in content
    assert (
        "Redovisas en gång per år, i uppföljningen av kvartal 1; efterfrågas inte för "
        "kvartal 3 2023."
    ) in content
    assert "<li>89,3\xa0% (kvartal 1 2023)</li>" in content
    assert 'name="analysis-nki"' in content


def test_a_yearly_figure_per_municipality_shows_each_municipalitys_last_value(client_for, chef):
    rank = _indicator("business-climate-rank")
    falun = _municipality("Falun")
    _enter(chef, 2, {(rank.pk, falun.pk): Decimal(164)})

    content = client_for(chef).get(url("mal-6", 4)).content.decode()

    assert f'name="value-business-climate-rank-{falun.pk}"' not in content
    assert "<li>Falun: 164 (kvartal 2 2023)</li>" in content
    assert "<li>Borlänge: Uppgift saknas</li>" in content


def test_a_yearly_figures_field_shows_its_last_reported_value(client_for, chef):
    _enter(chef, 4, {(_indicator("staff-turnover").pk, None): Decimal("7.9")})

    form = client_for(chef).get(url("nyckeltal", 4, 2024)).context["form"]

    assert "value-staff-turnover" not in client_for(chef).get(KEY_FIGURES).context["form"].fields
    assert form["value-staff-turnover"].help_text.startswith(
        "Enhet: andel (%). Senast redovisat: 7,9\xa0% (kvartal 4 2023)."
    )


def test_a_figure_entered_in_a_quarter_it_is_not_due_can_still_be_corrected(client_for, chef):
    _enter(chef, 3, {(_indicator("nki").pk, None): Decimal(91)})

    client = client_for(chef)
    data = page_data(client, url("mal-1", 3))
    assert data["value-nki"] == "91"
    data["value-nki"] = ""
    response = client.post(url("mal-1", 3), data)

    assert response.status_code == 302
    assert entered("nki", quarter=3) is None


# Saving a section


def test_a_valid_save_stores_the_sections_figures_and_analyses(client_for, chef):
    client = client_for(chef)
    goal = Goal.objects.get(code="save-money")
    data = page_data(client, SAVE_MONEY)
    data["value-contract-follow-ups"] = "130"
    data["value-compliance-training"] = "3"
    data["analysis-contract-follow-ups"] = "Fler möten än väntat."
    data["analysis-tenders-per-procurement"] = "Fler anbud."
    data[f"goal-analysis-{goal.pk}"] = "Målet nås."

    response = client.post(SAVE_MONEY, data, follow=True)

    assert response.redirect_chain == [(SAVE_MONEY, 302)]
    assert f"Sparat: Inriktningsmål 2: {goal.title}, kvartal 2 2023." in response.content.decode()
    assert entered("contract-follow-ups") == 130
    assert entered("compliance-training") == 3
    period = Period.objects.get(year=2023, quarter=2)
    assert period.version == 1
    assert Analysis.objects.get(period=period, goal=goal).text == "Målet nås."
    assert Analysis.objects.get(period=period, indicator__code="tenders-per-procurement").text == (
        "Fler anbud."
    )


def test_a_sections_save_leaves_the_rest_of_the_quarter_as_it_was(client_for, chef):
    period = save_quarter(
        get_or_create_period(2023, 2),
        QuarterEdit(version=0, overall_analysis="Ett bra kvartal."),
        chef,
    )
    client = client_for(chef)
    data = page_data(client, SAVE_MONEY)
    data["value-contract-follow-ups"] = "130"

    client.post(SAVE_MONEY, data)

    period.refresh_from_db()
    assert period.overall_analysis == "Ett bra kvartal."
    assert period.version == 2
    assert EnteredValue.objects.count() == 1
    assert not Analysis.objects.exists()
    assert EnteredValue.history.count() == 1


def test_the_saved_section_shows_the_saved_values(client_for, chef):
    client = client_for(chef)
    data = page_data(client, KEY_FIGURES)
    data["value-sick-leave"] = "4,5"
    data["analysis-sick-leave"] = "Sjukfrånvaron minskar."
    client.post(KEY_FIGURES, data)

    content = client.get(KEY_FIGURES).content.decode()

    assert 'name="value-sick-leave" value="4,5"' in content
    assert "Sjukfrånvaron minskar.</textarea>" in content
    assert '<input type="hidden" name="version" value="1"' in content


def test_the_economy_section_saves_the_comment_on_the_economy_and_links_to_the_budget(
    client_for, chef
):
    client = client_for(chef)
    economy = url("ekonomi")
    content = client.get(economy).content.decode()
    assert 'href="/budget/2023/q2/"' in content
    assert '<label for="id_analysis-economy-in-balance">Kommentar till ekonomin' in content
    data = page_data(client, economy)
    data["analysis-economy-in-balance"] = "Ekonomin är i balans."

    assert client.post(economy, data).status_code == 302

    comment = Analysis.objects.get(indicator__code="economy-in-balance")
    assert comment.text == "Ekonomin är i balans."


def test_the_overall_section_saves_the_overall_analysis(client_for, chef):
    client = client_for(chef)
    data = page_data(client, url("samlad-analys"))
    assert set(data) == {"version", "overall_analysis", "initial-overall_analysis"}
    data["overall_analysis"] = "  Ett bra kvartal.  "

    assert client.post(url("samlad-analys"), data).status_code == 302

    assert Period.objects.get(year=2023, quarter=2).overall_analysis == "Ett bra kvartal."


def test_an_assignments_status_is_chosen_before_it_counts_as_recorded(client_for, chef):
    client = client_for(chef)
    assignments = list(Assignment.objects.filter(year=2023).order_by("order"))
    data = page_data(client, url("uppdrag"))
    first = assignments[0]
    assert data[f"assignment-{first.pk}-status"] == ""
    assert '<option value="" selected>Välj status</option>' in (
        client.get(url("uppdrag")).content.decode()
    )
    data[f"assignment-{first.pk}-status"] = "not_started"
    data[f"assignment-{assignments[1].pk}-comment"] = "Arbetet har börjat."

    assert client.post(url("uppdrag"), data).status_code == 302

    progress = {p.assignment_id: p for p in AssignmentProgress.objects.all()}
    assert (progress[first.pk].status, progress[first.pk].comment) == ("not_started", "")
    assert (progress[assignments[1].pk].status, progress[assignments[1].pk].comment) == (
        "not_started",
        "Arbetet har börjat.",
    )
    assert assignments[2].pk not in progress
    again = page_data(client, url("uppdrag"))
    assert again[f"assignment-{first.pk}-status"] == "not_started"


def test_zero_is_a_value_and_a_blank_field_means_no_data(client_for, chef):
    client = client_for(chef)
    data = page_data(client, KEY_FIGURES)
    data["value-governance-deviations"] = "0"
    client.post(KEY_FIGURES, data)
    assert entered("governance-deviations") == 0

    data = page_data(client, KEY_FIGURES)
    assert data["value-governance-deviations"] == "0"
    data["value-governance-deviations"] = ""
    response = client.post(KEY_FIGURES, data)

    assert response.status_code == 302
    assert not EnteredValue.objects.filter(indicator__code="governance-deviations").exists()


def test_a_figure_of_only_spaces_means_uppgift_saknas_as_the_page_says(client_for, chef):
    client = client_for(chef)
    _enter(chef, 2, {(_indicator("sick-leave").pk, None): Decimal("4.5")})
    page = client.get(KEY_FIGURES).content.decode()
    assert "Lämna fältet tomt när det inte finns något värde ännu: tomt betyder att uppgift " in (
        page
    )
    data = page_data(client, KEY_FIGURES)
    data["value-sick-leave"] = "   "
    data["value-governance-deviations"] = " \t "

    response = client.post(KEY_FIGURES, data, follow=True)

    content = response.content.decode()
    assert "Fyll i ett tal" not in content
    assert entered("sick-leave") is None
    assert not EnteredValue.objects.exists()
    row = next(
        row
        for group in response.context["groups"]
        for row in group.rows
        if row.indicator.code == "sick-leave"
    )
    assert row.value_text == "Uppgift saknas"
    assert "Värde nu: Uppgift saknas" in content


def test_a_partly_bad_save_saves_nothing_and_explains_in_swedish(client_for, chef):
    client = client_for(chef)
    data = page_data(client, KEY_FIGURES)
    data["value-governance-deviations"] = "2"
    data["value-sick-leave"] = "120"
    data["value-terminated-contracts"] = "-3"
    data["value-training-hours"] = "abc"
    data["analysis-sick-leave"] = "Ska inte sparas."

    response = client.post(KEY_FIGURES, data)

    assert response.status_code == 400
    assert not Period.objects.exists()
    assert not EnteredValue.objects.exists()
    content = response.content.decode()
    assert "Ingenting sparades" in content
    assert "En andel måste vara mellan 0 och 100 %." in content
    assert "Ett antal måste vara ett heltal, 0 eller mer." in content
    assert "Fyll i ett tal." in content
    assert 'href="#id_value-sick-leave"' in content
    assert 'name="value-sick-leave" value="120"' in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_value-sick-leave_helptext id_value-sick-leave_error"' in content
    assert set(response.context["form"].errors) == {
        "value-sick-leave",
        "value-terminated-contracts",
        "value-training-hours",
    }


def test_a_rank_of_zero_is_refused_in_swedish(client_for, chef):
    client = client_for(chef)
    falun = _municipality("Falun")
    data = page_data(client, url("mal-6"))
    data[f"value-business-climate-rank-{falun.pk}"] = "0"

    response = client.post(url("mal-6"), data)

    assert response.status_code == 400
    assert "En placering måste vara ett heltal, 1 eller mer." in response.content.decode()
    assert not EnteredValue.objects.exists()


def test_a_bad_value_on_a_saved_period_changes_nothing(client_for, chef):
    client = client_for(chef)
    data = page_data(client, url("mal-3"))
    data["value-nai"] = "70"
    client.post(url("mal-3"), data)

    data = page_data(client, url("mal-3"))
    data["value-nai"] = "101"
    response = client.post(url("mal-3"), data)

    assert response.status_code == 400
    assert "Ett index måste vara mellan 0 och 100." in response.content.decode()
    assert entered("nai") == 70
    assert Period.objects.get(year=2023, quarter=2).version == 1


def test_a_count_with_decimals_is_refused(client_for, chef):
    client = client_for(chef)
    data = page_data(client, SAVE_MONEY)
    data["value-contract-follow-ups"] = "12,5"
    response = client.post(SAVE_MONEY, data)
    assert response.status_code == 400
    assert "Ett antal måste vara ett heltal, 0 eller mer." in response.content.decode()
    assert not EnteredValue.objects.exists()


@pytest.mark.parametrize("tampered", ["sNaN", "NaN", "-Infinity", "tolv"])
def test_a_tampered_hidden_initial_figure_is_refused_and_nothing_is_saved(
    tampered, client_for, chef
):
    client = client_for(chef)
    data = page_data(client, SAVE_MONEY)
    data["value-contract-follow-ups"] = "5"
    data["initial-value-contract-follow-ups"] = tampered

    response = client.post(SAVE_MONEY, data)

    assert response.status_code == 400
    assert "Ladda om sidan" in response.content.decode()
    assert not Period.objects.exists()


# An adopted period


@pytest.fixture
def adopted_period(chef):
    period = _enter(chef, 2, {(_indicator("contract-follow-ups").pk, None): Decimal(100)})
    return adopt_period(period, chef)


def test_an_adopted_period_is_shown_read_only_with_a_notice(client_for, chef, adopted_period):
    response = client_for(chef).get(SAVE_MONEY)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Perioden fastställdes" in content
    assert "Spara avsnittet" not in content
    assert response.context["form"]["value-contract-follow-ups"].field.disabled
    assert 'name="value-contract-follow-ups" value="100"' in content


def test_an_adopted_period_refuses_a_direct_post_and_keeps_its_values(
    client_for, chef, adopted_period
):
    response = client_for(chef).post(
        SAVE_MONEY, {"version": str(adopted_period.version), "value-contract-follow-ups": "99"}
    )

    assert response.status_code == 409
    assert "Perioden är fastställd; öppna den igen innan du ändrar den." in (
        response.content.decode()
    )
    assert entered("contract-follow-ups") == 100
    period = Period.objects.get(pk=adopted_period.pk)
    assert period.is_adopted
    assert period.version == adopted_period.version


def test_after_reopening_the_same_post_succeeds_and_both_are_in_the_history(
    client_for, chef, adopted_period
):
    client = client_for(chef)
    post = {"version": str(adopted_period.version), "value-contract-follow-ups": "99"}
    assert client.post(SAVE_MONEY, post).status_code == 409

    reopened = reopen_period(adopted_period, chef, "Fel antal rapporterades")
    response = client.post(SAVE_MONEY, {**post, "version": str(reopened.version)})

    assert response.status_code == 302
    assert entered("contract-follow-ups") == 99
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
    second.force_login(second_chef())
    first_data = page_data(first, SAVE_MONEY)
    second_data = page_data(second, SAVE_MONEY)

    first_data["value-contract-follow-ups"] = "10"
    assert first.post(SAVE_MONEY, first_data).status_code == 302
    second_data["value-contract-follow-ups"] = "20"
    second_data["analysis-compliance-training"] = "Kalles analys."
    response = second.post(SAVE_MONEY, second_data)

    assert response.status_code == 409
    content = response.content.decode()
    name = _indicator("contract-follow-ups").name
    assert "Ingenting sparades: någon annan sparade kvartalet efter att du öppnade det" in content
    assert "Perioden sparades av Cecilia efter att du öppnade den." in content
    assert f"värde: {name}" in content
    assert response.context["conflict"]["both_changed"] == [name]
    assert entered("contract-follow-ups") == 10
    assert not Analysis.objects.exists()
    assert Period.objects.get(year=2023, quarter=2).version == 1


def test_a_save_of_another_section_refused_as_outdated_keeps_both_when_saved_again(
    client_for, chef
):
    first = client_for(chef)
    second = Client()
    second.force_login(second_chef())
    first_data = page_data(first, SAVE_MONEY)
    second_data = page_data(second, KEY_FIGURES)
    first_data["value-contract-follow-ups"] = "10"
    first.post(SAVE_MONEY, first_data)

    second_data["value-sick-leave"] = "4,5"
    refused = second.post(KEY_FIGURES, second_data)
    assert refused.status_code == 409
    form = refused.context["form"]
    assert form["value-sick-leave"].value() == "4,5"
    assert refused.context["conflict"]["both_changed"] == []

    again = second.post(KEY_FIGURES, form.data)

    assert again.status_code == 302
    assert entered("contract-follow-ups") == 10
    assert entered("sick-leave") == Decimal("4.5")
    assert Period.objects.get(year=2023, quarter=2).version == 2


# A fixed number of queries


@pytest.mark.parametrize("slug", ["mal-2", "nyckeltal", "uppdrag"])
def test_a_section_makes_a_fixed_number_of_queries_however_large_the_register(
    slug, client_for, chef, django_assert_max_num_queries, django_assert_num_queries
):
    follow_ups = _indicator("contract-follow-ups")
    for quarter in (1, 2):
        _enter(chef, quarter, {(follow_ups.pk, None): Decimal(quarter * 60)})
    client = client_for(chef)
    with django_assert_max_num_queries(PAGE_QUERIES) as with_no_procurements:
        assert client.get(url(slug)).status_code == 200

    fill_register(300)
    with django_assert_num_queries(len(with_no_procurements)):
        response = client.get(url(slug))

    assert response.status_code == 200
    assert response.context["page"].follow_up.indicators[0].value is not None
