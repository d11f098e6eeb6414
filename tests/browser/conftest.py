"""End-to-end tests in Debian's Chromium, driven by Playwright.

Playwright cannot download its own browsers here, so it is pointed at the
system Chromium. Without one, browser tests are skipped with the reason shown;
with GNU_PLAN_REQUIRE_BROWSER=1 (set by CI) a missing Chromium is an error.
"""

import io
import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEVERE_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if os.path.exists(CHROMIUM) or not browser_items:
        return
    if os.environ.get("GNU_PLAN_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but Chromium is missing at {CHROMIUM}")
    reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture
def loaded_plan(transactional_db):
    """Live-server tests run in transactions that are flushed afterwards: load the plan each time."""
    call_command("load_plan", stdout=io.StringIO())


@pytest.fixture
def sign_in(page, live_server, loaded_plan):
    """Sign in through the login form as a user whose password is "test-password"."""

    def sign_in_as(user):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill("test-password")
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_load_state()
        return page

    return sign_in_as


def severe_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, as readable lines."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in SEVERE_IMPACTS
    ]
