"""Benchmark: computing a full follow-up period at 250 and 50 000 procurements.

Prints the median time of ``period_follow_up`` (every indicator's value,
status, trend and the goals' statuses for one quarter) and of the register
computation alone. Runs on a scratch database: a temporary SQLite file, or the
PostgreSQL database named by BENCH_DATABASE_URL (it is emptied first).

    .venv/bin/python bench/follow_up.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/follow_up.py
"""

import datetime
import functools
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="gnu-plan-bench-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{SCRATCH}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnu_plan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from reports.computation import Window, compute_figures  # noqa: E402
from reports.follow_up import period_follow_up  # noqa: E402

SIZES = [250, 50_000]
REPEATS = 15


def median_ms(function) -> float:
    function()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    if "BENCH_DATABASE_URL" in os.environ:
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


if __name__ == "__main__":
    main()
