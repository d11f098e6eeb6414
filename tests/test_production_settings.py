"""Production settings: what the environment turns on, and `check --deploy` with the README's."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SETTINGS_OF_INTEREST = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "ARCHIVE_ROOT",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "EMAIL_BACKEND",
    "SITE_URL",
    "REMINDER_DAYS_BEFORE_DEADLINE",
]
PRINT_SETTINGS = f"""
import json, django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {SETTINGS_OF_INTEREST!r}}}, default=str))
"""
A_SECRET_KEY = secrets.token_urlsafe(50)


def _run(arguments: list[str], **env) -> subprocess.CompletedProcess:
    """A fresh process with only the given variables (as systemd would start it)."""
    return subprocess.run(
        arguments,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "gnu_plan.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def settings_with(**env) -> dict:
    result = _run([sys.executable, "-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def documented_production_environment() -> dict[str, str]:
    """The variables of the README's example environment file."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```ini\n# /etc/gnu-plan/env\n(.*?)```", readme, re.DOTALL)
    assert block, "README has no example environment file"
    lines = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": A_SECRET_KEY, "ALLOWED_HOSTS": "gnu.example.se"}


def test_check_deploy_is_silent_with_the_documented_production_settings():
    environment = documented_production_environment()
    assert environment["DEBUG"] == "false"
    environment["SECRET_KEY"] = A_SECRET_KEY  # the README shows how to make one, not one
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **environment
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_is_https_only_by_default():
    production = settings_with(**PRODUCTION)
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] is None


def test_behind_a_tls_proxy_its_x_forwarded_proto_header_is_trusted():
    production = settings_with(**PRODUCTION, BEHIND_TLS_PROXY="true")
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_https_settings_can_be_set_one_by_one():
    production = settings_with(
        **PRODUCTION,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="no",
    )
    assert production["SECURE_SSL_REDIRECT"] is False
    assert production["SECURE_HSTS_SECONDS"] == 3600
    assert production["SECURE_HSTS_PRELOAD"] is False


def test_a_malformed_hsts_duration_refuses_to_start():
    result = _run([sys.executable, "-c", PRINT_SETTINGS], **PRODUCTION, SECURE_HSTS_SECONDS="1y")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number" in result.stderr


def test_development_needs_no_https_and_no_configuration():
    development = settings_with()
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["SESSION_COOKIE_SECURE"] is False


def test_the_archive_is_under_var_unless_configured():
    assert settings_with()["ARCHIVE_ROOT"] == str(Path(settings.BASE_DIR) / "var" / "archive")
    configured = settings_with(ARCHIVE_ROOT="/var/lib/gnu-plan/archive")
    assert configured["ARCHIVE_ROOT"] == "/var/lib/gnu-plan/archive"


def test_the_lock_out_limit_and_duration_come_from_the_environment():
    default = settings_with()
    assert default["AXES_FAILURE_LIMIT"] == 5
    assert default["AXES_COOLOFF_TIME"] == "0:15:00"
    configured = settings_with(LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="60")
    assert configured["AXES_FAILURE_LIMIT"] == 3
    assert configured["AXES_COOLOFF_TIME"] == "1:00:00"


def test_reminders_are_written_to_the_console_in_development_and_mailed_in_production():
    assert settings_with()["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    production = settings_with(**PRODUCTION, SITE_URL="https://gnu.example.se/")
    assert production["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert production["SITE_URL"] == "https://gnu.example.se"


def test_the_days_of_reminders_before_a_deadline_come_from_the_environment():
    assert settings_with()["REMINDER_DAYS_BEFORE_DEADLINE"] == 7
    assert settings_with(REMINDER_DAYS_BEFORE_DEADLINE="10")["REMINDER_DAYS_BEFORE_DEADLINE"] == 10
    for value, message in (("-1", "must be 0 or more"), ("en vecka", "must be a whole number")):
        result = _run([sys.executable, "-c", PRINT_SETTINGS], REMINDER_DAYS_BEFORE_DEADLINE=value)
        assert result.returncode != 0
        assert f"REMINDER_DAYS_BEFORE_DEADLINE {message}" in result.stderr
