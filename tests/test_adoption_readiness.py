"""The committee's adoption waits for every due figure: entered, or left out with a reason."""

import datetime

import pytest

from reports.archive import Meeting
from reports.models import AdoptedValue, ArchivedReport, Period
from reports.readiness import NotReady, missing_items
from reports.services import adopt_period, get_or_create_period
from tests.readiness_helpers import leave_out_missing_figures

pytestmark = pytest.mark.django_db

MEETING = Meeting(datetime.date(2023, 9, 12), "§ 52", "GNU 2023/38")


@pytest.fixture(autouse=True)
def archive_without_browser(settings, tmp_path):
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.REPORT_CACHE_DIR = tmp_path / "cache"
    settings.CHART_BROWSER_PATH = str(tmp_path / "no-chromium")


def test_the_adoption_is_refused_while_a_due_figure_is_missing_and_names_each(chef):
    missing = [item.code for item in missing_items(year=2023, quarter=2).figures]
    with pytest.raises(NotReady) as refusal:
        adopt_period(get_or_create_period(2023, 2), chef, meeting=MEETING)
    assert [item.code for item in refusal.value.figures] == missing
    assert not Period.objects.get(year=2023, quarter=2).is_adopted
    assert not AdoptedValue.objects.exists()
    assert not ArchivedReport.objects.exists()


def test_with_every_missing_figure_left_out_the_period_is_adopted(chef):
    assert leave_out_missing_figures(2023, 2, by=chef)
    adopt_period(get_or_create_period(2023, 2), chef, meeting=MEETING)
    assert Period.objects.get(year=2023, quarter=2).is_adopted
    assert ArchivedReport.objects.count() == 1


def test_freezing_the_figures_without_the_committees_meeting_is_not_checked(chef):
    adopt_period(get_or_create_period(2023, 2), chef)
    assert Period.objects.get(year=2023, quarter=2).is_adopted
