"""An adopted period keeps the targets it was judged against, whatever the admin changes later.

Targets are changed the way people change them: by posting the indicator's
change form in the admin (its targets are edited inline). The adopted
follow-up still shows and judges against the target it was adopted against,
and notes today's target; an open period follows the admin at once.
"""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.fulfilment import Status
from indicators.models import Indicator, Municipality, Target
from procurements.models import Procurement
from reports.follow_up import period_follow_up
from reports.models import AdoptedValue, Period
from reports.services import adopt_period, get_or_create_period, reopen_period
from tests.admin_helpers import admin_form_data

pytestmark = pytest.mark.django_db

NBSP = "\xa0"
PERIOD = reverse("reports:period", args=[2023, 4])


@pytest.fixture
def demo_year(db):
    call_command("seed_demo", year=2023, count=120, seed=3, stdout=io.StringIO())


def _post_target_change(client, code: str, *, year: int = 2023, **changes) -> None:
    """Change the UhC-wide target of a year in the indicator's admin change form."""
    indicator = Indicator.objects.get(code=code)
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = admin_form_data(client.get(url))
    index = next(
        i
        for i in range(int(data["targets-TOTAL_FORMS"]))
        if data[f"targets-{i}-year"] == str(year) and not data.get(f"targets-{i}-municipality")
    )
    data |= {f"targets-{index}-{name}": value for name, value in changes.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def _shown(follow_up) -> dict:
    """Everything the follow-up shows of each indicator that a target decides."""
    return {
        i.code: (
            i.text,
            i.status,
            i.target_text,
            i.expected_text,
            i.progress_text,
            [(m.text, m.status, m.target_text) for m in i.municipalities],
        )
        for i in follow_up.indicators
    } | {("goal", g.number): g.status for g in follow_up.goals}


def _coordinated_share() -> Decimal:
    """The share of 2023's completed procurements made for two municipalities or more."""
    completed = Procurement.objects.filter(completed_on__year=2023).prefetch_related(
        "municipalities"
    )
    several = [p for p in completed if len(p.municipalities.all()) >= 2]
    return Decimal(len(several)) * 100 / len(completed)


def _judged(share: Decimal, at_least: Decimal) -> Status:
    """An "at least" target: met at it, partly met within 10 % of it."""
    if share >= at_least:
        return Status.MET
    return Status.PARTLY_MET if share >= at_least * Decimal("0.9") else Status.NOT_MET


def _followed(follow_up, code: str):
    return next(i for i in follow_up.indicators if i.code == code)


def test_a_target_changed_in_the_admin_leaves_the_adopted_page_as_adopted_with_a_note(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    share = _coordinated_share()
    assert _followed(period_follow_up(2023, 4), "coordinated-share").status == _judged(
        share, Decimal(80)
    )
    before = _shown(client_for(committee_member).get(PERIOD).context["follow_up"])
    # A target the share would be judged differently against.
    changed = Decimal(int(share) - 1) if share < 80 else Decimal(100)
    assert _judged(share, changed) != _judged(share, Decimal(80))

    _post_target_change(client_for(admin_user), "coordinated-share", value=str(changed))

    response = client_for(committee_member).get(PERIOD)
    follow_up = response.context["follow_up"]
    assert _shown(follow_up) == before
    coordinated = _followed(follow_up, "coordinated-share")
    assert coordinated.target_text == f"≥{NBSP}80{NBSP}%"
    assert coordinated.status == _judged(share, Decimal(80))
    note = f"Målet har ändrats efter fastställandet: nu ≥{NBSP}{changed:.0f}{NBSP}%"
    assert coordinated.target_change_note == note
    assert note in response.text
    assert [i.code for i in follow_up.changed_targets] == ["coordinated-share"]
    assert "Mål som ändrats efter att perioden fastställdes" in response.text


def test_an_open_period_follows_a_target_changed_in_the_admin(
    admin_user, committee_member, client_for, demo_year
):
    _post_target_change(client_for(admin_user), "coordinated-share", value="100")

    follow_up = client_for(committee_member).get(PERIOD).context["follow_up"]
    coordinated = _followed(follow_up, "coordinated-share")
    assert coordinated.target_text == f"≥{NBSP}100{NBSP}%"
    assert coordinated.status == _judged(_coordinated_share(), Decimal(100))
    assert coordinated.target_change_note == ""


def test_what_is_expected_by_the_quarter_stays_the_adopted_targets_share(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 2), chef)

    _post_target_change(client_for(admin_user), "tenderers-contacted", value="80")

    url = reverse("reports:period", args=[2023, 2])
    contacted = _followed(
        client_for(committee_member).get(url).context["follow_up"], "tenderers-contacted"
    )
    # At least 50 in the year: half of it by the end of June.
    assert contacted.expected_text == "25"
    assert contacted.target_text == f"≥{NBSP}50"
    assert contacted.target_change_note.endswith(f"nu ≥{NBSP}80")


def test_a_target_deleted_in_the_admin_is_still_the_adopted_one_and_the_page_says_so(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)

    _post_target_change(client_for(admin_user), "coordinated-share", DELETE="on")

    assert not Target.objects.filter(indicator__code="coordinated-share", year=2023).exists()
    response = client_for(committee_member).get(PERIOD)
    coordinated = _followed(response.context["follow_up"], "coordinated-share")
    assert coordinated.target_text == f"≥{NBSP}80{NBSP}%"
    assert coordinated.status == _judged(_coordinated_share(), Decimal(80))
    assert "Målet togs bort efter fastställandet." in response.text


def test_an_indicator_changed_in_the_admin_leaves_the_adopted_judgement(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    before = _shown(client_for(committee_member).get(PERIOD).context["follow_up"])
    indicator = Indicator.objects.get(code="coordinated-share")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    client = client_for(admin_user)
    data = admin_form_data(client.get(url)) | {"partly_met_band": "0.5"}

    assert client.post(url, data).status_code == 302

    indicator.refresh_from_db()
    assert indicator.partly_met_band == Decimal("0.5")
    assert _shown(client_for(committee_member).get(PERIOD).context["follow_up"]) == before


def test_adopting_again_after_reopening_judges_against_todays_target(
    chef, admin_user, client_for, demo_year
):
    period = adopt_period(get_or_create_period(2023, 4), chef)
    _post_target_change(client_for(admin_user), "coordinated-share", value="100")
    reopen_period(period, chef, "Målet rättat i planen")

    adopt_period(period, chef)

    coordinated = _followed(period_follow_up(2023, 4), "coordinated-share")
    assert coordinated.target_text == f"≥{NBSP}100{NBSP}%"
    assert coordinated.status == _judged(_coordinated_share(), Decimal(100))
    assert coordinated.target_change_note == ""
    adopted = AdoptedValue.objects.get(
        period=period, indicator__code="coordinated-share", municipality=None
    )
    assert (adopted.target_kind, adopted.target_comparator, adopted.target_value) == (
        "comparison",
        "gte",
        Decimal(100),
    )


def test_a_municipalitys_page_shows_the_adopted_target_and_notes_todays(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    falun_page = reverse("dashboards:municipality_period", args=[2023, 4, "2080"])
    before = client_for(committee_member).get(falun_page).context["page"].indicators

    _post_target_change(client_for(admin_user), "organic-food-requirements", value="60")

    response = client_for(committee_member).get(falun_page)
    after = response.context["page"].indicators
    organic = next(row for row in after if row.code == "organic-food-requirements")
    assert organic.target_text == f"≥{NBSP}50{NBSP}% (olika mål per samverkande kommun)"
    assert organic.target_is_uhc_wide
    assert organic.target_change_note.startswith(
        f"Målet har ändrats efter fastställandet: nu ≥{NBSP}60{NBSP}%"
    )
    assert organic.target_change_note in response.text
    assert [(r.text, r.status, r.target_text) for r in after] == [
        (r.text, r.status, r.target_text) for r in before
    ]


def test_a_municipalitys_own_target_added_after_adoption_is_noted_not_judged(
    chef, admin_user, committee_member, client_for, demo_year
):
    adopt_period(get_or_create_period(2023, 4), chef)
    falun = Municipality.objects.get(code="2080")
    adopted = AdoptedValue.objects.get(
        period__year=2023, indicator__code="organic-food-requirements", municipality=falun
    )
    Target.objects.create(
        plan=Target.objects.filter(year=2023).first().plan,
        indicator=Indicator.objects.get(code="organic-food-requirements"),
        year=2023,
        municipality=falun,
        comparator=Target.Comparator.AT_LEAST,
        value=Decimal(100),
    )

    follow_up = period_follow_up(2023, 4)
    organic = _followed(follow_up, "organic-food-requirements")
    falun_value = next(m for m in organic.municipalities if m.municipality_id == falun.pk)
    assert falun_value.status == Status(adopted.status)
    assert falun_value.target_is_uhc_wide
    assert falun_value.target_change_note == (
        f"Målet har ändrats efter fastställandet: nu ≥{NBSP}100{NBSP}%"
    )
    assert organic.target_change_note == ""


# Periods adopted before targets were kept


def _migration():
    return importlib.import_module("reports.migrations.0004_adopted_targets_and_rows")


def test_the_migration_keeps_the_target_as_it_stood_at_adoption(chef, admin_user, client_for):
    period = Period.objects.create(year=2023, quarter=4, state="adopted", adopted_at=timezone.now())
    coordinated = Indicator.objects.get(code="coordinated-share")
    organic = Indicator.objects.get(code="organic-food-requirements")
    falun = Municipality.objects.get(code="2080")
    values = [
        AdoptedValue.objects.create(period=period, indicator=coordinated, status="met"),
        AdoptedValue.objects.create(
            period=period, indicator=organic, municipality=falun, status="not_met"
        ),
        AdoptedValue.objects.create(
            period=period, indicator=Indicator.objects.get(code="nai"), status="no_target"
        ),
    ]
    _post_target_change(client_for(admin_user), "coordinated-share", value="90")

    _migration().keep_targets_of_adopted_values(django_apps, None)

    for value in values:
        value.refresh_from_db()
    assert (values[0].target_kind, values[0].target_comparator, values[0].target_value) == (
        "comparison",
        "gte",
        Decimal(80),
    )
    assert (values[1].target_value, values[1].target_is_uhc_wide) == (Decimal(50), True)
    assert values[1].target_note == "olika mål per samverkande kommun"
    assert (values[2].target_kind, values[2].target_value) == ("zero", None)
    assert not any(value.rows_kept for value in values)


def test_the_migration_takes_the_earliest_known_target_for_an_adoption_before_the_history(
    admin_user, client_for
):
    period = Period.objects.create(
        year=2023,
        quarter=4,
        state="adopted",
        adopted_at=timezone.now() - datetime.timedelta(days=900),
    )
    coordinated = Indicator.objects.get(code="coordinated-share")
    value = AdoptedValue.objects.create(period=period, indicator=coordinated, status="met")
    _post_target_change(client_for(admin_user), "coordinated-share", value="90")

    _migration().keep_targets_of_adopted_values(django_apps, None)

    value.refresh_from_db()
    assert value.target_value == Decimal(80)
