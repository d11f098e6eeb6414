"""Benchmark: the server time of every dashboard page at 250 and 50 000 procurements.

Not a test: a script that prints, for each page the committee reads, the
median time Django takes to answer it (middleware, view, template; no network)
at each register size, with the ratio of the largest size to the smallest, and
the cold time: the first request after a write to the register, when the
page's figures are computed again. Pages not in this version of the app are
listed as absent. Runs on a scratch database: a temporary SQLite file, or the
database given with --database-url, which is emptied first.

    .venv/bin/python bench/dashboards.py
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/dashboards.py --cache none     # every request computes its figures
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (250, 50_000)
YEAR, QUARTER = 2023, 2


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    reader: str  # "member" or "chef"


def pages(municipality_code: str) -> list[Page]:
    return [
        Page("start", "/", "member"),
        Page("overview", f"/oversikt/{YEAR}/{QUARTER}/", "member"),
        Page("follow-up", f"/uppfoljning/{YEAR}/{QUARTER}/", "member"),
        Page("head's quarter", f"/uppfoljning/{YEAR}/{QUARTER}/redigera/", "chef"),
        Page("indicator", "/indikatorer/coordinated-share/", "member"),
        Page("municipality", f"/kommuner/{municipality_code}/", "member"),
    ]


def median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def readers():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from accounts.roles import CHEF, COMMITTEE_MEMBER

    clients = {}
    for reader, role in (("member", COMMITTEE_MEMBER), ("chef", CHEF)):
        user, _created = User.objects.get_or_create(username=f"bench-{reader}")
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        clients[reader] = client
    return clients


def timed_get(client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    return time.perf_counter() - started, response.status_code


def write_to_the_register() -> None:
    """A correction of one procurement, as the register's form saves it."""
    from procurements.models import Procurement

    procurement = Procurement.objects.order_by("pk").first()
    procurement.title = procurement.title.rstrip("*") + "*"
    procurement.save()


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def count_queries(client, path: str) -> int:
    from django.db import connection

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(path)
    return len(queries)


def measure(page: Page, client, requests: int, colds: int) -> dict | None:
    _first, status = timed_get(client, page.path)
    if status == 404:
        return None
    if status != 200:
        raise SystemExit(f"{page.path} answered {status}")
    queries = count_queries(client, page.path)
    warm = [timed_get(client, page.path)[0] for _ in range(requests)]
    cold = []
    for _ in range(colds):
        write_to_the_register()
        cold.append(timed_get(client, page.path)[0])
    return {
        "warm": median_ms(warm),
        "cold": median_ms(cold),
        "queries": queries,
    }


def run(database_url: str | None, sizes: list[int], requests: int, colds: int, jit: bool) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from indicators.models import Municipality

    quiet = io.StringIO()
    if jit and connection.vendor == "postgresql":
        connection.settings_dict["OPTIONS"].pop("options", None)
        connection.close()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_plan", stdout=quiet)
    clients = readers()
    municipality = Municipality.objects.order_by("order", "code").first().code
    listed = pages(municipality)
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            cache += f", PostgreSQL jit={cursor.fetchone()[0]}"
    print(
        f"database: {connection.vendor}; cache: {cache}; median of {requests} requests "
        f"(cold: of {colds}, each after a write); times in ms"
    )
    results: dict[int, dict[str, dict | None]] = {}
    for size in sizes:
        call_command("seed_demo", year=YEAR, count=size, seed=42, stdout=quiet)
        analyse()
        results[size] = {
            page.label: measure(page, clients[page.reader], requests, colds) for page in listed
        }
    smallest, largest = min(sizes), max(sizes)
    header = f"{'page':<16} {'path':<32}"
    for size in sizes:
        header += f" {size:>7} {'cold':>7} {'queries':>7}"
    header += f" {'ratio':>6}"
    print(header)
    for page in listed:
        line = f"{page.label:<16} {page.path:<32}"
        measured = [results[size][page.label] for size in sizes]
        if any(m is None for m in measured):
            print(f"{line} absent")
            continue
        for m in measured:
            line += f" {m['warm']:7.1f} {m['cold']:7.1f} {m['queries']:7d}"
        ratio = results[largest][page.label]["warm"] / results[smallest][page.label]["warm"]
        print(f"{line} {ratio:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a scratch database; it is emptied first")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=20, help="warm requests per page")
    parser.add_argument("--colds", type=int, default=5, help="cold requests per page")
    parser.add_argument(
        "--cache", choices=["memory", "database", "none"], default="memory", help="CACHE setting"
    )
    parser.add_argument(
        "--jit", action="store_true", help="leave PostgreSQL's JIT on (the app turns it off)"
    )
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="gnu-plan-bench-")
    os.environ.update(
        DATABASE_URL=arguments.database_url or f"sqlite:///{scratch}/bench.sqlite3",
        CACHE=arguments.cache,
        DEBUG="false",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="ERROR",
        SECURE_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="gnu_plan.settings",
    )
    sys.path.insert(0, str(REPO))
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # absent pages answer 404
    try:
        run(
            arguments.database_url,
            sorted(arguments.sizes),
            arguments.requests,
            arguments.colds,
            arguments.jit,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
