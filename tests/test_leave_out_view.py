"""Leaving a due figure out of the quarter's report: reports:leave_out, the head only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator
from reports.models import EnteredValue, LeftOutFigure, Period
from reports.services import adopt_period, get_or_create_period
from tests.report_helpers import seen_text

pytestmark = pytest.mark.django_db

CHECKLIST = reverse("reports:readiness", args=[2023, 2])
URL = reverse("reports:leave_out", args=[2023, 2])
REASON = "Mätningen gjordes inte i år."


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(URL, {"code": "nai", "reason": REASON})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not LeftOutFigure.objects.exists()


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer", "user_without_role"])
def test_only_the_chef_leaves_a_figure_out(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).post(
        URL, {"code": "nai", "reason": REASON}
    )
    assert response.status_code == 403
    assert not LeftOutFigure.objects.exists()


def test_the_chef_leaves_a_figure_out_with_a_reason_and_is_told_so(chef, client_for):
    response = client_for(chef).post(URL, {"code": "nai", "reason": f"  {REASON} "}, follow=True)
    assert response.redirect_chain[-1][0] == CHECKLIST
    name = Indicator.objects.get(code="nai").name
    assert f"{name} utelämnas ur rapporten för kvartal 2 2023." in seen_text(response.text)
    mark = LeftOutFigure.objects.get()
    assert (mark.indicator.code, mark.reason, mark.left_out_by) == ("nai", REASON, chef)
    assert mark.period == Period.objects.get(year=2023, quarter=2)
    assert mark.history.get().history_user == chef
    assert "nai" not in [i.code for i in response.context["readiness"].figures]


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Ange varför uppgiften utelämnas."),
        ("   ", "Ange varför uppgiften utelämnas."),
        ("x" * 1001, "Skälet får vara högst 1 000 tecken."),
        ("noll\x00tecken", "Null-tecken är inte tillåtna."),
    ],
)
def test_a_reason_that_cannot_be_is_refused_beside_the_figure(reason, message, chef, client_for):
    response = client_for(chef).post(URL, {"code": "nai", "reason": reason})
    assert response.status_code == 400
    assert message in response.text
    assert '<details class="leave-out" open>' in response.text  # the figure's own form is open
    assert not LeftOutFigure.objects.exists()


@pytest.mark.parametrize("code", ["nki", "coordinated-share", "no-such-figure", ""])
def test_a_figure_not_due_or_not_missing_cannot_be_left_out(code, chef, client_for):
    response = client_for(chef).post(URL, {"code": code, "reason": REASON}, follow=True)
    assert "Ingenting ändrades: uppgiften saknas inte längre." in response.text
    assert not LeftOutFigure.objects.exists()


def test_a_figure_entered_meanwhile_is_not_left_out(chef, client_for):
    EnteredValue.objects.create(
        period=get_or_create_period(2023, 2),
        indicator=Indicator.objects.get(code="nai"),
        value=Decimal(4),
    )
    response = client_for(chef).post(URL, {"code": "nai", "reason": REASON}, follow=True)
    assert "Ingenting ändrades: uppgiften saknas inte längre." in response.text
    assert not LeftOutFigure.objects.exists()


def test_a_figure_left_out_by_someone_else_first_is_not_left_out_twice(chef, client_for):
    client = client_for(chef)
    client.post(URL, {"code": "nai", "reason": REASON})
    response = client.post(URL, {"code": "nai", "reason": "Annat skäl."}, follow=True)
    assert "Ingenting ändrades: uppgiften saknas inte längre." in response.text
    assert LeftOutFigure.objects.get().reason == REASON


def test_an_adopted_period_is_not_changed(chef, client_for):
    adopt_period(get_or_create_period(2023, 2), chef)
    response = client_for(chef).post(URL, {"code": "nai", "reason": REASON}, follow=True)
    assert "Perioden är fastställd; öppna den igen innan du ändrar den." in response.text
    assert not LeftOutFigure.objects.exists()


def test_leaving_out_a_figure_of_a_demo_period_makes_the_period_real(chef, client_for):
    Period.objects.create(year=2023, quarter=2, is_demo=True)
    client_for(chef).post(URL, {"code": "nai", "reason": REASON})
    assert not Period.objects.get(year=2023, quarter=2).is_demo
    assert LeftOutFigure.objects.count() == 1
