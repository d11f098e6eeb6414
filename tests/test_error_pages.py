"""Swedish error pages, as a production server (DEBUG off) shows them."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.failing_urls")]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["gnu-plan.example.se"]


def get(client, path, **extra):
    return client.get(path, HTTP_HOST="gnu-plan.example.se", **extra)


def test_a_request_for_an_unknown_host_gets_the_swedish_400_page():
    response = Client().get(reverse("login"), HTTP_HOST="elsewhere.example.com")
    assert response.status_code == 400
    assert '<html lang="sv">' in response.text
    assert "Begäran kunde inte förstås" in response.text
    assert "Gå tillbaka, ladda om sidan och försök igen." in response.text


def test_a_role_without_access_gets_the_swedish_403_page(committee_member, client_for):
    response = get(client_for(committee_member), reverse("procurements:create"))
    assert response.status_code == 403
    assert "Du har inte behörighet till den här sidan" in response.text


def test_an_unknown_address_gets_the_swedish_404_page(committee_member, client_for):
    response = get(client_for(committee_member), "/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_a_failing_page_gets_the_swedish_500_page():
    response = get(Client(raise_request_exception=False), "/fails/")
    assert response.status_code == 500
    assert '<html lang="sv">' in response.text
    assert "Något gick fel" in response.text
    assert "Försök igen om en stund" in response.text
    assert "this page always fails" not in response.text


def test_a_form_sent_without_its_csrf_token_gets_a_swedish_page_saying_what_to_do():
    client = Client(enforce_csrf_checks=True)
    get(client, reverse("login"))  # the CSRF cookie is set, but the token is not sent
    response = client.post(
        reverse("login"), {"username": "lena", "password": "x"}, HTTP_HOST="gnu-plan.example.se"
    )
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.text
    assert "ladda om sidan och försök igen" in response.text
    assert "kakor" not in response.text


def test_the_csrf_page_also_asks_for_cookies_when_the_browser_sent_none():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "lena", "password": "x"}, HTTP_HOST="gnu-plan.example.se"
    )
    assert response.status_code == 403
    assert "Webbläsaren måste också tillåta kakor" in response.text
