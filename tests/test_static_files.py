"""plotly.js and the other static files are served by the app: compressed, cacheable, no CDN."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from plotly.offline import get_plotlyjs_version

PLOTLY = Path(settings.BASE_DIR) / "static" / "vendor" / "plotly"
YEAR_IN_SECONDS = 365 * 24 * 60 * 60


def _version(source: bytes) -> str:
    return (
        re.search(rb"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", source[:300])
        .group(1)
        .decode()
    )


def test_the_vendored_plotly_js_is_the_version_of_the_python_package():
    assert _version((PLOTLY / "plotly-basic.min.js").read_bytes()) == get_plotlyjs_version()
    assert "MIT License" in (PLOTLY / "LICENSE").read_text()


def test_the_app_serves_plotly_js_itself(client):
    response = client.get(static("vendor/plotly/plotly-basic.min.js"))
    assert response.status_code == 200
    assert _version(b"".join(response.streaming_content)) == get_plotlyjs_version()


def test_production_settings_serve_static_files_through_whitenoise_with_hashed_names():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); "
        "middleware = settings.MIDDLEWARE; "
        "print(middleware[middleware.index('django.middleware.security.SecurityMiddleware') + 1])"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "gnu_plan.settings",
            "DEBUG": "false",
            "SECRET_KEY": "x",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "gnu_plan.storage.StaticFilesStorage",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


@pytest.fixture
def collected(settings, tmp_path):
    """Static files collected as in production (plotly.js itself left out: compressing it is slow)."""
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "gnu_plan.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command(
        "collectstatic", interactive=False, verbosity=0, ignore_patterns=["plotly-basic.min.js"]
    )
    return tmp_path


def test_collected_static_files_are_compressed_and_cached_for_years(collected, client):
    url = static("js/charts.js")
    assert re.fullmatch(r"/static/js/charts\.[0-9a-f]{12}\.js", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= YEAR_IN_SECONDS
    assert (collected / url.removeprefix("/static/")).with_suffix(".js.gz").exists()


def test_a_file_never_collected_is_linked_by_its_plain_name_instead_of_failing_the_page(
    settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "gnu_plan.storage.StaticFilesStorage"},
    }
    assert static("css/gnu_plan.css") == "/static/css/gnu_plan.css"
