"""Time ``manage.py seed_demo --count 50000`` on a scratch database.

Not a test: a script that prints how long the demo generator takes.

    .venv/bin/python bench/seed_demo.py                       # a temporary SQLite file
    .venv/bin/python bench/seed_demo.py --database-url postgres://postgres@127.0.0.1:5432/bench

It migrates the database, loads the plan, then times ``seed_demo`` twice: the
first run inserts, the second replaces the same demo rows (deletes, then
inserts). Use a scratch database: it is migrated and gets demo rows (which
``seed_demo --clear`` removes). A temporary SQLite file is deleted afterwards.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url", help="A scratch database (default: a temporary SQLite file)."
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the demo rows instead of clearing them."
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gnu-plan-bench-") as scratch:
        url = args.database_url or f"sqlite:///{scratch}/bench.sqlite3"
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "gnu_plan.settings"
        sys.path.insert(0, str(REPO))
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        quiet = io.StringIO()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_plan", stdout=quiet)

        from procurements.models import Procurement, ReviewAppeal, Tender

        print(f"database: {connection.vendor} ({url.split('@')[-1]})")
        for label in ("insert", "replace"):
            started = time.perf_counter()
            call_command(
                "seed_demo",
                year=args.year,
                count=args.count,
                seed=args.seed,
                stdout=quiet,
            )
            seconds = time.perf_counter() - started
            procurements = Procurement.objects.demo().count()
            rows = (
                procurements
                + Tender.objects.filter(procurement__is_demo=True).count()
                + ReviewAppeal.objects.filter(procurement__is_demo=True).count()
                + Procurement.municipalities.through.objects.filter(
                    procurement__is_demo=True
                ).count()
            )
            print(
                f"seed_demo --count {args.count} ({label}): {seconds:.1f} s, "
                f"{procurements / seconds:,.0f} procurements/s, "
                f"{rows:,} rows ({rows / seconds:,.0f} rows/s)"
            )
        if not args.keep:
            call_command("seed_demo", clear=True, stdout=quiet)
        connection.close()


if __name__ == "__main__":
    main()
