"""Repeated failed logins lock one user name from one address out for a while."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")


def attempt(client, username, password, url=LOGIN, address="192.0.2.10", **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, times, username="lena", **kwargs):
    return [attempt(client, username, "wrong", **kwargs) for _ in range(times)][-1]


def swedish_time(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def test_the_fifth_failure_locks_out_with_a_swedish_message_saying_when_to_try_again(
    committee_member, client
):
    fourth = fail(client, 4)
    assert fourth.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in fourth.text
    fifth = attempt(client, "lena", "wrong")
    assert fifth.status_code == 429
    until = AccessAttempt.objects.get(username="lena").attempt_time + dt.timedelta(minutes=15)
    assert (
        "För många misslyckade inloggningar för användarnamnet ”lena” från din adress. "
        f"Försök igen efter kl. {swedish_time(until)}."
    ) in fifth.text


def test_a_locked_out_user_cannot_log_in_even_with_the_right_password(committee_member, client):
    fail(client, 5)
    response = attempt(client, "lena", "test-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_holds_for_that_user_name_from_that_address_only(
    committee_member, procurement_officer, client
):
    fail(client, 5, username="lena", address="192.0.2.10")
    assert attempt(client, "lena", "test-password", address="198.51.100.7").status_code == 302
    client.logout()
    assert attempt(client, "ulf", "test-password", address="192.0.2.10").status_code == 302


def test_the_lock_out_ends_after_the_cool_off(committee_member, client):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = attempt(client, "lena", "test-password")
    assert response.status_code == 302
    assert response.url == reverse("dashboards:start")


def test_a_successful_login_clears_the_count(committee_member, client):
    fail(client, 4)
    assert attempt(client, "lena", "test-password").status_code == 302
    client.logout()
    assert fail(client, 4).status_code == 200


def test_the_admin_login_is_no_way_around_the_lock_out(chef, client):
    """The admin's login form sends anonymous visitors to the login page, which locks."""
    fail(client, 5, username="cecilia")
    response = attempt(client, "cecilia", "test-password", url=ADMIN_LOGIN)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    assert attempt(client, "cecilia", "test-password", url=response.url).status_code == 429


def test_the_limit_and_the_cool_off_come_from_the_settings(committee_member, client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(hours=1)
    assert fail(client, 1).status_code == 200
    second = attempt(client, "lena", "wrong")
    assert second.status_code == 429
    until = AccessAttempt.objects.get(username="lena").attempt_time + dt.timedelta(hours=1)
    assert f"Försök igen efter kl. {swedish_time(until)}" in second.text


def test_behind_the_proxy_each_client_is_told_apart_by_the_address_the_proxy_adds(
    committee_member, client, settings
):
    settings.BEHIND_TLS_PROXY = True
    proxy = {"address": "127.0.0.1"}
    # A client's own X-Forwarded-For entries come first and are not believed.
    fail(client, 5, HTTP_X_FORWARDED_FOR="203.0.113.1, 192.0.2.10", **proxy)
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"
    locked = attempt(
        client, "lena", "test-password", HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.10", **proxy
    )
    assert locked.status_code == 429
    other_client = attempt(
        client, "lena", "test-password", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert other_client.status_code == 302


def test_without_the_proxy_setting_x_forwarded_for_is_ignored(committee_member, client):
    fail(client, 5, address="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"


def test_a_lock_out_is_logged_once_as_its_429_response(committee_member, client, caplog):
    fail(client, 4)
    caplog.clear()
    attempt(client, "lena", "wrong")
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("WARNING", "Too Many Requests: /login/")
    ]
