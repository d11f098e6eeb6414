"""Shared fixtures: the plan loaded once per test database, and one user per role."""

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from accounts.roles import CHEF, COMMITTEE_MEMBER, PROCUREMENT_OFFICER
from tests.archive_helpers import quick_archived_reports


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_plan", stdout=io.StringIO())


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    fixtures = getattr(item, "fixturenames", ())
    return transactional or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database; reload the plan for the next test.

    Run alone, pytest-django puts these tests last, but spread over workers (pytest-xdist)
    a worker runs them between the others, which expect the plan loaded once per database.
    """
    result = yield
    if _flushes_the_database(item) and nextitem and not _flushes_the_database(nextitem):
        with item.config.stash[blocking_manager_key].unblock():
            call_command("load_plan", stdout=io.StringIO())
    return result


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language, whatever language a request before it chose."""
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def archive_root(tmp_path_factory):
    """Adopted reports are archived in a folder of the test run, never in ``var/archive``."""
    folder = tmp_path_factory.mktemp("archive")
    with override_settings(ARCHIVE_ROOT=folder):
        yield folder


@pytest.fixture(autouse=True)
def archived_reports_quickly(request):
    if request.node.get_closest_marker("archived_pdf"):
        yield
        return
    with quick_archived_reports():
        yield


def _user_in(role: str | None, username: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="test-password", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def chef(db):
    return _user_in(CHEF, "cecilia", first_name="Cecilia", is_staff=True)


@pytest.fixture
def procurement_officer(db):
    return _user_in(PROCUREMENT_OFFICER, "ulf", first_name="Ulf")


@pytest.fixture
def committee_member(db):
    return _user_in(COMMITTEE_MEMBER, "lena", first_name="Lena")


@pytest.fixture
def admin_user(db):
    return _user_in(None, "adam", is_staff=True, is_superuser=True)


@pytest.fixture
def user_without_role(db):
    return _user_in(None, "nils")


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user: ``client_for(chef).get(...)``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests sign users in many times; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: none depends on what another one computed."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_queries(django_assert_max_num_queries, django_assert_num_queries):
    """Pin a page's queries at two register sizes: ``page_queries(client, url, most=, grow=)``.

    The first request after a write computes the page's figures (at most
    ``most`` queries), a second reads them from the cache (fewer); after
    ``grow()`` enlarges the register both take exactly as many queries as
    before. Returns the last response.
    """

    def check(client, url: str, *, most: int, grow: Callable[[], None]):
        with django_assert_max_num_queries(most) as computing:
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(len(computing) - 1) as cached:
            assert client.get(url).status_code == 200
        grow()
        with django_assert_num_queries(len(computing)):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(len(cached)):
            response = client.get(url)
        assert response.status_code == 200
        return response

    return check
