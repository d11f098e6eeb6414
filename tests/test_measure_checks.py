"""``manage.py check`` fails while the plan file and the measure declarations disagree."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db.models import Q

from reports.checks import check_measures_match_the_plan_file
from reports.measures import ADVERTISED, MEASURES, PROCUREMENT_PLAN, Kind, Measure
from tests.budget_helpers import plan_file_mapping


def _indicators(raw: dict) -> dict[str, dict]:
    entries = [i for goal in raw["goals"] for i in goal["indicators"]] + raw["key_figures"]
    return {entry["code"]: entry for entry in entries}


@pytest.fixture
def plan_file(tmp_path, settings):
    """A copy of the plan file to change, which the check then reads."""
    raw = plan_file_mapping()
    path = tmp_path / "plan.yaml"

    def write() -> None:
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        settings.PLAN_FILE = path

    return raw, write


def _error_ids() -> list[str]:
    return [error.id for error in check_measures_match_the_plan_file()]


def test_the_plan_file_and_the_declarations_agree():
    assert check_measures_match_the_plan_file() == []
    call_command("check")


def test_a_computed_indicator_without_a_measure_fails_the_check(plan_file):
    raw, write = plan_file
    _indicators(raw)["terminated-contracts"]["source"] = "register"
    write()
    assert _error_ids() == ["reports.E002"]
    with pytest.raises(SystemCheckError, match="terminated-contracts"):
        call_command("check")


def test_a_misspelt_code_in_the_plan_file_fails_the_check_both_ways(plan_file):
    raw, write = plan_file
    _indicators(raw)["review-appeals"]["code"] = "review-apeals"
    write()
    assert sorted(_error_ids()) == ["reports.E002", "reports.E003"]


def test_a_measure_for_an_indicator_entered_by_hand_fails_the_check(plan_file):
    raw, write = plan_file
    _indicators(raw)["cancelled-procurements"]["source"] = "manual"
    write()
    with pytest.raises(SystemCheckError, match="cancelled-procurements"):
        call_command("check")


def test_a_measure_that_names_no_indicator_fails_the_check(monkeypatch):
    monkeypatch.setitem(MEASURES, "reveiw-appeals", MEASURES["review-appeals"])
    assert _error_ids() == ["reports.E003"]
    with pytest.raises(SystemCheckError, match="reveiw-appeals"):
        call_command("check")


def test_a_measure_its_population_cannot_compute_fails_the_check(monkeypatch):
    monkeypatch.setitem(MEASURES, "review-appeals", Measure(ADVERTISED, Kind.MEAN))
    with pytest.raises(SystemCheckError, match="names the field it is the mean of"):
        call_command("check")


def test_a_food_indicator_followed_per_municipality_needs_figures_per_municipality(monkeypatch):
    monkeypatch.setitem(MEASURES, "organic-food-requirements", Measure(ADVERTISED, Kind.SHARE))
    with pytest.raises(SystemCheckError, match="per municipality"):
        call_command("check")


def test_the_procurement_plan_counts_its_delivered_items_as_a_share_and_nothing_else(monkeypatch):
    monkeypatch.setitem(
        MEASURES, "completed-as-planned", Measure(PROCUREMENT_PLAN, Kind.SHARE, Q(title="x"))
    )
    with pytest.raises(SystemCheckError, match="procurement plan counts its delivered items"):
        call_command("check")
    monkeypatch.setitem(MEASURES, "completed-as-planned", Measure(PROCUREMENT_PLAN, Kind.COUNT))
    with pytest.raises(SystemCheckError, match="cannot compute a count"):
        call_command("check")


def test_the_procurement_plans_figure_comes_from_the_register(plan_file):
    raw, write = plan_file
    _indicators(raw)["completed-as-planned"]["source"] = "budget"
    write()
    assert _error_ids() == ["reports.E004"]


def test_an_unreadable_plan_file_fails_the_check(tmp_path, settings):
    settings.PLAN_FILE = tmp_path / "missing.yaml"
    assert _error_ids() == ["reports.E001"]
