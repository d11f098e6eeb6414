"""Benchmark: the committee report's PDF of a full year (2023 Q4) on the demo data.

Not a test: a script that prints the median time of
- the cold render: no chart cached, so one kaleido session exports every chart;
- the warm render: every chart cached, the PDF made anew;
- WeasyPrint alone, on the same HTML;
- serving the cached draft through the view (one query for the data version and
  the file; the report is not computed), and serving the archived PDF of an
  adopted quarter through the view;
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
DRAFT = (2024, 2)  # the demo history's open quarter


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
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from pypdf import PdfReader

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
    pages = len(PdfReader(io.BytesIO(served.content)).pages)
    cold_sessions = len(sessions)
    warm_time, _ = timed(warm, 2)
    warm_sessions = len(sessions) - cold_sessions

    with translation.override("sv"):
        report = report_pdf.report_data(YEAR, QUARTER)
        html = report_pdf.report_html(report, printed=report_pdf.printed_charts(report))
    weasy_time, _ = timed(lambda: report_pdf.html_to_pdf(html, variant="archive"), 2)

    client = Client()
    client.force_login(User.objects.get(username="ledamot"))
    draft = reverse("reports:report_pdf", args=DRAFT)
    assert client.get(draft).status_code == 200  # rendered once, then cached
    draft_time, response = timed(lambda: client.get(draft), 15)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    archived = reverse("reports:report_pdf", args=[YEAR, QUARTER])
    archived_time, content = timed(lambda: b"".join(client.get(archived).streaming_content), 15)
    assert content.startswith(b"%PDF")

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
        f"  cached draft through the view:   {draft_time * 1000:6.1f} ms"
        f" ({DRAFT[0]} Q{DRAFT[1]}; the report is not computed)"
    )
    print(
        f"  archived PDF through the view:   {archived_time * 1000:6.1f} ms"
        f" ({YEAR} Q{QUARTER}, as adopted)"
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
