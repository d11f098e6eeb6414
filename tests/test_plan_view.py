import pytest
from django.urls import reverse

from indicators.models import Goal, Indicator

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("plan"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["chef", "procurement_officer", "committee_member", "admin_user"])
def test_every_role_reads_the_plan(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse("plan"))
    assert response.status_code == 200
    assert "Nämndplan 2023–2025" in response.text


def test_user_without_a_role_is_refused(user_without_role, client_for):
    assert client_for(user_without_role).get(reverse("plan")).status_code == 403


def test_plan_shows_every_goal_indicator_and_key_figure(committee_member, client_for):
    page = client_for(committee_member).get(reverse("plan")).text
    assert (Goal.objects.count(), Indicator.objects.count()) == (7, 38)
    for goal in Goal.objects.all():
        assert goal.title in page
    for indicator in Indicator.objects.all():
        assert f'id="indicator-{indicator.code}"' in page


def test_plan_shows_targets_and_baselines_in_swedish_formats(committee_member, client_for):
    page = client_for(committee_member).get(reverse("plan")).text
    assert "≥\xa080\xa0%" in page
    assert "&lt;\xa03,0\xa0%" in page
    assert "4,3" in page
    assert "88,1\xa0%" in page
    assert "2022/147, §31" in page


def test_plan_page_makes_a_fixed_number_of_queries(
    committee_member, client_for, django_assert_max_num_queries
):
    client = client_for(committee_member)
    with django_assert_max_num_queries(12):
        client.get(reverse("plan"))


def test_years_are_written_without_a_thousands_separator(committee_member, client_for):
    page = client_for(committee_member).get(reverse("plan")).text
    assert "2023:" in page
    assert "(2021" in page
    assert "2\xa0021" not in page
