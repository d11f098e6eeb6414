"""Dates written as each language writes them (gnu_plan/formats): never 11/29/2026."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

DAY = datetime.date(2026, 11, 29)
MOMENT = datetime.datetime(2026, 11, 29, 14, 5)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "DATE_FORMAT": "29 Nov 2026",
                "SHORT_DATE_FORMAT": "2026-11-29",
                "DATETIME_FORMAT": "29 Nov 2026 14:05",
                "SHORT_DATETIME_FORMAT": "2026-11-29 14:05",
            },
        ),
        (
            "sv",
            {
                "DATE_FORMAT": "29 november 2026",
                "SHORT_DATE_FORMAT": "2026-11-29",
                "DATETIME_FORMAT": "29 november 2026 14:05",
                "SHORT_DATETIME_FORMAT": "2026-11-29 14:05",
            },
        ),
    ],
)
def test_each_language_writes_dates_its_own_way(language, expected):
    with translation.override(language):
        written = {name: formats.date_format(MOMENT, name) for name in expected}
    assert written == expected


def test_english_accepts_iso_and_written_out_dates_but_not_american_ones():
    field = forms.DateField(localize=True)
    with translation.override("en"):
        assert field.clean("2026-11-29") == DAY
        assert field.clean("29 Nov 2026") == DAY
        with pytest.raises(forms.ValidationError):
            field.clean("11/29/2026")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "decided"), [("en", "2022-12-05"), ("sv", "2022-12-05")])
def test_the_plan_page_gives_the_decision_date_the_same_way_in_both_languages(
    language, decided, committee_member, client_for
):
    client = client_for(committee_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("plan")).text
    assert f'lang="{language}"' in page
    assert decided in page
    assert "12/05/2022" not in page and "12/5/2022" not in page
