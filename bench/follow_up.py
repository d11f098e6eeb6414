"""Benchmark: computing a full follow-up period at 250 and 50 000 procurements.

Not a test: a script that prints the median time of ``period_follow_up``
(every indicator's value, status and trends and the goals' statuses for one
quarter) and of the register computation alone, computed every time (the
cache is off; ``bench/dashboards.py`` times the pages as served). Runs on a
scratch database: a temporary SQLite file, or the database given with
--database-url, which is emptied first.

    .venv/bin/python bench/follow_up.py
    .venv/bin/python bench/follow_up.py --database-url postgres://postgres@127.0.0.1:5432/bench
"""

import argparse
import datetime
import functools
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (250, 50_000)
REPEATS = 15


def median_ms(function) -> float:
    function()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def run(database_url: str | None) -> None:
    from django.core.management import call_command
    from django.db import connection

    from reports.computation import Window, compute_figures
    from reports.follow_up import period_follow_up

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_plan", stdout=quiet)
    print(f"database: {connection.vendor}; median of {REPEATS} runs")
    window = Window(datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
    for size in SIZES:
        call_command("seed_demo", year=2023, count=size, seed=42, stdout=quiet)
        register = median_ms(functools.partial(compute_figures, [window]))
        full = median_ms(functools.partial(period_follow_up, 2023, 2))
        print(
            f"{size:>6} procurements: full period {full:7.1f} ms; "
            f"register computation {register:7.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="a scratch database; it is emptied first")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="gnu-plan-bench-")
    os.environ["DATABASE_URL"] = arguments.database_url or f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["CACHE"] = "none"  # the computation itself, not the cache (bench/dashboards.py)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnu_plan.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    try:
        run(arguments.database_url)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
