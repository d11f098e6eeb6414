"""Import files for the procurement import tests: rows as dicts, written as CSV or XLSX."""

import csv
import io

from openpyxl import Workbook

from procurements.models import Category

HEADERS = [
    "diarienummer",
    "rubrik",
    "kategori",
    "typ",
    "kommuner",
    "miljökrav",
    "förfarande",
    "annonserad",
    "sista_anbudsdag",
    "avslutad",
    "livsmedel",
    "ekologiskt",
    "uhm_miljöledning",
    "antal_frågor",
    "leverantör",
    "organisationsnummer",
    "regional_närvaro",
    "tilldelad",
]

VALID_ORGANISATION_NUMBERS = ("556036-0793", "556012-3456", "212000-1421", "556677-8899")


def good_rows() -> list[dict[str, object]]:
    """Three procurements; the first with two tenders (so four rows)."""
    return [
        {
            "diarienummer": "UhC 2024/1",
            "rubrik": "Mejeriprodukter",
            "kategori": "Livsmedel och måltider",
            "typ": "gemensam",
            "kommuner": "Falun; Borlänge; 2084",
            "miljökrav": "ja",
            "förfarande": "öppet",
            "annonserad": "2024-03-01",
            "sista_anbudsdag": "2024-04-02",
            "avslutad": "2024-05-10",
            "livsmedel": "ja",
            "ekologiskt": "x",
            "uhm_miljöledning": "bas",
            "antal_frågor": "4",
            "leverantör": "Mejeri AB",
            "organisationsnummer": "5560360793",
            "regional_närvaro": "ja",
            "tilldelad": "ja",
        },
        {
            "diarienummer": "UhC 2024/1",
            "leverantör": "Ost & Mjölk HB",
            "organisationsnummer": "556012-3456",
            "regional_närvaro": "nej",
            "tilldelad": "0",
        },
        {
            "diarienummer": "UhC 2024/2",
            "rubrik": "Datorer",
            "kategori": "IT",
            "typ": "kommunspecifik",
            "kommuner": "Säter",
            "förfarande": "förenklat förfarande",
            "annonserad": "2024-02-01",
            "antal_frågor": "0",
        },
        {
            "diarienummer": "UhC 2024/3",
            "rubrik": "Städtjänster",
            "kategori": "IT",
            "kommuner": "alla",
            "annonserad": "2024-05-01",
            "sista_anbudsdag": "2024-06-01",
            "leverantör": "Städ AB",
            "organisationsnummer": "212000-1421",
            "tilldelad": "1",
        },
    ]


def csv_bytes(rows, headers=HEADERS, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) or None for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_bytes(kind: str, rows, headers=HEADERS) -> bytes:
    return csv_bytes(rows, headers) if kind == "csv" else xlsx_bytes(rows, headers)


def create_categories() -> list[Category]:
    return [
        Category.objects.create(name="Livsmedel och måltider", order=1),
        Category.objects.create(name="IT", order=2),
    ]


def four_procurements() -> list[dict[str, object]]:
    """The issue's file: four procurements, one row each (two with a tender)."""
    rows = []
    for number in range(1, 5):
        rows.append(
            {
                "diarienummer": f"UhC 2024/{number}",
                "rubrik": f"Upphandling {number}",
                "kategori": "IT",
                "kommuner": "Falun; Ludvika",
                "annonserad": "2024-03-01",
                "sista_anbudsdag": "2024-04-02",
            }
        )
    rows[0].update(leverantör="Data AB", organisationsnummer="556036-0793", tilldelad="ja")
    rows[2].update(leverantör="IT-Konsult AB", organisationsnummer="556012-3456")
    return rows
