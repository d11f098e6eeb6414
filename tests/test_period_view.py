import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.fulfilment import Status
from procurements.models import Procurement
from reports.computation import Window, compute_figures
from reports.follow_up import describe_value, period_follow_up
from reports.models import AdoptedValue, Period
from reports.readiness import missing_items
from reports.services import (
    QuarterEdit,
    adopt_period,
    get_or_create_period,
    reopen_period,
    save_quarter,
)
from tests.readiness_helpers import leave_out_missing_figures

pytestmark = pytest.mark.django_db

PERIOD = reverse("reports:period", args=[2023, 4])
ADOPT = reverse("reports:adopt", args=[2023, 4])
REOPEN = reverse("reports:reopen", args=[2023, 4])


def adoption(version: int) -> dict:
    """The confirmed adoption form: the version read and the committee meeting's data."""
    return {
        "version": version,
        "meeting_date": "2024-02-13",
        "minute_paragraph": "8",
        "registry_number": "GNU 2024/3",
        "confirmed": "on",
    }


@pytest.fixture(autouse=True)
def archive_without_browser(settings, tmp_path):
    """An adoption archives its report: here in a folder of the test, charts as tables."""
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


@pytest.fixture
def demo_year(db):
    """A demo year whose fourth quarter the committee may adopt: the due figures the demo
    does not enter are left out."""
    call_command("seed_demo", year=2023, count=120, seed=3, stdout=io.StringIO())
    leave_out_missing_figures(2023, 4)


def test_committee_member_reads_every_goal_with_its_status(committee_member, client_for, demo_year):
    response = client_for(committee_member).get(PERIOD)
    assert response.status_code == 200
    follow_up = response.context["follow_up"]
    assert len(follow_up.goals) == 7
    for goal in follow_up.goals:
        assert f'id="goal-{goal.number}"' in response.text
        assert str(goal.status.label) in response.text


def test_status_is_written_out_not_only_coloured(committee_member, client_for, demo_year):
    page = client_for(committee_member).get(PERIOD).text
    assert "✓" in page or "✗" in page or "◐" in page
    assert "Uppfyllt" in page or "Ej uppfyllt" in page or "Delvis uppfyllt" in page


def test_committee_member_sees_no_adoption_controls_and_cannot_adopt(
    committee_member, client_for, demo_year
):
    client = client_for(committee_member)
    assert ADOPT not in client.get(PERIOD).text
    assert client.post(ADOPT).status_code == 403
    assert not Period.objects.filter(year=2023, quarter=4, state="adopted").exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(PERIOD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("year, quarter", [(2023, 5), (2023, 0), (2019, 1), (2031, 2)])
def test_periods_outside_the_plan_are_not_found(year, quarter, committee_member, client_for):
    response = client_for(committee_member).get(f"/uppfoljning/{year}/{quarter}/")
    assert response.status_code == 404


def test_chef_adopts_the_period_and_its_figures_are_frozen(chef, client_for, demo_year):
    client = client_for(chef)
    response = client.post(ADOPT, adoption(0), follow=True)
    assert response.status_code == 200
    period = Period.objects.get(year=2023, quarter=4)
    assert period.is_adopted
    assert period.adopted_by == chef
    assert AdoptedValue.objects.filter(period=period, municipality__isnull=True).count() == len(
        response.context["follow_up"].indicators
    )
    assert "Fastställd" in response.text


def test_a_register_correction_after_adoption_leaves_the_adopted_figures_and_shows_the_difference(
    chef, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    adopted = AdoptedValue.objects.get(
        period__year=2023, indicator__code="cancelled-procurements", municipality=None
    )
    before = period_follow_up(2023, 4)
    cancelled_before = next(i for i in before.indicators if i.code == "cancelled-procurements")
    assert cancelled_before.text == cancelled_before.today_text
    assert not cancelled_before.differs_from_adopted

    advertised = Procurement.objects.filter(
        completed_on__isnull=True, cancelled_on__isnull=True, advertised_on__year=2023
    ).first()
    advertised.cancelled_on = advertised.advertised_on
    advertised.cancellation_reason = "Rättelse efter fastställelse"
    advertised.save()

    adopted.refresh_from_db()
    after = period_follow_up(2023, 4)
    cancelled = next(i for i in after.indicators if i.code == "cancelled-procurements")
    assert cancelled.value == adopted.value
    assert cancelled.text == cancelled_before.text
    assert cancelled.today_text == describe_value(adopted.value + 1, "count")
    assert cancelled.differs_from_adopted
    page = client_for(chef).get(PERIOD).text
    assert "Dagens beräkning skiljer sig från de fastställda siffrorna" in page
    assert 'href="#follow-cancelled-procurements"' in page


def test_an_adopted_period_shows_adopted_values_per_municipality_too(chef, demo_year):
    adopt_period(get_or_create_period(2023, 4), chef)
    food = Procurement.objects.filter(is_food_procurement=True, advertised_on__year=2023)
    food.update(food_organic=True)

    organic = next(
        i for i in period_follow_up(2023, 4).indicators if i.code == "organic-food-requirements"
    )
    adopted = {
        row.municipality_id: row
        for row in AdoptedValue.objects.filter(
            period__year=2023, indicator__code="organic-food-requirements"
        ).exclude(municipality=None)
    }
    for municipality in organic.municipalities:
        assert municipality.value == adopted[municipality.municipality_id].value
    assert any(m.differs_from_adopted for m in organic.municipalities)
    assert organic.differs_from_adopted


def test_a_reopened_period_is_judged_on_todays_figures(chef, demo_year):
    period = adopt_period(get_or_create_period(2023, 4), chef)
    Procurement.objects.filter(advertised_on__year=2023).update(environmental_requirement=False)
    reopen_period(period, chef, "Rättelse")
    follow_up = period_follow_up(2023, 4)
    environmental = next(i for i in follow_up.indicators if i.code == "environmental-requirements")
    assert environmental.value == 0
    assert environmental.status == Status.NOT_MET
    assert not environmental.differs_from_adopted


def test_reopening_needs_a_reason_which_is_kept_in_the_history(chef, client_for, demo_year):
    client = client_for(chef)
    client.post(ADOPT, adoption(0))
    response = client.post(REOPEN, {"reason": "  "}, follow=True)
    assert Period.objects.get(year=2023, quarter=4).is_adopted
    assert "Ange varför perioden öppnas igen." in response.text

    client.post(REOPEN, {"reason": "Fel antal överprövningar"})
    period = Period.objects.get(year=2023, quarter=4)
    assert not period.is_adopted
    reasons = list(period.history.values_list("history_change_reason", flat=True))
    assert any("Fel antal överprövningar" in (reason or "") for reason in reasons)
    assert period.history.first().history_user == chef


def test_a_reopen_reason_with_a_nul_character_is_refused(chef, client_for, demo_year):
    client = client_for(chef)
    adopt_period(get_or_create_period(2023, 4), chef)
    response = client.post(REOPEN, {"reason": "Fel\x00antal"}, follow=True)
    period = Period.objects.get(year=2023, quarter=4)
    assert period.is_adopted
    assert period.reopen_reason == ""
    assert "Skälet får inte innehålla nolltecken" in response.text


def test_a_long_reopen_reason_is_kept_whole_and_shortened_in_the_history_note(
    chef, client_for, demo_year
):
    client = client_for(chef)
    adopt_period(get_or_create_period(2023, 4), chef)
    reason = "Fel antal överprövningar. " * 400
    client.post(REOPEN, {"reason": reason})
    period = Period.objects.get(year=2023, quarter=4)
    assert not period.is_adopted
    assert period.reopen_reason == reason.strip()
    note = period.history.first().history_change_reason
    assert note.startswith("Öppnad igen: Fel antal överprövningar.")
    assert len(note) == 100 and note.endswith("…")


def test_the_procurements_behind_a_share_are_its_denominator(
    committee_member, client_for, demo_year
):
    follow_up = period_follow_up(2023, 4)
    coordinated = next(i for i in follow_up.indicators if i.code == "coordinated-share")
    url = reverse("reports:procurements_behind", args=[2023, 4, "coordinated-share"])
    response = client_for(committee_member).get(url)
    assert response.status_code == 200
    procurements = list(response.context["rows"])
    assert len(procurements) == coordinated.denominator
    assert sum(p.counts_in_numerator for p in procurements) == coordinated.numerator


def test_indicators_not_computed_from_the_register_have_no_procurements_behind(
    committee_member, client_for
):
    url = reverse("reports:procurements_behind", args=[2023, 4, "nki"])
    assert client_for(committee_member).get(url).status_code == 404


def test_the_period_page_makes_a_fixed_number_of_queries(
    committee_member, client_for, page_queries
):
    call_command("seed_demo", year=2023, count=250, seed=5, stdout=io.StringIO())
    response = page_queries(
        client_for(committee_member),
        PERIOD,
        most=44,  # the data version, the follow-up, its history, the checklist
        grow=lambda: call_command("seed_demo", year=2023, count=5000, seed=6, stdout=io.StringIO()),
    )
    assert response.context["follow_up"].indicators[0].value is not None


def test_the_index_lists_every_quarter_of_the_plan(committee_member, client_for):
    response = client_for(committee_member).get(reverse("reports:index"))
    assert response.status_code == 200
    for year in (2023, 2024, 2025):
        assert reverse("reports:period", args=[year, 4]) in response.text


def test_an_empty_period_shows_no_data_rather_than_zero(committee_member, client_for):
    follow_up = period_follow_up(2023, 1)
    statuses = {i.code: i.status for i in follow_up.indicators}
    assert statuses["coordinated-share"] == Status.NO_DATA
    assert all(i.value is None for i in follow_up.indicators)


def test_every_link_to_what_a_value_is_computed_from_works(committee_member, client_for, demo_year):
    client = client_for(committee_member)
    page = client.get(PERIOD).text
    links = set(re.findall(r'href="(/(?:uppfoljning/2023/4/underlag|budget)/[^"]+)"', page))
    assert any("/budget/" in link for link in links)
    assert len(links) > 10
    for link in links:
        assert client.get(link).status_code == 200, link


def test_adopted_food_shares_keep_the_total_per_procurement_and_each_municipalitys_own(
    chef, demo_year
):
    window = Window(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    figures = compute_figures([window])[0]["organic-food-requirements"]
    adopt_period(get_or_create_period(2023, 4), chef)
    rows = AdoptedValue.objects.filter(
        period__year=2023, indicator__code="organic-food-requirements"
    )
    total = rows.get(municipality=None)
    assert (total.numerator, total.denominator) == (
        figures[None].numerator,
        figures[None].denominator,
    )
    per_municipality = rows.exclude(municipality=None).exclude(denominator=None)
    assert per_municipality.exists()
    for row in per_municipality:
        figure = figures[row.municipality_id]
        assert (row.numerator, row.denominator) == (figure.numerator, figure.denominator)
    # A procurement made for several municipalities counts once in the total.
    assert sum(r.denominator for r in per_municipality) > total.denominator


def test_every_adoption_is_kept_in_the_history_of_the_adopted_values(chef, demo_year):
    period = adopt_period(get_or_create_period(2023, 4), chef)
    first = AdoptedValue.objects.filter(period=period).count()
    reopen_period(period, chef, "Rättelse")
    adopt_period(period, chef)
    history = AdoptedValue.history.filter(period_id=period.pk)
    assert history.filter(history_type="+").count() == 2 * first
    assert history.filter(history_type="-").count() == first
    assert set(history.values_list("history_user", flat=True)) == {chef.pk}


def test_the_adopt_button_warns_while_demo_data_is_present(chef, client_for, demo_year):
    assert "Det finns demodata" in client_for(chef).get(PERIOD).text


def test_adopting_figures_changed_since_they_were_read_is_refused(chef, client_for, demo_year):
    client = client_for(chef)
    read_version = client.get(PERIOD).context["follow_up"].version
    save_quarter(
        get_or_create_period(2023, 4),
        QuarterEdit(version=read_version, overall_analysis="Ny analys"),
        chef,
    )
    response = client.post(ADOPT, adoption(read_version), follow=True)
    assert not Period.objects.get(year=2023, quarter=4).is_adopted
    assert "Perioden fastställdes inte" in response.text


def test_adopting_without_the_version_read_is_refused(chef, client_for, demo_year):
    response = client_for(chef).post(ADOPT, follow=True)
    assert not Period.objects.filter(year=2023, quarter=4, state="adopted").exists()
    assert "Ladda om sidan" in response.text


# Reopening: the reason on the page and in its history


def test_a_reopened_period_shows_who_reopened_it_when_and_why(chef, client_for, demo_year):
    client = client_for(chef)
    client.post(ADOPT, adoption(0))
    reason = "Fel antal överprövningar i registret: " + "rättat enligt domstolens beslut. " * 4
    assert len(reason) > 100

    response = client.post(REOPEN, {"reason": reason}, follow=True)

    assert response.status_code == 200
    reopened = response.context["adoption_history"].reopened
    assert (reopened.who, reopened.reason) == ("Cecilia", reason.strip())
    notice = response.text[response.text.index('id="reopened"') :].split("</div>")[0]
    assert "Öppnades igen" in notice and "av Cecilia" in notice
    assert reason.strip() in notice
    history = response.text[response.text.index('id="adoption-history"') :]
    history = history.split('id="archived-versions"')[0]  # the archive's own table follows
    assert history.count("<tr>") == 3  # the heading row, the adoption and the reopening
    assert "Fastställd" in history and "Öppnad igen" in history
    assert reason.strip() in history


def test_adopting_again_ends_the_reopen_notice_but_keeps_the_reason_in_the_history(
    chef, client_for, demo_year
):
    client = client_for(chef)
    client.post(ADOPT, adoption(0))
    client.post(REOPEN, {"reason": "Fel antal överprövningar"})
    version = Period.objects.get(year=2023, quarter=4).version

    response = client.post(ADOPT, adoption(version), follow=True)

    assert response.context["follow_up"].is_adopted
    assert response.context["adoption_history"].reopened is None
    assert 'id="reopened"' not in response.text
    events = response.context["adoption_history"].events
    assert [event.is_reopening for event in events] == [False, True, False]
    assert events[1].reason == "Fel antal överprövningar"
    assert "Fel antal överprövningar" in response.text


def test_a_committee_member_reads_the_reopen_reason_too(
    chef, committee_member, client_for, demo_year
):
    period = adopt_period(get_or_create_period(2023, 4), chef)
    reopen_period(period, chef, "Rättelse av sjukfrånvaron")
    response = client_for(committee_member).get(PERIOD)
    assert "Rättelse av sjukfrånvaron" in response.text
    assert 'id="reopened"' in response.text


def test_a_period_never_adopted_says_so(committee_member, client_for):
    response = client_for(committee_member).get(PERIOD)
    assert response.context["adoption_history"].events == ()
    assert "Perioden har inte fastställts ännu." in response.text


# The checklist's summary, for the head and the committee's secretary


def test_an_open_period_sums_up_what_is_missing_with_a_link_to_the_checklist(
    committee_member, client_for
):
    readiness = missing_items(year=2023, quarter=4)
    response = client_for(committee_member).get(PERIOD)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    count = len(readiness.missing)
    assert f"{count} saker saknas fortfarande inför nämndens sammanträde:" in text
    assert f"Uppgifter som ska rapporteras detta kvartal: {len(readiness.figures)} saknas" in text
    assert f"Budgetrader: {len(readiness.budget_lines)} saknas" in text
    assert reverse("reports:readiness", args=[2023, 4]) in response.text


def test_an_adopted_period_shows_no_checklist_summary(chef, client_for):
    adopt_period(get_or_create_period(2023, 4), chef)
    response = client_for(chef).get(PERIOD)
    assert 'id="readiness"' not in response.text
