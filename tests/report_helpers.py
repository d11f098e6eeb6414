"""Shared by the committee report's tests: a seeded history, and reading a PDF."""

import contextlib
import io
import re

from django.contrib.auth.models import User
from django.core.management import call_command
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from demo.register import CATEGORIES
from demo.users import DEMO_USERS, create_demo_users
from procurements.models import Category
from tests.archive_helpers import quick_archived_reports

HISTORY_COUNT = 60  # procurements a year: enough for every computed indicator, and quick


@contextlib.contextmanager
def demo_history(django_db_blocker):
    """Six quarters of demo history (2023 adopted, 2024 Q1–Q2 open), removed afterwards."""
    with django_db_blocker.unblock(), quick_archived_reports():
        create_demo_users()
        call_command("seed_demo", history=True, count=HISTORY_COUNT, seed=7, stdout=io.StringIO())
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("seed_demo", clear=True, stdout=io.StringIO())
            User.objects.filter(username__in=[u.username for u in DEMO_USERS]).delete()
            Category.objects.filter(name__in=[c.name for c in CATEGORIES]).delete()


def normalised(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def seen_text(html: str) -> str:
    """A page's text as read, without tags and with white space as single spaces."""
    return normalised(re.sub(r"<[^>]+>", " ", html))


def pdf_pages(pdf: bytes) -> list[str]:
    return [normalised(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def pdf_fonts(pdf: bytes) -> dict[str, bool]:
    """Every font the pages use, by name, and whether its file is embedded."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = resolved(page.get("/Resources")) or {}
        for font in (resolved(resources.get("/Font")) or {}).values():
            font = resolved(font)
            descendants = font.get("/DescendantFonts")
            descriptor_owner = resolved(descendants[0]) if descendants else font
            descriptor = resolved(descriptor_owner.get("/FontDescriptor")) or {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def structure_elements(pdf: bytes) -> list[dict]:
    """Every element of the PDF's structure tree (tagged PDF), depth first."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node):
        node = resolved(node)
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            walk(kids)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found
