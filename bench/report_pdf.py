"""Benchmark: the committee report's PDF of a full year (2023 Q4) on the demo data.

Not a test: a script that prints the median time of
- the cold render: no chart cached, so one kaleido session exports every chart;
- the warm render: every chart cached, the PDF made anew;
- WeasyPrint alone, on the same HTML;
- serving the cached PDF through the view (which checks the report's data first),
  and serving a stored file as an archived PDF will be served;
and how many browsers each render started. Runs on a temporary SQLite file and
cache folder, with the demo history of ``make run``.

    .venv/bin/python bench/report_pdf.py
"""

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
YEAR, QUARTER = 2023, 4


def timed(function, repeats: int) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def run() -> None:
    import kaleido
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from reports import chart_export, report_pdf

    quiet = io.StringIO()
    for command, options in [
        ("migrate", {"verbosity": 0}),
        ("load_plan", {}),
        ("create_demo_users", {}),
        ("seed_demo", {"history": True, "count": 250, "seed": 42}),
    ]:
        call_command(command, stdout=quiet, **options)

    sessions = []
    original = kaleido.Kaleido

    class Counted(original):
        def __init__(self, *args, **kwargs):
            sessions.append(1)
            super().__init__(*args, **kwargs)

    kaleido.Kaleido = Counted

    def clear(folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    def cold():
        clear(chart_export.cache_dir())
        clear(report_pdf.pdf_cache_dir())
        return report_pdf.cached_report_pdf(year=YEAR, quarter=QUARTER)

    def warm():
        clear(report_pdf.pdf_cache_dir())
        return report_pdf.cached_report_pdf(year=YEAR, quarter=QUARTER)

    print(f"The report of {YEAR} Q{QUARTER} on the demo data (250 procurements a year)")
    cold_time, served = timed(cold, 1)
    pages = served.content.count(b"/Type /Page\n") or served.content.count(b"/Type /Page")
    cold_sessions = len(sessions)
    warm_time, _ = timed(warm, 2)
    warm_sessions = len(sessions) - cold_sessions

    with translation.override("sv"):
        report = report_pdf.report_data(YEAR, QUARTER)
        html = report_pdf.report_html(report, printed=report_pdf.printed_charts(report))
    weasy_time, _ = timed(lambda: report_pdf.html_to_pdf(html, variant="archive"), 2)

    client = Client()
    client.force_login(User.objects.get(username="ledamot"))
    url = reverse("reports:report_pdf", args=[YEAR, QUARTER])
    client.get(url)
    cached_time, response = timed(lambda: client.get(url), 15)
    assert response.status_code == 200
    stored = next(report_pdf.pdf_cache_dir().glob("*.pdf"))
    stored_time, _ = timed(
        lambda: HttpResponse(stored.read_bytes(), content_type="application/pdf"), 15
    )

    print(
        f"  PDF: {len(served.content) / 1024:.0f} KiB, {pages} pages, {len(report.charts)} charts"
    )
    print(
        f"  cold render (no chart cached):   {cold_time:6.2f} s = {cold_time / weasy_time:.2f} × WeasyPrint alone; browsers started: {cold_sessions}"
    )
    print(
        f"  warm render (charts cached):     {warm_time:6.2f} s = {warm_time / weasy_time:.2f} × WeasyPrint alone; browsers started: {warm_sessions}"
    )
    print(f"  WeasyPrint alone, same HTML:     {weasy_time:6.2f} s")
    print(
        f"  cached draft through the view:   {cached_time * 1000:6.1f} ms (the report's data is computed to find it)"
    )
    print(
        f"  a stored PDF file served:        {stored_time * 1000:6.1f} ms (as an archived copy will be)"
    )


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="gnu-plan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["REPORT_CACHE_DIR"] = f"{scratch}/report-cache"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gnu_plan.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    try:
        run()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
