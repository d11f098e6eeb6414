"""The history of the plan itself: goals, indicators, targets, baselines, assignments,
municipalities, the plan and the procurement categories keep every change with who
and when, and the admin, where they are edited, shows it (admin:<model>_history)."""

import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Assignment, Baseline, Goal, Indicator, Municipality, Plan, Target
from indicators.plan_file import read_plan_file
from indicators.plan_loading import LOADED_REASON, load_plan
from loaders.management.commands.load_plan import DEFAULT_PLAN_FILE
from procurements.models import Category
from tests.admin_helpers import admin_form_data

pytestmark = pytest.mark.django_db

PLAN_MODELS = (Municipality, Goal, Plan, Indicator, Target, Baseline, Assignment)


def _changed_copy(tmp_path, change) -> str:
    raw = yaml.safe_load(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "changed-plan.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _indicator_in(raw: dict, code: str) -> dict:
    goal_indicators = [i for goal in raw["goals"] for i in goal.get("indicators", [])]
    return next(i for i in [*goal_indicators, *raw["key_figures"]] if i["code"] == code)


# The plan loader


def test_loading_the_plan_kept_every_row_in_the_history_with_the_loaders_reason():
    for model in PLAN_MODELS:
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model.__name__
        assert set(created.values_list("history_change_reason", flat=True)) == {LOADED_REASON}
        assert not created.filter(history_user__isnull=False).exists()


def test_loading_the_same_plan_again_writes_no_history():
    historical = [model.history.model for model in PLAN_MODELS]
    before = {model: model.objects.count() for model in historical}

    call_command("load_plan", stdout=io.StringIO())

    assert {model: model.objects.count() for model in historical} == before


def test_a_revised_plan_keeps_each_change_with_the_loaders_reason(tmp_path):
    target = Target.objects.get(indicator__code="coordinated-share", year=2023)
    before = target.value

    def change(raw):
        _indicator_in(raw, "coordinated-share")["targets"][0]["value"] = 85
        del raw["assignments"][2]

    load_plan(read_plan_file(_changed_copy(tmp_path, change)))

    changed = target.history.latest("history_date")
    assert (changed.history_type, changed.value) == ("~", Decimal(85))
    assert changed.prev_record.value == before
    assert changed.history_change_reason == LOADED_REASON
    deleted = Assignment.history.filter(history_type="-")
    assert deleted.count() == 1
    assert deleted.get().history_change_reason == LOADED_REASON


def test_a_plan_that_drops_an_indicator_records_the_plans_new_membership(tmp_path):
    plan = Plan.objects.get(code="namndplan-2023-2025")
    records = plan.history.count()

    def change(raw):
        social = next(goal for goal in raw["goals"] if goal["code"] == "social-sustainability")
        social["indicators"] = [
            i for i in social["indicators"] if i["code"] != "reserved-procurements"
        ]

    load_plan(read_plan_file(_changed_copy(tmp_path, change)))

    latest = plan.history.latest("history_date")
    assert plan.history.count() > records
    assert latest.history_change_reason == LOADED_REASON
    codes = set(latest.indicators.values_list("indicator__code", flat=True))
    assert "reserved-procurements" not in codes
    assert "coordinated-share" in codes


# The admin, where the plan is edited


def test_an_indicator_changed_in_the_admin_is_kept_with_who_and_shown_in_its_history(
    chef, client_for
):
    client = client_for(chef)
    indicator = Indicator.objects.get(code="contract-follow-ups")
    change_url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = admin_form_data(client.get(change_url))
    assert data["targets-0-value"] == "250.00"
    data["name"] = "Antal avtalsuppföljningar med leverantörer"
    data["targets-0-value"] = "260"

    response = client.post(change_url, data)

    assert response.status_code == 302, response.context["errors"]
    record = indicator.history.latest("history_date")
    assert record.history_user == chef
    history = client.get(reverse("admin:indicators_indicator_history", args=[indicator.pk]))
    assert history.status_code == 200
    content = history.content.decode()
    assert "cecilia" in content
    assert "Antal avtalsuppföljningar med leverantörer" in content
    assert "Ändringar av dess mål" in content
    target_changes = dict(history.context["inline_histories"])["Ändringar av dess mål"]
    [target_change] = target_changes[:1]
    assert target_change.who == "Cecilia"
    assert [(c["old"], c["new"]) for c in target_change.changes] == [("250,00", "260,00")]


def test_the_history_page_says_who_loaded_the_plan_in_swedish(chef, client_for):
    goal = Goal.objects.get(code="save-money")
    content = (
        client_for(chef)
        .get(reverse("admin:indicators_goal_history", args=[goal.pk]))
        .content.decode()
    )
    assert "Inläst från planens datafil" in content
    assert "skapad" in content


@pytest.mark.parametrize(
    "model, url_name",
    [
        (Municipality, "admin:indicators_municipality_history"),
        (Plan, "admin:indicators_plan_history"),
        (Goal, "admin:indicators_goal_history"),
        (Assignment, "admin:indicators_assignment_history"),
    ],
)
def test_every_part_of_the_plan_has_a_history_page_in_the_admin(
    model, url_name, admin_user, client_for
):
    response = client_for(admin_user).get(reverse(url_name, args=[model.objects.first().pk]))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


def test_a_category_renamed_in_the_admin_is_kept_with_who(admin_user, client_for):
    category = Category.objects.create(name="Livsmedel", order=1)
    client = client_for(admin_user)
    response = client.post(
        reverse("admin:procurements_category_change", args=[category.pk]),
        {"name": "Livsmedel och måltider", "order": "1"},
    )
    assert response.status_code == 302
    record = category.history.latest("history_date")
    assert (record.name, record.history_user) == ("Livsmedel och måltider", admin_user)
    history = client.get(reverse("admin:procurements_category_history", args=[category.pk]))
    assert "Livsmedel och måltider" in history.content.decode()
