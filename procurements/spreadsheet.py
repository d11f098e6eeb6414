"""A one-sheet XLSX workbook written row by row into a file, in constant memory.

openpyxl makes an object of every cell and serialises it through an XML
library, in its write-only mode too: the register of 50 000 procurements
(about 190 000 rows of 34 columns) takes minutes that way, past the
application server's timeout. Here the sheet's XML is written as text straight
into the zip archive, a few hundred rows at a time: text as inline strings
(never read as a formula), whole numbers as numbers, dates as date cells
shown YYYY-MM-DD, and a bold header row that stays in view. openpyxl and
Excel read it as any workbook.
"""

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Iterable
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

Value = str | int | dt.date | None

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date numbers, for dates from March 1900
MAX_TEXT = 32_767  # characters a cell holds
ROWS_PER_WRITE = 500
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML
_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Cell styles: 0 plain, 1 a date, 2 a header.
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_DATE_STYLE, _HEADER_STYLE = 1, 2


@functools.lru_cache(maxsize=4096)  # most cells are a few words: ja, nej, ingen, gemensam …
def _inline_text(text: str) -> str:
    text = escape(_UNWRITABLE.sub("", text[:MAX_TEXT]), {"\r": "&#13;"})  # kept, not read as \n
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<is><t{space}>{text}</t></is></c>"


def _text_cell(reference: str, text: str, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c r="{reference}"{styled} t="inlineStr">{_inline_text(text)}'


def _row(number: int, row: list[Value], letters: list[str]) -> str:
    """A row of the sheet; an empty cell (None or "") is left out."""
    cells = []
    for letter, value in zip(letters, row, strict=True):
        kind = type(value)
        if kind is str and value:
            cells.append(f'<c r="{letter}{number}" t="inlineStr">{_inline_text(value)}')
        elif kind is int:
            cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif kind is dt.date:
            days = (value - EXCEL_EPOCH).days
            cells.append(f'<c r="{letter}{number}" s="{_DATE_STYLE}"><v>{days}</v></c>')
        elif value is not None and value != "":
            raise TypeError(f"a cell holds text, a whole number or a date, not {value!r}")
    return f'<row r="{number}">{"".join(cells)}</row>'


def _sheet_start(headers: list[str], letters: list[str]) -> str:
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{min(max(len(header) + 2, 12), 40)}" '
        'customWidth="1"/>'
        for index, header in enumerate(headers, start=1)
    )
    header_row = "".join(
        _text_cell(f"{letter}1", header, _HEADER_STYLE)
        for letter, header in zip(letters, headers, strict=True)
    )
    return (
        f'{_HEADER}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols><sheetData>"
        f'<row r="1">{header_row}</row>'
    )


def write_workbook(
    target: IO[bytes], *, sheet_title: str, headers: list[str], rows: Iterable[list[Value]]
) -> None:
    """The headers and rows as the one sheet of a workbook, written to ``target``."""
    letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in _PARTS.items():
            archive.writestr(name, _HEADER + content)
        workbook = (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            f'<sheet name={quoteattr(sheet_title[:31])} sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        )
        archive.writestr("xl/workbook.xml", _HEADER + workbook)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_start(headers, letters).encode())
            written = []
            for number, row in enumerate(rows, start=2):
                written.append(_row(number, row, letters))
                if len(written) == ROWS_PER_WRITE:
                    sheet.write("".join(written).encode())
                    written.clear()
            sheet.write(("".join(written) + "</sheetData></worksheet>").encode())
