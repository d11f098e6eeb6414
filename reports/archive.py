"""The archive of adopted reports: each adoption's PDF, rendered once and kept unchanged.

An adoption renders the report as PDF/A-3a with the committee's meeting data
on its cover and writes it under ``ARCHIVE_ROOT`` as a new file, named by the
period, the version and the start of its SHA-256 checksum. A file is created
exclusively (written to a temporary file, synced, then linked into place,
which fails if the name exists), so an archived file is never written over;
it is never rendered again either: ``rapport.pdf`` of an adopted period and
every version's download read the stored file.

``archive_adoption`` runs inside the adoption's transaction: when the render,
the file or the row fails, the file is removed and the error undoes the
adoption, so there is either an adoption with its archived file or neither.
"""

import datetime
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone, translation

from reports.models import ArchivedReport, Period
from reports.report_data import Adoption, CommitteeReport, report_data
from reports.report_pdf import PrintedChart, html_to_pdf, printed_charts, report_html

PARAGRAPH_PATTERN = re.compile(r"^(?:§\s*)?(\d{1,4})(?:\s*§)?$")


@dataclass(frozen=True)
class Meeting:
    """The committee meeting that adopted a period, as its minutes cite it."""

    date: datetime.date
    minute_paragraph: str
    registry_number: str


def normalize_paragraph(text: str) -> str | None:
    """A minute paragraph as "§ 12", from "12", "§12", "§ 12" or "12 §"; None if it is not one."""
    match = PARAGRAPH_PATTERN.match(text.strip())
    if match is None or int(match.group(1)) == 0:
        return None
    return f"§ {int(match.group(1))}"


def archive_root() -> Path:
    return Path(settings.ARCHIVE_ROOT)


def archived_file(archived: ArchivedReport) -> Path:
    return archive_root() / archived.path


def download_name(archived: ArchivedReport) -> str:
    period = archived.period
    return f"uppfoljning-{period.year}-kv{period.quarter}-version-{archived.version}.pdf"


def archive_adoption(
    period: Period, *, meeting: Meeting, adopted_by, with_charts: bool = True
) -> ArchivedReport:
    """Render the adopted period's report once and archive it as the period's next version.

    Call it inside the adoption's transaction, after the period is adopted.
    ``with_charts`` False prints every chart as its table (the demo's quick path).
    """
    version = (period.archived_reports.aggregate(last=Max("version"))["last"] or 0) + 1
    content = render_adopted_pdf(period, meeting=meeting, with_charts=with_charts)
    sha256 = hashlib.sha256(content).hexdigest()
    relative = (
        f"{period.year}/kv{period.quarter}/"
        f"uppfoljning-{period.year}-kv{period.quarter}-version-{version}-{sha256[:12]}.pdf"
    )
    path = archive_root() / relative
    try:
        write_once(path, content)
    except FileExistsError:
        # Left by an adoption whose transaction was undone after the file was written
        # (or by a database restored to before it): the same bytes may stand, others never.
        if path.read_bytes() != content:
            raise
    try:
        return ArchivedReport.objects.create(
            period=period,
            version=version,
            path=relative,
            sha256=sha256,
            size=len(content),
            meeting_date=meeting.date,
            minute_paragraph=meeting.minute_paragraph,
            registry_number=meeting.registry_number,
            adopted_by=adopted_by,
            adopted_at=period.adopted_at or timezone.now(),
            is_demo=period.is_demo,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def render_adopted_pdf(period: Period, *, meeting: Meeting, with_charts: bool) -> bytes:
    """The adopted period's report as PDF/A-3a, its cover citing the meeting."""
    with translation.override("sv"):
        report = report_data(period.year, period.quarter)
        if report is None:
            raise ValueError(f"No plan covers {period}: there is no report to archive.")
        report = _with_meeting(report, meeting)
        printed = printed_charts(report) if with_charts else _tables_only(report)
        return html_to_pdf(report_html(report, printed=printed), variant="archive")


def _with_meeting(report: CommitteeReport, meeting: Meeting) -> CommitteeReport:
    adoption = Adoption(meeting.date, meeting.minute_paragraph, meeting.registry_number)
    return replace(report, cover=replace(report.cover, adoption=adoption))


def _tables_only(report: CommitteeReport) -> dict[str, PrintedChart]:
    return {chart.code: PrintedChart("") for chart in report.charts}


def write_once(path: Path, content: bytes) -> None:
    """Create the file with ``content``, whole and synced, or fail if it exists already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(partial, "xb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.link(partial, path)  # fails with FileExistsError rather than replace a file
    finally:
        partial.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def delete_demo_archives() -> int:
    """Remove the demo's archived reports (and those of demo periods), files and rows."""
    demo = list(ArchivedReport.objects.filter(Q(is_demo=True) | Q(period__is_demo=True)))
    for archived in demo:
        archived_file(archived).unlink(missing_ok=True)
    ArchivedReport.objects.filter(pk__in=[a.pk for a in demo]).delete()
    return len(demo)


class Check(Enum):
    OK = "OK"
    MISMATCH = "AVVIKER"
    MISSING = "SAKNAS"


@dataclass(frozen=True)
class FileCheck:
    archived: ArchivedReport
    result: Check


def check_archive() -> Iterator[FileCheck]:
    """Every archived file checked against its stored SHA-256, period by period."""
    for archived in ArchivedReport.objects.select_related("period").order_by(
        "period__year", "period__quarter", "version"
    ):
        yield FileCheck(archived, _check(archived))


def orphan_files() -> list[Path]:
    """Files under ``ARCHIVE_ROOT`` that no archived report names, relative to it, sorted.

    Left by an adoption undone after its file was written (a crash between the
    write and the commit, or an outer transaction rolled back), by a write
    interrupted before its temporary file was linked, or by a database restored
    to before an adoption. They harm nothing: every archived report names its
    own file and the checksum holds it; a later adoption of the same bytes
    reuses its file. But a person should look at them before removing them.
    """
    root = archive_root()
    if not root.is_dir():
        return []
    named = set(ArchivedReport.objects.values_list("path", flat=True))
    return sorted(
        relative
        for relative in (path.relative_to(root) for path in root.rglob("*") if path.is_file())
        if relative.as_posix() not in named
    )


def _check(archived: ArchivedReport) -> Check:
    digest = hashlib.sha256()
    try:
        with open(archived_file(archived), "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return Check.MISSING
    return Check.OK if digest.hexdigest() == archived.sha256 else Check.MISMATCH
