import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_open_to_anonymous_visitors_and_in_swedish(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Logga in" in response.text


def test_anonymous_visitor_reaches_nothing_but_the_login_page(client):
    for url in [reverse("dashboards:start"), reverse("plan"), reverse("admin:index")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response.url


def test_unknown_address_is_a_plain_not_found(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_wrong_password_gets_a_swedish_error(committee_member, client):
    response = client.post(reverse("login"), {"username": "lena", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text


def test_an_empty_field_is_named_in_swedish(client):
    page = client.post(reverse("login"), {"username": "", "password": ""}).text
    assert '<p class="field-error">Fyll i ditt användarnamn.</p>' in page
    assert '<p class="field-error">Fyll i ditt lösenord.</p>' in page
    assert "Detta fält måste fyllas i" not in page


def test_right_password_leads_to_the_start_page(committee_member, client):
    response = client.post(reverse("login"), {"username": "lena", "password": "test-password"})
    assert response.status_code == 302
    assert response.url == reverse("dashboards:start")


def test_english_can_be_chosen_instead(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Log in to gnu-plan" in client.get(reverse("login")).text


def test_browser_language_alone_does_not_switch_away_from_swedish(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Logga in i gnu-plan" in response.text


def test_logging_out_needs_a_post_and_ends_the_session(committee_member, client_for):
    client = client_for(committee_member)
    client.post(reverse("logout"))
    assert client.get(reverse("plan")).status_code == 302
