"""Benchmark: the register's CSV and XLSX export at 5 000 and 50 000 procurements.

Not a test: a script that seeds the demo register (``seed_demo --count N
--seed 42``) and exports all of it through the export view, as a download
reads it, and prints for each size and format the time, the size of the file,
and the peak of Python's heap while exporting (tracemalloc, in a second run:
tracing slows the code down). Runs on a scratch database: a temporary SQLite
file, or the database given with --database-url, which is emptied first.

    .venv/bin/python bench/export.py
    .venv/bin/python bench/export.py --database-url postgres://postgres@127.0.0.1:5432/bench
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (5_000, 50_000)
FORMATS = ("csv", "xlsx")


def export_once(user, file_format: str) -> int:
    """Export the whole register as the view sends it; the number of bytes sent."""
    from django.test import RequestFactory

    from procurements.views import procurement_export

    request = RequestFactory().get(f"/upphandlingar/export/{file_format}/")
    request.user = user
    response = procurement_export(request, file_format)
    sent = sum(len(piece) for piece in response.streaming_content)
    response.close()
    return sent


def measure(user, file_format: str) -> tuple[float, int, int]:
    """Seconds and bytes of one export, and the heap's peak in bytes in another."""
    started = time.perf_counter()
    sent = export_once(user, file_format)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    export_once(user, file_format)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, sent, peak


def run(database_url: str | None, sizes: tuple[int, ...]) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from accounts.roles import COMMITTEE_MEMBER
    from procurements.models import Procurement, Tender

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_plan", stdout=quiet)
    user = User.objects.create_user("bench-export")
    user.groups.add(Group.objects.get(name=COMMITTEE_MEMBER))
    user = User.objects.get(pk=user.pk)
    print(f"database: {connection.vendor}")
    for size in sizes:
        call_command("seed_demo", year=2023, count=size, seed=42, stdout=quiet)
        rows = Tender.objects.count() + Procurement.objects.filter(tenders__isnull=True).count()
        for file_format in FORMATS:
            seconds, sent, peak = measure(user, file_format)
            print(
                f"{size:>6} procurements ({rows} rows), {file_format:4}: {seconds:6.1f} s, "
                f"{sent / 1e6:6.1f} MB sent, peak heap {peak / 1e6:6.1f} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a scratch database; it is emptied first")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="gnu-plan-bench-")
    os.environ["DATABASE_URL"] = arguments.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnu_plan.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    try:
        run(arguments.database_url, tuple(arguments.sizes))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
