"""Hostile input for the fuzz tests: values, forms as a browser submits them, damaged files.

``HOSTILE`` is the catalogue of values known to break code that trusts its input;
``hostile_values`` spreads it over a form's fields from an offset hypothesis draws
(over as many fields as there are values, each value reaches one) and mixes in
values hypothesis generates. ``browser_form`` reads a page's form as a browser would
submit it unchanged; ``damaged_zip`` breaks one field of a zip archive's headers.
"""

import re
import struct
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Q, Value
from django.db.models.functions import Length, StrIndex
from hypothesis import strategies as st

NUMBERS = [
    "0",
    "-1",
    "-0",
    str(2**15),
    str(2**31),
    str(2**63),
    str(2**64 + 1),
    "-" + "9" * 30,
    "9" * 5000,
    "1e999999",
    "-1e-999999",
    "NaN",
    "sNaN",
    "-sNaN",
    "Infinity",
    "-Infinity",
    "1,5",
    "1 000 000",
    "١٢٣",
    "１２",
    "0x1F",
    "1_000",
]
TEXTS = [
    "",
    " ",
    "\x00",
    "noll\x00tecken",
    "x" * 10_000,
    "😀" * 100,
    "\u202eRTL",
    "\r\n\t",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%(x)s {0}",
    "../../etc/passwd",
    "ä" * 301,
]
DATES = ["0001-01-01", "9999-12-31", "2024-02-30", "10000-01-01", "2024-13-01", "01/02/2024"]
HOSTILE = NUMBERS + TEXTS + DATES
# For a multiple choice of keys, all at once: each is checked as a number before the lookup.
INTEGERS = [value for value in NUMBERS if re.fullmatch(r"-?[0-9]{1,100}", value)]

# Django's documented integer ranges are PostgreSQL's.
POSTGRESQL_RANGES = BaseDatabaseOperations.integer_field_ranges

generated_text = st.one_of(
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=20),  # no lone surrogates
)


class HostileValues(list):
    """Values whose note in a failing example says where they come from, not all 10 000 x's.

    (The failure message itself shows the values posted, each cut short.)
    """

    def __init__(self, values: list, offset: int):
        super().__init__(values)
        self.offset = offset

    def __repr__(self):
        return f"<{len(self)} hostile values from catalogue entry {self.offset}>"


@st.composite
def hostile_values(draw, count: int) -> HostileValues:
    """``count`` hostile values: the catalogue from a drawn offset, a few generated or repeated.

    A list as a value posts the key more than once. Few draws per example: hypothesis
    gives up on an example that makes more than a few thousand choices.
    """
    offset = draw(st.integers(0, len(HOSTILE) - 1))
    values = [HOSTILE[(offset + index) % len(HOSTILE)] for index in range(count)]
    if not count:
        return HostileValues(values, offset)
    position = st.integers(0, count - 1)
    for index, generated in draw(st.lists(st.tuples(position, generated_text), max_size=4)):
        values[index] = generated
    for index, generated in draw(st.lists(st.tuples(position, generated_text), max_size=2)):
        first = values[index]
        values[index] = [*first, generated] if isinstance(first, list) else [first, generated]
    return HostileValues(values, offset)


# --- Forms as a browser submits them ----------------------------------------------------------


@dataclass
class BrowserForm:
    """A form's fields by kind, and what a browser submits for it unchanged."""

    action: str
    data: dict = field(default_factory=dict)
    visible: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    multiple: set[str] = field(default_factory=set)  # checkbox groups and multiple selects

    @property
    def fields(self) -> list[str]:
        return self.visible + self.hidden

    @property
    def hidden_initial(self) -> list[str]:
        """Django's hidden copies of loaded values (``show_hidden_initial``)."""
        return [name for name in self.hidden if name.startswith("initial-")]

    @property
    def other_hidden(self) -> list[str]:
        return [name for name in self.hidden if not name.startswith("initial-")]


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[BrowserForm] = []
        self._form: BrowserForm | None = None
        self._select: tuple[str, bool] | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, hidden: bool, value=None):
        names = self._form.hidden if hidden else self._form.visible
        if name not in names:
            names.append(name)
        if value is not None:
            existing = self._form.data.get(name)
            if isinstance(existing, list):
                existing.append(value)
            elif existing is not None and not hidden:
                self._form.data[name] = [existing, value]
            else:
                self._form.data[name] = value

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = BrowserForm(action=attrs.get("action") or "")
            self.forms.append(self._form)
        name = attrs.get("name")
        if self._form is None or (not name and tag != "option"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if name == "csrfmiddlewaretoken" or kind in ("submit", "button", "image"):
                return
            if kind in ("checkbox", "radio"):
                if kind == "checkbox" and name in self._form.visible:
                    self._form.multiple.add(name)
                self._add(name, False, attrs.get("value", "on") if "checked" in attrs else None)
            else:
                self._add(name, kind == "hidden", attrs.get("value") or "")
        elif tag == "select":
            self._select = (name, "multiple" in attrs)
            if "multiple" in attrs:
                self._form.multiple.add(name)
            self._first_option = None
            self._add(name, False)
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._add(self._select[0], False, value)
        elif tag == "textarea":
            self._textarea = name
            self._add(name, False, "")

    def handle_data(self, data):
        if self._textarea:
            self._form.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            text = self._form.data[self._textarea]
            self._form.data[self._textarea] = text.removeprefix("\n")  # as browsers read it
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and name not in self._form.data and self._first_option is not None:
                self._form.data[name] = self._first_option
            self._select = None


def browser_form(html: str, action: str = "") -> BrowserForm:
    """The page's POST form with this action ("" for the page itself)."""
    reader = _FormReader()
    reader.feed(html)
    found = [form for form in reader.forms if form.action == action]
    assert found, f"no form posting to {action!r} on the page"
    return found[0]


# --- What the database holds ------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    """Rows of every table (history included): any save shows here.

    Sessions and the lock-out's records of failed logins (django-axes) excepted:
    a refused login is counted there, as it should be.
    """
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model is not Session and model._meta.app_label != "axes"
        }
    )
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def stored_values_postgresql_refuses(tables: set[str]) -> list[str]:
    """Those of the tables holding what PostgreSQL cannot store: NUL, too long text, too large numbers.

    Only SQLite can hold such values, so only SQLite is asked. (A change in place
    shows in its history table, whose row count changes.)
    """
    if connection.vendor != "sqlite":
        return []
    found = []
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        condition, measures = Q(), {}
        for column in model._meta.concrete_fields:
            name = column.attname
            if isinstance(column, models.CharField | models.TextField):
                # SQLite's LIKE and length() stop at a NUL; instr() does not.
                measures[f"{name}_nul"] = StrIndex(name, Value("\x00"))
                condition |= Q(**{f"{name}_nul__gt": 0})
                if column.max_length:
                    measures[f"{name}_length"] = Length(name)
                    condition |= Q(**{f"{name}_length__gt": column.max_length})
            elif isinstance(column, models.IntegerField) and not column.primary_key:
                low, high = POSTGRESQL_RANGES[column.get_internal_type()]
                condition |= Q(**{f"{name}__lt": low}) | Q(**{f"{name}__gt": high})
        if condition and model._default_manager.annotate(**measures).filter(condition).exists():
            found.append(model._meta.db_table)
    return found


# --- Damaged zip archives ---------------------------------------------------------------------

# (signature, offset of the field in the header, struct format) of fields a reader trusts.
ZIP_FIELDS = {
    "version needed (directory)": (b"PK\x01\x02", 6, "<H"),
    "flags (directory)": (b"PK\x01\x02", 8, "<H"),
    "compression (directory)": (b"PK\x01\x02", 10, "<H"),
    "compressed size (directory)": (b"PK\x01\x02", 20, "<I"),
    "size (directory)": (b"PK\x01\x02", 24, "<I"),
    "name length (directory)": (b"PK\x01\x02", 28, "<H"),
    "header offset (directory)": (b"PK\x01\x02", 42, "<I"),
    "compression (local)": (b"PK\x03\x04", 8, "<H"),
    "name length (local)": (b"PK\x03\x04", 26, "<H"),
    "entries (end)": (b"PK\x05\x06", 10, "<H"),
    "directory offset (end)": (b"PK\x05\x06", 16, "<I"),
}


def damaged_zip(data: bytes, field_name: str, value: int) -> bytes:
    """The archive with one header field set to ``value`` in every header that has it."""
    signature, offset, layout = ZIP_FIELDS[field_name]
    damaged = bytearray(data)
    value %= 256 ** struct.calcsize(layout)
    start = damaged.find(signature)
    while start >= 0:
        struct.pack_into(layout, damaged, start + offset, value)
        start = damaged.find(signature, start + 4)
    return bytes(damaged)
