"""The quarter's checklist: /uppfoljning/<year>/<quarter>/checklista/ (reports:readiness)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators.models import Indicator
from reports.models import EnteredValue, LeftOutFigure
from reports.readiness import missing_items
from reports.services import adopt_period, get_or_create_period
from tests.meeting_helpers import make_meeting
from tests.report_helpers import seen_text

pytestmark = pytest.mark.django_db

URL = reverse("reports:readiness", args=[2023, 2])
LEAVE_OUT = reverse("reports:leave_out", args=[2023, 2])
TAKE_BACK = reverse("reports:take_back", args=[2023, 2])


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(URL).status_code == 403


@pytest.mark.parametrize(("year", "quarter"), [(2040, 1), (2023, 5)])
def test_a_period_outside_the_plan_is_not_found(year, quarter, chef, client_for):
    url = f"/uppfoljning/{year}/{quarter}/checklista/"
    assert client_for(chef).get(url).status_code == 404


def test_the_chef_sees_every_missing_item_in_swedish_with_links(chef, client_for):
    response = client_for(chef).get(URL)
    assert response.status_code == 200
    text = seen_text(response.text)
    readiness = missing_items(year=2023, quarter=2)
    assert "Checklista för kvartal 2 2023" in text
    assert f"{len(readiness.missing)} saker saknas fortfarande." in text
    assert "Perioden kan inte fastställas förrän alla uppgifter" in text
    assert f"Uppgifter som ska rapporteras detta kvartal ({len(readiness.figures)} saknas)" in text
    for item in readiness.missing:
        assert f'href="{item.url}"' in response.text
    assert "#indicator-nki" not in response.text  # a yearly figure of the first quarter
    assert "saknas för alla kommuner" in text
    assert "Samlad analys av kvartalet" in text


def test_the_chef_may_leave_each_missing_figure_out_and_a_reader_may_not(
    chef, committee_member, client_for
):
    figures = missing_items(year=2023, quarter=2).figures
    as_chef = client_for(chef).get(URL).text
    assert as_chef.count(f'action="{LEAVE_OUT}"') == len(figures)
    assert 'id="id_leave-out-nai_reason"' in as_chef
    as_member = client_for(committee_member).get(URL)
    assert as_member.status_code == 200  # the committee's secretary reads the checklist
    assert LEAVE_OUT not in as_member.text


def test_a_quarter_with_everything_in_says_so_without_colour_alone(chef, client_for, monkeypatch):
    ready = missing_items(year=2023, quarter=2)
    empty = type(ready)(2023, 2, False, [], [], [], [], [])
    monkeypatch.setattr("reports.readiness_views.missing_items", lambda **kwargs: empty)
    text = seen_text(client_for(chef).get(URL).text)
    assert "Allt som ska rapporteras är inne: rapporten är klar för nämnden." in text
    assert "✓ Alla uppgifter som ska rapporteras detta kvartal är ifyllda eller utelämnade." in text
    assert "✓ Alla budgetrader har utfall och prognos." in text


def test_the_meeting_that_takes_the_report_and_its_deadline_are_shown(
    chef, client_for, monkeypatch
):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2023, 8, 25)
    )
    make_meeting(datetime.date(2023, 9, 12), year=2023, quarter=2)
    text = seen_text(client_for(chef).get(URL).text)
    assert (
        "Nämnden behandlar rapporten vid sammanträdet 12 september 2023; "
        "underlaget ska vara klart 29 augusti 2023 (4 dagar kvar)."
    ) in text


def test_without_a_meeting_the_page_says_none_takes_the_report(chef, client_for):
    text = seen_text(client_for(chef).get(URL).text)
    assert "Inget sammanträde i kalendern behandlar rapporten för kvartal 2 2023 än." in text


def test_a_figure_left_out_is_listed_with_its_reason_who_and_a_way_back(chef, client_for):
    LeftOutFigure.objects.create(
        period=get_or_create_period(2023, 2),
        indicator=Indicator.objects.get(code="nai"),
        reason="Mätningen gjordes inte i år.",
        left_out_by=chef,
    )
    response = client_for(chef).get(URL)
    text = seen_text(response.text)
    assert "Medvetet utelämnade uppgifter" in text
    assert "Mätningen gjordes inte i år. (Cecilia," in text
    assert f'action="{TAKE_BACK}"' in response.text


def test_an_adopted_period_offers_no_forms(chef, client_for):
    adopt_period(get_or_create_period(2023, 2), chef)
    response = client_for(chef).get(URL)
    assert "Perioden är fastställd; det som saknades då saknas i dess rapport." in seen_text(
        response.text
    )
    assert LEAVE_OUT not in response.text


def test_the_page_makes_the_same_queries_however_much_is_missing(
    chef, client_for, django_assert_num_queries
):
    client = client_for(chef)
    period = get_or_create_period(2023, 2)
    client.get(URL)
    cache.clear()  # each request below computes the follow-up it checks
    with django_assert_num_queries(19) as many_missing:
        client.get(URL)
    for indicator in Indicator.objects.filter(source="manual", per_municipality=False):
        EnteredValue.objects.create(period=period, indicator=indicator, value=Decimal(1))
    LeftOutFigure.objects.create(
        period=period, indicator=Indicator.objects.get(code="work-placements"), reason="Nej."
    )
    cache.clear()
    with django_assert_num_queries(len(many_missing)):
        response = client.get(URL)
    assert len(response.context["readiness"].figures) == 1
