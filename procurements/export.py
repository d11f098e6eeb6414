"""The filtered register as CSV or XLSX in the import's own format, written as it is read.

The file has exactly the import's columns (``importing.REGISTER_FORMAT``): one
row per tender with the procurement's columns on every row, a procurement
without tenders as one row with the tender columns empty, and the values in
the words the import reads (``ja``/``nej``, ``gemensam``, ``öppet``,
``Falun; Borlänge``). So an exported file imports back with nothing changed.

The register is read ``CHUNK`` procurements at a time: their own columns as
plain values, then their municipalities and tenders in one query each.
Nothing per row asks for a translation or a model object, and memory holds
one chunk, whatever the size of the register: ``csv_chunks`` streams the CSV
as it is written, and ``workbook_rows`` are written to a file row by row
(``procurements.spreadsheet``).

Characters no spreadsheet cell can hold (control characters other than tab
and line breaks) are left out; a text that a spreadsheet would run as a
formula is written with a leading ``'`` in the CSV, which the import removes.
"""

import codecs
import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import islice

from django.db.models import QuerySet

from procurements.importing import Column, Kind
from procurements.importing.columns import (
    FORMULA_GUARD,
    FORMULA_STARTS,
    PROCUREMENT_COLUMNS,
    TENDER_COLUMNS,
)
from procurements.models import Procurement, Tender

Value = str | int | dt.date | None

CHUNK = 2000
BOOL_WORDS = {True: "ja", False: "nej"}  # what the import reads
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

HEADERS = [column.header for column in (*PROCUREMENT_COLUMNS, *TENDER_COLUMNS)]
_PROCUREMENT_FIELDS = [
    c.field for c in PROCUREMENT_COLUMNS if c.kind not in (Kind.CATEGORY, Kind.MUNICIPALITIES)
]
_TENDER_FIELDS = [c.field for c in TENDER_COLUMNS]


def _text(value: str) -> str:
    return _UNWRITABLE.sub("", value)


def _csv_text(value: str) -> str:
    """Text for a CSV cell: one a spreadsheet would run as a formula is guarded."""
    value = _UNWRITABLE.sub("", value)
    return FORMULA_GUARD + value if value.startswith(FORMULA_STARTS) else value


def _reader(column: Column, *, for_csv: bool) -> Callable[[dict], Value]:
    """How the column's cell is read from a row of values, in the words the import reads.

    For a CSV file dates are written YYYY-MM-DD; for a workbook they stay dates.
    """
    text = _csv_text if for_csv else _text
    if column.kind == Kind.CATEGORY:
        return lambda row: text(row["category__name"])
    if column.kind == Kind.MUNICIPALITIES:
        return lambda row: row["municipalities"]
    name = column.field
    if column.kind == Kind.BOOL:
        return lambda row: BOOL_WORDS[row[name]]
    if column.kind == Kind.CHOICE:
        words = {value: word for word, value in column.choices}
        return lambda row: words.get(row[name], row[name])
    if column.kind in (Kind.TEXT, Kind.ORGANISATION_NUMBER):
        return lambda row: text(row[name])
    if column.kind == Kind.DATE and for_csv:
        return lambda row: row[name] and row[name].isoformat()
    return lambda row: row[name]


def _readers(*, for_csv: bool) -> tuple[list, list]:
    return (
        [_reader(column, for_csv=for_csv) for column in PROCUREMENT_COLUMNS],
        [_reader(column, for_csv=for_csv) for column in TENDER_COLUMNS],
    )


def workbook_rows(procurements: QuerySet[Procurement]) -> Iterator[list[Value]]:
    """The rows of the file for these procurements, in their order, dates as dates."""
    return _rows(procurements, *_readers(for_csv=False))


def csv_chunks(procurements: QuerySet[Procurement], size: int = 64 * 1024) -> Iterator[bytes]:
    """The file for these procurements as semicolon-separated UTF-8 with a byte-order mark
    (what Swedish Excel expects), in pieces of about ``size`` characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    yield codecs.BOM_UTF8
    writer.writerow(HEADERS)
    for row in _rows(procurements, *_readers(for_csv=True)):
        writer.writerow(row)
        if buffer.tell() >= size:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _rows(procurements: QuerySet[Procurement], own_readers, tender_readers) -> Iterator[list]:
    """One row per tender (one for a procurement without), ``CHUNK`` procurements at a time:
    a query for their values, one for their municipalities, one for their tenders."""
    values = (
        procurements.prefetch_related(None)
        .values("pk", "category__name", *_PROCUREMENT_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    no_tender = [None] * len(tender_readers)
    while chunk := list(islice(values, CHUNK)):
        ids = [row["pk"] for row in chunk]
        municipalities = _municipality_names(ids)
        tenders = _tenders(ids)
        for row in chunk:
            row["municipalities"] = "; ".join(municipalities[row["pk"]])
            own = [read(row) for read in own_readers]
            for tender in tenders.get(row["pk"]) or [None]:
                yield own + ([read(tender) for read in tender_readers] if tender else no_tender)


def _municipality_names(ids: list[int]) -> dict[int, list[str]]:
    through = Procurement.municipalities.through
    names = defaultdict(list)
    rows = (
        through.objects.filter(procurement_id__in=ids)
        .order_by("municipality__code")
        .values_list("procurement_id", "municipality__name")
    )
    for procurement_id, name in rows:
        names[procurement_id].append(name)
    return names


def _tenders(ids: list[int]) -> dict[int, list[dict]]:
    tenders = defaultdict(list)
    rows = (
        Tender.objects.filter(procurement_id__in=ids)
        .order_by("supplier_name", "pk")
        .values("procurement_id", *_TENDER_FIELDS)
    )
    for row in rows:
        tenders[row["procurement_id"]].append(row)
    return tenders
