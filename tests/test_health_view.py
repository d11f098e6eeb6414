"""/healthz: the load balancer's question "is this server and its database up?"."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_without_a_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_asks_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        client.get("/healthz")
    assert queries.captured_queries[0]["sql"] == "SELECT 1"


def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert [record.getMessage() for record in caplog.records] == [
        "Health check failed: the database did not answer (connection refused)"
    ]


def test_the_load_balancer_reaches_it_by_address_over_plain_http_in_production(client, settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["gnu-plan.example.se"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_other_addresses_still_go_through_host_validation_and_the_https_redirect(client, settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["gnu-plan.example.se"]
    assert client.get("/healthz/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    response = client.get("/login/", HTTP_HOST="gnu-plan.example.se")
    assert response.status_code == 301
    assert response.url == "https://gnu-plan.example.se/login/"
