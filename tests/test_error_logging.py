"""A failed request is logged once: one line, one traceback, whatever DEBUG is."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

REQUEST_A_FAILING_PAGE = """
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings

with override_settings(ROOT_URLCONF="tests.failing_urls"):
    response = Client(raise_request_exception=False).get(
        "/fails/", HTTP_HOST="gnu-plan.example.se", secure=True
    )
print(response.status_code)
"""


@pytest.mark.parametrize("debug", ["true", "false"])
def test_a_failing_page_writes_one_error_line_with_one_traceback(debug):
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_A_FAILING_PAGE],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "gnu_plan.settings",
            "DEBUG": debug,
            "SECRET_KEY": "a-key-for-this-test-only-" + "x" * 40,
            "ALLOWED_HOSTS": "gnu-plan.example.se",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == "500", result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("ERROR")] == [
        "ERROR django.request: Internal Server Error: /fails/"
    ]
    assert result.stderr.count("Traceback (most recent call last)") == 1
    assert lines[-1] == "tests.failing_urls.PageFailed: this page always fails"
