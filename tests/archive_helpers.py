"""A quick stand-in for the archived report, for tests about something else."""

import contextlib
import hashlib

import pytest


@contextlib.contextmanager
def quick_archived_reports():
    """Adoption archives the report as PDF/A: seconds of WeasyPrint (and Chromium) each time.

    Tests about something else than the archived file get a small stand-in, the same bytes
    for the same period and meeting, so that adopting stays quick. Tests of the archived
    file itself are marked ``archived_pdf`` and get the real rendering.
    """

    def stand_in(period, *, meeting, with_charts):
        described = f"{period.year}-{period.quarter} {meeting} {with_charts}".encode()
        return b"%PDF-1.7\n% stand-in report " + hashlib.sha256(described).digest() + b"\n%%EOF\n"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reports.archive.render_adopted_pdf", stand_in)
        yield
