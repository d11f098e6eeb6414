import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_start_page_greets_the_member_and_lists_the_seven_goals(committee_member, client_for):
    response = client_for(committee_member).get(reverse("home"))
    assert response.status_code == 200
    assert "Välkommen, Lena." in response.text
    assert "Nämnden följer 7 inriktningsmål" in response.text
    assert response.text.count('href="/plan/#goal-') == 7


def test_start_page_shows_the_vision(chef, client_for):
    response = client_for(chef).get(reverse("home"))
    assert "Värdeskapande samverkan för goda affärer och en hållbar framtid" in response.text


def test_start_page_is_refused_to_a_user_without_a_role(user_without_role, client_for):
    assert client_for(user_without_role).get(reverse("home")).status_code == 403


def test_only_staff_see_the_administration_link(committee_member, chef, client):
    client.force_login(committee_member)
    assert reverse("admin:index") not in client.get(reverse("home")).text
    client.force_login(chef)
    assert reverse("admin:index") in client.get(reverse("home")).text
