"""The head's adoption on the period page: the meeting's data, then a confirmation naming the period."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator
from reports import readiness, views
from reports.models import ArchivedReport, LeftOutFigure, Period
from tests.readiness_helpers import leave_out_missing_figures
from tests.report_helpers import normalised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def due_figures_left_out(db):
    """The committee adopts only a quarter whose due figures are entered or left out."""
    leave_out_missing_figures(2023, 4)


PERIOD = reverse("reports:period", args=[2023, 4])
ADOPT = reverse("reports:adopt", args=[2023, 4])
MEETING = {
    "version": 0,
    "meeting_date": "2024-02-13",
    "minute_paragraph": " §8 ",
    "registry_number": "  GNU   2024/3 ",
}


@pytest.fixture(autouse=True)
def archive_without_browser(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


def test_the_period_page_asks_the_head_for_the_meeting_date_paragraph_and_registry_number(
    chef, client_for
):
    page = client_for(chef).get(PERIOD).text

    assert 'type="date" name="meeting_date"' in page
    assert 'name="minute_paragraph"' in page
    assert 'name="registry_number"' in page


def test_the_first_step_asks_for_confirmation_naming_the_period_and_adopts_nothing(
    chef, client_for
):
    response = client_for(chef).post(ADOPT, MEETING)

    assert response.status_code == 200
    assert "Fastställ Kv4 2023?" in response.text
    assert "Ja, fastställ Kv4 2023" in response.text
    assert 'value="§ 8"' in response.text
    assert 'value="GNU 2024/3"' in response.text
    assert 'id="demo-warning"' not in response.text
    assert not Period.objects.filter(state="adopted").exists()


def test_the_confirmation_warns_loudly_when_demo_data_exists(chef, client_for):
    Period.objects.create(year=2024, quarter=1, is_demo=True)

    response = client_for(chef).post(ADOPT, MEETING)

    warning = response.text[response.text.index('id="demo-warning"') :].split("</div>")[0]
    assert 'role="alert"' in response.text
    assert "demodata" in warning


def test_the_confirmed_adoption_archives_the_report_with_the_meeting(chef, client_for):
    response = client_for(chef).post(ADOPT, {**MEETING, "confirmed": "on"}, follow=True)

    period = Period.objects.get(year=2023, quarter=4)
    assert period.is_adopted
    archived = ArchivedReport.objects.get(period=period)
    assert (archived.meeting_date, archived.minute_paragraph, archived.registry_number) == (
        datetime.date(2024, 2, 13),
        "§ 8",
        "GNU 2024/3",
    )
    assert archived.adopted_by == chef
    assert archived.short_sha256 in response.text
    assert reverse("reports:archived_pdf", args=[2023, 4, 1]) in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "minute_paragraph",
            "tolv",
            "Paragraf i protokollet (§): ange paragrafen som ett nummer, t.ex. 12 eller § 12.",
        ),
        ("minute_paragraph", "", "Paragraf i protokollet (§): fyll i fältet."),
        ("registry_number", "", "Diarienummer (dnr): fyll i fältet."),
        ("registry_number", "x" * 51, "Diarienummer (dnr): skriv högst 50 tecken."),
        (
            "meeting_date",
            "13/2/2024",
            "Datum för nämndens sammanträde: ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-11-29.",
        ),
        ("meeting_date", "", "Datum för nämndens sammanträde: ange ett datum."),
        (
            "meeting_date",
            "1999-12-31",
            "Datum för nämndens sammanträde: ange datumet för sammanträdet.",
        ),
    ],
)
def test_bad_meeting_data_gets_a_swedish_error_and_adopts_nothing(
    field, value, message, chef, client_for
):
    response = client_for(chef).post(ADOPT, {**MEETING, field: value, "confirmed": "on"})

    assert response.status_code == 400
    assert message in response.text
    assert not Period.objects.filter(state="adopted").exists()
    assert not ArchivedReport.objects.exists()


def test_a_meeting_date_far_in_the_future_is_refused(chef, client_for):
    later = timezone.localdate() + datetime.timedelta(days=30)

    response = client_for(chef).post(
        ADOPT, {**MEETING, "meeting_date": later.isoformat(), "confirmed": "on"}
    )

    assert response.status_code == 400
    assert (
        "Datum för nämndens sammanträde: datumet ligger mer än en vecka fram i tiden;"
        " registrera fastställandet vid sammanträdet." in response.text
    )
    assert not Period.objects.filter(state="adopted").exists()


@pytest.mark.parametrize("role", ["committee_member", "procurement_officer"])
def test_only_the_chef_adopts(role, request, client_for):
    response = client_for(request.getfixturevalue(role)).post(ADOPT, {**MEETING, "confirmed": "on"})

    assert response.status_code == 403
    assert not Period.objects.filter(state="adopted").exists()


# A due figure missing and not left out: refused with the list


def _take_back(code: str) -> str:
    """Take a left-out figure back in: missing again. Its name."""
    LeftOutFigure.objects.filter(
        period__year=2023, period__quarter=4, indicator__code=code
    ).delete()
    return Indicator.objects.get(code=code).name


@pytest.mark.parametrize("confirmed", [{}, {"confirmed": "on"}])
def test_a_due_figure_missing_refuses_the_adoption_with_the_list_in_swedish(
    confirmed, chef, client_for
):
    names = [_take_back("nai"), _take_back("work-placements")]

    response = client_for(chef).post(ADOPT, {**MEETING, **confirmed})

    assert response.status_code == 409
    text = normalised(re.sub(r"<[^>]+>", " ", response.text))
    assert "Kv4 2023 kan inte fastställas än" in text
    assert "De här uppgifterna ska rapporteras detta kvartal men saknas." in text
    for name in names:
        assert name in text
    assert "saknas för alla kommuner" in text
    assert reverse("reports:readiness", args=[2023, 4]) in response.text
    assert not Period.objects.filter(state="adopted").exists()
    assert not ArchivedReport.objects.exists()


def test_a_figure_taken_back_in_between_the_two_steps_refuses_the_adoption(
    chef, client_for, monkeypatch
):
    """The check in the view passes; the service, under the period's lock, refuses."""
    name = Indicator.objects.get(code="nai").name
    ready = readiness.missing_items(year=2023, quarter=4)
    monkeypatch.setattr(views, "missing_items", lambda **kwargs: ready)
    _take_back("nai")

    response = client_for(chef).post(ADOPT, {**MEETING, "confirmed": "on"})

    assert response.status_code == 409
    assert "Den här uppgiften ska rapporteras detta kvartal men saknas." in response.text
    assert name in response.text
    assert not Period.objects.filter(state="adopted").exists()
