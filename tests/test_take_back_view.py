"""Taking a figure left out back into the quarter: reports:take_back, the head only."""

import pytest
from django.urls import reverse

from indicators.models import Indicator
from reports.models import LeftOutFigure
from reports.services import adopt_period, get_or_create_period

pytestmark = pytest.mark.django_db

CHECKLIST = reverse("reports:readiness", args=[2023, 2])
URL = reverse("reports:take_back", args=[2023, 2])


@pytest.fixture
def left_out(chef):
    return LeftOutFigure.objects.create(
        period=get_or_create_period(2023, 2),
        indicator=Indicator.objects.get(code="nai"),
        reason="Mätningen gjordes inte.",
        left_out_by=chef,
    )


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_only_the_chef_takes_a_figure_back(role, request, client_for, left_out):
    response = client_for(request.getfixturevalue(role)).post(URL, {"code": "nai"})
    assert response.status_code == 403
    assert LeftOutFigure.objects.filter(pk=left_out.pk).exists()


def test_the_chef_takes_a_figure_back_and_it_is_missing_again(chef, client_for, left_out):
    response = client_for(chef).post(URL, {"code": "nai"}, follow=True)
    assert response.redirect_chain[-1][0] == CHECKLIST
    assert "Uppgiften saknas igen tills den fylls i." in response.text
    assert not LeftOutFigure.objects.exists()
    assert "nai" in [i.code for i in response.context["readiness"].figures]
    assert left_out.history.first().history_type == "-"


def test_a_figure_taken_back_by_someone_else_first_is_said_so(chef, client_for, left_out):
    client = client_for(chef)
    client.post(URL, {"code": "nai"})
    response = client.post(URL, {"code": "nai"}, follow=True)
    assert "Uppgiften är inte utelämnad: någon annan tog redan med den igen." in response.text


def test_an_adopted_period_keeps_what_was_left_out(chef, client_for, left_out):
    adopt_period(get_or_create_period(2023, 2), chef)
    response = client_for(chef).post(URL, {"code": "nai"}, follow=True)
    assert "Perioden är fastställd; öppna den igen innan du ändrar den." in response.text
    assert LeftOutFigure.objects.filter(pk=left_out.pk).exists()
