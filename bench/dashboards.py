"""Benchmark: the server time of every dashboard page at 250 and 50 000 procurements.

Not a test: a script that prints, for each page the committee reads, the
median time Django takes to answer it (middleware, view, template; no network)
at each register size, the ratio of the largest size to the smallest, the
cold time (the first request after a write to the register, when the page's
figures are computed again) and the number of queries. Pages not in this
version of the app are listed as absent.

Each size has a scratch database of its own (a temporary SQLite file, or on
the PostgreSQL server of --database-url <name>_<size> next to its database, or
the names given with --databases, one per size; created if missing and emptied
first), and the requests alternate between the sizes, so that a busy machine
slows both alike and the ratio stays fair.

    .venv/bin/python bench/dashboards.py
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/dashboards.py --database-url postgres://postgres@127.0.0.1:5432/postgres \
        --databases bench_small bench_large
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
from collections import defaultdict
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


def pages(municipality_code: str, goal_code: str) -> list[Page]:
    return [
        Page("start", "/", "member"),
        Page("overview", f"/oversikt/{YEAR}/{QUARTER}/", "member"),
        Page("goal", f"/mal/{goal_code}/", "member"),
        Page("follow-up", f"/uppfoljning/{YEAR}/{QUARTER}/", "member"),
        Page("head's quarter", f"/uppfoljning/{YEAR}/{QUARTER}/redigera/", "chef"),
        Page("report", f"/uppfoljning/{YEAR}/{QUARTER}/rapport/", "member"),
        Page("indicator", "/indikatorer/coordinated-share/", "member"),
        Page("municipality", f"/kommuner/{municipality_code}/", "member"),
    ]


def use(database: str) -> None:
    """Point the default connection at one size's database."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = database


def create_database(name: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')


def prepare(size: int, *, flush: bool) -> dict:
    """Migrate, empty, load the plan and ``size`` demo procurements; signed-in readers."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.roles import CHEF, COMMITTEE_MEMBER

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0)
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_plan", stdout=quiet)
    call_command("seed_demo", year=YEAR, count=size, seed=42, stdout=quiet)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    clients = {}
    for reader, role in (("member", COMMITTEE_MEMBER), ("chef", CHEF)):
        user = User.objects.create(username=f"bench-{reader}")
        user.groups.add(Group.objects.get(name=role))
        clients[reader] = Client()
        clients[reader].force_login(user)
    return clients


def timed_get(client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    return (time.perf_counter() - started) * 1000, response.status_code


def count_queries(client, path: str) -> int:
    from django.db import connection

    queries = []

    def counting(execute, sql, *rest):
        queries.append(sql)
        return execute(sql, *rest)

    with connection.execute_wrapper(counting):
        client.get(path)
    return len(queries)


def write_to_the_register() -> None:
    """A correction of one procurement, saved as the register's form saves it."""
    from procurements.models import Procurement

    procurement = Procurement.objects.order_by("pk").first()
    procurement.title = procurement.title.rstrip("*") + "*"
    procurement.save()


def description() -> str:
    from django.conf import settings
    from django.db import connection

    text = f"database: {connection.vendor}; cache: "
    text += settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            text += f"; PostgreSQL jit={cursor.fetchone()[0]}"
    return text


def run(arguments, scratch: str) -> None:
    from django.db import connection

    from indicators.models import Goal, Municipality

    if arguments.jit and connection.vendor == "postgresql":
        connection.settings_dict["OPTIONS"].pop("options", None)
    base = connection.settings_dict["NAME"]
    sizes = sorted(arguments.sizes)
    names = dict(zip(sizes, arguments.databases or [], strict=False))
    databases, clients = {}, {}
    for size in sizes:
        if connection.vendor == "postgresql":
            databases[size] = names.get(size, f"{base}_{size}")
            create_database(databases[size])
        else:
            databases[size] = f"{scratch}/bench_{size}.sqlite3"
        use(databases[size])
        clients[size] = prepare(size, flush=connection.vendor == "postgresql")
    shown = pages(
        Municipality.objects.order_by("order", "code").first().code,
        Goal.objects.order_by("order").first().code,
    )
    print(
        f"{description()}; median of {arguments.requests} requests, cold: of "
        f"{arguments.colds}, each after a write; sizes alternate; times in ms"
    )

    present, queries = [], {}
    for page in shown:
        statuses = set()
        for size in sizes:
            use(databases[size])
            client = clients[size][page.reader]
            statuses.add(timed_get(client, page.path)[1])
            queries[size, page.label] = count_queries(client, page.path)
        if statuses == {200}:
            present.append(page)
        elif statuses != {404}:
            raise SystemExit(f"{page.path} answered {sorted(statuses)}")

    warm, cold = defaultdict(list), defaultdict(list)
    for _round in range(arguments.requests):
        for size in sizes:
            use(databases[size])
            timed_get(clients[size]["member"], "/")  # reconnects; not timed
            for page in present:
                warm[size, page.label].append(timed_get(clients[size][page.reader], page.path)[0])
    for _round in range(arguments.colds):
        for size in sizes:
            use(databases[size])
            for page in present:
                write_to_the_register()
                cold[size, page.label].append(timed_get(clients[size][page.reader], page.path)[0])

    header = f"{'page':<15} {'path':<32}"
    for size in sizes:
        header += f" {size:>7} {'cold':>7} {'queries':>7}"
    print(f"{header} {'ratio':>6}")
    for page in shown:
        line = f"{page.label:<15} {page.path:<32}"
        if page not in present:
            print(f"{line} absent")
            continue
        median = {size: statistics.median(warm[size, page.label]) for size in sizes}
        for size in sizes:
            line += (
                f" {median[size]:7.1f} {statistics.median(cold[size, page.label]):7.1f}"
                f" {queries[size, page.label]:7d}"
            )
        print(f"{line} {median[sizes[-1]] / median[sizes[0]]:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="names the scratch databases; they are emptied")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--databases", nargs="+", help="PostgreSQL: a database per size, smallest size first"
    )
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
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="gnu_plan.settings",
    )
    sys.path.insert(0, str(REPO))
    import logging
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # static files not collected
    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # absent pages answer 404
    try:
        run(arguments, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
