"""Benchmark: what the indicator page transfers on a first and a later visit.

Not a test: a script that sets the app up as in production (DEBUG off, static
files collected with hashed names and gzip/Brotli copies, served by WhiteNoise)
on a scratch SQLite database with one demo year, opens an indicator page in
Debian's Chromium with an empty cache, then again, and prints each response's
transferred bytes, Content-Encoding and Cache-Control.

    .venv/bin/python bench/page_transfer.py
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PAGE = "/indikatorer/organic-food-requirements/"
SETUP = """
from django.contrib.auth.models import Group, User
from accounts.roles import COMMITTEE_MEMBER
user = User.objects.create_user("bench", password="bench-password")
user.groups.add(Group.objects.get(name=COMMITTEE_MEMBER))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *arguments, stdin=None) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=REPO,
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
    )


def production_like_environment(scratch: Path) -> dict:
    (scratch / "bench_settings.py").write_text(
        textwrap.dedent(f"""
            from gnu_plan.settings import *  # noqa: F403
            STATIC_ROOT = {str(scratch / "static")!r}
        """)
    )
    return {
        **os.environ,
        "PYTHONPATH": f"{scratch}{os.pathsep}{REPO}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback, no TLS proxy here
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3",
    }


def visit(page, session, url) -> list[dict]:
    """Load the page and return, per response, its URL, bytes on the wire and headers."""
    sizes, responses, from_cache = {}, {}, set()
    session.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    session.on(
        "Network.responseReceived",
        lambda e: responses.__setitem__(e["requestId"], e["response"]),
    )
    session.on(
        "Network.requestServedFromCache",
        lambda e: from_cache.add(e["requestId"]),
    )
    page.goto(url)
    page.wait_for_selector("[data-chart-drawn]")
    page.wait_for_load_state("networkidle")
    rows = []
    for request_id, response in responses.items():
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        rows.append(
            {
                "url": urlsplit(response.get("url", "")).path,
                "bytes": sizes.get(request_id, 0),
                "cached": request_id in from_cache
                or response.get("fromDiskCache")
                or response.get("fromMemoryCache"),
                "encoding": headers.get("content-encoding", "-"),
                "cache": headers.get("cache-control", "-"),
            }
        )
    return rows


def report(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    for row in rows:
        where = "cache" if row["cached"] else f"{row['bytes']:>9,} B"
        print(f"  {where:>12}  {row['encoding']:>5}  {row['cache']:<32}  {row['url'][:70]}")
    total = sum(row["bytes"] for row in rows if not row["cached"])
    requests = sum(1 for row in rows if not row["cached"])
    print(f"  total: {total:,} bytes in {requests} requests over the network")


def main() -> None:
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="gnu-plan-transfer-"))
    server = None
    try:
        env = production_like_environment(scratch)
        manage(env, "migrate", "--noinput")
        manage(env, "load_plan")
        manage(env, "seed_demo", "--year", "2023", "--count", "250", "--seed", "42")
        manage(env, "shell", stdin=SETUP)
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"]
            )
            page = browser.new_page()
            page.goto(f"{base}/login/")
            page.fill("#id_username", "bench")
            page.fill("#id_password", "bench-password")
            page.locator("form.form button[type=submit]").click()
            page.wait_for_load_state()
            session = page.context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.clearBrowserCache")
            report(f"First visit of {PAGE} (empty cache)", visit(page, session, base + PAGE))
            report(f"Later visit of {PAGE}", visit(page, session, base + PAGE))
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
