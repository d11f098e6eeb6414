import os
import subprocess
import sys

from django.conf import settings


def _settings_in_fresh_process(
    expression: str = "settings.DATABASES['default']['ENGINE']", **env
) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "CACHE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "gnu_plan.settings", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_sqlite_is_the_default_database_with_no_configuration():
    result = _settings_in_fresh_process()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "gnu_plan.sqlite3"  # Django's, with PostgreSQL's ranges


def test_database_url_switches_to_postgresql():
    result = _settings_in_fresh_process(DATABASE_URL="postgres://gnu@db.example:5432/gnu")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_postgresql_runs_without_jit():
    result = _settings_in_fresh_process(
        "settings.DATABASES['default']['OPTIONS']",
        DATABASE_URL="postgres://gnu@db.example:5432/gnu",
    )
    assert result.returncode == 0, result.stderr
    assert "-c jit=off" in result.stdout


def test_figures_are_cached_in_memory_unless_the_database_cache_is_chosen():
    backend = "settings.CACHES['default']['BACKEND']"
    assert _settings_in_fresh_process(backend).stdout.strip() == "gnu_plan.cache.ObjectMemoryCache"
    shared = _settings_in_fresh_process(backend, CACHE="database")
    assert shared.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    refused = _settings_in_fresh_process(backend, CACHE="redis")
    assert refused.returncode != 0
    assert "CACHE must be one of" in refused.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = _settings_in_fresh_process(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_swedish_is_the_default_language_and_stockholm_the_time_zone():
    assert settings.LANGUAGE_CODE == "sv"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.TIME_ZONE == "Europe/Stockholm"
