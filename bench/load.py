"""Benchmark: concurrent readers against gunicorn on PostgreSQL with a large register.

Not a test: a script that loads the plan and the demo register (50 000
procurements by default) into the PostgreSQL database given with
--database-url (emptied first, unless it already holds exactly that register
and --keep is given), starts gunicorn with the project's ``gunicorn.conf.py``
on a loopback port, and drives each page in turn with 10 and then 50
concurrent readers for a bounded time. Each reader is a thread that signs in
as a committee member and asks for the page again as soon as it has the
answer (or, with --pause, that many seconds later, as a person reading would),
over a new connection each time (gunicorn's sync workers close it).
Before the runs of a page it is asked for a few times, so the times are those
of a page read again under an unchanged register.

It prints, per page and number of readers, the requests per second, the
median, 95th and 99th percentile of the response time, the errors (anything
but 200, and failed connections), and the workers' resident memory before and
after the run.

    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/load.py --database-url ... --keep --seconds 30 --readers 10 50 100
    .venv/bin/python bench/load.py --database-url ... --keep --pause 1
"""

import argparse
import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
YEAR, QUARTER = 2023, 2
PAGES = {
    "dashboard": "/",
    "follow-up": f"/uppfoljning/{YEAR}/{QUARTER}/",
    "report": f"/uppfoljning/{YEAR}/{QUARTER}/rapport/",
}
HOST = "127.0.0.1"


def prepare(size: int, *, keep: bool) -> None:
    """The plan and ``size`` demo procurements of YEAR, unless kept from an earlier run."""
    from django.core.management import call_command
    from django.db import connection

    from procurements.models import Procurement

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("createcachetable", verbosity=0)
    if keep and Procurement.objects.count() == size:
        return
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_plan", stdout=quiet)
    call_command("seed_demo", year=YEAR, count=size, seed=42, stdout=quiet)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def session_cookie() -> str:
    """A committee member's signed-in session, as the Cookie header sends it."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from accounts.roles import COMMITTEE_MEMBER

    user, _created = User.objects.get_or_create(username="bench-reader")
    user.groups.add(Group.objects.get(name=COMMITTEE_MEMBER))
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port: int, path: str, cookie: str) -> int:
    """One request on a new connection; its status (0 when the connection failed)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def wait_until_serving(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see its log above")
        if get(port, "/healthz", "") == 200:
            return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within a minute")


def worker_memory_mb(server: subprocess.Popen) -> float:
    """The resident memory of gunicorn's workers (the master's children), in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    total_kb = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


@dataclass
class Run:
    seconds: float
    times: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return len(self.times) / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.times, n=100, method="inclusive")[p - 1] * 1000


def drive(port: int, path: str, cookie: str, *, readers: int, seconds: float, pause: float) -> Run:
    """``readers`` threads asking for ``path`` one request at a time for ``seconds``,
    each waiting ``pause`` seconds after each answer."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds
    ends: list[float] = []

    def read() -> None:
        while (began := time.perf_counter()) < deadline:
            status = get(port, path, cookie)
            ended = time.perf_counter()
            with lock:
                times.append(ended - began)
                ends.append(ended)
                if status != 200:
                    errors[0] += 1
            time.sleep(pause)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(max(ends) - start, times, errors[0])


def run(arguments, environment: dict) -> None:
    from django.db import connection

    prepare(arguments.size, keep=arguments.keep)
    cookie = session_cookie()
    connection.close()
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    command += ["--access-logfile", "/dev/null"]
    if arguments.workers:
        command += ["--workers", str(arguments.workers)]
    with tempfile.NamedTemporaryFile(prefix="gnu-plan-load-", suffix=".log", delete=False) as log:
        server = subprocess.Popen(
            command,
            cwd=REPO,
            env=environment | {"GUNICORN_BIND": f"{HOST}:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(port, server)
            measure(arguments, server, port, cookie, cache=environment["CACHE"])
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"gunicorn's log: {log.name}")


def measure(arguments, server: subprocess.Popen, port: int, cookie: str, *, cache: str) -> None:
    workers = len(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split())
    print(
        f"gunicorn, {workers} sync workers, PostgreSQL, {arguments.size} procurements, "
        f"cache {cache}; {arguments.seconds:g} s per run; readers pause {arguments.pause:g} s;"
        " times in ms"
    )
    print(
        f"{'page':<10} {'path':<30} {'readers':>7} {'req/s':>7} {'p50':>7} {'p95':>7}"
        f" {'p99':>7} {'errors':>6} {'RSS MB':>13}"
    )
    for label, path in PAGES.items():
        for _warming in range(workers * 2):
            get(port, path, cookie)
        for readers in arguments.readers:
            before = worker_memory_mb(server)
            result = drive(
                port,
                path,
                cookie,
                readers=readers,
                seconds=arguments.seconds,
                pause=arguments.pause,
            )
            after = worker_memory_mb(server)
            print(
                f"{label:<10} {path:<30} {readers:>7} {result.per_second:7.1f}"
                f" {result.percentile(50):7.0f} {result.percentile(95):7.0f}"
                f" {result.percentile(99):7.0f} {result.errors:>6}"
                f" {before:6.0f}→{after:<6.0f}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", required=True, help="a PostgreSQL database; it is emptied"
    )
    parser.add_argument("--size", type=int, default=50_000, help="procurements in the register")
    parser.add_argument("--readers", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=float, default=15, help="length of each run")
    parser.add_argument(
        "--pause", type=float, default=0, help="seconds a reader waits after each answer"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (gunicorn.conf.py's else)")
    parser.add_argument(
        "--cache",
        choices=["memory", "database", "none"],
        default="memory",
        help="CACHE setting (default: the app's)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep a database that already holds the register"
    )
    arguments = parser.parse_args()
    if not arguments.database_url.startswith("postgres"):
        raise SystemExit("--database-url must name a PostgreSQL database")
    environment = os.environ | {
        "DATABASE_URL": arguments.database_url,
        "CACHE": arguments.cache,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "gnu_plan.settings",
    }
    os.environ.update(environment)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    run(arguments, environment)


if __name__ == "__main__":
    main()
