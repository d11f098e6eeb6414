"""The demo banner on every page while demo rows exist (``demo.context_processors``)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from demo.context_processors import demo_data, demo_data_present
from tests.procurement_helpers import make_procurement

pytestmark = pytest.mark.django_db


def test_demo_banner_is_shown_on_every_page_while_demo_data_exists(committee_member, client_for):
    make_procurement(is_demo=True)
    client = client_for(committee_member)
    for url in (reverse("dashboards:start"), reverse("plan"), reverse("procurements:list")):
        page = client.get(url).text
        assert 'class="demo-banner" role="status"' in page, url


def test_no_demo_banner_without_demo_data(committee_member, client_for):
    make_procurement()
    page = client_for(committee_member).get(reverse("procurements:list")).text
    assert "demo-banner" not in page


def test_the_context_processor_asks_only_when_used_and_once_per_data_version(
    django_assert_num_queries,
):
    make_procurement(is_demo=True)
    context = demo_data(RequestFactory().get("/"))
    with django_assert_num_queries(0):
        flag = context["demo_data_present"]
    with django_assert_num_queries(2):  # the data version, then the EXISTS
        assert bool(flag) is True
    with django_assert_num_queries(1):  # the data version: the answer is cached under it
        assert bool(demo_data(RequestFactory().get("/"))["demo_data_present"]) is True


def test_the_banner_goes_with_the_last_demo_row(committee_member, client_for):
    procurement = make_procurement(is_demo=True)
    client = client_for(committee_member)
    assert "demo-banner" in client.get(reverse("dashboards:start")).text
    procurement.delete()
    assert "demo-banner" not in client.get(reverse("dashboards:start")).text


def test_demo_data_is_present_only_when_a_demo_row_exists():
    make_procurement()
    assert demo_data_present() is False
    make_procurement(is_demo=True)
    assert demo_data_present() is True
