"""Helpers for the budget tests: the plan file's budget section, loaded on demand.

The shared fixtures load the plan; the budget is loaded here through the budget
app's own loader, so these tests do not depend on ``load_plan`` calling it.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from budget.loading import load_budget, read_budget_section

PLAN_FILE = Path(settings.BASE_DIR) / "indicators" / "data" / "namndplan-2023-2025.yaml"


def plan_file_mapping() -> dict:
    return yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))


def load_real_budget():
    return load_budget(read_budget_section(plan_file_mapping()))


def swedish(msgid: str) -> str:
    """A UI text as Swedish users read it (the msgid itself until it is translated)."""
    with translation.override("sv"):
        return gettext(msgid)
